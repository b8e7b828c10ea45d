#!/usr/bin/env bash
# The address register: how fast `medspil addresses import` loads a DAWA CSV of ROWS access
# addresses (the sample's streets repeated under new ids and numbers, as wide as DAWA's own), on
# SQLite and on PostgreSQL, into an empty register and again over a full one; then how long
# `medspil backup` takes of the SQLite database that holds them.
#
#   [ENGINES="sqlite postgres"] bench/addresses.sh [ROWS=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
cargo build --release --quiet
WORK=$(mktemp -d); BIN=target/release/medspil
PG_ADMIN=postgres://postgres@127.0.0.1:5432/test
PG_BENCH=postgres://postgres@127.0.0.1:5432/medspil_bench
trap 'rm -rf "$WORK"' EXIT
python3 - "$ROWS" "$WORK/addresses.csv" <<'PY'
import csv, random, sys, uuid
rows, out = int(sys.argv[1]), sys.argv[2]
sample = list(csv.DictReader(open("samples/addresses/aarhus-dawa.csv", encoding="utf-8")))
random.seed(1)
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, list(sample[0]), lineterminator="\r\n")
    w.writeheader()
    for i in range(rows):
        r = dict(sample[i % len(sample)])
        r["id"] = str(uuid.UUID(int=random.getrandbits(128)))
        r["husnr"] = str(i // len(sample) % 999 + 1)
        r["vejnavn"] = f"{r['vejnavn']} {i // (len(sample) * 999)}"
        w.writerow(r)
PY
echo "$(du -h "$WORK/addresses.csv" | cut -f1) for $ROWS rows"
for ENGINE in ${ENGINES:-sqlite postgres}; do
  if [ $ENGINE = sqlite ]; then
    URL="sqlite://$WORK/bench.db"
  else
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS medspil_bench" -c "CREATE DATABASE medspil_bench"
    URL=$PG_BENCH
  fi
  MEDSPIL_LOG=error $BIN --database-url "$URL" migrate >/dev/null
  echo "== $ENGINE =="
  for RUN in "empty register" "over a full one"; do
    printf "%-16s " "$RUN:"; MEDSPIL_LOG=error $BIN --database-url "$URL" addresses import "$WORK/addresses.csv"
  done
  if [ $ENGINE = sqlite ]; then
    printf "backup: "; MEDSPIL_LOG=error $BIN --database-url "$URL" backup "$WORK/backup.db"
  fi
done
