#!/usr/bin/env bash
# Load benchmark: Medspil on SQLite with `demo --scale N` data, measured with wrk
# (Debian package `wrk`). Each route is compared with the bare /healthz route of the same server
# in the same run, since the machine is shared and absolute numbers drift. Runs twice: with the
# anonymous-page micro-cache off (every request builds its page) and on (the default). Then the
# latency of matching, one request at a time (bench/matching.lua asks for another need, offer
# or place each time).
#
#   bench/run.sh [N=100000] [CONNECTIONS=64] [SECONDS=15]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}; C=${2:-64}; D=${3:-15}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
cargo build --release --quiet
WORK=$(mktemp -d); DB="sqlite://$WORK/bench.db"; ADDR=127.0.0.1:8099
BIN=target/release/medspil
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
echo "loading demo data with --scale $N …"
MEDSPIL_LOG=error $BIN --database-url "$DB" demo --scale "$N"

for CACHE_MS in 0 1000; do
  MEDSPIL_LOG=error $BIN --database-url "$DB" --addr $ADDR --page-cache-ms $CACHE_MS serve --no-demo >/dev/null &
  PID=$!
  for _ in $(seq 1 50); do curl -sf http://$ADDR/healthz >/dev/null && break; sleep 0.2; done
  ID=$(curl -s "http://$ADDR/api/v1/initiatives?per_page=1&sort=created" | sed -E 's/.*"id":([0-9]+).*/\1/')
  echo; echo "page cache: ${CACHE_MS} ms, $C connections, ${D} s per route"
  printf "%-44s %10s %10s %10s %8s\n" route "req/s" "p50" "p99" "vs bare"
  BARE=""
  for route in /healthz /initiatives /api/v1/initiatives "/initiatives?q=haver" "/api/v1/initiatives?q=gr%C3%B8nne%20haver" "/initiatives/$ID"; do
    OUT=$(wrk -t2 -c"$C" -d"${D}s" --latency "http://$ADDR$route")
    RPS=$(echo "$OUT" | awk '/Requests\/sec/ {print $2}')
    P50=$(echo "$OUT" | awk '$1=="50%" {print $2}')
    P99=$(echo "$OUT" | awk '$1=="99%" {print $2}')
    [ -z "$BARE" ] && BARE=$RPS
    printf "%-44s %10s %10s %10s %7.0f%%\n" "$route" "$RPS" "$P50" "$P99" "$(echo "100*$RPS/$BARE" | bc -l)"
  done
  echo "resident memory of the server: $(ps -o rss= -p $PID | awk '{printf "%.0f MB", $1/1024}')"
  kill $PID; wait $PID 2>/dev/null || true; PID=""
done

MEDSPIL_LOG=error $BIN --database-url "$DB" --addr $ADDR --page-cache-ms 0 serve --no-demo >/dev/null &
PID=$!
for _ in $(seq 1 50); do curl -sf http://$ADDR/healthz >/dev/null && break; sleep 0.2; done
NEEDS=$(curl -s "http://$ADDR/api/v1/needs?per_page=1" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
OFFERS=$(curl -s "http://$ADDR/api/v1/offers?per_page=1" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
echo; echo "matching, one client, ${D} s each (ids up to $NEEDS needs, $OFFERS offers)"
for m in "need $NEEDS /api/v1/needs/{random}/matches" "offer $OFFERS /api/v1/offers/{random}/matches" "near 0 /api/v1/needs/near?{random-place}"; do
  set -- $m
  printf "%-42s " "$3"
  MATCH=$1 COUNT=$2 wrk -t1 -c1 -d"${D}s" -s bench/matching.lua "http://$ADDR" | tail -n1
done
kill $PID; wait $PID 2>/dev/null || true; PID=""
