#!/usr/bin/env bash
# Builds the portal in release mode into dist/ and precompresses it for the server.
# The wasm is split into route chunks by scripts/split-wasm.sh (Trunk's pre_build hook).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
# Trunk replaces dist/ whole. A page opened before this deploy still fetches its screens from
# its own build's folder (pkg/b-<hash>), so the newest earlier builds are kept beside the new.
KEEP_BUILDS=3
kept=$(mktemp -d)
if [ -d dist/pkg ]; then
  for old in $(ls -dt dist/pkg/b-* 2>/dev/null | head -n "$KEEP_BUILDS"); do cp -a "$old" "$kept/"; done
fi
mkdir -p target
wasm_env trunk build --release >target/trunk.log 2>&1 || { tail -40 target/trunk.log; rm -rf "$kept"; exit 1; }
current=$(basename "$(ls -d target/split/out/pkg/b-*)")
for old in "$kept"/b-*; do
  [ -d "$old" ] && [ "$(basename "$old")" != "$current" ] && cp -a "$old" dist/pkg/
done
rm -rf "$kept"
# Each build gets its own service worker version, so a deploy is picked up (update prompt).
build_id=$(sha256sum dist/index.html | cut -c1-16)
sed -i "s/__BUILD__/$build_id/" dist/sw.js
# The server prefers these when the browser accepts them (no compression work per request).
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) |
  while read -r f; do
    [ -f "$f.br" ] && [ "$f.br" -nt "$f" ] && continue
    brotli -f -q 11 -k "$f"
    gzip -f -9 -k "$f"
  done
pkg="dist/pkg/$current"
main="$pkg/portal_bg.wasm"
chunks=$(find "$pkg" -name '*.wasm' ! -name 'portal_bg.wasm' -exec stat -c %s {}.br \; | awk '{s+=$1; n++} END {print n+0, s+0}')
echo "portal built ($current): main wasm $(stat -c %s "$main") bytes, $(stat -c %s "$main.br") brotli;" \
  "$(echo "$chunks" | cut -d' ' -f1) chunks, $(echo "$chunks" | cut -d' ' -f2) bytes brotli"
