#!/usr/bin/env bash
# `make run`: installs what is missing, builds portal + server, serves both with demo data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/bootstrap.sh --no-test-tools
source scripts/env.sh
echo "building the portal (release)…"
scripts/build-portal.sh
echo "building the server…"
cargo build --quiet --profile server -p server
exec target/server/server --mode dev \
  --listen "${PORTAL_LISTEN:-127.0.0.1:8080}" --data-dir "${PORTAL_DATA_DIR:-data}" --static-dir dist
