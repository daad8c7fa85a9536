#!/usr/bin/env bash
# Load benchmark: signed `/practice score` slash commands against `starcoach serve` and a
# minimal Slack Bolt for JavaScript app, side by side on this machine.
#
#   bench/load/run.sh [path/to/starcoach]        (default: build/starcoach)
#
# Knobs (environment): CONNECTIONS=50 THREADS=2 DURATION=15s WARMUP=2s IDLE_SECONDS=2
#   REQUESTS=1000 (distinct pre-signed bodies) BENCH_ONLY=starcoach|bolt (one side only;
#   results.md is then not rewritten) KEEP_LOGS=1 (keep the temp dir with logs)
# Needs: wrk, python3 (standard library), node >= 20 and npm (npm only when
# bolt-app/node_modules is missing). Runtime: about 1 minute.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${1:-$ROOT/build/starcoach}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-2s}
IDLE_SECONDS=${IDLE_SECONDS:-2}
REQUESTS=${REQUESTS:-1000}
BENCH_ONLY=${BENCH_ONLY:-}
PY=python3
HELPER="$HERE/bench.py"
LUA="$HERE/slash.lua"
BOLT_DIR="$HERE/bolt-app"

die() { echo "run.sh: error: $*" >&2; exit 1; }
note() { echo "== $*"; }

# ---- prerequisites ---------------------------------------------------------------------
command -v wrk >/dev/null || die "wrk not found (Debian/Ubuntu: apt-get install wrk)"
command -v $PY >/dev/null || die "python3 not found"
if [[ "$BENCH_ONLY" != starcoach ]]; then
  command -v node >/dev/null || die "node not found (Node.js >= 20 is needed for the Bolt baseline)"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  (( node_major >= 20 )) || die "node $(node --version) is too old; @slack/bolt 5 needs Node.js >= 20"
  if [[ ! -d "$BOLT_DIR/node_modules/@slack/bolt" ]]; then
    command -v npm >/dev/null || die "npm not found (needed once to install @slack/bolt into $BOLT_DIR/node_modules)"
    note "installing @slack/bolt into $BOLT_DIR/node_modules (npm ci)"
    (cd "$BOLT_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $BOLT_DIR"
  fi
  BOLT_VERSION=$(cd "$BOLT_DIR" && node -p 'require("@slack/bolt/package.json").version')
fi
if [[ "$BENCH_ONLY" != bolt ]]; then
  [[ -x "$BIN" ]] || die "starcoach binary '$BIN' not found or not executable (build it, or pass its path)"
  BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
fi
case "$BENCH_ONLY" in ""|starcoach|bolt) ;; *) die "BENCH_ONLY must be starcoach or bolt" ;; esac

