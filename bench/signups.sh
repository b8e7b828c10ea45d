#!/usr/bin/env bash
# Sign-up throughput: PEOPLE people sign up for one event with 1,000 places (the rest join the
# waiting list) through the API, with CONNECTIONS concurrent clients, on SQLite and on
# PostgreSQL (one node each), on `demo --scale N` data. Beside each figure, the bare /healthz
# route of the same server in the same run, since the machine is shared and noisy. Afterwards
# the database is checked: exactly 1,000 places given, every sign-up numbered once.
#
#   [ENGINES="sqlite postgres"] [SQLITE_OPTIONS=synchronous=full] bench/signups.sh [N=10000] [CONNECTIONS=64] [SECONDS=15] [PEOPLE=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; C=${2:-64}; D=${3:-15}; PEOPLE=${4:-100000}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
cargo build --release --quiet
WORK=$(mktemp -d); ADDR=127.0.0.1:8099; BIN=target/release/medspil; PID=""
PG_ADMIN=postgres://postgres@127.0.0.1:5432/test
PG_BENCH=postgres://postgres@127.0.0.1:5432/medspil_bench
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

for ENGINE in ${ENGINES:-sqlite postgres}; do
  if [ $ENGINE = sqlite ]; then
    URL="sqlite://$WORK/bench.db${SQLITE_OPTIONS:+?$SQLITE_OPTIONS}"; TARGET="$WORK/bench.db"; QUERY="sqlite3 $WORK/bench.db"
  else
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS medspil_bench" -c "CREATE DATABASE medspil_bench"
    URL=$PG_BENCH; TARGET=$PG_BENCH; QUERY="psql -qtA $PG_BENCH -c"
  fi
  echo; echo "== $ENGINE: demo --scale $N, $PEOPLE people with tokens =="
  MEDSPIL_LOG=error $BIN --database-url "$URL" demo --scale "$N"
  python3 bench/people.py $ENGINE "$TARGET" "$PEOPLE"
  MEDSPIL_LOG=error $BIN --database-url "$URL" --addr $ADDR --page-cache-ms 0 serve --no-demo >/dev/null &
  PID=$!
  for _ in $(seq 1 50); do curl -sf http://$ADDR/healthz >/dev/null && break; sleep 0.2; done
  TOKEN=$(curl -s -X POST http://$ADDR/api/v1/tokens -H 'content-type: application/json' \
    -d '{"email":"jeppe@example.dk","password":"medspil-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  EVENT=$(curl -s -X POST http://$ADDR/api/v1/events -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
    -d '{"title":"Hyg & Byg","starts_at":"2030-06-02T10:00","ends_at":"2030-06-02T23:00","capacity":1000}' | sed -E 's/^\{"id":([0-9]+).*/\1/')
  BARE=$(wrk -t2 -c"$C" -d"${D}s" "http://$ADDR/healthz" | awk '/Requests\/sec/ {print $2}')
  printf "%-32s %s req/s\n" "/healthz (bare)" "$BARE"
  printf "%-32s " "POST /api/v1/events/$EVENT/signups"
  EVENT=$EVENT PEOPLE=$PEOPLE wrk -t2 -c"$C" -d"${D}s" -s bench/signups.lua "http://$ADDR" | tail -n1
  kill $PID; wait $PID 2>/dev/null || true; PID=""
  echo "stored: $($QUERY "SELECT COUNT(*) || ' sign-ups, ' || SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END) || ' with a place, numbers ' || MIN(accepted_order) || '..' || MAX(accepted_order) || ' (' || COUNT(DISTINCT accepted_order) || ' distinct)' FROM event_signups WHERE event_id = $EVENT")"
done
