#!/usr/bin/env bash
# `make test`: every test layer, against real parts (SQLite, HTTP, Chromium, Tesseract).
# Prints a summary per layer and ends with one line "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# A full disk fails builds and PostgreSQL in confusing ways: say so up front.
FREE_MB=$(df -Pm "$ROOT" | awk 'NR==2 {print $4}')
if [ "${FREE_MB:-0}" -lt 6000 ]; then
  echo "only ${FREE_MB} MB free on $(df -P "$ROOT" | awk 'NR==2 {print $6}'): a cold test run needs about 6 GB (target/, tools, PostgreSQL)"
  echo "0 passed, 1 failed"; exit 1
fi
scripts/bootstrap.sh || { echo "bootstrap failed"; echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh
mkdir -p artifacts/screenshots target
export CARGO_TERM_COLOR=never

# TEST_LAYERS="unit server …" runs only those layers (`make test-unit`, `make test-e2e`…):
# unit, properties, server, contract, pg, load, wasm, e2e (both backends and the log check).
want() { [ -z "${TEST_LAYERS:-}" ] || [[ " $TEST_LAYERS " == *" $1 "* ]]; }
for layer in ${TEST_LAYERS:-}; do
  case $layer in
    unit | properties | server | contract | pg | load | wasm | e2e) ;;
    *) echo "unknown test layer '$layer' (unit properties server contract pg load wasm e2e)"; echo "0 passed, 1 failed"; exit 1 ;;
  esac
done

declare -a SUMMARY=()
TOTAL_PASSED=0
TOTAL_FAILED=0

record() { # layer passed failed
  SUMMARY+=("$(printf '  %-22s %4d passed / %d failed' "[$1]" "$2" "$3")")
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
}

# Sums "test result: … N passed; M failed" lines of cargo / wasm-bindgen-test-runner output.
# A command that fails without any result line (e.g. a compile error) counts as one failure.
cargo_layer() { # layer logfile command...
  local layer=$1 log=$2; shift 2
  echo "==> $layer"
  # The command's own status, kept in a file: with pipefail, `… | grep || true` would hide it
  # (a test build that did not compile counted as 0 failed).
  { "$@"; echo $? >"$log.status"; } 2>&1 | tee "$log" | grep -E '^(test result|error(\[|:)|failures:|---- )' || true
  local status
  status=$(cat "$log.status")
  local passed failed
  passed=$(grep -oE '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
  failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  record "$layer" "$passed" "$failed"
}

# 1. Native unit tests: api rules and server modules.
want unit && cargo_layer "unit (native)" target/test-unit.log cargo test -p api -p server --lib --bins

# 1b. Property tests of every parser that takes outside input (OCR text, Markdown, schedule
# specs, request bodies): no panics, promises kept.
want properties && cargo_layer "properties (proptest)" target/test-properties.log cargo test -p api --features tz --test properties

# 2. Server integration: the real app on port 0, fresh temp SQLite per test, real HTTP. One
# test binary (server/tests/api), one module per area.
want server && cargo_layer "server integration" target/test-server.log cargo test -p server --test api

# 2'. The API contract: generated requests against the real server, checked against its own
# OpenAPI document (any 5xx, undocumented status, schema-breaking answer, or forbidden input
# accepted fails it). One test: the run's own report lists each finding.
if want contract; then
  echo "==> contract (OpenAPI)"
  if scripts/contract.sh >target/test-contract.log 2>&1; then
    record "contract (OpenAPI)" 1 0
    grep -E '^== |^  [0-9]+ generated' target/test-contract.log || true
  else
    record "contract (OpenAPI)" 0 1
    sed -n '/FAILURES/,/SUMMARY/p' target/test-contract.log | head -60
  fi
fi

# 2a. The same suite on PostgreSQL (a throwaway cluster in a temp dir, removed afterwards),
# then two server instances and two OCR worker processes on one PostgreSQL database.
PG_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
trap 'scripts/pg.sh stop "$PG_DIR"' EXIT
PG_URL=""
if want pg || want e2e; then
  if scripts/pg.sh available && PG_URL=$(scripts/pg.sh start "$PG_DIR"); then
    if want pg; then
      cargo_layer "server integration (PG)" target/test-server-pg.log \
        env PORTAL_TEST_PG="$PG_URL" cargo test -p server --test api
      cargo_layer "scale-out (PG)" target/test-scale-out.log \
        env PORTAL_TEST_PG="$PG_URL" cargo test -p server --test api -- scale_out:: --ignored --nocapture
      grep -E '^scale-out:' target/test-scale-out.log || true
    fi
  else
    echo "PostgreSQL could not be started: its layers count as failed (bootstrap installs it)"
    record "PostgreSQL" 0 1
    PG_URL=""
  fi
fi

# 2b. Load and faults: the server binary under hundreds of members for LOAD_SECS (60), then
# SIGKILLed mid-write and restarted; the database must match what clients were told.
if want load; then
  cargo_layer "load and faults" target/test-resilience.log \
    cargo test -p server --test api -- resilience:: --ignored --test-threads=1 --nocapture
  grep -E '^(load|faults):' target/test-resilience.log || true
fi

# 3. Component tests in headless Chromium (wasm-bindgen-test).
want wasm && CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo_layer "wasm (Chromium)" target/test-wasm.log \
  wasm_env cargo test --target wasm32-unknown-unknown -p portal

# 4. End to end: the built portal served by the real server, driven in headless Chromium;
# on SQLite, then again on PostgreSQL (a fresh database in the cluster from 2a).
e2e() { # logfile [server flags…]
  local log=$1; shift
  scripts/build-portal.sh || return 1
  cargo build --quiet -p server || return 1
  local port data pid rc
  port=$(free_port)
  data=$(mktemp -d)
  target/debug/server --mode dev --listen "127.0.0.1:$port" --data-dir "$data" --static-dir dist "$@" \
    >"$log" 2>&1 &
  pid=$!
  wait_ready "http://127.0.0.1:$port/readyz"
  rm -f artifacts/e2e-results.json
  (cd e2e && BASE_URL="http://127.0.0.1:$port" npx playwright test)
  rc=$?
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  rm -rf "$data"
  return $rc
}
e2e_layer() { # layer logfile [server flags…]
  local layer=$1; shift
  echo "==> $layer"
  e2e "$@"
  local status=$? p f
  if [ -f artifacts/e2e-results.json ]; then
    read -r p f < <(node -e 'const s=require("./artifacts/e2e-results.json").stats; console.log(s.expected + s.flaky, s.unexpected)')
    [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    record "$layer" "$p" "$f"
  else
    record "$layer" 0 1
  fi
}
want e2e && e2e_layer "end-to-end (Chromium)" target/e2e-server.log
if want e2e && [ -n "$PG_URL" ]; then
  if psql "$PG_URL" -qc "CREATE DATABASE e2e" >/dev/null; then
    e2e_layer "end-to-end (PG)" target/e2e-server-pg.log --database-url "${PG_URL%/*}/e2e"
  else
    record "end-to-end (PG)" 0 1
  fi
  scripts/pg.sh stop "$PG_DIR"
fi

# 5. The whole e2e run's server log holds no phone number, token, name or prescription text.
if want e2e; then
  echo "==> log hygiene"
  if [ -s target/e2e-server.log ] && node e2e/log-hygiene.mjs target/e2e-server.log \
    && { [ -z "$PG_URL" ] || node e2e/log-hygiene.mjs target/e2e-server-pg.log; }; then
    record "log hygiene" 1 0
  else
    record "log hygiene" 0 1
  fi
fi

echo
echo "Summary (screenshots in artifacts/screenshots):"
printf '%s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
