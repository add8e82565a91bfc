#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# todo-server throughput with wrk on SQLite: GET the list (20 tasks) and POST
# a task, at 32 and 64 connections for DURATION (default 10 s) each. Runs the
# release build ./todo-server (not part of `make test`). Prints requests/s and
# latency (p50, p99, max) per run, counts non-2xx answers and socket errors
# (both should be 0), and reads the server's resident memory after each run.
set -u
cd "$(dirname "$0")/../.."
srv=${TODO_SERVER_REL:-./todo-server}
dur=${DURATION:-10s}
# SERVER_THREADS=N serves from a pool of N threads (default: one per connection).
threads=${SERVER_THREADS:-}
# BENCH_DB=postgresql://... runs the same load against PostgreSQL.
bench_db=${BENCH_DB:-}
command -v wrk >/dev/null || { echo "wrk is not installed (make deps)"; exit 1; }
[ -x "$srv" ] || { echo "$srv not built (make todo-server)"; exit 1; }
T=$(mktemp -d)
export TODO_JWT_SECRET=bench-secret-0123456789abcdef0123456789
unset DATABASE_URL BETTER_AUTH_SECRET
: >"$T/err"   # exists before the loop below reads it
"$srv" --port 0 --db "${bench_db:-sqlite:$T/bench.db}" ${threads:+--threads "$threads"} --log-level quiet 2>"$T/err" &
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
echo "todo-server bench: $(nproc) CPUs, ${threads:-one per connection} server threads, $store, $dur per run"
printf '%-28s %11s %9s %9s %9s %7s %7s %8s\n' run "requests/s" p50 p99 max non2xx errors "RSS MB"
rss() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
run() { # name conns args...
	local name=$1 c=$2; shift 2
	local out
	out=$(wrk -t4 -c"$c" -d"$dur" --latency "$@" 2>&1)
	local rps p50 p99 max non errs
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	max=$(awk '/^    Latency/ {print $4; exit}' <<<"$out")
	non=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	# "Socket errors: connect 0, read 0, write 0, timeout 0"
	errs=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
	printf '%-28s %11s %9s %9s %9s %7s %7s %8s\n' "$name c=$c" "$rps" "$p50" "$p99" "$max" \
		"${non:-0}" "${errs:-0}" "$(rss)"
}
# ONLY=get or ONLY=post runs one kind.
only=${ONLY:-}
if [ "$only" != post ]; then
	for c in 32 64; do
		run "GET list (20 tasks)" "$c" -H "Authorization: Bearer $tok" "$url/api/$list_user/tasks"
	done
fi
if [ "$only" != get ]; then
	for c in 32 64; do
		run "POST create" "$c" -s "$T/post.lua" "$url/api/writer$$/tasks"
	done
fi
echo "peak RSS of todo-server: $(awk '/^VmHWM:/ {printf "%.1f MB", $2 / 1024}' "/proc/$pid/status")"
