#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# todo-server throughput with wrk on SQLite: GET the list (20 tasks) and POST
# a task, at 32 and 64 connections for DURATION (default 10 s) each. Runs the
# release build ./todo-server (not part of `make test`). Prints requests/s and
# latency per run, and counts non-2xx answers (which should be 0).
set -u
cd "$(dirname "$0")/../.."
srv=${TODO_SERVER_REL:-./todo-server}
dur=${DURATION:-10s}
threads=${SERVER_THREADS:-8}
# BENCH_DB=postgresql://... runs the same load against PostgreSQL.
bench_db=${BENCH_DB:-}
command -v wrk >/dev/null || { echo "wrk is not installed (make deps)"; exit 1; }
[ -x "$srv" ] || { echo "$srv not built (make todo-server)"; exit 1; }
T=$(mktemp -d)
export TODO_JWT_SECRET=bench-secret-0123456789abcdef0123456789
unset DATABASE_URL BETTER_AUTH_SECRET
: >"$T/err"   # exists before the loop below reads it
"$srv" --port 0 --db "${bench_db:-sqlite:$T/bench.db}" --threads "$threads" --log-level quiet 2>"$T/err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 50); do
	port=$(sed -n 's/^todo-server: listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/err")
	[ -n "$port" ] && curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
	sleep 0.1
done
url=http://127.0.0.1:$port
# Users unique per run, so a reused PostgreSQL database starts at 20 tasks.
list_user=bench$$
tok=$("$srv" token "$list_user")
for i in $(seq 1 20); do
	curl -sf -o /dev/null -H "Authorization: Bearer $tok" -d "{\"title\":\"task $i\",\"tags\":[\"t$((i % 3))\"]}" \
		"$url/api/$list_user/tasks"
done
# Creates go to another user so the list stays at 20 tasks.
tok2=$("$srv" token "writer$$")
cat >"$T/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"title": "bench task", "priority": "high", "tags": ["bench"]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $tok2"
LUA
store="SQLite (WAL, synchronous=FULL)"
[ -n "$bench_db" ] && store="PostgreSQL"
echo "todo-server bench: $(nproc) CPUs, $threads server threads, $store, $dur per run"
printf '%-28s %12s %10s %10s %10s %8s\n' run "requests/s" "lat avg" "lat stdev" "lat max" non2xx
run() { # name conns args...
	local name=$1 c=$2; shift 2
	local out
	out=$(wrk -t4 -c"$c" -d"$dur" --latency "$@" 2>&1)
	local rps lat non
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	lat=$(awk '/^    Latency/ {print $2, $3, $4; exit}' <<<"$out")
	non=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	# shellcheck disable=SC2086
	printf '%-28s %12s %10s %10s %10s %8s\n' "$name c=$c" "$rps" $lat "${non:-0}"
}
for c in 32 64; do
	run "GET list (20 tasks)" "$c" -H "Authorization: Bearer $tok" "$url/api/$list_user/tasks"
done
for c in 32 64; do
	run "POST create" "$c" -s "$T/post.lua" "$url/api/writer$$/tasks"
done
