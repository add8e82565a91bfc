#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# todo-server end to end: start the (ASan) server on a free port with a temp
# database, run the Python client suite, restart the server mid-conversation,
# and check every stop is clean (exit 0, no sanitizer report). Also the
# command line: --help, --version, token, missing secret, bad flags.
. "$(dirname "$0")/../lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
export TODO_JWT_SECRET=test-secret-for-todo-server-0123456789abcdef
unset BETTER_AUTH_SECRET DATABASE_URL CHATKIT_WORKFLOW_ID
# The store under test: SQLite here; tests/server/pg.sh runs this file again
# with a PostgreSQL URL.
db=${TODO_TEST_SERVER_DB:-sqlite:$T/server.db}
. "$here/../lib/server.sh"

if [ ! -x "$srv" ]; then
	fail "todo-server binary" "$srv not built"
	finish
fi

# ---- command line ----
out=$("$srv" --help 2>&1); rc=$?
expect_rc "--help exits 0" 0
expect_in "--help lists --cors-origin" "--cors-origin" "$out"
# Every long option in --help is in the man page, and the reverse.
man=$here/../../man/todo-server.1
help_opts=$(printf '%s\n' "$out" | grep -o -- '--[a-z][a-z-]*' | sort -u)
man_opts=$(sed 's/\\-/-/g' "$man" | grep -o -- '--[a-z][a-z-]*' | sort -u)
expect_eq "--help and man page list the same options" "$help_opts" "$man_opts"
for var in BETTER_AUTH_SECRET TODO_JWT_SECRET TODO_JWT_ISSUER TODO_JWT_AUDIENCE DATABASE_URL TODO_DB OPENAI_API_KEY CHATKIT_WORKFLOW_ID OPENAI_BASE_URL; do
	expect_in "man page documents $var" "$var" "$(cat "$man")"
done
for route in /health /tasks /complete /chat /conversations /messages /chat/session; do
	expect_in "man page documents $route" "$route" "$(sed 's/\\f[BIRP]//g' "$man")"
done
out=$("$srv" --version 2>&1)
expect_in "--version" "todo-server " "$out"
out=$(env -u TODO_JWT_SECRET "$srv" --port 0 --db "$db" 2>&1); rc=$?
expect_rc "no secret: exit 1" 1
expect_in "no secret: says which variable" "BETTER_AUTH_SECRET" "$out"
"$srv" --port nope >/dev/null 2>&1; rc=$?
expect_rc "bad --port: exit 2" 2
"$srv" --log-level loud >/dev/null 2>&1; rc=$?
expect_rc "bad --log-level: exit 2" 2
out=$("$srv" --agent gpt 2>&1); rc=$?
expect_rc "bad --agent: exit 2" 2
expect_in "bad --agent: names the choices" "local or openai" "$out"
out=$(TODO_AGENT=gpt "$srv" 2>&1); rc=$?
expect_rc "bad TODO_AGENT: exit 2 (the default of --agent)" 2
"$srv" --bogus >/dev/null 2>&1; rc=$?
expect_rc "unknown flag: exit 2" 2
tok=$("$srv" token alice --ttl 60); rc=$?
expect_rc "token exits 0" 0
payload=$(printf '%s' "$tok" | cut -d. -f2)
claims=$(python3 -c 'import base64,sys; s=sys.argv[1]; print(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode())' "$payload")
expect_eq "token sub" "$(jget 'd["sub"]' "$claims")" alice
expect_eq "token ttl" "$(jget 'd["exp"] - d["iat"]' "$claims")" 60
"$srv" token >/dev/null 2>&1; rc=$?
expect_rc "token without user: exit 2" 2
env -u TODO_JWT_SECRET BETTER_AUTH_SECRET=other "$srv" token alice >/dev/null 2>&1; rc=$?
expect_rc "token with BETTER_AUTH_SECRET" 0
touch "$T/notadir"
out=$("$srv" --port 0 --db "$T/notadir/x.db" 2>&1 </dev/null); rc=$?
expect_rc "unusable database: exit 1" 1
expect_in "unusable database: says why" "notadir" "$out"

