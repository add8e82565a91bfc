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
out=$("$srv" --version 2>&1)
expect_in "--version" "todo-server " "$out"
out=$(env -u TODO_JWT_SECRET "$srv" --port 0 --db "$db" 2>&1); rc=$?
expect_rc "no secret: exit 1" 1
expect_in "no secret: says which variable" "BETTER_AUTH_SECRET" "$out"
"$srv" --port nope >/dev/null 2>&1; rc=$?
expect_rc "bad --port: exit 2" 2
"$srv" --log-level loud >/dev/null 2>&1; rc=$?
expect_rc "bad --log-level: exit 2" 2
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
	python3 "$here/api_test.py" main "$url" "$T/state.json"
	expect_eq "python main suite exits 0" "$?" 0
	expect_in "access log line" '"GET /health" 200' "$(cat "$log")"
fi
stop_server

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
	python3 - "${url##*:}" "$tok" >"$T/inflight.out" 2>&1 <<'EOF' &
import socket, sys, time
port, tok = int(sys.argv[1]), sys.argv[2]
body = b'{"title": "in flight"}'
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"POST /api/alice/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tok.encode()
          + b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body[:5])
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
	sleep 0.5
fi
stop_server
if [ -n "$url" ]; then
	wait "$client"
	expect_in "in-flight request answered during stop" "201" "$(cat "$T/inflight.out")"
fi
finish
