#!/usr/bin/env bash
# A private PostgreSQL cluster for this checkout, from Debian's binaries (never a system service, never port 5432):
#   bash scripts/postgres.sh start [db]   init (first time) and start on 127.0.0.1; create database db (default openchat);
#                                         prints its connection string. Already running: starts nothing, prints the same.
#   bash scripts/postgres.sh url [db]     the connection string of database db (default openchat)
#   bash scripts/postgres.sh stop         stop the cluster (its data stays)
#   bash scripts/postgres.sh destroy      stop it and delete its folder
# OPENCHAT_PG_PORT (default 55432) and OPENCHAT_PG_DIR (default $TMPDIR/openchat-pg-<port>) choose the cluster, so
# checkouts on one machine each run their own. The folder holds data/, the socket and server.log; initdb refuses
# root, so as root everything runs as the postgres user, which owns the folder.
# Security: trust authentication, loopback only: a cluster for tests and for one developer's machine, not for production.
set -euo pipefail

port=${OPENCHAT_PG_PORT:-55432}
dir=${OPENCHAT_PG_DIR:-${TMPDIR:-/tmp}/openchat-pg-$port}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "postgres.sh: no /usr/lib/postgresql/*/bin/initdb (apt-get install -y postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=${1:-openchat}"; }

running() { as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

start() {
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    # C collation: text sorts by code point as in SQLite; a UTF-8 ctype so lower() and full-text search know letters beyond ASCII.
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --lc-collate=C --lc-ctype=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  if ! running; then
    # fsync stays on: the exactly-once guarantees assume a commit survives a crash, as with SQLite's synchronous=NORMAL.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  fi
  local db=${1:-openchat}
  if [ -z "$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
  fi
  url "$db"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  url) url "${2:-}" ;;
  stop) if [ -f "$dir/data/PG_VERSION" ] && running; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi ;;
  destroy) # immediate: no shutdown checkpoint for data about to be deleted
    if [ -f "$dir/data/PG_VERSION" ] && running; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null; fi
    rm -rf "$dir" ;;
  *) echo "usage: bash scripts/postgres.sh start [db] | url [db] | stop | destroy" >&2; exit 2 ;;
esac
