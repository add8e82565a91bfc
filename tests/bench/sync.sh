#!/usr/bin/env bash
# Sync benchmark (run by `make bench`): the first push of N tasks, a fresh
# client's first pull of them, and an incremental sync of 10 changes on an
# N-task database, against a release todo-server on SQLite on loopback.
# BENCH_SIZES="10000 100000" by default.
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
T=$(mktemp -d); trap 'kill $spid 2>/dev/null; rm -rf "$T"' EXIT
export TODO_JWT_SECRET=bench-secret TZ=UTC NO_COLOR=1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$top/todo-server" --port "$port" --db "sqlite:$T/server.db" --log-level quiet 2>"$T/server.log" &
spid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
ms() { python3 -c "import sys; print(round((float(sys.argv[2]) - float(sys.argv[1])) * 1000, 1))" "$1" "$2"; }
client() { local c=$1; shift; XDG_CONFIG_HOME="$T/$c" TODO_DB="$T/$c.db" "$top/todo" "$@"; }
echo "| tasks | first push (ms) | first pull on a new client (ms) | 10 changes, incremental (ms, median of 5) |"
echo "|---:|---:|---:|---:|"
for n in ${BENCH_SIZES:-10000 100000}; do
	tok=$("$top/todo-server" token "bench$n")
	python3 -c "import json,sys; print(json.dumps([{'title': f'Task {i}', 'tags': ['work'] if i % 3 else []} for i in range(int(sys.argv[1]))]))" "$n" >"$T/tasks.json"
	client "a$n" import "$T/tasks.json" >/dev/null
	client "a$n" login --server "http://127.0.0.1:$port" --token "$tok" >/dev/null
	s=$(date +%s.%N); client "a$n" sync >/dev/null; e=$(date +%s.%N); push=$(ms "$s" "$e")
	client "b$n" login --server "http://127.0.0.1:$port" --token "$tok" >/dev/null
	s=$(date +%s.%N); client "b$n" sync >/dev/null; e=$(date +%s.%N); pull=$(ms "$s" "$e")
	times=()
	for round in 1 2 3 4 5; do
		for i in $(seq 1 10); do client "a$n" edit $((i * 7 + round)) --priority high >/dev/null; done
		s=$(date +%s.%N); client "a$n" sync >/dev/null; e=$(date +%s.%N); times+=("$(ms "$s" "$e")")
	done
	inc=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
	echo "| $n | $push | $pull | $inc |"
	[ "$(client "b$n" sync >/dev/null; client "b$n" --json list | python3 -c 'import sys,json;print(len(json.load(sys.stdin)))')" = "$n" ] || echo "MISMATCH: client b does not hold $n tasks"
done
kill $spid; wait $spid 2>/dev/null
