#!/usr/bin/env bash
# `make bench`: release bundle sizes (raw and brotli) and load metrics under mobile throttling,
# against the real server with demo data. Writes artifacts/bench.json. Not a test: no thresholds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/bootstrap.sh >/dev/null
source scripts/env.sh
scripts/build-portal.sh >/dev/null
cargo build --quiet --profile server -p server
mkdir -p artifacts

echo "Bytes shipped for the first load:"
printf '  %-10s %10s %10s\n' file raw brotli
sizes="{"
for pattern in index.html 'portal-*.js' '*_bg.wasm' '*.css'; do
  f=$(find dist -maxdepth 1 -name "$pattern" | head -1)
  raw=$(stat -c %s "$f"); br=$(stat -c %s "$f.br")
  kind=${pattern//\*/}; kind=${kind#portal-}; kind=${kind#.}; kind=${kind#_bg.}
  printf '  %-10s %10d %10d\n' "$kind" "$raw" "$br"
  sizes+="\"$kind\": {\"raw\": $raw, \"brotli\": $br},"
done
sizes="${sizes%,}}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
target/server/server --mode dev --listen "127.0.0.1:$port" --data-dir "$data" --static-dir dist >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
load=$(cd e2e && BASE_URL="http://127.0.0.1:$port" node bench.mjs "${BENCH_RUNS:-3}")
echo "{\"bytes\": $sizes, \"load\": $load}" > artifacts/bench.json
echo
echo "Load under mobile throttling (median of ${BENCH_RUNS:-3}, ms):"
node -e 'const m=require("./artifacts/bench.json").load.median_ms; for (const [k,v] of Object.entries(m)) console.log("  " + k.padEnd(14) + String(v).padStart(8))'
echo "(written to artifacts/bench.json)"