# ---- cleanup: every process we start is recorded in $WORK/*.pid and killed on exit ------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/starcoach-load.XXXXXX")
cleanup() {
  local rc=$? f pid
  for f in "$WORK"/*.pid; do
    [[ -e "$f" ]] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ $rc -ne 0 || -n "${KEEP_LOGS:-}" ]]; then
    echo "run.sh: logs kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SECRET=$($PY -c 'import secrets; print(secrets.token_hex(24))')
export BENCH_SECRET=$SECRET   # for bench.py; never on a command line

stop_pid() {   # stop_pid NAME: TERM, wait up to 5 s, KILL
  local f="$WORK/$1.pid" pid
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    note "$1 did not stop within 5 s after SIGTERM; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# Share of all CPUs busy (not idle or iowait) over one second, from /proc/stat. Unlike the
# load average it does not still remember the previous side's run.
cpu_busy_percent() {
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat); sleep 1
  b=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1]; i = y[2] - x[2];
    printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0) }'
}
kv() { sed -n "s/^$2=//p" "$1" | head -n1; }                       # kv FILE KEY
bench_field() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | head -n1; }  # from the BENCH line

# run_one NAME PROBE CMD...: start, first answer, idle RSS, sample, warm-up, measure, stop.
run_one() {
  local name=$1 probe=$2; shift 2
  local port log=$WORK/$name.log
  port=$($PY "$HELPER" freeport)
  export PORT=$port STARCOACH_PORT=$port
  note "$name: signing $REQUESTS requests (fresh timestamp${SIGN_SECRET:+, with a wrong secret})"
  BENCH_SECRET=${SIGN_SECRET:-$BENCH_SECRET} $PY "$HELPER" sign --out "$WORK/$name-requests.lua" --count "$REQUESTS"
  echo "busy_before=$(cpu_busy_percent)" >"$WORK/$name.info"
  note "$name: starting on 127.0.0.1:$port (first answer: poll $probe)"
  $PY "$HELPER" launch --port "$port" --probe "$probe" --pidfile "$WORK/$name.pid" \
      --log "$log" --idle "$IDLE_SECONDS" -- "$@" >>"$WORK/$name.info" \
    || { tail -n 20 "$log" >&2; die "$name did not start"; }
  local pid; pid=$(kv "$WORK/$name.info" pid)
  note "$name: pid $pid, first answer $(kv "$WORK/$name.info" first_answer_ms) ms, idle RSS $(kv "$WORK/$name.info" idle_rss_kb) kB"
  $PY "$HELPER" probe --port "$port" >"$WORK/$name.sample" || die "$name: sample request failed"
  note "$name: sample signed request -> HTTP $(kv "$WORK/$name.sample" status): $(kv "$WORK/$name.sample" body | cut -c1-160)"
  note "$name: warm-up $WARMUP"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$LUA" "http://127.0.0.1:$port/slack/events" \
      -- "$WORK/$name-requests.lua" >"$WORK/$name.warmup" 2>&1 || die "$name: wrk warm-up failed: $(tail -n 3 "$WORK/$name.warmup")"
  note "$name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (wrk and $name share this machine's $(nproc) cores)"
  echo "cpu_before_s=$($PY "$HELPER" cputime --pid "$pid")" >>"$WORK/$name.info"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "http://127.0.0.1:$port/slack/events" \
      -- "$WORK/$name-requests.lua" >"$WORK/$name.wrk" 2>&1 || die "$name: wrk failed: $(tail -n 3 "$WORK/$name.wrk")"
  echo "cpu_after_s=$($PY "$HELPER" cputime --pid "$pid")" >>"$WORK/$name.info"
  sed 's/^/   /' "$WORK/$name.wrk"
  grep '^BENCH ' "$WORK/$name.wrk" >"$WORK/$name.bench" || die "$name: no summary line from wrk"
  echo "loaded_rss_kb=$($PY "$HELPER" rss --pid "$pid")" >>"$WORK/$name.info"
  kill -0 "$pid" 2>/dev/null || die "$name died during the run (log: $log)"
  stop_pid "$name"
  unset PORT STARCOACH_PORT
}

# ---- (a) starcoach ---------------------------------------------------------------------
if [[ "$BENCH_ONLY" != bolt ]]; then
  SLACK_SIGNING_SECRET=$SECRET SLACK_BOT_TOKEN=xoxb-bench SLACK_API_URL=http://127.0.0.1:9/api \
  STARCOACH_DB="$WORK/bench.db" STARCOACH_HOST=127.0.0.1 STARCOACH_CHANNEL= STARCOACH_POST_AT=23:59 \
    run_one starcoach healthz "$BIN" serve
  # The transport floor: the same server and bodies signed with a wrong secret. starcoach reads
  # each body, computes the HMAC and answers 401; no Slack work. What httplib and the kernel
  # cost per request on this machine bounds what any amount of handler tuning can reach.
  SLACK_SIGNING_SECRET=$SECRET SLACK_BOT_TOKEN=xoxb-bench SLACK_API_URL=http://127.0.0.1:9/api \
  STARCOACH_DB="$WORK/floor.db" STARCOACH_HOST=127.0.0.1 STARCOACH_CHANNEL= STARCOACH_POST_AT=23:59 \
  SIGN_SECRET=$($PY -c 'import secrets; print(secrets.token_hex(24))') \
    run_one floor healthz "$BIN" serve
fi

# ---- (b) Bolt for JavaScript -----------------------------------------------------------
if [[ "$BENCH_ONLY" != starcoach ]]; then
  ( cd "$BOLT_DIR" && SLACK_SIGNING_SECRET=$SECRET HOST=127.0.0.1 run_one bolt signed node app.js )
fi

# ---- report ----------------------------------------------------------------------------
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
cpu_us() {  # server CPU time (user+system, all threads) per request during the measured run
  awk -v a="$(kv "$WORK/$1.info" cpu_before_s)" -v b="$(kv "$WORK/$1.info" cpu_after_s)" \
      -v n="$(bench_field "$WORK/$1.bench" requests)" 'BEGIN { printf "%.0f", (n > 0 ? (b - a) * 1e6 / n : 0) }'
}
row() {   # row NAME LABEL
  local n=$1 b=$WORK/$1.bench i=$WORK/$1.info
  printf '| %s | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s |\n' "$2" \
    "$(bench_field "$b" rps)" "$(bench_field "$b" p50_ms)" "$(bench_field "$b" p99_ms)" \
    "$(mb "$(kv "$i" idle_rss_kb)")" "$(kv "$i" first_answer_ms)" "$(bench_field "$b" non2xx)" \
    "$(( $(bench_field "$b" connect_err) + $(bench_field "$b" read_err) + $(bench_field "$b" write_err) + $(bench_field "$b" timeout_err) ))" \
    "$(cpu_us "$n")"
}
SC_VERSION=""
[[ "$BENCH_ONLY" != bolt ]] && SC_VERSION=$(timeout 2 "$BIN" --version </dev/null 2>/dev/null | head -n1 || true)
REPORT=$WORK/results.md
{
  echo "# Load benchmark: signed \`/practice score\` slash commands"
  echo
  echo "Generated by \`bench/load/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')."
  [[ "$BENCH_ONLY" != bolt ]] && echo "starcoach binary: \`${BIN#"$ROOT"/}\` (modified $(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC'))."
  echo
  echo "| tool | requests/s | p50 ms | p99 ms | idle RSS MB | first answer ms | non-2xx | socket errors | server CPU µs/request |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  [[ "$BENCH_ONLY" != bolt ]] && row starcoach "starcoach serve${SC_VERSION:+ ($SC_VERSION)}"
  [[ "$BENCH_ONLY" != bolt ]] && row floor "starcoach, same requests with a wrong signature (401: transport + verify only)"
  [[ "$BENCH_ONLY" != starcoach ]] && row bolt "Bolt for JavaScript $BOLT_VERSION (Node.js $(node --version))"
  echo
  if [[ -z "$BENCH_ONLY" ]]; then
    sc_rps=$(bench_field "$WORK/starcoach.bench" rps); bolt_rps=$(bench_field "$WORK/bolt.bench" rps)
    ratio=$(awk -v a="$sc_rps" -v b="$bolt_rps" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    cpu_ratio=$(awk -v a="$(cpu_us starcoach)" -v b="$(cpu_us bolt)" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')
    echo "**Ratio: starcoach serves ${ratio}x Bolt's requests/s.** Per CPU second spent in the server"
    echo "process it serves ${cpu_ratio}x as many requests as Bolt."
    echo
    verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**MISSED**"; fi; }
    echo "Targets (SPEC.md \"Targets\"):"
    echo "- >= 10x Bolt's requests/s: ${ratio}x — $(verdict "$ratio >= 10")"
    p99=$(bench_field "$WORK/starcoach.bench" p99_ms)
    echo "- p99 < 5 ms at $CONNECTIONS connections: $p99 ms — $(verdict "$p99 < 5")"
    rss=$(mb "$(kv "$WORK/starcoach.info" idle_rss_kb)")
    echo "- idle RSS < 15 MB: $rss MB — $(verdict "$rss < 15")"
    fa=$(kv "$WORK/starcoach.info" first_answer_ms)
    echo "- first answer within 50 ms of start: $fa ms — $(verdict "$fa <= 50")"
    echo
  fi
  echo "Method: wrk $(wrk -v 2>&1 | head -n1 | awk '{print $2}') \`-t$THREADS -c$CONNECTIONS -d$DURATION\` after a $WARMUP warm-up, cycling through"
  echo "$REQUESTS distinct form bodies (~2.3 kB, a ~300-word STAR answer as \`text=score ...\`) signed like Slack"
  echo "(\`v0=\` HMAC-SHA256) with a timestamp taken right before each side's run, POSTed to \`/slack/events\`."
  echo "The machine has $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)); wrk and the server under test share them, one"
  echo "side at a time. Idle RSS is VmRSS from /proc/<pid>/status after start plus ${IDLE_SECONDS} s idle; first answer is"
  echo "the time from spawning the process to the first 200 (starcoach: GET /healthz; Bolt: a signed"
  echo "slash command), polled every 0.5 ms. starcoach does real work per request (verify, parse, score,"
  echo "store, render); the Bolt app verifies the signature and acks \`{\"text\":\"ok\"}\` with no other work."
  echo "The floor row runs the same starcoach and bodies signed with a wrong secret: each request is read,"
  echo "its HMAC computed and compared, and 401 returned, so it measures httplib, the kernel and wrk"
  echo "on this machine with no Slack work; its non-2xx column is expected to equal its request count."
  echo "Non-2xx is wrk's count of responses with status >= 400; socket errors include wrk's 2 s timeouts."
  echo "Server CPU is user+system time of the server process (all threads, /proc/<pid>/stat) during the"
  echo "measured run divided by the requests wrk completed."
  echo
  echo "Details:"
  for n in starcoach floor bolt; do
    [[ -f "$WORK/$n.bench" ]] || continue
    echo "- $n: $(bench_field "$WORK/$n.bench" requests) requests in $(bench_field "$WORK/$n.bench" duration_s) s;" \
      "p90 $(bench_field "$WORK/$n.bench" p90_ms) ms, max $(bench_field "$WORK/$n.bench" max_ms) ms;" \
      "RSS after load $(mb "$(kv "$WORK/$n.info" loaded_rss_kb)") MB; CPU busy in the second before start $(kv "$WORK/$n.info" busy_before)%;" \
      "sample answer HTTP $(kv "$WORK/$n.sample" status)."
  done
  if [[ -f "$WORK/starcoach.bench" ]]; then
    $PY "$HELPER" logstats --log "$WORK/starcoach.log" >"$WORK/starcoach.logstats" || true
    if [[ -s "$WORK/starcoach.logstats" ]]; then
      s=$WORK/starcoach.logstats
      echo "- starcoach's own access log (warm-up and run): $(kv "$s" server_requests) requests, handling time p50" \
        "$(kv "$s" server_p50_ms) ms, p99 $(kv "$s" server_p99_ms) ms, max $(kv "$s" server_max_ms) ms; statuses $(kv "$s" server_statuses)."
    fi
    warns=$(grep -E 'level=warn' "$WORK/starcoach.log" | sed -E 's/^.*level=warn (msg=("[^"]*"|[^ ]*)).*$/\1/' | sort | uniq -c | awk '{ c=$1; $1=""; printf "%s%s (%dx)", (n++ ? "; " : ""), substr($0, 2), c }')
    [[ -z "$warns" ]] || echo "- starcoach log warnings: $warns."
  fi
} >"$REPORT"

# sanity checks on the sample answers and the logs
WARN=()
if [[ -f "$WORK/starcoach.sample" ]]; then
  [[ $(kv "$WORK/starcoach.sample" status) == 200 ]] || WARN+=("starcoach answered the sample signed request with HTTP $(kv "$WORK/starcoach.sample" status)")
  grep -q '/100' "$WORK/starcoach.sample" || WARN+=("starcoach's sample answer does not contain a score (\"/100\"): $(kv "$WORK/starcoach.sample" body | cut -c1-200)")
  # level=error/fatal lines and crash messages; level=warn lines are listed in Details
  # (auth.test failing against the dead SLACK_API_URL is expected).
  bad='level=(error|fatal)|terminate called|abort|segmentation|sanitizer'
  errs=$(grep -ciE "$bad" "$WORK/starcoach.log" || true)
  [[ "$errs" -eq 0 ]] || WARN+=("starcoach's log has $errs error lines, e.g.: $(grep -iE "$bad" "$WORK/starcoach.log" | head -n 3 | cut -c1-200 | tr '\n' ' ')")
fi
if [[ -f "$WORK/bolt.sample" ]]; then
  [[ $(kv "$WORK/bolt.sample" status) == 200 ]] || WARN+=("Bolt answered the sample signed request with HTTP $(kv "$WORK/bolt.sample" status)")
  errs=$(grep -ciE 'error' "$WORK/bolt.log" || true)
  [[ "$errs" -eq 0 ]] || WARN+=("Bolt's log has $errs lines mentioning error, e.g.: $(grep -i error "$WORK/bolt.log" | head -n 1 | cut -c1-200)")
fi
for n in starcoach floor bolt; do
  [[ -f "$WORK/$n.bench" ]] || continue
  expected_non2xx=0
  [[ $n == floor ]] && expected_non2xx=$(bench_field "$WORK/$n.bench" requests)
  [[ $(bench_field "$WORK/$n.bench" non2xx) == "$expected_non2xx" ]] || WARN+=("$n: $(bench_field "$WORK/$n.bench" non2xx) responses with status >= 400 under load (expected $expected_non2xx)")
  busy=$(kv "$WORK/$n.info" busy_before)
  (( busy > 10 )) && WARN+=("$n: the CPUs were $busy% busy in the second before the run; other work on this machine skews the numbers")
done
if ((${#WARN[@]})); then
  { echo; echo "Warnings:"; for w in "${WARN[@]}"; do echo "- $w"; done; } >>"$REPORT"
fi

echo
cat "$REPORT"
if [[ -z "$BENCH_ONLY" ]]; then
  cp "$REPORT" "$HERE/results.md"
  echo
  echo "(written to bench/load/results.md)"
else
  echo
  echo "(BENCH_ONLY=$BENCH_ONLY: bench/load/results.md not rewritten)"
fi
