#!/usr/bin/env bash
# `make loadtest`: two app instances, two workers, Redis and PostgreSQL on loopback, a few
# hundred simulated residents, faults in the middle (see bench/loadtest.py), then the checks.
# Bounded in time (about 3-4 minutes). Not part of `make test`.
#   LOADTEST_SECONDS (default 90)  LOADTEST_RESIDENTS (default 300)  LOADTEST_PGPORT (default: a free port)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PGPORT=${LOADTEST_PGPORT:-}

if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing redis-server" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null || {
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } || exit 1
  else
    echo "The load test needs Redis: sudo apt-get install -y redis-server" >&2
    exit 1
  fi
fi

url=""
trap 'if [ -n "$url" ]; then scripts/pg.sh stop "$url" >/dev/null 2>&1 || true; fi' EXIT
url=$(PGDATABASE=open_nijmegen_loadtest scripts/pg.sh start ${PGPORT:+"$PGPORT"}) || { echo "Could not start PostgreSQL" >&2; exit 1; }
$BIN/python bench/loadtest.py --database-url "$url" \
  --seconds "${LOADTEST_SECONDS:-90}" --residents "${LOADTEST_RESIDENTS:-300}"
