#!/usr/bin/env bash
# The pages and API people use, logged in, with the page cache off: Medspil on SQLite and on
# PostgreSQL (one node each) with `demo --scale N --tips N` data, measured with wrk (Debian
# package `wrk`). Every request carries Liselotte's session cookie and an API token, the bare
# /healthz route too, and every route is compared with that bare route in the same run, since
# the machine is shared and absolute numbers drift. For each route: CONNECTIONS clients for
# SECONDS (req/s, share of the bare route, p99), then one client alone (p95). The server's
# resident memory is sampled every second; its peak is printed per engine. Then the latency of
# matching, one request at a time (bench/matching.lua asks for another need, offer or place),
# and last, sign-ups for one event (bench/signups.sh).
#
#   bench/run.sh [N=100000] [CONNECTIONS=64] [SECONDS=10] [ENGINES="sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}; C=${2:-64}; D=${3:-10}; ENGINES=${4:-"sqlite postgres"}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
cargo build --release --quiet
WORK=$(mktemp -d); ADDR=127.0.0.1:8099; BIN=target/release/medspil; PID=""; SAMPLER=""
PG_ADMIN=postgres://postgres@127.0.0.1:5432/test
PG_BENCH=postgres://postgres@127.0.0.1:5432/medspil_bench
trap '[ -n "$SAMPLER" ] && kill $SAMPLER 2>/dev/null; [ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

# One wrk run: prints "req/s p95 p99 non-2xx" (milliseconds).
measure() { # connections, path
  wrk -t"$(( $1 > 1 ? 2 : 1 ))" -c"$1" -d"${D}s" -H "Cookie: medspil_session=$SESSION" \
    -H "Authorization: Bearer $TOKEN" -s bench/report.lua "http://$ADDR$2" | tail -n1
}

for ENGINE in $ENGINES; do
  if [ "$ENGINE" = sqlite ]; then
    URL="sqlite://$WORK/bench.db"
  else
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS medspil_bench" -c "CREATE DATABASE medspil_bench"
    URL=$PG_BENCH
  fi
  echo; echo "== $ENGINE: demo --scale $N --tips $N =="
  MEDSPIL_LOG=error $BIN --database-url "$URL" demo --scale "$N" --tips "$N"
  MEDSPIL_LOG=error $BIN --database-url "$URL" --addr $ADDR --page-cache-ms 0 serve --no-demo >/dev/null &
  PID=$!
  for _ in $(seq 1 100); do curl -sf http://$ADDR/healthz >/dev/null && break; sleep 0.2; done
  # Liselotte (who has an offer): a session for the pages, a token for the API.
  CSRF=$(curl -s -c "$WORK/jar" http://$ADDR/login | sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' | head -n1)
  curl -s -o /dev/null -b "$WORK/jar" -c "$WORK/jar" \
    -d "csrf=$CSRF&email=liselotte@example.dk&password=medspil-demo" http://$ADDR/login
  SESSION=$(awk '/medspil_session/ {print $7}' "$WORK/jar")
  TOKEN=$(curl -s -X POST http://$ADDR/api/v1/tokens -H 'content-type: application/json' \
    -d '{"email":"liselotte@example.dk","password":"medspil-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  INITIATIVE=$(curl -s "http://$ADDR/api/v1/initiatives?per_page=1&sort=created" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
  EVENT=$(curl -s "http://$ADDR/api/v1/events" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
  POOL=$(curl -s "http://$ADDR/api/v1/pools" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
  : > "$WORK/memory"
  (while kill -0 $PID 2>/dev/null; do
     awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s %s ", $1, $2} END {print ""}' /proc/$PID/status >> "$WORK/memory"
     sleep 1
   done) &
  SAMPLER=$!

  echo "$C connections, ${D} s per route; then one client alone"
  printf "%-46s %9s %8s %9s %11s %8s\n" route "req/s" "vs bare" "p99 ms" "alone p95" non-2xx
  BARE=""
  for route in /healthz /initiatives /api/v1/initiatives "/api/v1/initiatives?q=varmestuen" \
      "/initiatives/$INITIATIVE" "/events/$EVENT" "/pools/$POOL" \
      "/api/v1/initiatives?q=gr%C3%B8nne" /help /tips; do
    read -r RPS _ P99 ERR <<< "$(measure "$C" "$route")"
    read -r _ ALONE _ _ <<< "$(measure 1 "$route")"
    [ -z "$BARE" ] && BARE=$RPS
    printf "%-46s %9.0f %7.1f%% %9.1f %11.2f %8s\n" "$route" "$RPS" \
      "$(echo "100*$RPS/$BARE" | bc -l)" "$P99" "$ALONE" "$ERR"
  done
  echo "peak memory of the server (kB): $(awk '{for (i = 1; i < NF; i += 2) if ($(i+1) > max[$i]) max[$i] = $(i+1)}
    END {printf "VmRSS %d, of which anonymous (its own) %d and file-backed (the program, its libraries and the shared index of the database) %d", max["VmRSS:"], max["RssAnon:"], max["RssFile:"]}' "$WORK/memory")"

  NEEDS=$(curl -s "http://$ADDR/api/v1/needs?per_page=1" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
  OFFERS=$(curl -s "http://$ADDR/api/v1/offers?per_page=1" | sed -E 's/^[^0-9]*"id":([0-9]+).*/\1/')
  echo "matching, one client, ${D} s each"
  for m in "need $NEEDS /api/v1/needs/{random}/matches" "offer $OFFERS /api/v1/offers/{random}/matches" "near 0 /api/v1/needs/near?{random-place}"; do
    set -- $m
    printf "%-46s " "$3"
    MATCH=$1 COUNT=$2 wrk -t1 -c1 -d"${D}s" -s bench/matching.lua "http://$ADDR" | tail -n1
  done
  kill $SAMPLER 2>/dev/null || true; SAMPLER=""
  kill $PID; wait $PID 2>/dev/null || true; PID=""
done

# Last, sign-ups for one event on the same engines: 50,000 people with tokens, one event with
# 1,000 places, CONNECTIONS clients (bench/signups.sh; its own data).
ENGINES="$ENGINES" bash bench/signups.sh 10000 "$C" "$D" 50000
