#!/usr/bin/env bash
# `make bench`: what a member's phone downloads, how fast the screens show their data under
# Lighthouse's mobile profile, and how the server holds up under load, against the real server
# with demo data. Prints one table with PASS/FAIL per budget and writes artifacts/bench.json
# (+ bench.txt). A report, not a test: it exits 0 whatever the figures.
#   BENCH_RUNS=N   cold runs per screen (default 5)
#   BENCH_SECS=N   seconds per server load step (default 10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/bootstrap.sh --bench >/dev/null
source scripts/env.sh
echo "building the release bundle and server…" >&2
scripts/build-portal.sh >/dev/null
cargo build --quiet --profile server -p server
mkdir -p artifacts
out=artifacts/bench.json

# ---------- 1. bytes of the first load, and of every route chunk ----------
# The first load: the page, its start module and stylesheet, and the build's glue, chunk
# loader, snippets and main module (pkg/b-<hash>/); route chunks come later (src/lazy.rs).
build_dir=$(ls -d target/split/out/pkg/b-* | head -1)
build_dir="dist/pkg/$(basename "$build_dir")"
entry() { # name file → JSON member
  local raw gz br
  raw=$(stat -c %s "$2"); gz=$(stat -c %s "$2.gz"); br=$(stat -c %s "$2.br")
  printf '"%s": {"raw": %d, "gzip": %d, "brotli": %d}' "$1" "$raw" "$gz" "$br"
}
files="{"; total_raw=0; total_gz=0; total_br=0
first_load=(dist/index.html "$(ls dist/boot-*.js | head -1)" "$(ls dist/main-*.css | head -1)"
  "$build_dir/portal.js" "$build_dir/__wasm_split.js" "$build_dir/portal_bg.wasm")
while read -r f; do first_load+=("$f"); done < <(find "$build_dir/snippets" -name '*.js' | sort)
for f in "${first_load[@]}"; do
  name=$(echo "${f#"$build_dir"/}" | sed -E 's/^dist\///; s/-[0-9a-f]{16}//; s/^portal_bg\.wasm/wasm/; s/^portal\.js/glue.js/; s/^snippets\/portal[^/]*\/src\///')
  files+="$(entry "$name" "$f"),"
  total_raw=$((total_raw + $(stat -c %s "$f"))); total_gz=$((total_gz + $(stat -c %s "$f.gz"))); total_br=$((total_br + $(stat -c %s "$f.br")))
