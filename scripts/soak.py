#!/usr/bin/env python3
"""Soak test: the real `starcoach serve` under steady mixed Slack traffic for a long time.

    python3 scripts/soak.py --binary build/starcoach --minutes 30 --rps 200

Starts its own fake Slack Web API in-process (127.0.0.1; answers chat.postMessage,
chat.postEphemeral, chat.update, chat.delete, users.info, auth.test and response_url posts
like Slack, and 5% of Web API calls with 429 + Retry-After: 1 or HTTP 500), starts
`starcoach serve` on a temporary database, posts the daily question with
`starcoach post-daily --force`, then sends signed traffic at --rps over keep-alive
connections from --threads threads:

  slash commands (score, stats, leaderboard, help), threaded answers (unique ts and event
  id), duplicate deliveries (same event id with X-Slack-Retry-Num; same message under a new
  event id), edits (message_changed with new text), reactions added and removed.

Every 10 s it samples the server's RSS (VmRSS), the outbox/inbox depth (/metrics) and the
request latencies; every minute it prints p50/p99 of that minute. At the end it waits for
the outbox to drain (starcoach_queue_depth 0), then checks that no reply was lost or doubled:

  * every acknowledged answer got exactly one thread reply and one ephemeral (counted per
    user: the reply names the user, the ephemeral is addressed to them),
  * every acknowledged edit got exactly one chat.update (of a ts the fake gave a thread
    reply) and one "Re-scored" ephemeral, and duplicate deliveries got nothing,
  * every author's "Reactions received" in /practice stats equals the peer reactions the
    soak left standing,

and prints a summary (requests, errors, p50/p99 overall and per 5-minute window, RSS after
the warm-up minute vs at the end: growth over 10% fails) and PASS or FAIL. Exit status 0
PASS, 1 FAIL, 2 bad usage or a setup failure. Python 3 standard library only.
"""
import argparse
import collections
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse

# The shared helpers live in scripts/lib; find them from this file's location so the script
# works from any working directory (and when sys.path[0] is not the script's directory).
_SCRIPTS_DIR = os.path.dirname(os.path.realpath(__file__))
if _SCRIPTS_DIR not in sys.path:
    sys.path.insert(0, _SCRIPTS_DIR)

from lib.fake_slack import FakeSlack  # noqa: E402
from lib.signing import signature_headers  # noqa: E402
from lib.starcoach_process import StarcoachProcess  # noqa: E402


SECRET = "soak-signing-secret-5c1d2e"
TOKEN = "xoxb-soak-token-0001"
TEAM = "T0SOAK"
CHANNEL = "CSOAK1"
BOT_USER = "UBOTSOAK"
ADMIN = "USOAKADMIN"
EMOJIS = ["+1", "tada", "fire", "eyes", "100"]
WINDOW_MINUTES = 5


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, flush=True)


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


# --------------------------------------------------------------------------- fake Slack
class CountingSlack(FakeSlack):
    """The shared fake Slack (5% faults by default), counting what it delivered per user and
    per message instead of keeping every call: a long soak makes hundreds of thousands."""

    def __init__(self, fault_rate, seed):
        super().__init__(token=TOKEN, team=TEAM, bot_user=BOT_USER, bot_id="BSOAK", workspace="Soak",
                         fault_rate=fault_rate, seed=seed)
        self.daily_posts = []                     # ts of top-level posts
        self.replies = collections.Counter()      # user -> thread replies naming them
        self.reply_ts = set()                     # ts given to thread replies
        self.eph_answer = collections.Counter()   # user -> ephemerals without the edit note
        self.eph_edit = collections.Counter()     # user -> "Re-scored after your edit." ephemerals
        self.updates = collections.Counter()      # ts -> chat.update calls
        self.updates_unknown_ts = 0
        self.reply_other = 0                      # thread replies naming nobody we know

    def record(self, method, args, reply, arrived):  # under self.lock
        if method == "chat.postMessage":
            if args.get("thread_ts"):
                m = re.match(r"<@([A-Z0-9]+)>", args.get("text", ""))
                if m:
                    self.replies[m.group(1)] += 1
                else:
                    self.reply_other += 1
                self.reply_ts.add(reply["ts"])
            else:
                self.daily_posts.append(reply["ts"])
        elif method == "chat.postEphemeral":
            user = args.get("user", "")
            if "Re-scored after your edit." in json.dumps(args):
                self.eph_edit[user] += 1
            else:
                self.eph_answer[user] += 1
        elif method == "chat.update":
            if args.get("ts", "") in self.reply_ts:
                self.updates[args.get("ts", "")] += 1
            else:
                self.updates_unknown_ts += 1


