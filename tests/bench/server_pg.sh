#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/bench/server.sh against PostgreSQL: a throwaway PostgreSQL 15 cluster
# in a temp dir with its durable defaults (fsync and synchronous_commit on,
# unlike the test clusters), over its Unix socket, removed afterwards.
set -u
cd "$(dirname "$0")/../.."
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL 15 is not installed (make deps)"; exit 1; }
pgdir=$(mktemp -d /tmp/todo-pgbench-XXXXXX)
chmod 755 "$pgdir"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
	as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1
	rm -rf "$pgdir"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 ||
	{ cat "$pgdir/initdb.log"; exit 1; }
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/pg.log" -w \
	-o "-k $pgdir -p $port -c listen_addresses=''" start >/dev/null || { cat "$pgdir/pg.log"; exit 1; }
psql -X -q -h "$pgdir" -p "$port" -U postgres -d postgres -c "CREATE DATABASE bench" >/dev/null
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'): fsync=$(psql -X -t -A -h "$pgdir" -p "$port" -U postgres -d bench -c 'SHOW fsync'), synchronous_commit=$(psql -X -t -A -h "$pgdir" -p "$port" -U postgres -d bench -c 'SHOW synchronous_commit')"
BENCH_DB="postgresql:///bench?host=$pgdir&port=$port&user=postgres" tests/bench/server.sh
