#!/usr/bin/env bash
# Trunk post_build hook: tells the browser about the build's glue and main module in
# index.html itself, so they download beside the start module instead of after it (one round
# trip less on a phone; Trunk's own rust pipeline adds the same hints, but it is skipped here).
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
build=$(basename "$(ls -d "$dir"/pkg/b-* | head -1)")
hints="<link rel=\"modulepreload\" href=\"/pkg/$build/portal.js\" crossorigin=\"anonymous\">"
hints+="<link rel=\"preload\" href=\"/pkg/$build/portal_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">"
sed -i "s|<link data-trunk rel=\"rust\"[^>]*>|$hints|" "$dir/index.html"
grep -q "pkg/$build/portal_bg.wasm" "$dir/index.html" || { echo "preload hints not inserted" >&2; exit 1; }
