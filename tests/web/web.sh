#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The web page at / in a real browser: Debian's chromium driven by
# playwright-core (web_test.mjs) against the ASan todo-server on a free port
# with a temp database. The script asks for the server to be stopped and
# started (network-error path, --dev-login); each stop checks the server's
# exit and its stderr for sanitizer reports. Leaves tests/out/web-360.png.
. "$(dirname "$0")/../lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
case "$srv" in /*) ;; *) srv=$(pwd)/$srv;; esac
export TODO_JWT_SECRET=test-secret-for-todo-server-0123456789abcdef
unset BETTER_AUTH_SECRET DATABASE_URL CHATKIT_WORKFLOW_ID
db=sqlite:$T/web.db
shot=$top/tests/out/web-360.png
. "$here/../lib/server.sh"

if [ ! -x "$srv" ]; then
	fail "todo-server binary" "$srv not built"
	finish
fi

# ---- what the test needs: chromium from Debian, playwright-core from npm ----
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
	(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) \
		>"$T/apt.log" 2>&1 || fail "install chromium" "$(tail -c 600 "$T/apt.log")"
fi
if [ ! -x /usr/bin/chromium ]; then
	fail "chromium is installed" "/usr/bin/chromium missing (apt-get install chromium)"
	finish
fi
if ! command -v node >/dev/null 2>&1; then
	fail "node is installed" "node not found (apt-get install nodejs npm)"
	finish
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
	# The lock file pins playwright-core; quiet unless it fails.
	if ! npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >"$T/npm.log" 2>&1; then
		fail "npm ci playwright-core" "$(tail -c 600 "$T/npm.log")"
		finish
	fi
fi

# ---- the --dev-login flag on the command line ----
out=$("$srv" --help 2>&1)
expect_in "--help lists --dev-login" "--dev-login" "$out"
# (timeout: were it to start, it would serve until stopped)
out=$(timeout 10 "$srv" --dev-login --listen 0.0.0.0 --port 0 --db "$db" 2>&1 </dev/null); rc=$?
expect_rc "--dev-login on a public address: exit 2" 2
expect_in "--dev-login on a public address: says why" "loopback" "$out"

# web_start PORT [FLAGS...]: start_server with server flags and a fixed
# port (0 picks one), so a restart comes back where the page expects it.
web_start() {
	local want=$1; shift
	n=$((n + 1))
	log=$T/server$n.err
	"$srv" --port "$want" --db "$db" --threads 4 --log-level info "$@" 2>"$log" &
	pid=$!
	url=
	for _ in $(seq 1 100); do
		port=$(sed -n 's/^todo-server: listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
		if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
			url=http://127.0.0.1:$port
			break
		fi
		sleep 0.1
	done
	if [ -n "$url" ]; then pass "server $n starts${*:+ ($*)}"; else fail "server $n starts" "$(head -c 600 "$log")"; fi
}

web_start 0
if [ -z "$url" ]; then finish; fi
running=1

# The browser script talks to this loop over two FIFOs: its PASS/FAIL lines
# come through, and "@stop-server"/"@start-server FLAGS" lines are acted on.
mkfifo "$T/to_node" "$T/from_node"
TODO_SERVER_BIN=$srv node "$here/web_test.mjs" "$url" "$shot" <"$T/to_node" >"$T/from_node" 2>"$T/node.err" &
node_pid=$!
exec 3>"$T/to_node" 4<"$T/from_node"
while IFS= read -r line <&4; do
	case "$line" in
	@stop-server)
		stop_server; running=0
		echo ok >&3;;
	@start-server*)
		# Same port as before: the open page keeps talking to it.
		web_start "$port" ${line#@start-server}; running=1
		echo "ok $url" >&3;;
	FAIL*) echo "$line"; t_fail=$((t_fail + 1));;
	*) echo "$line";;
	esac
done
exec 3>&- 4<&-
wait "$node_pid"; node_rc=$?
if [ "$node_rc" -ne 0 ] && [ "$t_fail" -eq 0 ]; then
	fail "browser script ran" "exit $node_rc: $(tail -c 1200 "$T/node.err")"
elif [ -s "$T/node.err" ]; then
	sed 's/^/    node stderr: /' "$T/node.err" | head -20
fi
if [ "$running" = 1 ]; then stop_server; fi
if [ -s "$shot" ]; then pass "screenshot tests/out/web-360.png"; else fail "screenshot tests/out/web-360.png" "missing"; fi
finish
