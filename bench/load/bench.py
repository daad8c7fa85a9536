#!/usr/bin/env python3
"""Helpers for bench/load/run.sh (standard library only).

  freeport                      print a free TCP port on 127.0.0.1
  sign --out FILE [--count N]   write N Slack-signed /practice requests (fresh timestamp) as a
                                Lua table that slash.lua cycles through
  launch --port P --probe healthz|signed --pidfile F --log L [--idle S] -- CMD...
                                start CMD (environment inherited), poll until it first answers
                                200, wait S seconds idle, read VmRSS; prints key=value lines
  probe --port P                send one signed request, print status and body
  rss --pid PID                 print VmRSS in kB
  cputime --pid PID             print the process's user+system CPU seconds (all threads)
  logstats --log FILE           best effort: server-side handling time and statuses from
                                starcoach's access log lines (route=/slack/... status=N ms=X)

The signing secret comes from $BENCH_SECRET (never from the command line).
"""

import argparse
import hashlib
import hmac
import os
import socket
import subprocess
import sys
import time
import urllib.parse

PATH = "/slack/events"

# About 300 words, a STAR answer about a data pipeline incident.
ANSWER = (
    "Situation: Last spring I was the on-call data engineer for the nightly billing pipeline "
    "that loads about forty million usage events from Kafka into our warehouse and feeds the "
    "invoices we send to twelve thousand customers. On the second day of the month the "
    "finance team noticed that revenue in the dashboard had dropped by eighteen percent "
    "overnight, two days before invoices were due to go out. "
    "Task: I owned the incident. My goal was to find the root cause, stop wrong numbers from "
    "reaching customers, repair the data within forty eight hours and make sure the same "
    "failure could not silently happen again. "
    "Action: First I froze the invoice job and posted a short status update in the incident "
    "channel every hour so finance and support knew what to expect. I compared row counts per "
    "partition between Kafka offsets and the warehouse and found that one upstream service "
    "had changed a timestamp field from seconds to milliseconds in a release, so our "
    "deduplication step treated late events as duplicates and dropped them. I wrote a backfill "
    "that replayed the affected six hours from Kafka with the corrected parser, validated it "
    "against the raw topic by sampling ten thousand events, and asked a teammate to review the "
    "query before we swapped the partitions. Then I added a schema contract test in the "
    "producer repository, a row count reconciliation check that pages us when the difference "
    "exceeds half a percent, and a runbook for replays. "
    "Result: We restored every missing event in thirty one hours, invoices went out on time "
    "and no customer was billed incorrectly. The reconciliation check has since caught two "
    "more upstream changes before they reached the warehouse, and our mean time to detect "
    "data loss dropped from days to under fifteen minutes. I learned to treat data contracts "
    "like API contracts and to measure completeness, not only freshness, and I now lead a "
    "monthly review of our data quality alerts with the producer teams."
)


def secret():
    s = os.environ.get("BENCH_SECRET")
    if not s:
        sys.exit("bench.py: BENCH_SECRET is not set")
    return s.encode()


def form_body(i):
    fields = [
        ("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
        ("team_id", "T0BENCH01"),
        ("team_domain", "bench"),
        ("channel_id", "C0BENCH01"),
        ("channel_name", "interview-practice"),
        ("user_id", "U0BENCH%04d" % (i % 10000)),
        ("user_name", "bench%d" % i),
        ("command", "/practice"),
        ("text", "score " + ANSWER),
        ("api_app_id", "A0BENCH01"),
        ("is_enterprise_install", "false"),
        ("response_url", "http://127.0.0.1:9/commands/T0BENCH01/%d/x" % i),
        ("trigger_id", "%d.%d.%s" % (1000000 + i, 4242, hashlib.md5(str(i).encode()).hexdigest())),
    ]
    return urllib.parse.urlencode(fields)  # quote_plus: spaces as '+', like Slack


def sign(body, ts):
    base = ("v0:%s:%s" % (ts, body)).encode()
    return "v0=" + hmac.new(secret(), base, hashlib.sha256).hexdigest()


def signed_request(port, i=0):
    body = form_body(i)
    ts = str(int(time.time()))
    head = (
        "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: Slackbot 1.0 (+https://api.slack.com/robots)\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n"
        "X-Slack-Request-Timestamp: %s\r\nX-Slack-Signature: %s\r\nConnection: close\r\n\r\n"
        % (PATH, port, len(body), ts, sign(body, ts))
    )
    return (head + body).encode()


def healthz_request(port):
    return ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % port).encode()


