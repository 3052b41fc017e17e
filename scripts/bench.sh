#!/usr/bin/env bash
# `make bench`: every benchmark, with its data sizes and its baseline printed.
#   - taal: the B1 checker on a 1,000-word text (target: under 50 ms after the first load);
#   - loting: the maximin lottery for 1,000 volunteers and 150 seats (time, minimum probability);
#     maximin beside leximin on the same 1,000 / 150 / 5 features (target: leximin within
#     10 minutes; minimum probability of each); 2,000 invitation letters as a PDF (target: under
#     2 minutes);
#   - ideeën: pages under gunicorn (2 workers) on PostgreSQL measured with wrk, against a bare
#     Flask route rendering a template of the same size (the floor), at 10,000 and 100,000 ideas;
#   - begroten: counting 60 projects x 20,000 ballots with equal shares (time, peak memory);
#     the voting page with 10,000 ballots cast against a same-size floor (target >= 70%), and
#     24 voters voting at once, then the recount against the totals (bench/begroten_bench.py).
#   - peilingen: the results page of a weighted peiling with 50,000 responses and 20 questions
#     (target: under 200 ms warm), raking 50,000 respondents on two margins (target: under
#     2 s), and the answering page against a same-size floor (target >= 70%)
#     (bench/peilingen_bench.py).
# Set BENCH_ONLY=taal|loting|ideeen|begroten|peilingen to run one; BENCH_QUICK=1 for smaller sizes.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
only=${BENCH_ONLY:-all}
status=0

run() { [ "$only" = all ] || [ "$only" = "$1" ]; }

if run taal; then
  echo "== taal: B1 checker =="
  $BIN/python -m open_nijmegen.taal.bench || status=1
fi

if run loting; then
  echo "== loting: maximin lottery =="
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    $BIN/python -m open_nijmegen.inwonersberaad.bench --people 200 --seats 20 || status=1
  else
    $BIN/python -m open_nijmegen.inwonersberaad.bench --people 1000 --seats 150 || status=1
  fi
  echo "== loting: maximin beside leximin on the same input =="
  uptime
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    $BIN/python -m open_nijmegen.inwonersberaad.bench --compare --people 200 --seats 20 --features 5 || status=1
  else
    $BIN/python -m open_nijmegen.inwonersberaad.bench --compare --people 1000 --seats 150 --features 5 || status=1
  fi
  echo "== brieven: invitation letters as one PDF =="
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    $BIN/python -m open_nijmegen.inwonersberaad.bench --letters 200 || status=1
  else
    $BIN/python -m open_nijmegen.inwonersberaad.bench --letters 2000 || status=1
  fi
fi

if run begroten; then
  echo "== begroten: equal shares count =="
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    $BIN/python -m open_nijmegen.begroten.bench --projects 30 --ballots 2000 || status=1
  else
    $BIN/python -m open_nijmegen.begroten.bench --projects 60 --ballots 20000 || status=1
  fi
  echo "== begroten: the voting page with 10,000 ballots cast, and 24 voters at once =="
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
  burl=""
  trap 'if [ -n "$burl" ]; then scripts/pg.sh stop "$burl" >/dev/null 2>&1 || true; fi' EXIT
  burl=$(PGDATABASE=open_nijmegen_bench_begroten scripts/pg.sh start) || exit 1
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    $BIN/python bench/begroten_bench.py --database-url "$burl" --ballots 1000 --rounds 2 --duration 3 || status=1
  else
    $BIN/python bench/begroten_bench.py --database-url "$burl" --ballots 10000 --voters 24 || status=1
  fi
  scripts/pg.sh stop "$burl" >/dev/null 2>&1 || true
  burl=""
fi

if run peilingen; then
  echo "== peilingen: results page, raking and the answering page =="
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
  purl=""
  trap 'if [ -n "$purl" ]; then scripts/pg.sh stop "$purl" >/dev/null 2>&1 || true; fi' EXIT
  purl=$(PGDATABASE=open_nijmegen_bench_peilingen scripts/pg.sh start) || exit 1
  if [ "${BENCH_QUICK:-0}" = 1 ]; then
    $BIN/python bench/peilingen_bench.py --database-url "$purl" --responses 5000 --rounds 2 --duration 3 || status=1
  else
    $BIN/python bench/peilingen_bench.py --database-url "$purl" --responses 50000 || status=1
  fi
  scripts/pg.sh stop "$purl" >/dev/null 2>&1 || true
  purl=""
fi

if run gewicht; then
  echo "== page weight on a phone (demo data) =="
  $BIN/python bench/page_weight.py || status=1
fi

if run ideeen; then
  echo "== ideeën: pages under load =="
  if [ -f bench/ideeen_bench.py ]; then
    command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || {
      echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
    PGPORT=${BENCH_PGPORT:-}  # empty: a free port and a private folder (scripts/pg.sh)
    url=""
    trap 'if [ -n "$url" ]; then scripts/pg.sh stop "$url" >/dev/null 2>&1 || true; fi' EXIT
    url=$(PGDATABASE=open_nijmegen_bench scripts/pg.sh start ${PGPORT:+"$PGPORT"}) || exit 1
    sizes="10000 100000"
    [ "${BENCH_QUICK:-0}" = 1 ] && sizes="2000"
    $BIN/python bench/ideeen_bench.py --database-url "$url" --sizes $sizes || status=1
  else
    echo "bench/ideeen_bench.py is not there yet." >&2
    status=1
  fi
fi
exit $status