done
files="${files%,}}"
chunks="{"
for f in $(ls "$build_dir"/*.wasm | grep -v portal_bg.wasm | sort -V); do chunks+="$(entry "$(basename "$f" .wasm)" "$f"),"; done
chunks="${chunks%,}}"
# Today's single module for comparison: the same code unsplit, built like the shipped bundle
# (same compiler and panic flags, its own target dir) and through wasm-bindgen and wasm-opt.
echo "building the unsplit wasm for comparison…" >&2
RUSTFLAGS="--cfg erase_components $SHIPPED_PANIC_FLAGS" CARGO_TARGET_DIR=target/bench-unsplit \
  shipped_wasm_env cargo build --quiet --release --target wasm32-unknown-unknown --bin portal
unsplit=$(mktemp -d)
wasm-bindgen target/bench-unsplit/wasm32-unknown-unknown/release/portal.wasm --out-dir "$unsplit" --target web --no-typescript
shipped_wasm_opt "$unsplit/portal_bg.wasm" "$unsplit/opt.wasm"
unsplit_json="{\"raw\": $(stat -c %s "$unsplit/opt.wasm"), \"brotli\": $(brotli -q 11 -c "$unsplit/opt.wasm" | wc -c)}"
rm -rf "$unsplit"
# What the main module is made of, before wasm-opt (which strips the names twiggy needs): one
# listing for both the biggest code by crate and the regex check.
functions="$(mktemp)"
twiggy top -n 1000000 -f csv target/split/work/chunks/portal.wasm >"$functions"
twiggy_json=$(node e2e/bench/twiggy.mjs <"$functions")
# The client must not carry a regex engine (size and start-up): count its functions.
regex_fns=$(grep -cE '(^|[^A-Za-z_])regex(_automata|_syntax)?::' "$functions" || true)
rm -f "$functions"
bytes="{\"files\": $files, \"total\": {\"raw\": $total_raw, \"gzip\": $total_gz, \"brotli\": $total_br}, \"chunks\": $chunks, \"unsplit_wasm\": $unsplit_json, \"twiggy\": $twiggy_json, \"regex_functions\": $regex_fns}"

# ---------- the real server, demo data, a copy of dist/ the static pages can be written to ----------
port=$(free_port)
data=$(mktemp -d)
cp -r dist "$data/static"
target/server/server --mode dev --listen "127.0.0.1:$port" --data-dir "$data/db" --static-dir "$data/static" >"$data/server.log" 2>&1 &
pid=$!
pids=($pid)
pgdir=""
cleanup() {
  kill "${pids[@]}" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$data"
}
trap cleanup EXIT
wait_ready "http://127.0.0.1:$port/healthz" || { echo "the server did not start: $data/server.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
# What a phone is actually sent: the precompressed file, marked so, and cached for good.
served=$(curl -s -o /dev/null -D - -H 'accept-encoding: br, gzip' "$base/${build_dir#dist/}/portal_bg.wasm" | tr -d '\r' |
  awk -F': ' 'tolower($1)=="content-encoding"{e=$2} tolower($1)=="cache-control"{c=$2} tolower($1)=="content-length"{l=$2} END{printf "{\"encoding\": \"%s\", \"cache_control\": \"%s\", \"length\": %s}", e, c, (l==""?0:l)}')

# ---------- 2–5. the browser ----------
echo "browser runs (a few minutes)…" >&2
browser=$(cd e2e && BASE_URL="$base" BENCH_STATIC_DIR="$data/static" node bench/browser.mjs)
echo "Lighthouse (mobile preset)…" >&2
lighthouse=$(cd e2e && BASE_URL="$base" LIGHTHOUSE="$(command -v lighthouse)" CHROME_PATH="$CHROMIUM" node bench/lighthouse.mjs)

# ---------- 6. the server under load ----------
echo "server load…" >&2
secs="${BENCH_SECS:-10}"
curl -sf -X POST "$base/api/v1/auth/code" -H 'content-type: application/json' -d '{"phone":"13800000002"}' >/dev/null
token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13800000002","code":"246810"}' | node e2e/bench/load.mjs get token)
auth="Authorization: Bearer $token"
med=$(curl -sf "$base/api/v1/medications" -H "$auth" | node e2e/bench/load.mjs get 0.id)
# oha's JSON summary → one row (e2e/bench/load.mjs); `rate` is the offered load ("max" = as fast
# as 64 connections go).
load() { # name read? rate method url [body]
  local name=$1 read=$2 rate=$3 method=$4 url=$5 body=${6:-}
  local args=(-z "${secs}s" -c "${CONNS:-64}" --no-tui --output-format json -m "$method" -H "$auth")
  [ "$rate" != max ] && args+=(-q "$rate" --latency-correction)
  [ -n "$body" ] && args+=(-T application/json -d "$body")
  oha "${args[@]}" "$url" | node e2e/bench/load.mjs row "$name" "$read" "$rate"
}
rows=()
rows+=("$(load 'GET /me' 1 500 GET "$base/api/v1/me")")
rows+=("$(load 'GET /schedule' 1 500 GET "$base/api/v1/schedule")")
rows+=("$(load 'POST /doses (same dose)' 0 500 POST "$base/api/v1/doses" \
  "{\"id\":\"bench-dose\",\"medication_id\":\"$med\",\"action\":\"taken\"}")")
rows+=("$(load 'GET /me' 1 max GET "$base/api/v1/me")")
rows+=("$(load 'GET /schedule' 1 max GET "$base/api/v1/schedule")")

# ---------- 7. PostgreSQL: one instance, then two instances on one database ----------
# The same reads against the PostgreSQL backend, then split over two instances (32
# connections each, run at once; rps summed, the worse p50/p99 kept). On a 2-core machine
# oha, both instances and PostgreSQL share the cores: the figure shows the cost of a second
# process more than its gain; on separate machines the instances do not compete.
if scripts/pg.sh available; then
  echo "PostgreSQL: one instance, then two…" >&2
  pgdir=$(mktemp -d /tmp/portal-bench-pg.XXXXXX)
  pgurl=$(scripts/pg.sh start "$pgdir")
  pg_bases=()
  # Instances sharing a database share the lookup-hash key (dev mode would make one each).
  PORTAL_HASH_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  export PORTAL_HASH_KEY
  for n in a b; do
    p=$(free_port)
    target/server/server --mode dev --listen "127.0.0.1:$p" --data-dir "$data/pg-$n" --database-url "$pgurl" \
      --uploads-dir "$data/pg-uploads" --ocr-workers 0 --static-dir "$data/static" >"$data/server-pg-$n.log" 2>&1 &
    pids+=($!)
    wait_ready "http://127.0.0.1:$p/readyz" 150 || true
    pg_bases+=("http://127.0.0.1:$p")
  done
  base="${pg_bases[0]}"
  token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"phone":"13800000002","code":"246810"}' | node e2e/bench/load.mjs get token)
  auth="Authorization: Bearer $token"
  rows+=("$(load 'PG GET /schedule' 1 500 GET "$base/api/v1/schedule")")
  rows+=("$(load 'PG 1 instance GET /schedule' 1 max GET "$base/api/v1/schedule")")
  CONNS=32 load 'a' 1 max GET "${pg_bases[0]}/api/v1/schedule" >"$data/two-a.json" &
  la=$!
  CONNS=32 load 'b' 1 max GET "${pg_bases[1]}/api/v1/schedule" >"$data/two-b.json" &
  lb=$!
  wait "$la" "$lb" # not a bare wait: the servers are children too
  rows+=("$(node e2e/bench/load.mjs sum 'PG 2 instances GET /schedule' "$data/two-a.json" "$data/two-b.json")")
fi
server="[$(IFS=,; echo "${rows[*]}")]"

echo "{\"bytes\": $bytes, \"served_wasm\": $served, \"browser\": $browser, \"lighthouse\": $lighthouse, \"server\": $server}" > "$out"
echo
node e2e/bench/report.mjs "$out"
echo "(written to $out and ${out%.json}.txt)"

# ---------- 8. OCR accuracy on prescriptions the pipeline was never tuned on ----------
echo
scripts/ocr-eval.sh | tee "${out%.json}-ocr.txt"