# --------------------------------------------------------------------------- traffic
ANSWER_TEMPLATE = (
    "Situation: in {month} I was the on-call data engineer when our nightly {system} pipeline "
    "failed at {hour} a.m., hours before {team} reviewed the {report} dashboard. A vendor feed "
    "had started sending {field} as strings and the Spark load of about {rows} million rows "
    "crashed. Task: I owned the pipeline, so my job was to get correct numbers out before the "
    "morning review, keep {team} informed, and make sure the same break could not recur "
    "silently. Action: first I checked the failed partition and confirmed the type change with "
    "the vendor. I posted a status note in the {team} channel saying the dashboard would be "
    "about an hour late and that yesterday's figures were still correct. Then I patched the "
    "loader to cast the field explicitly, reran one partition as a sample, and compared totals "
    "against the source system before running the full backfill. Once the totals matched, I "
    "published the dashboard and told {team} it was ready. Afterwards I added a schema contract "
    "test to the ingestion job that fails fast and pages us within {minutes} minutes, wrote a "
    "runbook entry, and agreed a change notice with the vendor. Result: the dashboard was only "
    "{late} minutes late, nobody made a decision on wrong data, and the contract test has since "
    "caught {caught} more breaking changes before production. Time to recover dropped from about "
    "three hours to under {recover} minutes. (variant {variant})")


def make_answer(rng, variant):
    return ANSWER_TEMPLATE.format(
        month=rng.choice(["March", "June", "October", "the spring", "the autumn"]),
        system=rng.choice(["billing", "orders", "inventory", "marketing", "payments"]),
        hour=rng.randint(1, 5), team=rng.choice(["finance", "sales ops", "the CFO's team"]),
        report=rng.choice(["revenue", "churn", "margin"]), field=rng.choice(["amounts", "dates", "ids"]),
        rows=rng.randint(5, 90), minutes=rng.randint(2, 15), late=rng.randint(20, 70),
        caught=rng.randint(1, 6), recover=rng.randint(15, 45), variant=variant)


def envelope(event, event_id):
    return {"token": "verif", "team_id": TEAM, "api_app_id": "ASOAK", "event": event,
            "type": "event_callback", "event_id": event_id, "event_time": int(time.time())}


