#!/usr/bin/env bash
# `todo mcp`: the official MCP SDK client over stdio (mcp_sdk.mjs), the
# database it leaves behind, and raw JSON-RPC lines piped in without the SDK
# (errors, limits, version negotiation, notifications, user binding).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
case "$todo" in /*) ;; *) todo=$(pwd)/$todo;; esac

# --- the SDK client -------------------------------------------------------
if ! command -v node >/dev/null 2>&1; then
	fail "sdk: node is installed" "node not found (apt-get install nodejs npm)"
else
	if [ ! -d "$here/node_modules/@modelcontextprotocol/sdk" ]; then
		# The lock file pins the SDK; quiet unless it fails.
		if ! npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >"$T/npm.log" 2>&1; then
			fail "sdk: npm ci" "$(tail -c 600 "$T/npm.log")"
		fi
	fi
	if [ -d "$here/node_modules/@modelcontextprotocol/sdk" ]; then
		TODO_BIN=$todo node "$here/mcp_sdk.mjs" >"$T/sdk.out" 2>"$T/sdk.err"
		sdk_rc=$?
		cat "$T/sdk.out"
		if grep -q '^FAIL ' "$T/sdk.out"; then
			t_fail=$((t_fail + 1))
			sed 's/^/    sdk stderr: /' "$T/sdk.err" | head -40
		fi
		if [ "$sdk_rc" -ne 0 ] && ! grep -q '^FAIL ' "$T/sdk.out"; then
			fail "sdk: client script ran" "exit $sdk_rc: $(head -c 800 "$T/sdk.err")"
		fi

		# What the SDK session left in the database, read by the CLI.
		run_todo --json list
		expect_rc "sdk db: list exits 0" 0
		if python3 - "$out" <<'EOF'; then pass "sdk db: tasks as the SDK left them"; else fail "sdk db: tasks as the SDK left them" "$out"; fi
import json, sys
ts = {t["title"]: t for t in json.loads(sys.argv[1])}
assert set(ts) == {"Buy oat milk", "Call mom"}, ts
m = ts["Buy oat milk"]
assert m["due"] is None and m["priority"] == "high" and m["tags"] == ["shop", "food"], m
assert m["completed"] is False and ts["Call mom"]["completed"] is True
assert all(t["user_id"] == "local" for t in ts.values())
EOF
	fi
fi

# --- raw protocol, no SDK -------------------------------------------------
# Every message on its own line; the python check knows which ones answer.
python3 - "$T/raw.in" <<'EOF'
import json, sys
def req(i, method, params=None):
    m = {"jsonrpc": "2.0", "id": i, "method": method}
    if params is not None:
        m["params"] = params
    return json.dumps(m)
init = lambda v: {"protocolVersion": v, "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}
lines = [
    req(1, "initialize", init("2024-11-05")),
    '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    '{"jsonrpc": "2.0", "id": ',                                   # invalid JSON
    req(2, "resources/list"),                                      # unknown method
    '[{"jsonrpc":"2.0","id":3,"method":"ping"}]',                  # batch
    req(4, "tools/call"),                                          # no params
    '{"jsonrpc":"2.0","id":"big","method":"ping","params":{"pad":"' + "x" * (5 << 20) + '"}}',
    req(5, "ping"),
    req(6, "initialize", init("1999-01-01")),
    '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}',
    '{"jsonrpc":"2.0","method":"no/such/notification"}',
    '{"jsonrpc":"2.0","id":null,"method":"ping"}',                 # id null
    '{"id":7,"method":"ping"}',                                    # no jsonrpc
    '{"jsonrpc":"2.0","id":8,"method":"tools/list","params":[1]}', # params not an object
    req(9, "tools/call", {"name": "add_task", "arguments": "x"}),
    req(10, "tools/call", {"name": "nope", "arguments": {}}),
    '{"jsonrpc":"2.0","id":11,"method":"ping"} trailing',
    b'{"jsonrpc":"2.0","id":12,"method":"ping","params":{"x":"\xff"}}'.decode("latin-1"),
    "",
    '{"jsonrpc":"2.0","id":99,"result":{}}',                       # a response to us: dropped
    req(13, "tools/call", {"name": "add_task", "arguments": {"title": "Raw task", "user_id": "mallory"}}),
    req(14, "tools/call", {"name": "add_task", "arguments": {"title": ""}}),
    req(15, "tools/call", {"name": "list_tasks", "arguments": {"status": "pending"}}),
    '{"jsonrpc":"2.0","id":16,"method":"tools/call","params":{"name":"list_tasks"}}',
    '{"jsonrpc":"2.0","id":17,"method":"ping"}',                   # last line, no newline
]
with open(sys.argv[1], "w", encoding="latin-1", newline="") as f:
    f.write("\n".join(lines))
EOF
TODO_DB="$T/raw.db" "$todo" mcp <"$T/raw.in" >"$T/raw.out" 2>"$T/raw.err"
rc=$?
expect_eq "raw: exits 0 at end of input" "$rc" 0
if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/raw.err"; then
	fail "raw: no sanitizer report" "$(head -c 800 "$T/raw.err")"
else
	pass "raw: no sanitizer report"
fi
python3 - "$T/raw.out" <<'EOF'
import json, sys
ok = True
def check(name, cond, detail=""):
    global ok
    print(("PASS " if cond else "FAIL ") + "raw: " + name + ("" if cond else ": " + str(detail)[:400]))
    ok = ok and cond

raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\n")
check("stdout ends with a newline", raw.endswith(b"\n"))
lines = [l for l in lines if l]
msgs = []
for l in lines:
    try:
        m = json.loads(l)
    except ValueError:
        m = None
    msgs.append(m)
check("every stdout line is a JSON-RPC object",
      all(isinstance(m, dict) and m.get("jsonrpc") == "2.0" for m in msgs), lines[:3])
# Answers in order: one per request, none for notifications/blank/responses.
want = [1, None, 2, None, 4, None, 5, 6, None, 7, 8, 9, 10, None, None, 13, 14, 15, 16, 17]
got = [m.get("id") if isinstance(m, dict) else "?" for m in msgs]
check("one answer per request, none for notifications", got == [w if w is not None else None for w in want], got)
by = {}
nulls = []
for m in msgs:
    if isinstance(m, dict):
        if m.get("id") is None:
            nulls.append(m)
        else:
            by[m["id"]] = m

def code(m):
    return (m or {}).get("error", {}).get("code")

r1 = by.get(1, {}).get("result", {})
check("initialize echoes 2024-11-05", r1.get("protocolVersion") == "2024-11-05", r1)
check("initialize capabilities", r1.get("capabilities") == {"tools": {"listChanged": False}}, r1)
check("initialize serverInfo", r1.get("serverInfo", {}).get("name") == "todo"
      and isinstance(r1.get("serverInfo", {}).get("version"), str), r1)
check("unknown version -> 2025-11-25",
      by.get(6, {}).get("result", {}).get("protocolVersion") == "2025-11-25", by.get(6))
if len(nulls) == 6:
    check("invalid JSON -> -32700 with id null", code(nulls[0]) == -32700, nulls[0])
    check("batch array -> -32600", code(nulls[1]) == -32600, nulls[1])
    check("5 MB line -> an error", code(nulls[2]) in (-32600, -32700), nulls[2])
    check("id null -> -32600", code(nulls[3]) == -32600, nulls[3])
    check("trailing text -> -32700", code(nulls[4]) == -32700, nulls[4])
    check("invalid UTF-8 -> -32700", code(nulls[5]) == -32700, nulls[5])
else:
    check("six id-null errors", False, nulls)
check("unknown method -> -32601", code(by.get(2)) == -32601, by.get(2))
check("tools/call without params -> -32602", code(by.get(4)) == -32602, by.get(4))
check("ping after the 5 MB line -> {}", by.get(5, {}).get("result") == {}, by.get(5))
check("missing jsonrpc -> -32600 with its id", code(by.get(7)) == -32600, by.get(7))
check("params array -> -32602", code(by.get(8)) == -32602, by.get(8))
check("arguments not an object -> -32602", code(by.get(9)) == -32602, by.get(9))
check("unknown tool -> -32602", code(by.get(10)) == -32602
      and "nope" in by.get(10, {}).get("error", {}).get("message", ""), by.get(10))
r13 = by.get(13, {}).get("result", {})
check("add_task result", r13.get("isError") is False
      and r13.get("structuredContent", {}).get("status") == "created", r13)
r14 = by.get(14, {}).get("result", {})
check("empty title -> isError result", r14.get("isError") is True
      and r14.get("content", [{}])[0].get("type") == "text", r14)
r15 = by.get(15, {}).get("result", {})
check("list_tasks -> {tasks: [...]}", [t["title"] for t in r15.get("structuredContent", {}).get("tasks", [])]
      == ["Raw task"], r15)
r16 = by.get(16, {}).get("result", {})
check("list_tasks without arguments", len(r16.get("structuredContent", {}).get("tasks", [])) == 1, r16)
check("last line without a newline answered", by.get(17, {}).get("result") == {}, by.get(17))
sys.exit(0 if ok else 1)
EOF
[ $? -eq 0 ] || t_fail=$((t_fail + 1))

# The user is bound by the caller, never by a tool argument.
TODO_DB="$T/raw.db" run_todo --json list
expect_in "raw db: task owned by the bound user" '"user_id":"local"' "$out"
expect_not_in "raw db: user_id argument ignored" 'mallory' "$out"

printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_task","arguments":{"title":"Alice only"}}}' \
	| "$todo" --user alice mcp >"$T/alice.out" 2>"$T/alice.err"
expect_eq "user: --user alice mcp exits 0" "$?" 0
run_todo --user alice --json list
expect_in "user: alice sees her task" '"Alice only"' "$out"
run_todo --json list
expect_not_in "user: local does not" '"Alice only"' "$out"

# Only notifications in: nothing out at all.
printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
	'{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}' \
	| "$todo" mcp >"$T/n.out" 2>"$T/n.err"
expect_eq "notifications: exit 0" "$?" 0
expect_eq "notifications: no output" "$(wc -c <"$T/n.out")" 0

# Empty input: clean exit, nothing written.
"$todo" mcp </dev/null >"$T/e.out" 2>"$T/e.err"
expect_eq "eof: exit 0 on empty input" "$?" 0
expect_eq "eof: no output" "$(wc -c <"$T/e.out")" 0

run_todo mcp extra
expect_rc "usage: mcp takes no arguments" 2
run_todo mcp --help
expect_in "usage: mcp --help" "usage: todo mcp" "$out"
run_todo --help
expect_in "help: mcp listed" "mcp" "$out"

finish
