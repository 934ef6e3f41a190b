#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and the local multi-instance setup.
#
#   scripts/pg.sh start DIR   initdb + start on a free loopback port; prints the base URL
#                             (postgres://portal@127.0.0.1:PORT/postgres) and writes it to DIR/url
#   scripts/pg.sh stop DIR    stops the cluster and removes DIR
#
# Debian's server binaries live in /usr/lib/postgresql/<version>/bin. initdb refuses to run as
# root, so as root the cluster belongs to the `postgres` user the package creates (or nobody).
# fsync is off: the cluster is thrown away after the run, durability is not what is tested.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] || return 1
  echo "$d"
}

# Who owns the cluster when this runs as root: the package's `postgres` user, else nobody.
owner() {
  if id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$(owner)" -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  available)
    pg_bin >/dev/null
    ;;
  start)
    dir=$2
    bin=$(pg_bin) || { echo "PostgreSQL server binaries not found (Debian package: postgresql)" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$(owner)" "$dir"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://portal@127.0.0.1:$port/postgres" | tee "$dir/url"
    ;;
  stop)
    dir=$2
    bin=$(pg_bin) || exit 0
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 available | start DIR | stop DIR" >&2
    exit 2
    ;;
esac
