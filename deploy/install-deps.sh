#!/usr/bin/env bash
# Installs the Debian bookworm packages starcoach builds, tests and benchmarks with.
# Idempotent: packages already present are skipped, and apt-get update runs at most once.
set -euo pipefail
PACKAGES=(
  build-essential cmake pkg-config ca-certificates tzdata openssl python3
  libcpp-httplib-dev libssl-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev sqlite3
  libhowardhinnant-date-dev libgtest-dev libgmock-dev libbenchmark-dev
  wrk faketime clang libclang-rt-14-dev
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