# ---- the API ----
start_server
if [ -n "$url" ]; then
	# A token from `todo-server token` works against the running server.
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$url/api/alice/tasks")
	expect_eq "minted token accepted" "$code" 200
	out=$("$srv" --port "${url##*:}" --db "sqlite:$T/other.db" 2>&1 </dev/null); rc=$?
	expect_rc "port in use: exit 1" 1
	expect_in "port in use: says so" "cannot listen" "$out"
	python3 "$here/api_test.py" main "$url" "$T/state.json"
	expect_eq "python main suite exits 0" "$?" 0
	expect_in "access log line" '"GET /health" 200' "$(cat "$log")"
fi
stop_server

# ---- IPv6 loopback ----
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	: >"$T/v6.err"
	"$srv" --listen ::1 --port 0 --db "sqlite:$T/v6.db" 2>"$T/v6.err" &
	v6=$!
	for _ in $(seq 1 50); do grep -q listening "$T/v6.err" && break; sleep 0.1; done
	v6port=$(sed -n 's/^todo-server: listening on http:\/\/\[::1\]:\([0-9]*\)$/\1/p' "$T/v6.err")
	expect_eq "IPv6 --listen ::1" "$(curl -s -g "http://[::1]:$v6port/health")" '{"status":"ok"}'
	kill -TERM "$v6"; wait "$v6"; rc=$?
	expect_rc "IPv6 server exits 0" 0
fi

# ---- a stalled connection is closed after --timeout ----
: >"$T/to.err"
"$srv" --port 0 --timeout 1 --db "sqlite:$T/to.db" 2>"$T/to.err" &
to=$!
for _ in $(seq 1 50); do grep -q listening "$T/to.err" && break; sleep 0.1; done
toport=$(sed -n 's/^todo-server: listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/to.err")
secs=$(python3 - "$toport" <<'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")   # never finished
t0 = time.time()
try:
    s.recv(100)
except OSError:
    pass
print(round(time.time() - t0))
EOF
)
check "stalled connection closed after --timeout 1" test "${secs:-99}" -le 3
kill -TERM "$to"; wait "$to"; rc=$?
expect_rc "--timeout server exits 0" 0

# ---- restart mid-conversation, ChatKit configured against a fake ----
fake=$(free_port)
start_server OPENAI_API_KEY=sk-test CHATKIT_WORKFLOW_ID=wf_test OPENAI_BASE_URL="http://127.0.0.1:$fake/v1"
if [ -n "$url" ]; then
	FAKE_PORT=$fake python3 "$here/api_test.py" restart "$url" "$T/state.json"
	expect_eq "python restart suite exits 0" "$?" 0
fi
stop_server

# ---- SIGTERM lets an in-flight request finish ----
start_server
if [ -n "$url" ]; then
	# A request whose body arrives slowly is in flight when SIGTERM lands.
	python3 - "${url##*:}" "$tok" "$T/sent" >"$T/inflight.out" 2>&1 <<'EOF' &
import socket, sys, time
port, tok = int(sys.argv[1]), sys.argv[2]
body = b'{"title": "in flight"}'
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"POST /api/alice/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tok.encode()
          + b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body[:5])
open(sys.argv[3], "w").write("sent")   # the shell sends SIGTERM now
time.sleep(1.0)
s.sendall(body[5:])
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(data.split(b"\r\n")[0].decode())
EOF
	client=$!
	# SIGTERM only once the request is half sent (python may start slowly).
	for _ in $(seq 1 100); do [ -s "$T/sent" ] && break; sleep 0.05; done
	sleep 0.2
fi
stop_server
if [ -n "$url" ]; then
	wait "$client"
	expect_in "in-flight request answered during stop" "201" "$(cat "$T/inflight.out")"
fi
finish
