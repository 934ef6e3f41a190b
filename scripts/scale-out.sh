#!/usr/bin/env bash
# `make scale-out`: the deployment shape on one machine — two stateless server instances and
# two OCR worker processes on one PostgreSQL database, sharing one uploads directory.
#
# DATABASE_URL unset: a throwaway PostgreSQL cluster is started in .scale-out/pg (removed on
# exit). Ports: PORTAL_PORT_A (8081) and PORTAL_PORT_B (8082); put any HTTP load balancer in
# front (README, "Deployment"). Ctrl-C stops everything. The same processes are listed in
# the Procfile for foreman/honcho/overmind.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/bootstrap.sh --no-test-tools
source scripts/env.sh
STATE="$ROOT/.scale-out"
mkdir -p "$STATE"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${OWN_PG:-}" ] && scripts/pg.sh stop "$STATE/pg"
}
trap cleanup EXIT INT TERM

if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg.sh available || { echo "install PostgreSQL (Debian: postgresql) or set DATABASE_URL" >&2; exit 1; }
  rm -rf "$STATE/pg"
  DATABASE_URL=$(scripts/pg.sh start "$STATE/pg")
  OWN_PG=1
fi
export DATABASE_URL
export PORTAL_UPLOADS_DIR="${PORTAL_UPLOADS_DIR:-$STATE/uploads}"
export PORTAL_MODE="${PORTAL_MODE:-dev}"
# Every instance keys its lookup hashes (rate limits, login codes) with the same secret;
# kept beside the state so a restart keeps it. Production sets PORTAL_HASH_KEY itself.
if [ -z "${PORTAL_HASH_KEY:-}" ]; then
  [ -s "$STATE/hash.key" ] || (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$STATE/hash.key")
  PORTAL_HASH_KEY=$(cat "$STATE/hash.key")
fi
export PORTAL_HASH_KEY

echo "building the portal (release)…"
scripts/build-portal.sh
echo "building the server…"
cargo build --quiet --profile server -p server
bin=target/server/server

a=${PORTAL_PORT_A:-8081}
b=${PORTAL_PORT_B:-8082}
# The first instance migrates and seeds; the second waits its turn (a database lock).
for port in "$a" "$b"; do
  PORTAL_OCR_WORKERS=0 "$bin" --listen "127.0.0.1:$port" --data-dir "$STATE/instance-$port" --static-dir dist &
  pids+=($!)
  wait_ready "http://127.0.0.1:$port/readyz" 300 || { echo "instance on port $port did not become ready" >&2; exit 1; }
done
for w in 1 2; do
  "$bin" --data-dir "$STATE/worker-$w" ocr-worker &
  pids+=($!)
done
echo
echo "Two instances on one database: http://127.0.0.1:$a/  and  http://127.0.0.1:$b/"
echo "Two OCR workers; uploads shared in $PORTAL_UPLOADS_DIR"
echo "Readiness: curl http://127.0.0.1:$a/readyz   Ctrl-C stops everything."
wait -n
