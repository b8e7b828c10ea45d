#!/usr/bin/env bash
# Tips: POST throughput through Open311 with and without a photo (a 3000×2000 JPEG from a
# phone-sized camera, decoded, turned, downscaled and written again), and the map, GeoJSON and
# Open311 reads over TIPS synthetic tips, on SQLite and on PostgreSQL (one node each, no page
# cache). Beside each figure, the bare /healthz route of the same server in the same run.
# Posting with a photo runs with 4 connections (the others with CONNECTIONS).
#
#   bench/tips.sh [TIPS=100000] [CONNECTIONS=16] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
TIPS=${1:-100000}; C=${2:-16}; D=${3:-10}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
CONVERT=$(command -v magick || ls /usr/bin/convert 2>/dev/null || true)
[ -n "$CONVERT" ] || { echo "install ImageMagick for the test photo (apt-get install imagemagick)"; exit 1; }
cargo build --release --quiet
WORK=$(mktemp -d); ADDR=127.0.0.1:8099; BIN=target/release/medspil; PID=""
PG_ADMIN=postgres://postgres@127.0.0.1:5432/test
PG_BENCH=postgres://postgres@127.0.0.1:5432/medspil_bench
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
"$CONVERT" -size 3000x2000 plasma:green-blue -quality 90 "$WORK/photo.jpg"
echo "photo: 3000×2000 JPEG, $(($(stat -c %s "$WORK/photo.jpg") / 1024)) kB"

measure() { # label, then wrk arguments
  local label=$1; shift
  printf "%-44s " "$label"
  wrk -t2 -c"$C" -d"${D}s" "$@" | awk '/Requests\/sec/ {r=$2} /Latency/ {l=$2} /Non-2xx/ {e=$5} END {printf "%s req/s  mean %s  non-2xx %s\n", r, l, (e == "" ? 0 : e)}'
}

for ENGINE in sqlite postgres; do
  if [ $ENGINE = sqlite ]; then
    URL="sqlite://$WORK/bench.db"
  else
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS medspil_bench" -c "CREATE DATABASE medspil_bench"
    URL=$PG_BENCH
  fi
  echo; echo "== $ENGINE: demo --tips $TIPS =="
  MEDSPIL_LOG=error $BIN --database-url "$URL" demo --tips "$TIPS"
  KEY=$(MEDSPIL_LOG=error $BIN --database-url "$URL" open311-key create --name bench 2>/dev/null)
  MEDSPIL_LOG=error $BIN --database-url "$URL" --addr $ADDR --page-cache-ms 0 serve --no-demo >/dev/null &
  PID=$!
  for _ in $(seq 1 50); do curl -sf http://$ADDR/healthz >/dev/null && break; sleep 0.2; done
  measure "/healthz (bare)" "http://$ADDR/healthz"
  measure "GET /tips (map and list, 500 newest open)" "http://$ADDR/tips"
  measure "GET /tips.geojson?bbox= (Frederiksbjerg)" "http://$ADDR/tips.geojson?bbox=10.198,56.144,10.212,56.152"
  measure "GET /open311/v2/requests.json (90 days)" "http://$ADDR/open311/v2/requests.json"
  printf "%-44s " "GET /tips.geojson (every open tip)"
  wrk -t1 -c2 -d"${D}s" --timeout 30s "http://$ADDR/tips.geojson" | awk '/Requests\/sec/ {r=$2} /Latency/ {l=$2} END {printf "%s req/s  mean %s  (2 connections)\n", r, l}'
  echo "  size: $(($(curl -s http://$ADDR/tips.geojson | wc -c) / 1024)) kB"
  printf "%-44s " "POST /open311/v2/requests.json"
  KEY=$KEY wrk -t2 -c"$C" -d"${D}s" -s bench/tips.lua "http://$ADDR/open311/v2/requests.json" | tail -n1
  # A photo keeps a core busy for a good part of a second: two clients per core.
  printf "%-44s " "POST /open311/v2/requests.json + photo"
  KEY=$KEY PHOTO="$WORK/photo.jpg" wrk -t2 -c4 -d"${D}s" --timeout 30s -s bench/tips.lua "http://$ADDR/open311/v2/requests.json" | tail -n1
  kill $PID; wait $PID 2>/dev/null || true; PID=""
done
