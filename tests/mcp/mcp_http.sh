# todo-server's /mcp (Streamable HTTP) with the official MCP SDK client, plus
# raw requests for the transport rules: 202 for notifications, 405 for GET,
# 404 for an unknown session, 401 without a token, 403 for a foreign Origin.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
db=$T/server.db
export TODO_JWT_SECRET=mcp-http-secret
. "$here/../lib/server.sh"
start_server
tok=$("$srv" token alice)
other=$("$srv" token bob)
if [ ! -d "$here/node_modules/@modelcontextprotocol/sdk" ]; then
	npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >"$T/npm.log" 2>&1 || fail "npm ci" "$(tail -c 600 "$T/npm.log")"
fi
MCP_URL="$url/mcp" MCP_TOKEN=$tok MCP_OTHER_TOKEN=$other node "$here/mcp_http.mjs" >"$T/http.out" 2>"$T/http.err"
rc=$?
cat "$T/http.out"
grep -q '^FAIL ' "$T/http.out" && t_fail=$((t_fail + 1))
[ $rc -eq 0 ] || grep -q '^FAIL ' "$T/http.out" || fail "sdk over http ran" "exit $rc: $(head -c 800 "$T/http.err")"

post() { curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/json' \
	-H 'Accept: application/json, text/event-stream' "$@" "$url/mcp"; }
expect_eq "no token: 401" "$(post -d '{"jsonrpc":"2.0","id":1,"method":"ping"}')" "401"
expect_eq "ping: 200" "$(post -H "Authorization: Bearer $tok" -d '{"jsonrpc":"2.0","id":1,"method":"ping"}')" "200"
expect_eq "ping result" "$(cat "$T/body")" '{"jsonrpc":"2.0","id":1,"result":{}}'
expect_eq "notification: 202" "$(post -H "Authorization: Bearer $tok" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}')" "202"
expect_eq "notification: empty body" "$(cat "$T/body")" ""
expect_eq "bad JSON: 400" "$(post -H "Authorization: Bearer $tok" -d '{not json')" "400"
expect_in "bad JSON: parse error" "-32700" "$(cat "$T/body")"
expect_eq "unknown session: 404" "$(post -H "Authorization: Bearer $tok" -H 'Mcp-Session-Id: nope' -d '{"jsonrpc":"2.0","id":2,"method":"ping"}')" "404"
expect_eq "foreign Origin: 403" "$(post -H "Authorization: Bearer $tok" -H 'Origin: http://evil.example' -d '{"jsonrpc":"2.0","id":3,"method":"ping"}')" "403"
expect_eq "configured Origin: 200" "$(post -H "Authorization: Bearer $tok" -H 'Origin: http://localhost:3000' -d '{"jsonrpc":"2.0","id":4,"method":"ping"}')" "200"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" -H 'Accept: text/event-stream' "$url/mcp")
expect_eq "GET (no server stream): 405" "$code" "405"
sid=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}' \
	"$url/mcp" | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
expect_eq "initialize returns a session id" "${#sid}" "32"
expect_eq "the session works" "$(post -H "Authorization: Bearer $tok" -H "Mcp-Session-Id: $sid" -d '{"jsonrpc":"2.0","id":5,"method":"tools/list"}')" "200"
expect_eq "another user cannot use the session" "$(post -H "Authorization: Bearer $other" -H "Mcp-Session-Id: $sid" -d '{"jsonrpc":"2.0","id":6,"method":"ping"}')" "404"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $tok" -H "Mcp-Session-Id: $sid" "$url/mcp")
expect_eq "DELETE ends the session" "$code" "204"
expect_eq "an ended session is unknown" "$(post -H "Authorization: Bearer $tok" -H "Mcp-Session-Id: $sid" -d '{"jsonrpc":"2.0","id":7,"method":"ping"}')" "404"
stop_server
finish