class State:
    """What the soak sent and what the server acknowledged (the expected outcome)."""

    def __init__(self, users):
        self.lock = threading.Lock()
        self.users = users
        self.seq = 0
        self.answers = []                          # acknowledged: dicts ts, user, text, event
        self.answer_by_ts = {}
        self.busy_answers = set()                  # ts being edited right now
        self.expect_replies = collections.Counter()  # user -> acknowledged unique answers
        self.expect_edits = collections.Counter()    # user -> acknowledged edits (text changed)
        self.reactions = set()                     # (answer ts, reactor, emoji) standing
        self.busy_reactions = set()
        self.sent = collections.Counter()          # kind -> requests answered 200
        self.errors = collections.Counter()        # kind/status -> count
        self.error_samples = []
        self.reconnects = 0
        self.lat = []                              # (t, ms, kind)
        self.lag_resets = 0

    def next_seq(self):
        with self.lock:
            self.seq += 1
            return self.seq


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, port, state):
        self.port = port
        self.state = state
        self.conn = None
        self.used = 0

    def _connect(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        self.used = 0

    def post(self, kind, path, body, ctype, extra=None):
        """Returns (status, body) or (None, error). Latency is recorded for answered requests."""
        for attempt in range(2):
            if self.conn is None:
                self._connect()
            headers = {"Content-Type": ctype}
            headers.update(signature_headers(SECRET, body))
            if extra:
                headers.update(extra)
            t0 = time.monotonic()
            try:
                self.conn.request("POST", path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A keep-alive connection the server closed between requests: reconnect once.
                reused = self.used > 0
                self._connect()
                if reused and attempt == 0:
                    with self.state.lock:
                        self.state.reconnects += 1
                    continue
                return None, "%s: %s" % (type(e).__name__, e)
            except (OSError, http.client.HTTPException) as e:
                self._connect()
                return None, "%s: %s" % (type(e).__name__, e)
            ms = (time.monotonic() - t0) * 1000.0
            self.used += 1
            if resp.will_close:
                self.conn.close()
                self.conn = None
            with self.state.lock:
                self.state.lat.append((time.time(), ms, kind))
            return resp.status, data
        return None, "reconnect failed"


class Traffic:
    MIX = [("slash_score", 14), ("slash_stats", 10), ("slash_leaderboard", 10), ("slash_help", 6),
           ("answer", 20), ("retry", 8), ("same_message", 4), ("edit", 6),
           ("reaction_add", 15), ("reaction_remove", 7)]

    def __init__(self, port, state, slack, thread_ts, seed):
        self.port = port
        self.state = state
        self.slack = slack
        self.thread_ts = thread_ts
        self.seed = seed
        self.kinds = [k for k, w in self.MIX for _ in range(w)]
        # People's messages get ts values well before the fake's (which start at now): an
        # answer whose ts equals the daily post's ts would be the post itself, not a reply.
        self.ts_base = int(time.time()) - 1000000

    # ---- one request of each kind
    def _record_error(self, kind, what):
        with self.state.lock:
            self.state.errors[kind + ": " + what.split(":")[0]] += 1
            if len(self.state.error_samples) < 20:
                self.state.error_samples.append("%s %s" % (kind, what[:200]))

    def _ok(self, kind, status, data):
        if status == 200:
            with self.state.lock:
                self.state.sent[kind] += 1
            return True
        self._record_error(kind, "HTTP %s" % status if status else str(data))
        return False

    def slash(self, client, rng, kind, text, user):
        body = urllib.parse.urlencode({
            "token": "verif", "team_id": TEAM, "team_domain": "soak", "channel_id": CHANNEL,
            "channel_name": "practice", "user_id": user, "user_name": user.lower(),
            "command": "/practice", "text": text, "api_app_id": "ASOAK",
            "is_enterprise_install": "false",
            "response_url": self.slack.response_url("%s/%d/x" % (TEAM, rng.randint(1, 1 << 30))),
            "trigger_id": "1.2.3"}).encode()
        status, data = client.post(kind, "/slack/commands", body, "application/x-www-form-urlencoded")
        return status, data

    def event(self, client, kind, event, event_id, retry_num=0):
        """Delivers like Slack: a failed delivery is retried (with X-Slack-Retry-Num) until
        acknowledged, so every event the soak sends is acknowledged exactly once or counted."""
        body = json.dumps(envelope(event, event_id)).encode()
        for attempt in range(4):
            n = retry_num + attempt
            extra = {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"} if n else None
            status, data = client.post(kind, "/slack/events", body, "application/json", extra)
            if status == 200:
                with self.state.lock:
                    self.state.sent[kind] += 1
                return True
            self._record_error(kind, "HTTP %s" % status if status else str(data))
            time.sleep(0.2)
        return False

    def do(self, client, rng, kind):
        st = self.state
        if kind.startswith("slash_"):
            user = rng.choice(st.users)
            text = {"slash_score": lambda: "score " + make_answer(rng, rng.randint(0, 999)),
                    "slash_stats": lambda: "stats",
                    "slash_leaderboard": lambda: "leaderboard " + rng.choice(["week", "month", "all"]),
                    "slash_help": lambda: "help"}[kind]()
            status, data = self.slash(client, rng, kind, text, user)
            if self._ok(kind, status, data) and b"response_type" not in data and b"text" not in data:
                self._record_error(kind, "200 without a message: %r" % data[:100])
            return
        if kind == "answer":
            n = st.next_seq()
            ts = "%d.%06d" % (self.ts_base + n // 1000000, n % 1000000)
            user = rng.choice(st.users)
            text = make_answer(rng, n)
            ev = {"type": "message", "user": user, "text": text, "ts": ts, "thread_ts": self.thread_ts,
                  "channel": CHANNEL, "channel_type": "channel", "event_ts": ts,
                  "client_msg_id": "msg-%d" % n}
            event_id = "EvSoakA%08d" % n
            if self.event(client, kind, ev, event_id):
                with st.lock:
                    a = {"ts": ts, "user": user, "text": text, "event": ev, "event_id": event_id}
                    st.answers.append(a)
                    st.answer_by_ts[ts] = a
                    st.expect_replies[user] += 1
            return
        with st.lock:
            a = rng.choice(st.answers) if st.answers else None
        if a is None:
            return self.do(client, rng, "answer")
        if kind == "retry":  # Slack redelivers the same event id
            self.event(client, kind, a["event"], a["event_id"], retry_num=rng.randint(1, 3))
        elif kind == "same_message":  # the same message under another event id
            self.event(client, kind, a["event"], "EvSoakD%08d" % st.next_seq())
        elif kind == "edit":
            with st.lock:
                if a["ts"] in st.busy_answers:
                    return
                st.busy_answers.add(a["ts"])
                old = a["text"]
            new = make_answer(rng, st.next_seq())
            ev = {"type": "message", "subtype": "message_changed", "hidden": True, "channel": CHANNEL,
                  "message": {"type": "message", "user": a["user"], "text": new, "ts": a["ts"],
                              "thread_ts": self.thread_ts, "edited": {"user": a["user"], "ts": str(time.time())}},
                  "previous_message": {"type": "message", "user": a["user"], "text": old, "ts": a["ts"],
                                       "thread_ts": self.thread_ts},
                  "event_ts": "%.6f" % time.time(), "ts": "%.6f" % time.time(), "channel_type": "channel"}
            ok = self.event(client, kind, ev, "EvSoakE%08d" % st.next_seq())
            with st.lock:
                if ok:
                    a["text"] = new
                    st.expect_edits[a["user"]] += 1
                st.busy_answers.discard(a["ts"])
        elif kind in ("reaction_add", "reaction_remove"):
            with st.lock:
                if kind == "reaction_remove" and st.reactions:
                    key = rng.choice(sorted(st.reactions)) if len(st.reactions) < 64 else \
                        next(iter(st.reactions))
                else:
                    kind = "reaction_add"
                    reactor = rng.choice(st.users + [BOT_USER] + [a["user"]] * 3)
                    key = (a["ts"], reactor, rng.choice(EMOJIS))
                if key in st.busy_reactions or (kind == "reaction_add" and key in st.reactions):
                    return
                st.busy_reactions.add(key)
                author = st.answer_by_ts[key[0]]["user"]
            ev = {"type": "reaction_added" if kind == "reaction_add" else "reaction_removed",
                  "user": key[1], "reaction": key[2], "item_user": author,
                  "item": {"type": "message", "channel": CHANNEL, "ts": key[0]},
                  "event_ts": "%.6f" % time.time()}
            ok = self.event(client, kind, ev, "EvSoakR%08d" % st.next_seq())
            with st.lock:
                if ok:
                    if kind == "reaction_add":
                        st.reactions.add(key)
                    else:
                        st.reactions.discard(key)
                st.busy_reactions.discard(key)

    def worker(self, idx, rate, stop):
        rng = random.Random(self.seed * 1000 + idx)
        client = Client(self.port, self.state)
        interval = 1.0 / rate
        next_t = time.monotonic()
        while not stop.is_set():
            now = time.monotonic()
            if next_t > now:
                time.sleep(next_t - now)
            elif now - next_t > 1.0:  # fell behind by more than a second: do not burst
                next_t = now
                with self.state.lock:
                    self.state.lag_resets += 1
            next_t += interval
            try:
                self.do(client, rng, rng.choice(self.kinds))
            except Exception as e:  # a bug in the soak itself must not hide as a hang
                self._record_error("soak", "%s: %s" % (type(e).__name__, e))


# --------------------------------------------------------------------------- server
def rss_kb(pid, field="VmRSS"):
    """VmRSS (or RssAnon: heap and stacks only, no mapped code) in kB; -1 when unreadable."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def db_summary(path):
    """Outbox and inbox rows by state, read from the stopped server's database."""
    try:
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        try:
            names = {0: "pending", 1: "done", 2: "given up"}
            out = []
            for table in ("inbox", "outbox"):
                rows = db.execute("SELECT state, COUNT(*) FROM %s GROUP BY state ORDER BY state" % table)
                out.append("%s: " % table + ", ".join("%s %d" % (names.get(st, st), n) for st, n in rows))
            failed = db.execute("SELECT method, last_error, COUNT(*) FROM outbox WHERE state = 2 "
                                "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5").fetchall()
            out += ["given up: %s %s x%d" % r for r in failed]
            return out
        finally:
            db.close()
    except sqlite3.Error as e:
        return ["database not readable: %s" % e]


def find_binary(arg):
    if arg:
        return os.path.abspath(arg)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for d in sorted(os.listdir(root)):
        cand = os.path.join(root, d, "starcoach")
        if d.startswith("build") and os.access(cand, os.X_OK) and os.path.isfile(cand):
            return cand
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0, help="load duration (default 30)")
    ap.add_argument("--rps", type=float, default=200.0, help="target requests per second (default 200)")
    ap.add_argument("--binary", default="", help="the starcoach binary (default: ./build*/starcoach)")
    ap.add_argument("--threads", type=int, default=4, help="client threads, one keep-alive connection each")
    ap.add_argument("--fault-rate", type=float, default=0.05, help="share of Web API calls answered 429/500")
    ap.add_argument("--warmup-minutes", type=float, default=1.0, help="RSS baseline is taken after this")
    ap.add_argument("--max-rss-growth", type=float, default=0.10, help="allowed RSS growth after warm-up")
    ap.add_argument("--drain-timeout", type=float, default=600.0, help="seconds to wait for the outbox")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (database, server log)")
    ap.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                    help="extra environment for starcoach (repeatable), e.g. MALLOC_ARENA_MAX=2")
    args = ap.parse_args()

    binary = find_binary(args.binary)
    if not binary or not os.access(binary, os.X_OK):
        print("soak: no starcoach binary: pass --binary PATH (built with cmake --build)", file=sys.stderr)
        return 2
    if args.minutes <= 0 or args.rps <= 0 or args.threads < 1:
        print("soak: --minutes, --rps and --threads must be positive", file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="starcoach-soak-")
    slack = CountingSlack(args.fault_rate, args.seed)
    extra_env = {"STARCOACH_ADMINS": ADMIN}
    for item in args.server_env:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print("soak: --server-env wants NAME=VALUE, got %r" % item, file=sys.stderr)
            return 2
        extra_env[name] = value
    server = StarcoachProcess(binary, work, SECRET, TOKEN, slack.api_url, CHANNEL,
                              extra_env=extra_env, log_name="serve.log")
    port = server.port
    log("soak: binary %s, work dir %s, %.1f min at %.0f rps, %d threads, %.0f%% Slack faults"
        % (binary, work, args.minutes, args.rps, args.threads, args.fault_rate * 100))

    post = server.cli(["post-daily", "--force"], timeout=120)
    if post.returncode != 0 or not slack.daily_posts:
        print("soak: post-daily failed (%d): %s %s" % (post.returncode, post.stdout, post.stderr), file=sys.stderr)
        return 2
    thread_ts = slack.daily_posts[-1]
    log("daily question posted: " + post.stdout.strip())

    if not server.start(within=15):
        server.terminate(grace=30)
        print("soak: serve did not become healthy; see " + server.log_path, file=sys.stderr)
        return 2
    proc = server.proc

    users = ["USOAK%03d" % i for i in range(300)]
    state = State(users)
    traffic = Traffic(port, state, slack, thread_ts, args.seed)
    stop = threading.Event()
    interrupted = threading.Event()

    def on_sigint(signum, frame):
        interrupted.set()
        stop.set()

    signal.signal(signal.SIGINT, on_sigint)
    signal.signal(signal.SIGTERM, on_sigint)

    started = time.time()
    workers = [threading.Thread(target=traffic.worker, args=(i, args.rps / args.threads, stop), daemon=True)
               for i in range(args.threads)]
    for w in workers:
        w.start()

    samples = []  # (elapsed s, rss kB, queue depth, requests so far, errors so far)
    minute_reported = 0
    end_at = started + args.minutes * 60
    server_died = False
    while not stop.is_set():
        stop.wait(min(10.0, max(0.0, end_at - time.time())))
        now = time.time()
        with state.lock:
            nreq = len(state.lat)
            nerr = sum(state.errors.values())
        samples.append((now - started, rss_kb(proc.pid), server.queue_depth(), nreq, nerr,
                        rss_kb(proc.pid, "RssAnon")))
        if proc.poll() is not None:
            server_died = True
            stop.set()
        while now - started >= (minute_reported + 1) * 60:
            lo, hi = started + minute_reported * 60, started + (minute_reported + 1) * 60
            with state.lock:
                lats = [ms for t, ms, _ in state.lat if lo <= t < hi]
                errs = sum(state.errors.values())
            minute_reported += 1
            log("minute %d: %d requests (%.0f/s), p50 %.2f ms, p99 %.2f ms, errors so far %d, RSS %d kB, queue %s"
                % (minute_reported, len(lats), len(lats) / 60.0, percentile(lats, 50), percentile(lats, 99),
                   errs, samples[-1][1], samples[-1][2]))
        if now >= end_at:
            stop.set()
    for w in workers:
        w.join(timeout=30)
    load_end = time.time()
    rss_end_load = rss_kb(proc.pid)
    anon_end_load = rss_kb(proc.pid, "RssAnon")

    # ---- drain
    drained = False
    drain_started = time.monotonic()
    last_counts = None
    while not server_died and time.monotonic() - drain_started < args.drain_timeout and not interrupted.is_set():
        depth = server.queue_depth()
        with slack.lock:
            counts = dict(slack.counts)
        if depth == 0 and counts == last_counts:
            drained = True
            break
        last_counts = counts
        time.sleep(1.0)
    drain_seconds = time.monotonic() - drain_started
    rss_after_drain = rss_kb(proc.pid)

    # ---- reactions as the server reports them (per author, via /practice stats)
    expected_reactions = collections.Counter()
    with state.lock:
        for ts, reactor, _ in state.reactions:
            author = state.answer_by_ts[ts]["user"]
            if reactor != author and reactor != BOT_USER:
                expected_reactions[author] += 1
        authors = sorted(set(a["user"] for a in state.answers))
    reaction_mismatch = []
    if drained:
        client = Client(port, state)
        rng = random.Random(7)
        for u in authors:
            status, data = traffic.slash(client, rng, "final_stats", "stats", u)
            m = re.search(rb"Reactions received: (\d+)", data or b"") if status == 200 else None
            got = int(m.group(1)) if m else -1
            if got != expected_reactions[u]:
                reaction_mismatch.append("%s: stats say %d, expected %d" % (u, got, expected_reactions[u]))

    final_depth = server.queue_depth()
    server.terminate(grace=30)  # SIGTERM; SIGKILL after 30 s
    exit_code = proc.returncode
    outbox_states = db_summary(server.env["STARCOACH_DB"])
    slack.close()

    # ---- verdict
    problems = []
    with slack.lock, state.lock:
        lost, doubled = [], []
        for u in sorted(set(state.expect_replies) | set(slack.replies) | set(slack.eph_answer)):
            exp = state.expect_replies[u]
            for what, got in (("thread replies", slack.replies[u]), ("ephemerals", slack.eph_answer[u])):
                if got < exp:
                    lost.append("%s: %d %s for %d answers" % (u, got, what, exp))
                elif got > exp:
                    doubled.append("%s: %d %s for %d answers" % (u, got, what, exp))
        for u in sorted(set(state.expect_edits) | set(slack.eph_edit)):
            exp, got = state.expect_edits[u], slack.eph_edit[u]
            if got != exp:
                (lost if got < exp else doubled).append("%s: %d edit ephemerals for %d edits" % (u, got, exp))
        total_edits = sum(state.expect_edits.values())
        total_updates = sum(slack.updates.values())
        if total_updates != total_edits:
            (lost if total_updates < total_edits else doubled).append(
                "%d chat.update calls for %d acknowledged edits" % (total_updates, total_edits))
        if slack.updates_unknown_ts:
            problems.append("%d chat.update calls of a ts that is no thread reply" % slack.updates_unknown_ts)
        if slack.reply_other:
            problems.append("%d thread replies naming no user" % slack.reply_other)
        if slack.bad_auth:
            problems.append("%d Web API calls without the bot token" % slack.bad_auth)
        extra_posts = len(slack.daily_posts) - 1
        load_lat = [(t, ms, k) for t, ms, k in state.lat if k != "final_stats"]  # not the checks
        lat_all = [ms for _, ms, _ in load_lat]
        errors = sum(state.errors.values())
        sent = dict(state.sent)
        nreq = len(load_lat)
        windows = []
        total_minutes = (load_end - started) / 60.0
        w = 0
        while w * WINDOW_MINUTES < total_minutes:
            lo, hi = started + w * WINDOW_MINUTES * 60, started + (w + 1) * WINDOW_MINUTES * 60
            ls = [ms for t, ms, _ in load_lat if lo <= t < hi]
            windows.append((w * WINDOW_MINUTES, min((w + 1) * WINDOW_MINUTES, total_minutes), len(ls),
                            percentile(ls, 50), percentile(ls, 99)))
            w += 1
        by_kind = collections.defaultdict(list)
        for _, ms, k in load_lat:
            by_kind[k].append(ms)

    if server_died:
        problems.append("the server exited during the soak (status %s)" % exit_code)
    elif exit_code != 0:
        problems.append("serve exited with status %s on SIGTERM" % exit_code)
    if interrupted.is_set():
        problems.append("interrupted")
    if not drained:
        problems.append("the outbox did not drain within %.0f s (queue depth %s)" % (args.drain_timeout, final_depth))
    if errors:
        problems.append("%d request errors" % errors)
    if lost:
        problems.append("%d lost replies" % len(lost))
    if doubled:
        problems.append("%d doubled replies" % len(doubled))
    if reaction_mismatch:
        problems.append("%d authors with wrong reaction counts" % len(reaction_mismatch))

    warm = [s for s in samples if s[0] >= args.warmup_minutes * 60 and s[1] > 0]
    rss_warm = warm[0][1] if warm else -1
    rss_end = rss_end_load
    growth = (rss_end - rss_warm) / rss_warm if rss_warm > 0 and rss_end > 0 else float("nan")
    if rss_warm <= 0:
        problems.append("no RSS sample after the warm-up (run longer than --warmup-minutes)")
    elif growth > args.max_rss_growth:
        problems.append("RSS grew %.1f%% after warm-up (limit %.0f%%)" % (growth * 100, args.max_rss_growth * 100))

    duration = load_end - started
    print()
    print("=" * 72)
    print("starcoach soak summary")
    print("=" * 72)
    print("load:          %.1f min, target %.0f rps, achieved %.1f rps over %d threads (pacing resets %d)"
          % (duration / 60, args.rps, nreq / duration if duration else 0, args.threads, state.lag_resets))
    print("requests:      %d answered, %d errors, %d keep-alive reconnects" % (nreq, errors, state.reconnects))
    print("acknowledged:  " + ", ".join("%s %d" % (k, sent.get(k, 0)) for k, _ in Traffic.MIX))
    print("latency:       p50 %.2f ms, p99 %.2f ms, max %.2f ms (overall)"
          % (percentile(lat_all, 50), percentile(lat_all, 99), max(lat_all) if lat_all else float("nan")))
    for k in sorted(by_kind):
        print("   %-18s n=%-7d p50 %6.2f ms  p99 %7.2f ms" % (k, len(by_kind[k]), percentile(by_kind[k], 50),
                                                              percentile(by_kind[k], 99)))
    print("per %d min:" % WINDOW_MINUTES)
    for lo, hi, n, p50, p99 in windows:
        print("   %5.1f-%5.1f min  n=%-7d p50 %6.2f ms  p99 %7.2f ms" % (lo, hi, n, p50, p99))
    print("fake Slack:    " + ", ".join("%s %d" % kv for kv in sorted(slack.counts.items())) +
          "; faults: 429 x%d, 500 x%d" % (slack.faults["429"], slack.faults["500"]))
    print("replies:       %d thread replies / %d expected, %d answer ephemerals, %d edit ephemerals, %d updates / %d edits"
          % (sum(slack.replies.values()), sum(state.expect_replies.values()), sum(slack.eph_answer.values()),
             sum(slack.eph_edit.values()), total_updates, total_edits))
    print("reactions:     %d standing peer reactions over %d authors checked via /practice stats"
          % (sum(expected_reactions.values()), len(authors)))
    if extra_posts:
        print("note:          %d extra top-level posts (the scheduler crossed a posting time)" % extra_posts)
    print("queue:         max depth %s during load; drained in %.1f s"
          % (max((s[2] for s in samples if s[2] is not None), default="n/a"), drain_seconds))
    print("RSS:           %d kB after %g min warm-up, %d kB at the end of the load (%+.1f%%), %d kB after drain, peak %d kB"
          % (rss_warm, args.warmup_minutes, rss_end, growth * 100, rss_after_drain,
             max((s[1] for s in samples), default=-1)))
    anon_warm = warm[0][5] if warm else -1
    print("RssAnon:       %d kB after warm-up, %d kB at the end of the load (heap and stacks, without mapped code)"
          % (anon_warm, anon_end_load))
    print("database:      " + "; ".join(outbox_states))
    print("RSS samples:   " + " ".join("%dm:%d" % (int(s[0] // 60), s[1]) for s in samples[5::6]))
    for line in (lost + doubled + reaction_mismatch)[:20]:
        print("   " + line)
    for line in state.error_samples[:10]:
        print("   error: " + line)
    if state.errors:
        print("errors:        " + ", ".join("%s x%d" % kv for kv in state.errors.most_common()))
    print("server log:    " + server.log_path + ("" if args.keep or problems else " (removed)"))
    verdict = "FAIL" if problems else "PASS"
    print("RESULT:        %s%s" % (verdict, (": " + "; ".join(problems)) if problems else ""))
    if not problems and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
