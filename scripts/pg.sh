#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks (see shared/RECIPES.md).
#
#   url=$(scripts/pg.sh start)        a free port and a private data folder (mktemp -d) per run,
#                                     so two runs on one machine never stop each other's server;
#                                     prints the URL on stdout and how to stop it on stderr
#   scripts/pg.sh stop URL|PORT|DIR   stops that server and removes its data folder
#   url=$(scripts/pg.sh start PORT)   the older form: a fixed port with the folder
#                                     /tmp/open-nijmegen-pg-PORT (reused when it runs already)
#   scripts/pg.sh url PORT            the URL of a server on PORT
#
# As root, pg_ctl refuses to run, so the server runs as the postgres user.
set -euo pipefail
cmd=${1:-}
arg=${2:-${PGPORT:-}}  # PGPORT in the environment: the older fixed-port form
DB=${PGDATABASE:-open_nijmegen_test}
PREFIX=/tmp/open-nijmegen-pg-

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

url_for() { echo "postgresql+psycopg://postgres@127.0.0.1:$1/$DB"; }

free_port() {
  # The kernel hands out a free port; a race with another run is caught by the retry below.
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

own_folder() {
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}

run_server() {  # run_server DIR PORT: initdb and start; returns non-zero when it cannot start
  local dir=$1 port=$2
  as_pg "$PGBIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
}

create_db() {
  psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null
}

folders_of() {  # the data folders a stop argument (URL, port or folder) points at
  local a=$1 port
  if [ -d "$a" ]; then echo "$a"; return; fi
  port=$a
  if [[ "$a" == *://* ]]; then port=${a##*:}; port=${port%%/*}; fi
  [[ "$port" =~ ^[0-9]+$ ]] || { echo "scripts/pg.sh stop: give the URL, the port or the folder" >&2; exit 2; }
  for d in "$PREFIX$port" "$PREFIX$port".*; do
    [ -d "$d" ] && echo "$d"
  done
  return 0
}

case "$cmd" in
  start)
    PGBIN=$(pgbin)
    if [ -n "$arg" ]; then
      # Fixed port (backwards compatible): one folder per port, reused when it runs already.
      PGDATA=${PGDATA:-$PREFIX$arg}
      if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        echo "postgresql already running on $arg" >&2
      else
        rm -rf "$PGDATA"
        install -d -m 700 "$PGDATA" && own_folder "$PGDATA"
        run_server "$PGDATA" "$arg"
      fi
      create_db "$arg"
      url_for "$arg"
      exit 0
    fi
    for _try in 1 2 3 4 5; do
      port=$(free_port)
      dir=$(mktemp -d "$PREFIX$port.XXXXXX")
      own_folder "$dir"
      if run_server "$dir" "$port" 2>/dev/null; then
        create_db "$port"
        echo "PostgreSQL runs on port $port (data in $dir). Stop it with: scripts/pg.sh stop $port" >&2
        url_for "$port"
        exit 0
      fi
      as_pg "$PGBIN/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    done
    echo "PostgreSQL did not start (no free port found after 5 tries)" >&2
    exit 1
    ;;
  stop)
    [ -n "$arg" ] || { echo "usage: $0 stop URL|PORT|DIR" >&2; exit 2; }
    PGBIN=$(pgbin)
    dirs=$(folders_of "$arg")
    for dir in $dirs; do
      as_pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    done
    ;;
  url)
    url_for "${arg:-54329}"
    ;;
  *)
    echo "usage: $0 start [PORT] | stop URL|PORT|DIR | url PORT" >&2
    exit 2
    ;;
esac
