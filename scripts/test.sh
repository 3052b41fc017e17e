#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it:
#   1. system parts: Chromium, Java, PostgreSQL, Node (installed with apt-get when we can);
#   2. lint (ruff) ;
#   3. the suite on SQLite, with the browser (Playwright + axe) and HTML-checker tests;
#   4. the suite again on a throwaway PostgreSQL server (browser and HTML checks run once).
# Exits non-zero on any failure, including "no tests collected".
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PGPORT=${TEST_PGPORT:-}  # empty: scripts/pg.sh picks a free port and a private folder

say() { printf '\n==> %s\n' "$*"; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null || need_apt+=(default-jre-headless)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need_apt+=(postgresql)
command -v npm >/dev/null || need_apt+=(nodejs npm)
command -v redis-server >/dev/null || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "Installing system parts: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null || {
      echo "Installing ${need_apt[*]} failed." >&2; exit 1; }
  else
    echo "The tests need: ${need_apt[*]}. Install them with:" >&2
    echo "  sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ ! -f tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  say "Installing the W3C Nu HTML checker (npm vnu-jar)"
  (cd tools/vnu && npm ci --no-audit --no-fund --silent) || { echo "npm install in tools/vnu failed" >&2; exit 1; }
fi
export VNU_JAR="$PWD/tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
if [ ! -d tools/oidc-provider/node_modules ]; then
  say "Installing the OpenID Connect test provider (npm oidc-provider)"
  (cd tools/oidc-provider && npm ci --silent) || { echo "npm ci in tools/oidc-provider failed" >&2; exit 1; }
fi
export CHROMIUM_PATH=/usr/bin/chromium

say "Lint: ruff check and ruff format --check"
$BIN/ruff check . || exit 1
$BIN/ruff format --check . || exit 1

status=0

say "Pass 1: the whole suite on SQLite (with browser and HTML-checker tests)"
# The site-wide checks write their results here; the Toegankelijkheid page shows them.
mkdir -p instance
AUTOMATIC_CHECKS_REPORT="$PWD/instance/automatische-controles.json" $BIN/pytest -q -p no:cacheprovider
rc=$?
[ $rc -eq 0 ] || { echo "SQLite pass failed (exit $rc)" >&2; status=1; }

say "Pass 2: the suite on PostgreSQL (a throwaway server of its own)"
url=""
cleanup() { if [ -n "$url" ]; then scripts/pg.sh stop "$url" >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT
if url=$(scripts/pg.sh start ${PGPORT:+"$PGPORT"}); then
  TEST_DATABASE_URL="$url" $BIN/pytest -q -p no:cacheprovider -m "not browser and not htmlcheck"
  rc=$?
  [ $rc -eq 0 ] || { echo "PostgreSQL pass failed (exit $rc)" >&2; status=1; }
else
  echo "Could not start PostgreSQL" >&2
  status=1
fi

if [ $status -eq 0 ]; then say "All tests passed on SQLite and PostgreSQL."; else say "Tests FAILED."; fi
exit $status
