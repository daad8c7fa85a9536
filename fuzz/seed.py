#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUT/<target>/ (generated at run time,
never committed) from the shared fixtures: ../shared/slack-fixtures (request bodies) and
../shared/scoring-devset (answer texts), plus a few requests built here that reach the deep
paths (a threaded answer to the seeded daily post, every /practice subcommand).

usage: seed.py SHARED_DIR OUT_DIR
"""
import hashlib
import json
import pathlib
import sys
import urllib.parse

TARGETS = ["verify_fuzz", "form_fuzz", "dispatch_fuzz", "slash_fuzz", "scorer_fuzz"]


def main():
    shared = pathlib.Path(sys.argv[1])
    out = pathlib.Path(sys.argv[2])
    seeds = {t: [] for t in TARGETS}
    fixtures = shared / "slack-fixtures"
    devset = shared / "scoring-devset"

    texts = []
    if devset.is_dir():
        for f in sorted(devset.glob("*.json")):
            try:
                d = json.loads(f.read_text())
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(d, dict) and isinstance(d.get("text"), str):
                texts.append(d["text"])
    if not texts:
        texts = ["Our nightly orders load broke at 2 a.m.; I was on call. I reran the job, "
                 "backfilled 3 days and added a row-count check; no dashboard showed bad "
                 "numbers again and we cut incidents by 40% that quarter."]
    else:
        print(f"seed: {len(texts)} answer texts from {devset}")

    bodies = []
    if fixtures.is_dir():
        for f in sorted(fixtures.iterdir()):
            if f.suffix in (".json", ".form", ".body"):
                bodies.append(f.read_bytes())
        print(f"seed: {len(bodies)} request bodies from {fixtures}")
        # the signing vectors' own bodies
        for name in ("signing-v0-derived-cases.json",):
            p = fixtures / name
            if p.is_file():
                for case in json.loads(p.read_text()).get("cases", []):
                    if isinstance(case.get("body"), str):
                        seeds["verify_fuzz"].append(case["body"].encode())
    else:
        print(f"seed: {fixtures} not found: generated seeds only", file=sys.stderr)

    # Requests that reach the deep paths against the store seeded in fuzz_context.h.
    generated = []
    for i, text in enumerate(texts[:12]):
        generated.append(json.dumps({
            "type": "event_callback", "team_id": "T123ABC456", "event_id": f"EvSeed{i}",
            "event": {"type": "message", "channel": "CPRACTICE", "user": "U123ABC456",
                      "text": text, "ts": f"1795000100.{i:06d}", "thread_ts": "1795000000.000100"}}))
    generated.append(json.dumps({
        "type": "event_callback", "team_id": "T123ABC456", "event_id": "EvSeedEdit",
        "event": {"type": "message", "subtype": "message_changed", "channel": "C123ABC456",
                  "message": {"type": "message", "user": "U123ABC456", "text": texts[0],
                              "ts": "1355517523.000005"},
                  "previous_message": {"type": "message", "user": "U123ABC456",
                                       "text": "old", "ts": "1355517523.000005"}}}))
    generated.append(json.dumps({
        "type": "event_callback", "team_id": "T123ABC456", "event_id": "EvSeedMention",
        "event": {"type": "app_mention", "channel": "CPRACTICE", "user": "U123ABC456",
                  "text": "<@UBOT> hi", "ts": "1795000200.000001", "thread_ts": "1795000000.000100"}}))
    subcommands = ["help", "score " + texts[1 % len(texts)], "score pipeline-broke " + texts[0],
                   "question", "question pipeline-broke", "streak", "stats", "leaderboard",
                   "leaderboard month", "leaderboard all", "channel here",
                   "schedule 10:00 Europe/Paris daily", "schedule 07:15 weekdays", "pause",
                   "resume", "post-now", texts[2 % len(texts)], "bogus &lt;x&gt; &amp;"]
    for user in ("UADMIN", "UWSADMIN", "U123ABC456"):
        for sub in subcommands:
            generated.append(urllib.parse.urlencode({
                "token": "t", "team_id": "T123ABC456", "channel_id": "CPRACTICE",
                "user_id": user, "command": "/practice", "text": sub,
                "response_url": "https://hooks.slack.com/commands/T1/1/x"}))
    generated = [g.encode() for g in generated]

    seeds["dispatch_fuzz"] += bodies + generated
    seeds["form_fuzz"] += [b for b in bodies if not b.lstrip().startswith((b"{", b"["))]
    seeds["form_fuzz"] += [g for g in generated if not g.startswith(b"{")]
    seeds["verify_fuzz"] += bodies[:8]
    # slash_fuzz: text first, then one byte per id choice read from the end (0 = an admin in
    # the practice channel, with a response_url)
    for sub in subcommands:
        for tail in (b"\x00\x00\x00\x00", b"\x00\x00\x00\x01", b"\x00\x00\x00\x02"):
            seeds["slash_fuzz"].append(sub.encode() + tail)
    # scorer_fuzz: first byte picks the question (or none), the rest is the answer
    for i, text in enumerate(texts):
        seeds["scorer_fuzz"].append(bytes([i % 256]) + text.encode())

    for target, items in seeds.items():
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        for item in items:
            (d / hashlib.sha1(item).hexdigest()).write_bytes(item)
        print(f"seed: {target}: {len(list(d.iterdir()))} seeds in {d}")


if __name__ == "__main__":
    main()
