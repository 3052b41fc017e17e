#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks (see shared/RECIPES.md).
# usage: scripts/pg.sh start|stop|url [PORT]
# As root, pg_ctl refuses to run, so the server runs as the postgres user.
set -euo pipefail
cmd=${1:-}
PGPORT=${2:-${PGPORT:-54329}}
PGDATA=${PGDATA:-/tmp/open-nijmegen-pg-$PGPORT}
DB=${PGDATABASE:-open_nijmegen_test}

pgbin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ]; then
    echo "PostgreSQL is not installed. Install it with: apt-get install -y postgresql" >&2
    exit 3
  fi
  echo "$d"
}

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    PGBIN=$(pgbin)
    if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      echo "postgresql already running on $PGPORT" >&2
    else
      rm -rf "$PGDATA"
      if [ "$(id -u)" = "0" ]; then install -d -o postgres -g postgres -m 700 "$PGDATA"; else install -d -m 700 "$PGDATA"; fi
      as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    fi
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
      || psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null
    echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/$DB"
    ;;
  stop)
    PGBIN=$(pgbin)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA"
    ;;
  url)
    echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/$DB"
    ;;
  *)
    echo "usage: $0 start|stop|url [PORT]" >&2
    exit 2
    ;;
esac
