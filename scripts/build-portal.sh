#!/usr/bin/env bash
# Builds the portal in release mode into dist/ and precompresses it for the server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
# Trunk runs cargo with --offline (Trunk.toml: offline = true). With build-std, std's own
# dependencies (dlmalloc …) must then already be downloaded: building once first, online,
# fetches them; Trunk's cargo call then reuses the artifacts.
wasm_env cargo build --quiet --release --target wasm32-unknown-unknown --bin portal
wasm_env trunk build --release >target/trunk.log 2>&1 || { tail -40 target/trunk.log; exit 1; }
# Each build gets its own service worker version, so a deploy is picked up (update prompt).
build_id=$(sha256sum dist/index.html | cut -c1-16)
sed -i "s/__BUILD__/$build_id/" dist/sw.js
# The server prefers these when the browser accepts them (no compression work per request).
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) |
  while read -r f; do
    brotli -f -q 11 -k "$f"
    gzip -f -9 -k "$f"
  done
wasm=$(ls dist/*_bg.wasm)
echo "portal built: $(stat -c %s "$wasm") bytes wasm, $(stat -c %s "$wasm.br") bytes brotli"
