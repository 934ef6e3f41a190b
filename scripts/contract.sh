#!/usr/bin/env bash
# The API contract: Schemathesis generates requests from /api/openapi.json (valid and invalid
# ones, then chains of calls) against the real server with a demo member's session, and fails
# on any 5xx, any status the document does not list, any response that breaks its schema or
# content type, and any request the schema forbids that the server accepts anyway.
# `scripts/contract.sh` builds the server if needed; make test runs it as one layer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
command -v st >/dev/null || scripts/bootstrap.sh >&2
cargo build --quiet -p server

port=$(free_port)
data=$(mktemp -d)
target/debug/server --mode dev --listen "127.0.0.1:$port" --data-dir "$data" >target/contract-server.log 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
wait_ready "$base/readyz" || { echo "the server did not start (target/contract-server.log)" >&2; exit 1; }

# A demo member's session (dev mode shows the code). Logging out would end it mid-run, so the
# two logout operations are left out; their own integration tests cover them.
curl -sf -X POST "$base/api/v1/auth/code" -H 'content-type: application/json' -d '{"phone":"13800000001"}' >/dev/null
token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"phone":"13800000001","code":"246810"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# positive_data_acceptance is not checked: business rules (a real phone number, a known
# reward) refuse many schema-valid requests, with a documented 4xx.
check() { # bearer-token st-options…
  local bearer=$1; shift
  st run "$base/api/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,negative_data_rejection \
    --header "Authorization: Bearer $bearer" \
    --max-examples "${CONTRACT_EXAMPLES:-20}" \
    --generation-deterministic \
    --no-color "$@"
}
staff_token() { # demo staff phone
  curl -sf -X POST "$base/api/v1/staff/auth/login" -H 'content-type: application/json' \
    -d "{\"phone\":\"$1\",\"code\":\"246810\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
echo "== member endpoints, as a demo member"
check "$token" --exclude-path-regex '^/api/v1/(auth/logout|admin/|staff/)'
# The shop's machine endpoints with the dev admin credential (dev mode prints it).
echo "== admin endpoints, with the admin credential"
check dev-admin-token --include-path-regex '^/api/v1/admin/'
# The console's endpoints as a pharmacist (the role with the most of them); the other roles'
# endpoints answer this caller 403, which the document lists.
echo "== staff endpoints, as a demo pharmacist"
check "$(staff_token 13600000001)" --include-path-regex '^/api/v1/staff/' --exclude-path-regex '^/api/v1/staff/auth/logout'
