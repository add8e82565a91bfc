# SPDX-License-Identifier: MIT
# Helpers for the todo-server tests (sourced after tests/lib/common.sh):
# start a server on a free port, stop it and check it stopped cleanly.
# Uses $srv (the binary), $db (the --db value) and $T.
n=0

# start_server [ENV=VAL...]: starts the server, sets $pid, $url, $log.
start_server() {
	n=$((n + 1))
	log=$T/server$n.err
	url=
	launch_server "$log" env "$@" "$srv" --db "$db" --cors-origin http://localhost:3000 --log-level info
	pid=$spid port=$sport
	[ -n "$port" ] && url=http://127.0.0.1:$port
	if [ -n "$url" ]; then pass "server $n starts"; else fail "server $n starts" "$(head -c 600 "$log")"; fi
}

# stop_server: SIGTERM, then a clean exit and a clean log.
stop_server() {
	kill -TERM "$pid"
	local waited=0
	while kill -0 "$pid" 2>/dev/null && [ $waited -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		fail "server $n stops on SIGTERM" "still running"
		kill -KILL "$pid"
	fi
	wait "$pid"; local rc=$?
	[ -n "${KEEP_SERVER_LOG:-}" ] && cat "$log" >>"$KEEP_SERVER_LOG"
	expect_eq "server $n exits 0 on SIGTERM" "$rc" 0
	# Store trouble (a lost connection, a schema mismatch) shows up as 500s.
	if grep -q '" 500 ' "$log"; then
		fail "server $n answered no 500" "$(grep -m3 '" 500 \|error' "$log")"
	fi
	if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$log"; then
		fail "server $n sanitizer clean" "$(grep -m1 -A20 -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$log" | head -c 1500)"
	else
		pass "server $n sanitizer clean"
	fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }


free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
