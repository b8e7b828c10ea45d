#!/usr/bin/env bash
# The leaders' overview at city scale: `demo --scale N` (N initiatives with their needs and
# offers) on SQLite and PostgreSQL, one node each, page cache off. One client at a time, so each
# figure is the latency of one overview computed from the records (nothing kept between
# requests): the city's page and API answer, a department's page for its leader, and the list
# behind one figure, each beside the bare /healthz route of the same server in the same run.
#
#   bench/overview.sh [N=100000] [SECONDS=10] [ENGINES="sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}; D=${2:-10}; ENGINES=${3:-"sqlite postgres"}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
cargo build --release --quiet
WORK=$(mktemp -d); ADDR=127.0.0.1:8099; BIN=target/release/medspil; PID=""
PG_ADMIN=postgres://postgres@127.0.0.1:5432/test
PG_BENCH=postgres://postgres@127.0.0.1:5432/medspil_bench
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

measure() { # path: prints "req/s p95 p99 non-2xx", one client, with Brian's session
  wrk -t1 -c1 -d"${D}s" -H "Cookie: medspil_session=$SESSION" -s bench/report.lua "http://$ADDR$1" | tail -n1
}

for ENGINE in $ENGINES; do
  if [ "$ENGINE" = sqlite ]; then
    URL="sqlite://$WORK/bench.db"
  else
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS medspil_bench" -c "CREATE DATABASE medspil_bench"
    URL=$PG_BENCH
  fi
  echo; echo "== $ENGINE: demo --scale $N =="
  MEDSPIL_LOG=error $BIN --database-url "$URL" demo --scale "$N"
  # What autovacuum does in service: the visibility map that lets PostgreSQL answer from the
  # covering indexes alone, which a freshly bulk-loaded table lacks.
  [ "$ENGINE" = postgres ] && psql -q "$URL" -c "VACUUM ANALYZE"
  MEDSPIL_LOG=error $BIN --database-url "$URL" --addr $ADDR --page-cache-ms 0 serve --no-demo >/dev/null &
  PID=$!
  for _ in $(seq 1 100); do curl -sf http://$ADDR/healthz >/dev/null && break; sleep 0.2; done
  # Brian, who leads a centre in Sociale Forhold og Beskæftigelse: his session sees its overview.
  CSRF=$(curl -s -c "$WORK/jar" http://$ADDR/login | sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' | head -n1)
  curl -s -o /dev/null -b "$WORK/jar" -c "$WORK/jar" \
    -d "csrf=$CSRF&email=brian@aarhus.dk&password=medspil-demo" http://$ADDR/login
  SESSION=$(awk '/medspil_session/ {print $7}' "$WORK/jar")
  DEPARTMENT=$(curl -s -b "$WORK/jar" http://$ADDR/overview | sed -nE 's/.*<option value="(department-[0-9]+)" selected.*/\1/p' | head -n1)
  echo "initiatives counted city-wide: $(curl -s "http://$ADDR/api/v1/overview" | grep -oE '"initiatives":[0-9]+' | head -n1)"
  printf "%-52s %9s %9s %9s %8s\n" "route (one client, logged in)" "req/s" "p95 ms" "p99 ms" non-2xx
  for route in /healthz "/overview?scope=city" /api/v1/overview "/overview?scope=$DEPARTMENT" \
      "/overview/initiatives?scope=city&theme=climate" "/overview/csv/neighbourhoods?scope=city"; do
    read -r RPS P95 P99 ERR <<< "$(measure "$route")"
    printf "%-52s %9.1f %9.2f %9.2f %8s\n" "$route" "$RPS" "$P95" "$P99" "$ERR"
  done
  kill $PID; wait $PID 2>/dev/null || true; PID=""
done
