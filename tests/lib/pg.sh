# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL cluster for the tests (sourced after common.sh and
# server.sh): initdb in a temporary folder, started on a free port with a
# Unix socket only, as the postgres user when running as root (PostgreSQL
# refuses root), stopped and removed at exit. Sets $pgdir and $pgport.
# `make deps` installs PostgreSQL, so its absence is a failure, not a skip.
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ]; then
	fail "PostgreSQL is installed" "no initdb/pg_ctl in $pgbin (make deps installs postgresql)"
	finish
fi
pgdir=$(mktemp -d /tmp/todo-pg-XXXXXX)
chmod 755 "$pgdir"
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
pgport=$(free_port)
pg_cleanup() {
	[ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null
	as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$pgdir" "$T"
}
trap pg_cleanup EXIT
if ! as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$T/initdb.log" 2>&1; then
	fail "initdb" "$(tail -5 "$T/initdb.log")"
	finish
fi
if ! as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/pg.log" -w \
	-o "-k $pgdir -p $pgport -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1; then
	fail "pg_ctl start" "$(tail -5 "$pgdir/pg.log")"
	finish
fi
pass "throwaway PostgreSQL cluster started"
