#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan), seeds their corpora from ../shared and
# runs each target, one after the other, for SECONDS.
#
#   fuzz/run.sh SECONDS [target...]      targets: verify_fuzz form_fuzz dispatch_fuzz slash_fuzz scorer_fuzz
#
# Everything generated lives under build-fuzz/: seeds/<target> (rebuilt each run),
# corpus/<target> (grows across runs), artifacts/<target>/ (crash-*, timeout-*, oom-*, leak-*),
# logs/<target>.log. Reproduce a finding with: build-fuzz/fuzz/<target> <artifact>
# Exit status: 0 when every target ran clean, 1 when any found something, 2 bad usage.
# Environment: STARCOACH_SHARED_DIR (default ../shared), FUZZ_JOBS (build parallelism).
set -uo pipefail

ALL=(verify_fuzz form_fuzz dispatch_fuzz slash_fuzz scorer_fuzz)
if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -eq 0 ]; then
  echo "usage: fuzz/run.sh SECONDS [target...]   (targets: ${ALL[*]})" >&2
  exit 2
fi
SECS=$1
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
for t in "${TARGETS[@]}"; do
  [[ " ${ALL[*]} " == *" $t "* ]] || { echo "run.sh: unknown target $t (known: ${ALL[*]})" >&2; exit 2; }
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build-fuzz
SHARED=${STARCOACH_SHARED_DIR:-$ROOT/../shared}
JOBS=${FUZZ_JOBS:-$(nproc)}

for tool in clang clang++ cmake python3; do
  command -v "$tool" >/dev/null || {
    echo "run.sh: $tool not found: run deploy/install-deps.sh (it installs clang and libclang-rt-14-dev)" >&2
    exit 2
  }
done

if [ ! -f "$BUILD/CMakeCache.txt" ] || ! grep -q '^STARCOACH_FUZZ:BOOL=ON' "$BUILD/CMakeCache.txt"; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DSTARCOACH_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD.configure.log" 2>&1 ||
    { cat "$BUILD.configure.log" >&2; echo "run.sh: configure failed" >&2; exit 2; }
fi
cmake --build "$BUILD" --target "${TARGETS[@]}" -j"$JOBS" >"$BUILD/fuzz-build.log" 2>&1 ||
  { tail -40 "$BUILD/fuzz-build.log" >&2; echo "run.sh: build failed (log: $BUILD/fuzz-build.log)" >&2; exit 2; }

rm -rf "$BUILD/seeds"
python3 "$ROOT/fuzz/seed.py" "$SHARED" "$BUILD/seeds" || { echo "run.sh: seeding failed" >&2; exit 2; }
mkdir -p "$BUILD/logs"

found=0
summary=()
for t in "${TARGETS[@]}"; do
  corpus=$BUILD/corpus/$t
  artifacts=$BUILD/artifacts/$t
  log=$BUILD/logs/$t.log
  mkdir -p "$corpus" "$artifacts"
  max_len=65536
  extra=()
  case $t in
    dispatch_fuzz) max_len=300000; extra=(-dict="$ROOT/fuzz/dispatch.dict") ;;  # past the 256 KiB body cap
  esac
  before=$(find "$artifacts" -type f | wc -l)
  echo "== $t: ${SECS}s (log: $log)"
  # -timeout: one input taking 30 s is a denial of service, reported like a crash.
  "$BUILD/fuzz/$t" "$corpus" "$BUILD/seeds/$t" \
    -max_total_time="$SECS" -rss_limit_mb=2048 -max_len="$max_len" -timeout=30 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "${extra[@]}" >"$log" 2>&1
  rc=$?
  after=$(find "$artifacts" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corp=$(grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')
  files=$(find "$corpus" -type f | wc -l)
  if [ $rc -ne 0 ] || [ "$after" -gt "$before" ]; then
    result=FOUND
    found=1
    echo "-- $t FOUND (exit $rc); last lines of $log:"
    grep -E 'ERROR|FUZZ FAILURE|runtime error|SUMMARY|terminate|what\(\)|Test unit written' "$log" | head -20
  else
    result=clean
  fi
  line=$(printf '%-14s %6ss  executions %-10s exec/s %-7s corpus %-12s files %-6s %s' \
    "$t" "$SECS" "${execs:-?}" "${rate:-?}" "${corp:-?}" "$files" "$result")
  echo "$line"
  summary+=("$line")
done

echo
echo "== summary (${SECS}s per target)"
printf '%s\n' "${summary[@]}"
exit $found
