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

# ---------- 1. bytes of the first load ----------
first_load=(index.html 'boot-*.js' 'portal-*.js' 'portal-*_bg.wasm' 'main-*.css')
files="{"; total_raw=0; total_gz=0; total_br=0
for pattern in "${first_load[@]}"; do
  f=$(find dist -maxdepth 1 -name "$pattern" ! -name '*.br' ! -name '*.gz' | sort | head -1)
  raw=$(stat -c %s "$f"); gz=$(stat -c %s "$f.gz"); br=$(stat -c %s "$f.br")
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}//; s/^portal_bg/wasm/; s/^portal\.js/glue.js/')
  files+="\"$name\": {\"raw\": $raw, \"gzip\": $gz, \"brotli\": $br},"
done
files="${files%,}}"
# What the wasm is made of, before wasm-opt (which strips the names twiggy needs): one listing
# for both the biggest code by crate and the regex check.
functions="$(mktemp)"
twiggy top -n 1000000 -f csv target/wasm32-unknown-unknown/release/portal.wasm >"$functions"
twiggy_json=$(python3 -c '
import csv, re, sys, json, collections
agg = collections.Counter()
for r in csv.DictReader(sys.stdin):
    name = r["Name"]
    if "section" in name or name.startswith(("data segment", "export ", "import ", "\"export", "\"import")):
        continue
    m = re.match(r"^[<&(\s]*(?:mut\s+|dyn\s+)*([A-Za-z_][A-Za-z0-9_]*)::", name)
    agg[m.group(1) if m else "(generic impls)"] += int(r["ShallowSize"])
print(json.dumps(agg.most_common(8)))' <"$functions")
# The client must not carry a regex engine (size and start-up): count its functions.
regex_fns=$(grep -cE '(^|[^A-Za-z_])regex(_automata|_syntax)?::' "$functions" || true)
rm -f "$functions"
bytes="{\"files\": $files, \"total\": {\"raw\": $total_raw, \"gzip\": $total_gz, \"brotli\": $total_br}, \"twiggy\": $twiggy_json, \"regex_functions\": $regex_fns}"

# ---------- the real server, demo data, a copy of dist/ the static pages can be written to ----------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
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
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
# What a phone is actually sent: the precompressed file, marked so, and cached for good.
wasm_name=$(basename "$(find dist -maxdepth 1 -name 'portal-*_bg.wasm' | head -1)")
served=$(curl -s -o /dev/null -D - -H 'accept-encoding: br, gzip' "$base/$wasm_name" | tr -d '\r' |
  awk -F': ' 'tolower($1)=="content-encoding"{e=$2} tolower($1)=="cache-control"{c=$2} tolower($1)=="content-length"{l=$2} END{printf "{\"encoding\": \"%s\", \"cache_control\": \"%s\", \"length\": %s}", e, c, (l==""?0:l)}')

# ---------- 2–5. the browser ----------
echo "browser runs (a few minutes)…" >&2
browser=$(cd e2e && BASE_URL="$base" BENCH_STATIC_DIR="$data/static" node bench/browser.mjs)

# ---------- 6. the server under load ----------
echo "server load…" >&2
secs="${BENCH_SECS:-10}"
curl -sf -X POST "$base/api/v1/auth/code" -H 'content-type: application/json' -d '{"phone":"13800000002"}' >/dev/null
token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13800000002","code":"246810"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"
med=$(curl -sf "$base/api/v1/medications" -H "$auth" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
# oha's JSON summary → one row; `rate` is the offered load ("max" = as fast as 64 connections go).
load() { # name read? rate method url [body]
  local name=$1 read=$2 rate=$3 method=$4 url=$5 body=${6:-}
  local args=(-z "${secs}s" -c "${CONNS:-64}" --no-tui --output-format json -m "$method" -H "$auth")
  [ "$rate" != max ] && args+=(-q "$rate" --latency-correction)
  [ -n "$body" ] && args+=(-T application/json -d "$body")
  oha "${args[@]}" "$url" | python3 -c '
import json, sys
r = json.load(sys.stdin); s = r["summary"]; p = r["latencyPercentiles"]; codes = r.get("statusCodeDistribution", {})
# Requests still in flight when the time is up are cut off by oha itself: not server errors.
cut = lambda e: "deadline" in e
errors = sum(n for c, n in codes.items() if not c.startswith("2")) + sum(n for e, n in r.get("errorDistribution", {}).items() if not cut(e))
print(json.dumps({"name": sys.argv[1], "read": sys.argv[2] == "1", "rate": sys.argv[3] + ("/s" if sys.argv[3] != "max" else ""),
  "rps": s["requestsPerSec"], "p50_ms": p["p50"] * 1000, "p99_ms": p["p99"] * 1000, "errors": errors}))' "$name" "$read" "$rate"
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
  for n in a b; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    target/server/server --mode dev --listen "127.0.0.1:$p" --data-dir "$data/pg-$n" --database-url "$pgurl" \
      --uploads-dir "$data/pg-uploads" --ocr-workers 0 --static-dir "$data/static" >"$data/server-pg-$n.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$p/readyz" >/dev/null && break; sleep 0.2; done
    pg_bases+=("http://127.0.0.1:$p")
  done
  base="${pg_bases[0]}"
  token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"phone":"13800000002","code":"246810"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  auth="Authorization: Bearer $token"
  rows+=("$(load 'PG GET /schedule' 1 500 GET "$base/api/v1/schedule")")
  rows+=("$(load 'PG 1 instance GET /schedule' 1 max GET "$base/api/v1/schedule")")
  CONNS=32 load 'a' 1 max GET "${pg_bases[0]}/api/v1/schedule" >"$data/two-a.json" &
  la=$!
  CONNS=32 load 'b' 1 max GET "${pg_bases[1]}/api/v1/schedule" >"$data/two-b.json" &
  lb=$!
  wait "$la" "$lb" # not a bare wait: the servers are children too
  rows+=("$(python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
print(json.dumps({"name": "PG 2 instances GET /schedule", "read": True, "rate": "max", "rps": a["rps"] + b["rps"],
  "p50_ms": max(a["p50_ms"], b["p50_ms"]), "p99_ms": max(a["p99_ms"], b["p99_ms"]), "errors": a["errors"] + b["errors"]}))' \
    "$data/two-a.json" "$data/two-b.json")")
fi
server="[$(IFS=,; echo "${rows[*]}")]"

echo "{\"bytes\": $bytes, \"served_wasm\": $served, \"browser\": $browser, \"server\": $server}" > "$out"
echo
node e2e/bench/report.mjs "$out"
echo "(written to $out and ${out%.json}.txt)"
