#!/usr/bin/env python3
"""Crash loop: kill -9 starcoach under signed Slack traffic, restart it, and prove that every
acknowledged event was processed exactly once and the database stayed intact.

usage: scripts/crash_loop.py [BINARY] [--rounds N] [--threads N] [--seed N] [--keep] [-v]

BINARY defaults to build/starcoach. Python 3 standard library only; needs the sqlite3 CLI.

What it does:
  * starts a fake Slack Web API in this process (http.server on 127.0.0.1) that records
    chat.postMessage / chat.postEphemeral / chat.update / auth.test / users.info (and any
    other method, and response_url posts) and answers like Slack (ok:true, a fresh ts);
  * starts `BINARY serve` on a temporary database and posts the daily question with
    `BINARY post-daily --force` (same environment and database);
  * runs N rounds (default 20). In each, a few threads send signed traffic as Slack does:
    threaded answers to the daily post (each from its own user, with a unique ts and
    event_id), retries of delivered events (X-Slack-Retry-Num), the same message under a new
    event_id, edits, peer reactions and /practice slash commands. Between 0.2 and 2 s into
    the round the server gets SIGKILL; it is restarted at once and, like Slack, every event
    that was not answered with 200 is delivered again (with X-Slack-Retry-Num) until it is;
  * then checks, once the queue is drained: every answer got exactly one thread reply and one
    ephemeral, every edit exactly one chat.update and one re-score ephemeral (one duplicate
    is tolerated only for a call that reached Slack within 1 s before a kill: the sender
    cannot know whether it landed); nothing was answered that was never delivered; every
    acknowledged reaction and edit is in the database; `PRAGMA integrity_check` says ok.

Prints per-round and total figures. Exit status 0 when nothing was lost, duplicated beyond
the tolerance, invented or corrupted; 1 otherwise; 2 on a setup failure.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
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
from lib.starcoach_process import StarcoachProcess  # noqa: E402


SECRET = "crash-loop-signing-secret-5d1c"
TOKEN = "xoxb-crash-loop-token"
CHANNEL = "CCRASH1"
TEAM = "T0CRASH"
BOT_USER = "UCRASHBOT"

ANSWER_WORDS = (
    "Last spring our nightly orders pipeline broke after an upstream schema change renamed a "
    "column, and the finance dashboard showed zero revenue for a day. I owned the pipeline, so "
    "my task was to restore correct numbers before the 9 am review and stop it happening again. "
    "I paused the downstream jobs, backfilled the partition from the raw bucket, and told the "
    "finance lead and the analysts in their channel what was wrong and when it would be fixed. "
    "Then I added a schema contract test in CI and an alert on row counts that pages us when "
    "volume drops by more than 30 percent. The numbers were right by 8:40, nobody made a "
    "decision on bad data, and in the six months since the contract test caught four breaking "
    "changes before they shipped, saving about two engineer days each time."
).split()


def answer_text(rng, tag):
    n = rng.randint(60, len(ANSWER_WORDS))
    return " ".join(ANSWER_WORDS[:n]) + " Reference " + tag + "."


# ---------------------------------------------------------------------------------------
# Fake Slack Web API


class RecordingSlack(FakeSlack):
    """The shared fake Slack, keeping every call with its arrival time: the duplicate check
    compares those times with the kills."""

    def __init__(self):
        super().__init__(token=TOKEN, team=TEAM, bot_user=BOT_USER, bot_id="BCRASH",
                         workspace="Crash")
        self.calls = []  # dicts: method, args, t (monotonic)

    def record(self, method, args, reply, arrived):  # under self.lock
        self.calls.append({"method": method, "args": args, "t": arrived})

    def snapshot(self):
        with self.lock:
            return list(self.calls)


def all_text(obj):
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        return "\n".join(all_text(v) for v in obj.values())
    if isinstance(obj, list):
        return "\n".join(all_text(v) for v in obj)
    return ""


# ---------------------------------------------------------------------------------------
# starcoach process


class Bot(StarcoachProcess):
    """The server under test, plus signed delivery to /slack/events as Slack makes it."""

    def __init__(self, binary, workdir, fake):
        # Sanitizer builds read their options from the environment; pass them through.
        sanitizers = {k: os.environ[k] for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
                                                 "TSAN_OPTIONS") if k in os.environ}
        super().__init__(binary, workdir, SECRET, TOKEN, fake.api_url, CHANNEL, extra_env=sanitizers)

    def post(self, body, ctype, retry_num=0, timeout=5):
        extra = {}
        if retry_num:
            extra["X-Slack-Retry-Num"] = str(retry_num)
            extra["X-Slack-Retry-Reason"] = "http_timeout"
        return self.post_signed("/slack/events", body, ctype, extra, timeout=timeout)


# ---------------------------------------------------------------------------------------
# Traffic


class Event:
    """One Events API delivery as Slack would make it (an event_id and its envelope)."""

    def __init__(self, kind, event_id, event, **info):
        self.kind = kind              # answer | dup_answer | edit | reaction
        self.event_id = event_id
        self.body = json.dumps({"token": "verif", "team_id": TEAM, "api_app_id": "A1",
                                "event": event, "type": "event_callback",
                                "event_id": event_id, "event_time": int(time.time())})
        self.info = info
        self.acked = False
        self.deliveries = 0


class World:
    """What was sent and acknowledged, shared by the traffic threads."""

    def __init__(self, daily_ts):
        self.lock = threading.Lock()
        self.daily_ts = daily_ts
        self.events = []          # every Event ever created
        self.answers = {}         # user -> {"ts", "text", "edited_text" or None, "event"}
        self.reactions = set()    # (answer ts, reactor, emoji) expected in the database
        self.slash_ok = 0
        self.slash_failed = 0
        self.http_errors = 0      # connection refused/reset, timeouts (the kills)
        self.non_200 = {}         # status -> count
        self.max_latency = 0.0
        self.ts_seq = 0

    def fresh_ts(self):
        with self.lock:
            self.ts_seq += 1
            return "%d.%06d" % (int(time.time()), 100000 + self.ts_seq)


def deliver(bot, world, ev, retry_num=0):
    """One delivery; True when acknowledged with 200."""
    ev.deliveries += 1
    t0 = time.monotonic()
    try:
        status, _ = bot.post(ev.body, "application/json", retry_num=retry_num)
    except (OSError, http.client.HTTPException):
        with world.lock:
            world.http_errors += 1
        return False
    dt = time.monotonic() - t0
    with world.lock:
        world.max_latency = max(world.max_latency, dt)
        if status != 200:
            world.non_200[status] = world.non_200.get(status, 0) + 1
            return False
        first = not ev.acked
        ev.acked = True
        if first:
            on_acked(world, ev)
    return True


def on_acked(world, ev):
    """Records what an acknowledged event must lead to (world.lock held)."""
    if ev.kind == "answer":
        a = world.answers[ev.info["user"]]
        a["acked"] = True
    elif ev.kind == "edit":
        world.answers[ev.info["user"]]["edit_acked"] = True
    elif ev.kind == "reaction":
        world.reactions.add((ev.info["ts"], ev.info["reactor"], ev.info["emoji"]))


def traffic(bot, world, rng, round_no, thread_no, stop):
    n = 0
    mine = []  # users whose answers this thread created
    while not stop.is_set():
        n += 1
        roll = rng.random()
        with world.lock:
            acked_mine = [u for u in mine if world.answers[u].get("acked")]
            acked_all = [u for u, a in world.answers.items() if a.get("acked")]
        if roll < 0.50 or not acked_mine:
            user = "UR%02dT%dN%03d" % (round_no, thread_no, n)
            ts = world.fresh_ts()
            text = answer_text(rng, user)
            event = {"type": "message", "user": user, "text": text, "ts": ts,
                     "thread_ts": world.daily_ts, "channel": CHANNEL, "channel_type": "channel",
                     "event_ts": ts}
            ev = Event("answer", "Ev%02d%d%04dA" % (round_no, thread_no, n), event, user=user, ts=ts)
            with world.lock:
                world.answers[user] = {"ts": ts, "text": text, "edited_text": None, "event": ev,
                                       "acked": False, "edit_acked": False}
                world.events.append(ev)
            mine.append(user)
            deliver(bot, world, ev)
        elif roll < 0.60:
            # Slack's retry of a delivery it thinks failed: same event_id.
            ev = world.answers[rng.choice(acked_mine)]["event"]
            deliver(bot, world, ev, retry_num=rng.randint(1, 3))
        elif roll < 0.65:
            # The same message under another event_id (Slack does this too).
            a = world.answers[rng.choice(acked_mine)]
            body = json.loads(a["event"].body)
            ev = Event("dup_answer", "Ev%02d%d%04dD" % (round_no, thread_no, n), body["event"],
                       user=a["event"].info["user"])
            with world.lock:
                world.events.append(ev)
            deliver(bot, world, ev)
        elif roll < 0.75:
            candidates = [u for u in acked_mine if world.answers[u]["edited_text"] is None]
            if not candidates:
                continue
            user = rng.choice(candidates)
            a = world.answers[user]
            new_text = answer_text(rng, user + " edited")
            edit_ts = world.fresh_ts()
            event = {"type": "message", "subtype": "message_changed", "channel": CHANNEL,
                     "hidden": True, "ts": edit_ts, "event_ts": edit_ts,
                     "message": {"type": "message", "user": user, "text": new_text, "ts": a["ts"],
                                 "thread_ts": world.daily_ts, "edited": {"user": user, "ts": edit_ts}},
                     "previous_message": {"type": "message", "user": user, "text": a["text"],
                                          "ts": a["ts"], "thread_ts": world.daily_ts}}
            ev = Event("edit", "Ev%02d%d%04dE" % (round_no, thread_no, n), event, user=user)
            with world.lock:
                a["edited_text"] = new_text
                world.events.append(ev)
            deliver(bot, world, ev)
        elif roll < 0.90:
            user = rng.choice(acked_all)
            ts = world.answers[user]["ts"]
            reactor = "UPEER%d" % rng.randint(1, 6)
            emoji = rng.choice(["+1", "tada", "fire", "100"])
            event = {"type": "reaction_added", "user": reactor, "reaction": emoji, "item_user": user,
                     "item": {"type": "message", "channel": CHANNEL, "ts": ts},
                     "event_ts": world.fresh_ts()}
            ev = Event("reaction", "Ev%02d%d%04dR" % (round_no, thread_no, n), event,
                       ts=ts, reactor=reactor, emoji=emoji)
            with world.lock:
                world.events.append(ev)
            deliver(bot, world, ev)
        else:
            user = "USLASH%d" % rng.randint(1, 4)
            text = rng.choice(["stats", "streak", "help", "leaderboard week",
                               "score " + answer_text(rng, user)])
            body = urllib.parse.urlencode({
                "token": "verif", "team_id": TEAM, "team_domain": "crash", "channel_id": CHANNEL,
                "channel_name": "practice", "user_id": user, "user_name": user.lower(),
                "command": "/practice", "text": text, "api_app_id": "A1",
                "response_url": world.response_url(user), "trigger_id": "1.2.3"})
            try:
                status, reply = bot.post(body, "application/x-www-form-urlencoded")
                ok = status == 200 and reply != ""
            except (OSError, http.client.HTTPException):
                ok = False
            with world.lock:
                if ok:
                    world.slash_ok += 1
                else:
                    world.slash_failed += 1
        time.sleep(rng.uniform(0, 0.03))


def redeliver_unacked(bot, world, deadline):
    """After a restart, Slack retries every delivery that did not get a 200."""
    attempt = 0
    while True:
        with world.lock:
            pending = [e for e in world.events if not e.acked]
        if not pending:
            return True
        if time.monotonic() > deadline:
            return False
        attempt += 1
        for ev in pending:
            deliver(bot, world, ev, retry_num=min(attempt, 3))
        time.sleep(0.2 if attempt > 1 else 0)


# ---------------------------------------------------------------------------------------
# Checks


def expected_calls(world):
    """key -> human description, for every Slack call the acknowledged events must produce."""
    want = {}
    with world.lock:
        for user, a in world.answers.items():
            if not a["acked"]:
                continue
            want[("reply", user)] = "thread reply to %s" % user
            want[("ephemeral", user)] = "ephemeral feedback to %s" % user
            if a["edit_acked"]:
                want[("update", user)] = "chat.update for %s's edit" % user
                want[("rescored", user)] = "re-score ephemeral for %s" % user
    return want


def observed_calls(fake_calls, daily_ts):
    """key -> list of call times."""
    seen = {}
    for c in fake_calls:
        m, args = c["method"], c["args"]
        key = None
        if m == "chat.postMessage" and args.get("thread_ts") == daily_ts:
            key = ("reply", mentioned_user(args.get("text", "")))
        elif m == "chat.postEphemeral":
            kind = "rescored" if "Re-scored after your edit" in all_text(args) else "ephemeral"
            key = (kind, args.get("user", ""))
        elif m == "chat.update":
            key = ("update", mentioned_user(args.get("text", "")))
        if key:
            seen.setdefault(key, []).append(c["t"])
    return seen


def mentioned_user(text):
    if text.startswith("<@") and ">" in text:
        return text[2:text.index(">")]
    return ""


def sql(db, query):
    r = subprocess.run(["sqlite3", "-readonly", db, query], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout.strip(), r.stderr.strip()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", nargs="?", default="build/starcoach")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--settle", type=float, default=30.0,
                    help="seconds to wait for the queue to drain after a restart")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    if not os.access(args.binary, os.X_OK):
        print("crash_loop: %s is not an executable; build first or pass the binary" % args.binary,
              file=sys.stderr)
        return 2
    if not shutil.which("sqlite3"):
        print("crash_loop: the sqlite3 command-line tool is needed (apt-get install sqlite3)",
              file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print("crash_loop: binary %s, %d rounds, %d threads, seed %d" %
          (args.binary, args.rounds, args.threads, seed))
    master = random.Random(seed)

    workdir = tempfile.mkdtemp(prefix="starcoach-crash-")
    fake = RecordingSlack()
    bot = Bot(args.binary, workdir, fake)
    problems = []
    try:
        r = bot.cli(["post-daily", "--force"])
        if r.returncode != 0:
            print("crash_loop: post-daily failed (%d): %s%s" % (r.returncode, r.stdout, r.stderr),
                  file=sys.stderr)
            return 2
        posts = [c for c in fake.snapshot() if c["method"] == "chat.postMessage"]
        if not posts:
            print("crash_loop: post-daily did not call chat.postMessage", file=sys.stderr)
            return 2
        # The fake answered it with a ts; the thread of the daily question is that ts.
        daily_ts = None
        with open(bot.log_path, "ab"):
            pass
        rc, out, err = sql(bot.db, "SELECT ts FROM daily_posts ORDER BY id DESC LIMIT 1")
        daily_ts = out
        if rc != 0 or not daily_ts:
            print("crash_loop: cannot read the daily post's ts: %s" % err, file=sys.stderr)
            return 2
        world = World(daily_ts)
        world.response_url = fake.response_url
        if not bot.start():
            print("crash_loop: the server did not start:\n" + bot.log_tail(), file=sys.stderr)
            return 2

        kills = []          # monotonic times of the kills
        totals = {"acked": 0, "replies": 0, "ephemerals": 0, "updates": 0, "duplicates": 0,
                  "lost": 0, "unexpected": 0, "deliveries": 0}
        prev_acked = 0
        prev_calls = {}
        # Per round: new events, acknowledgements, redeliveries and Slack calls of this round;
        # reactions stored/expected and the integrity check are over the whole database.
        header = ("round  kill@s  events  acked  redeliv  replies  ephem  updates  dups  lost  "
                  "unexp  reactions  integrity")
        prev = {"events": 0, "deliveries": 0, "reply": 0, "ephem": 0, "update": 0}
        print(header)
        for rnd in range(1, args.rounds + 1):
            stop = threading.Event()
            threads = [threading.Thread(target=traffic,
                                        args=(bot, world, random.Random(master.random()), rnd, t, stop),
                                        daemon=True)
                       for t in range(args.threads)]
            for t in threads:
                t.start()
            kill_after = master.uniform(0.2, 2.0)
            time.sleep(kill_after)
            kill_t = bot.kill9()
            stop.set()
            for t in threads:
                t.join(15)
            # Calls that reached the fake from kill_t - 1 s until the new process started were
            # sent by the killed one (the fake may get to a request after the kill).
            kills.append((kill_t, time.monotonic()))
            if not bot.start():
                problems.append("round %d: the server did not restart" % rnd)
                print("round %d: the server did not restart:\n%s" % (rnd, bot.log_tail()))
                break
            if not redeliver_unacked(bot, world, time.monotonic() + 60):
                problems.append("round %d: some events were never acknowledged" % rnd)

            # Settle: every expected call seen and the queue empty, then a moment for strays.
            want = expected_calls(world)
            deadline = time.monotonic() + args.settle
            while time.monotonic() < deadline:
                seen = observed_calls(fake.snapshot(), daily_ts)
                if all(k in seen for k in want) and bot.queue_depth(timeout=2) == 0:
                    break
                time.sleep(0.1)
            time.sleep(1.0)
            seen = observed_calls(fake.snapshot(), daily_ts)

            lost = [want[k] for k in want if k not in seen]
            unexpected = [k for k in seen if k not in want]
            dups = []
            for k, times in seen.items():
                extra = len(times) - 1
                if extra <= 0 or k not in want:
                    continue
                before = len(prev_calls.get(k, []))
                if before == len(times):
                    continue  # already judged in an earlier round
                # Tolerated: the first copy reached Slack within 1 s before a kill (in flight).
                in_flight = any(kt - 1.0 <= times[0] <= restarted for kt, restarted in kills)
                dups.append((k, extra, in_flight))
                if args.verbose:
                    print("  duplicate %s: copies at %s s relative to the kills at %s" % (
                        k, ["%.3f" % (t - kills[-1][0]) for t in times],
                        ["%.3f" % (kt - kills[-1][0]) for kt, _ in kills[-3:]]))
            prev_calls = {k: list(v) for k, v in seen.items()}

            # Database: reactions and edits acknowledged are stored; the file is intact.
            rc, out, err = sql(bot.db, "SELECT a.ts || '|' || r.reactor || '|' || r.emoji "
                                       "FROM reactions r JOIN answers a ON a.id = r.answer_id")
            stored_reactions = set(tuple(l.split("|")) for l in out.splitlines() if l)
            with world.lock:
                want_reactions = set(world.reactions)
                edited = {u: a["edited_text"] for u, a in world.answers.items() if a["edit_acked"]}
            missing_reactions = want_reactions - stored_reactions
            extra_reactions = stored_reactions - want_reactions
            rc, out, err = sql(bot.db, "SELECT user, text FROM answers")
            texts = {}
            for line in out.splitlines():
                u, _, t = line.partition("|")
                texts[u] = t
            stale_edits = [u for u, t in edited.items() if texts.get(u) != t]
            rc, integrity, err = sql(bot.db, "PRAGMA integrity_check")
            integrity = integrity if rc == 0 else "error: " + err

            with world.lock:
                acked_now = sum(1 for e in world.events if e.acked)
                deliveries = sum(e.deliveries for e in world.events)
                n_events = len(world.events)
            counts = {"reply": 0, "ephemeral": 0, "update": 0, "rescored": 0}
            for k, times in seen.items():
                counts[k[0]] = counts.get(k[0], 0) + len(times)
            untolerated = [d for d in dups if not d[2]]
            tolerated = [d for d in dups if d[2]]
            n_dups = sum(d[1] for d in dups)
            cum = {"events": n_events, "deliveries": deliveries, "reply": counts["reply"],
                   "ephem": counts["ephemeral"] + counts["rescored"], "update": counts["update"]}
            d = {k: cum[k] - prev[k] for k in cum}
            prev = cum
            print("%5d  %6.2f  %6d  %5d  %7d  %7d  %5d  %7d  %4d  %4d  %5d  %9s  %s" % (
                rnd, kill_after, d["events"], acked_now - prev_acked, d["deliveries"] - (acked_now - prev_acked),
                d["reply"], d["ephem"], d["update"], n_dups, len(lost),
                len(unexpected), "%d/%d" % (len(want_reactions & stored_reactions), len(want_reactions)),
                integrity))
            sys.stdout.flush()
            prev_acked = acked_now
            totals["dups_tolerated"] = totals.get("dups_tolerated", 0) + sum(d[1] for d in tolerated)
            totals["duplicates"] += n_dups
            totals["lost"] += len(lost)
            totals["unexpected"] += len(unexpected)

            if lost:
                problems.append("round %d: lost %d: %s" % (rnd, len(lost), ", ".join(lost[:5])))
            if unexpected:
                problems.append("round %d: calls nobody asked for: %s" % (rnd, unexpected[:5]))
            if untolerated or len(tolerated) > 1 or any(d[1] > 1 for d in dups):
                problems.append("round %d: duplicates beyond the in-flight tolerance: %s" % (rnd, dups))
            if missing_reactions or extra_reactions:
                problems.append("round %d: reactions missing %s, unexpected %s" %
                                (rnd, sorted(missing_reactions)[:3], sorted(extra_reactions)[:3]))
            if stale_edits:
                problems.append("round %d: acknowledged edits not stored for %s" % (rnd, stale_edits[:5]))
            if integrity != "ok":
                problems.append("round %d: integrity_check: %s" % (rnd, integrity))
            if problems and args.verbose:
                print("\n".join(problems))

        # Totals over the whole run.
        final = observed_calls(fake.snapshot(), daily_ts)
        with world.lock:
            totals["acked"] = sum(1 for e in world.events if e.acked)
            totals["deliveries"] = sum(e.deliveries for e in world.events)
            n_answers = sum(1 for a in world.answers.values() if a["acked"])
            n_edits = sum(1 for a in world.answers.values() if a["edit_acked"])
            n_react = len(world.reactions)
            slash_ok, slash_failed = world.slash_ok, world.slash_failed
            http_errors, non_200, max_latency = world.http_errors, dict(world.non_200), world.max_latency
        for k, times in final.items():
            kind = {"reply": "replies", "ephemeral": "ephemerals", "rescored": "ephemerals",
                    "update": "updates"}[k[0]]
            totals[kind] += len(times)
        code = bot.terminate()
        if code != 0:
            problems.append("the server exited with %s on SIGTERM" % code)
        rc, integrity, err = sql(bot.db, "PRAGMA integrity_check")
        if integrity != "ok":
            problems.append("final integrity_check: %s %s" % (integrity, err))

        print()
        print("total: %d events acknowledged (%d answers, %d edits, %d distinct reactions) over %d "
              "deliveries; %d kills" % (totals["acked"], n_answers, n_edits, n_react,
                                        totals["deliveries"], len(kills)))
        print("       slack calls: %d thread replies, %d ephemerals, %d updates" %
              (totals["replies"], totals["ephemerals"], totals["updates"]))
        print("       duplicates %d (tolerated in flight at a kill: %d), lost %d, unexpected %d" %
              (totals["duplicates"], totals.get("dups_tolerated", 0), totals["lost"], totals["unexpected"]))
        print("       slash commands %d answered, %d cut off by kills; connection errors %d; "
              "non-200 %s; slowest acknowledged delivery %.0f ms" %
              (slash_ok, slash_failed, http_errors, non_200 or "none", max_latency * 1000))
        print("       final integrity_check: %s; exit on SIGTERM: %s" % (integrity, code))
        if problems:
            print("\nFAILED:")
            for p in problems:
                print("  " + p)
            print("\nserver log tail:\n" + bot.log_tail())
            return 1
        print("\nOK: nothing lost, nothing answered twice beyond the in-flight tolerance, database intact")
        return 0
    finally:
        try:
            bot.kill9()
        except Exception:
            pass
        fake.close()
        if args.keep:
            print("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