def http_once(port, payload, timeout=2.0):
    """One request over a fresh connection; returns (status, body) or raises OSError."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
            data = b"".join(chunks)
            head, sep, rest = data.partition(b"\r\n\r\n")
            if sep:
                # stop as soon as a Content-Length body is complete (keep-alive servers)
                for line in head.split(b"\r\n")[1:]:
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length" and len(rest) >= int(v.strip()):
                        return parse(data)
    return parse(b"".join(chunks))


def parse(data):
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split()
    if len(parts) < 2 or not parts[1].isdigit():
        raise OSError("bad response: %r" % status_line)
    if b"transfer-encoding: chunked" in head.lower():
        body = dechunk(body)
    return int(parts[1]), body.decode("utf-8", "replace")


def dechunk(body):
    out = []
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0], 16)
        except ValueError:
            break
        if size == 0:
            break
        out.append(rest[:size])
        body = rest[size + 2:]
    return b"".join(out)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def cmd_freeport(_):
    for _ in range(50):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        # double-check nobody answers there
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            continue
        except OSError:
            print(port)
            return
    sys.exit("bench.py: no free port found")


def cmd_sign(a):
    ts = str(int(time.time()))
    out = ["-- generated by bench.py sign at %s; %d requests signed with timestamp %s" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), a.count, ts), "return {"]
    for i in range(a.count):
        body = form_body(i)
        assert "]" not in body and "\n" not in body
        out.append('{"%s","%s",[==[%s]==]},' % (ts, sign(body, ts), body))
    out.append("}")
    with open(a.out, "w") as f:
        f.write("\n".join(out) + "\n")
    print("signed %d requests (body %d bytes, %d words of answer) -> %s" % (a.count, len(form_body(0)), len(ANSWER.split()), a.out))


def cmd_launch(a):
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        sys.exit("bench.py launch: no command")
    payload = healthz_request(a.port) if a.probe == "healthz" else None
    log = open(a.log, "ab")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    with open(a.pidfile, "w") as f:
        f.write(str(proc.pid))
    deadline = t0 + a.timeout
    attempts = 0
    last_err = ""
    while True:
        if proc.poll() is not None:
            sys.exit("bench.py launch: %s exited with status %s before answering (see %s)" % (cmd[0], proc.returncode, a.log))
        if time.monotonic() > deadline:
            sys.exit("bench.py launch: %s did not answer 200 within %.0f s (last: %s; see %s)" % (cmd[0], a.timeout, last_err, a.log))
        attempts += 1
        try:
            status, body = http_once(a.port, payload or signed_request(a.port), timeout=1.0)
            if status == 200:
                t1 = time.monotonic()
                break
            last_err = "HTTP %d %s" % (status, body[:80])
        except OSError as e:
            last_err = str(e)
        time.sleep(0.0005)
    first_ms = (t1 - t0) * 1000.0
    time.sleep(a.idle)
    if proc.poll() is not None:
        sys.exit("bench.py launch: %s exited while idle (see %s)" % (cmd[0], a.log))
    print("pid=%d" % proc.pid)
    print("first_answer_ms=%.1f" % first_ms)
    print("poll_attempts=%d" % attempts)
    print("idle_rss_kb=%d" % rss_kb(proc.pid))
    # the child keeps running after we exit; run.sh stops it via the pid file


def cmd_probe(a):
    status, body = http_once(a.port, signed_request(a.port, 424242), timeout=5.0)
    print("status=%d" % status)
    print("body=%s" % body.replace("\n", "\\n")[: a.max])


def cmd_cputime(a):
    with open("/proc/%d/stat" % a.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is state (field 3); utime/stime are fields 14/15
    ticks = int(fields[11]) + int(fields[12])
    print("%.3f" % (ticks / os.sysconf("SC_CLK_TCK")))


def cmd_rss(a):
    print(rss_kb(a.pid))


def cmd_logstats(a):
    import re
    pat = re.compile(r"route=(/slack/\S*) status=(\d+) ms=([0-9.]+)")
    ms, statuses = [], {}
    with open(a.log, errors="replace") as f:
        for line in f:
            m = pat.search(line)
            if m:
                statuses[m.group(2)] = statuses.get(m.group(2), 0) + 1
                ms.append(float(m.group(3)))
    if not ms:
        return
    ms.sort()
    pct = lambda q: ms[min(len(ms) - 1, int(q / 100.0 * len(ms)))]
    print("server_requests=%d" % len(ms))
    print("server_p50_ms=%.3f" % pct(50))
    print("server_p99_ms=%.3f" % pct(99))
    print("server_max_ms=%.3f" % ms[-1])
    print("server_statuses=%s" % ",".join("%s:%d" % kv for kv in sorted(statuses.items())))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd_name", required=True)
    sub.add_parser("freeport").set_defaults(fn=cmd_freeport)
    s = sub.add_parser("sign")
    s.add_argument("--out", required=True)
    s.add_argument("--count", type=int, default=1000)
    s.set_defaults(fn=cmd_sign)
    l = sub.add_parser("launch")
    l.add_argument("--port", type=int, required=True)
    l.add_argument("--probe", choices=["healthz", "signed"], required=True)
    l.add_argument("--pidfile", required=True)
    l.add_argument("--log", required=True)
    l.add_argument("--idle", type=float, default=2.0)
    l.add_argument("--timeout", type=float, default=20.0)
    l.add_argument("cmd", nargs=argparse.REMAINDER)
    l.set_defaults(fn=cmd_launch)
    r = sub.add_parser("probe")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--max", type=int, default=400)
    r.set_defaults(fn=cmd_probe)
    m = sub.add_parser("rss")
    m.add_argument("--pid", type=int, required=True)
    m.set_defaults(fn=cmd_rss)
    c = sub.add_parser("cputime")
    c.add_argument("--pid", type=int, required=True)
    c.set_defaults(fn=cmd_cputime)
    g = sub.add_parser("logstats")
    g.add_argument("--log", required=True)
    g.set_defaults(fn=cmd_logstats)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
