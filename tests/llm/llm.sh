# SPDX-License-Identifier: MIT
# The `openai` agent against a scripted fake Chat Completions server
# (tests/llm/fake_openai.py): answers, tool calls, streaming, errors,
# retries, timeouts, and the exact requests sent.
. "$(dirname "$0")/../lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export OPENAI_API_KEY=sk-test-123 TODO_MODEL=test-model TODO_LLM_TIMEOUT=10
fake_pid=

# fake SCRIPT_JSON: (re)starts the fake server with that script, empty log.
fake() {
	stop_fake
	printf '%s' "$1" >"$T/script.json"
	rm -f "$T/log.jsonl" "$T/port"; : >"$T/log.jsonl"
	python3 "$here/fake_openai.py" --script "$T/script.json" --log "$T/log.jsonl" \
		--port-file "$T/port" 2>"$T/fake.err" &
	fake_pid=$!
	for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
	export OPENAI_BASE_URL="http://127.0.0.1:$(cat "$T/port")/v1"
}
stop_fake() {
	if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; fake_pid=; fi
}
trap 'stop_fake; rm -rf "$T"' EXIT

# req EXPR: evaluates EXPR over the requests received: R (log entries),
# B (their bodies), M (the messages of the last one), N (how many).
req() {
	python3 -c '
import json, sys
R = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
B = [r["body"] for r in R]
N = len(R)
M = B[-1]["messages"] if R and isinstance(B[-1], dict) else []
print(eval(sys.argv[1]))' "$1" "$T/log.jsonl" 2>&1
}

# Responses for scripts.
text() { # TEXT: a whole chat.completion answering in words
	python3 -c 'import json,sys; print(json.dumps({"json": {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "test-model", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": sys.argv[1]}}]}}))' "$1"
}
calls() { # '[[ID, NAME, ARGS], ...]': a whole chat.completion with tool calls (ARGS object or raw string)
	python3 -c '
import json, sys
tc = [{"id": i, "type": "function", "function": {"name": n, "arguments": a if isinstance(a, str) else json.dumps(a)}}
      for i, n, a in json.loads(sys.argv[1])]
print(json.dumps({"json": {"id": "chatcmpl-2", "object": "chat.completion", "created": 1, "model": "test-model",
      "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": tc}}]}}))' "$1"
}
chunk() { # DELTA_JSON [FINISH]: one chat.completion.chunk
	python3 -c '
import json, sys
f = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
print(json.dumps({"id": "chatcmpl-3", "object": "chat.completion.chunk", "created": 1, "model": "test-model",
      "choices": [{"index": 0, "delta": json.loads(sys.argv[1]), "finish_reason": f}]}))' "$@"
}
chat() { run_todo --agent openai --json chat "$@"; }
task_titles() { jget '[t["title"] for t in d]' "$($todo --json list)"; }
conv_latest() { jget 'd[0]["id"]' "$($todo --json chat --list)"; }

echo "# a plain answer"
fake "[$(text 'Hello! Your list is empty.')]"
chat --new "hi there"
expect_rc "plain answer exits 0" 0
expect_eq "plain answer text" "$(jget 'd["response"]' "$out")" "Hello! Your list is empty."
expect_eq "plain answer has no tool calls" "$(jget 'd["tool_calls"]' "$out")" "[]"
expect_eq "one request" "$(req N)" "1"
expect_eq "request path" "$(req 'R[0]["path"]')" "/v1/chat/completions"
expect_eq "Authorization header" "$(req 'R[0]["headers"]["authorization"]')" "Bearer sk-test-123"
expect_eq "model from TODO_MODEL" "$(req 'B[0]["model"]')" "test-model"
expect_eq "all five tools sent" "$(req 'sorted(t["function"]["name"] for t in B[0]["tools"])')" \
	"['add_task', 'complete_task', 'delete_task', 'list_tasks', 'update_task']"
expect_eq "tools are type function with object parameters" \
	"$(req 'all(t["type"] == "function" and t["function"]["parameters"]["type"] == "object" and t["function"]["description"] for t in B[0]["tools"])')" "True"
expect_eq "add_task schema requires title" \
	"$(req '[t for t in B[0]["tools"] if t["function"]["name"] == "add_task"][0]["function"]["parameters"]["required"]')" "['title']"
expect_eq "no tool takes a user id" "$(req 'any("user" in json.dumps(t["function"]["parameters"]) for t in B[0]["tools"])')" "False"
expect_eq "parallel_tool_calls true" "$(req 'B[0]["parallel_tool_calls"]')" "True"
expect_eq "stream true" "$(req 'B[0]["stream"]')" "True"
expect_eq "no tool_choice or strict (Ollama)" "$(req '"tool_choice" in B[0] or "strict" in json.dumps(B[0]["tools"])')" "False"
expect_eq "messages: system then user" "$(req '[m["role"] for m in M]')" "['system', 'user']"
expect_in "system prompt has today's date" "2026-03-10" "$(req 'M[0]["content"]')"
expect_in "system prompt has the weekday" "Tuesday" "$(req 'M[0]["content"]')"
expect_in "system prompt has the time zone" "UTC" "$(req 'M[0]["content"]')"
expect_in "system prompt has the due format" "YYYY-MM-DDTHH:MM" "$(req 'M[0]["content"]')"
expect_eq "user message last" "$(req 'M[-1]["content"]')" "hi there"

echo "# one tool call"
fake "[$(calls '[["call_1", "add_task", {"title": "Buy milk", "due": "2026-03-11", "priority": "high"}]]'), $(text 'Added "Buy milk" (task 1), due tomorrow.')]"
chat --new "add buy milk tomorrow, it is urgent"
expect_rc "tool call exits 0" 0
expect_eq "tool call reply" "$(jget 'd["response"]' "$out")" 'Added "Buy milk" (task 1), due tomorrow.'
expect_eq "tool call recorded" "$(jget '[c["name"] for c in d["tool_calls"]]' "$out")" "['add_task']"
expect_eq "tool call result recorded" "$(jget 'd["tool_calls"][0]["result"]["task_id"]' "$out")" "1"
t1=$($todo --json show 1)
expect_eq "task exists in the database" "$(jget 'd["title"]' "$t1")" "Buy milk"
expect_eq "task due from the arguments" "$(jget 'd["due"]' "$t1")" "2026-03-11"
expect_eq "task priority from the arguments" "$(jget 'd["priority"]' "$t1")" "high"
expect_eq "two requests" "$(req N)" "2"
expect_eq "second request: assistant tool_calls then tool" "$(req '[m["role"] for m in M]')" "['system', 'user', 'assistant', 'tool']"
expect_eq "assistant tool call id kept" "$(req 'M[2]["tool_calls"][0]["id"]')" "call_1"
expect_eq "assistant tool call arguments are a JSON string" "$(req 'type(M[2]["tool_calls"][0]["function"]["arguments"]).__name__')" "str"
expect_eq "tool_call_id pairs with the call" "$(req 'M[3]["tool_call_id"]')" "call_1"
expect_eq "tool result content is the JSON result" "$(req 'json.loads(M[3]["content"])["title"]')" "Buy milk"
conv1=$(jget 'd["conversation_id"]' "$out")

echo "# history replay"
fake "[$(text 'It is due tomorrow.')]"
chat --conversation "$conv1" "when is it due?"
expect_rc "follow-up exits 0" 0
expect_eq "replay order" "$(req '[m["role"] for m in M]')" "['system', 'user', 'assistant', 'tool', 'assistant', 'user']"
expect_eq "replayed call has a stable synthesised id" "$(req 'M[2]["tool_calls"][0]["id"].startswith("call_") and M[2]["tool_calls"][0]["id"] == M[3]["tool_call_id"]')" "True"
expect_eq "replayed call name and arguments" "$(req 'M[2]["tool_calls"][0]["function"]["name"] + " " + json.loads(M[2]["tool_calls"][0]["function"]["arguments"])["title"]')" "add_task Buy milk"
expect_in "replayed tool result" '"task_id":1' "$(req 'M[3]["content"]')"
expect_eq "replayed answer text" "$(req 'M[4]["content"]')" 'Added "Buy milk" (task 1), due tomorrow.'
expect_eq "replayed user messages" "$(req '[M[1]["content"], M[5]["content"]]')" "['add buy milk tomorrow, it is urgent', 'when is it due?']"
id_a=$(req 'M[2]["tool_calls"][0]["id"]')
fake "[$(text 'Same answer.')]"
chat --conversation "$conv1" "and again?"
expect_eq "synthesised ids are the same on every replay" "$(req 'M[2]["tool_calls"][0]["id"]')" "$id_a"
expect_eq "history grows in order" "$(req '[m["role"] for m in M]')" "['system', 'user', 'assistant', 'tool', 'assistant', 'user', 'assistant', 'user']"

echo "# two parallel tool calls"
fake "[$(calls '[["call_a", "add_task", {"title": "Call mom"}], ["call_b", "add_task", {"title": "Pay rent", "tags": ["home"]}]]'), $(text 'Added both.')]"
chat --new "add call mom and pay rent"
expect_rc "parallel calls exit 0" 0
expect_eq "both calls ran in order" "$(jget '[c["arguments"]["title"] for c in d["tool_calls"]]' "$out")" "['Call mom', 'Pay rent']"
expect_eq "both tasks exist" "$(task_titles)" "['Buy milk', 'Call mom', 'Pay rent']"
expect_eq "two tool messages, ids paired in order" "$(req '[m.get("tool_call_id") for m in M[3:]]')" "['call_a', 'call_b']"

echo "# a multi-step chain: list, then delete by the id found"
fake "[$(calls '[["call_l", "list_tasks", {"query": "rent"}]]'), $(calls '[["call_d", "delete_task", {"task_id": 3}]]'), $(text 'Deleted "Pay rent".')]"
chat --new "delete the rent task"
expect_rc "chain exits 0" 0
expect_eq "chain ran list then delete" "$(jget '[c["name"] for c in d["tool_calls"]]' "$out")" "['list_tasks', 'delete_task']"
expect_eq "three requests" "$(req N)" "3"
expect_in "list result sent back with the id" '"id":3' "$(req 'B[1]["messages"][3]["content"]')"
expect_eq "third request carries both rounds" "$(req '[m["role"] for m in M]')" "['system', 'user', 'assistant', 'tool', 'assistant', 'tool']"
expect_eq "deleted task is gone" "$(task_titles)" "['Buy milk', 'Call mom']"

echo "# streamed text"
fake "[{\"sse\": [$(chunk '{"role": "assistant", "content": ""}'), $(chunk '{"content": "Hel"}'), $(chunk '{"content": "lo, "}'), \": keep-alive\\n\\n\", $(chunk '{"content": "world ✓"}'), $(chunk '{}' stop)], \"chunk_delay\": 0.01}]"
chat --new "stream please"
expect_rc "streamed text exits 0" 0
expect_eq "streamed text assembled" "$(jget 'd["response"]' "$out")" "Hello, world ✓"

echo "# streamed tool calls split across many chunks (and bytes)"
fake "[{\"sse\": [
 $(chunk '{"role": "assistant", "content": null, "tool_calls": [{"index": 0, "id": "call_s0", "type": "function", "function": {"name": "add_task", "arguments": ""}}]}'),
 $(chunk '{"tool_calls": [{"index": 0, "function": {"arguments": "{\"ti"}}]}'),
 $(chunk '{"tool_calls": [{"index": 1, "id": "call_s1", "type": "function", "function": {"name": "add_task", "arguments": ""}}]}'),
 $(chunk '{"tool_calls": [{"index": 0, "function": {"arguments": "tle\": \"Water "}}]}'),
 $(chunk '{"tool_calls": [{"index": 1, "function": {"arguments": "{\"title\": \"Feed"}}]}'),
 $(chunk '{"tool_calls": [{"index": 0, "function": {"arguments": "plants\"}"}}]}'),
 $(chunk '{"tool_calls": [{"index": 1, "function": {"arguments": " cat\", \"due\": \"2026-03-12T18:00\"}"}}]}'),
 $(chunk '{}' tool_calls)], \"split\": 7},
 {\"sse\": [$(chunk '{"role": "assistant", "content": "Added "}'), $(chunk '{"content": "both."}'), $(chunk '{}' stop)], \"split\": 3}]"
chat --new "water plants and feed the cat thursday 6pm"
expect_rc "streamed tool calls exit 0" 0
expect_eq "streamed calls assembled per index" "$(jget '[c["arguments"]["title"] for c in d["tool_calls"]]' "$out")" "['Water plants', 'Feed cat']"
expect_eq "streamed tasks exist" "$(task_titles)" "['Buy milk', 'Call mom', 'Water plants', 'Feed cat']"
expect_eq "streamed timed due" "$(jget 'd["due"]' "$($todo --json show 5)")" "2026-03-12T18:00"
expect_eq "streamed call ids answered" "$(req '[m.get("tool_call_id") for m in M[3:]]')" "['call_s0', 'call_s1']"
expect_eq "final streamed text" "$(jget 'd["response"]' "$out")" "Added both."

echo "# Ollama style: whole calls in one chunk, both index 0, role repeated"
fake "[{\"sse\": [$(chunk '{"role": "assistant", "content": "", "tool_calls": [{"id": "call_x1", "index": 0, "type": "function", "function": {"name": "complete_task", "arguments": "{\"task_id\":1}"}}]}'), $(chunk '{"role": "assistant", "content": "", "tool_calls": [{"id": "call_x2", "index": 0, "type": "function", "function": {"name": "complete_task", "arguments": "{\"task_id\":2}"}}]}' tool_calls)], \"done\": true}, $(text 'Both done.')]"
chat --new "done with 1 and 2"
expect_rc "Ollama-style calls exit 0" 0
expect_eq "Ollama-style: both calls ran" "$(jget '[c["arguments"]["task_id"] for c in d["tool_calls"]]' "$out")" "[1, 2]"
expect_eq "Ollama-style: tasks completed" "$(jget '[t["id"] for t in d]' "$($todo --json list --done)")" "[1, 2]"

echo "# old llama.cpp: flat tool_calls, arguments as an object, finish_reason tool"
fake '[{"json": {"choices": [{"index": 0, "finish_reason": "tool", "message": {"role": "assistant", "content": null, "tool_calls": [{"name": "update_task", "arguments": {"task_id": 4, "priority": "high"}}]}}]}}, '"$(text 'Made it high priority.')]"
chat --new "make water plants urgent"
expect_rc "flat tool call exits 0" 0
expect_eq "flat tool call ran" "$(jget 'd["priority"]' "$($todo --json show 4)")" "high"
expect_eq "flat call sent back in the standard shape" "$(req 'M[2]["tool_calls"][0]["type"] + " " + M[2]["tool_calls"][0]["function"]["name"] + " " + str(json.loads(M[2]["tool_calls"][0]["function"]["arguments"])["task_id"])')" "function update_task 4"
expect_eq "flat call gets an id that its result uses" "$(req 'M[2]["tool_calls"][0]["id"] == M[3]["tool_call_id"] != ""')" "True"

echo "# malformed tool arguments become a tool error, not a crash"
fake "[$(calls '[["call_m", "add_task", "{\"title\": \"oops"], ["call_n", "no_such_tool", {}]]'), $(text 'Sorry, that went wrong.')]"
chat --new "add oops"
expect_rc "malformed arguments exit 0" 0
expect_in "bad JSON reported to the model" "not valid JSON" "$(req 'M[3]["content"]')"
expect_in "unknown tool reported to the model" "Unknown tool" "$(req 'M[4]["content"]')"
expect_eq "bad call sent back with valid arguments" "$(req 'M[2]["tool_calls"][0]["function"]["arguments"]')" "{}"
expect_eq "no task added by a bad call" "$(jget 'len(d)' "$($todo --json list)")" "4"

echo "# turn limit"
one=$(calls '[["call_t", "list_tasks", {}]]')
fake "[$one, $one, $one, $one, $one, $one, $one, $one, $one, $(text 'never')]"
chat --new "loop forever"
expect_rc "turn limit exits 0" 0
expect_eq "stops after 8 rounds" "$(req N)" "8"
expect_in "says it stopped" "stopped after 8 rounds" "$(jget 'd["response"]' "$out")"

echo "# 429 with Retry-After, then success"
fake "[{\"status\": 429, \"headers\": {\"Retry-After\": \"1\"}, \"json\": {\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}}, $(text 'Fine now.')]"
s0=$(date +%s.%N)
chat --new "hello"
s1=$(date +%s.%N)
expect_rc "429 then success exits 0" 0
expect_eq "429 then success reply" "$(jget 'd["response"]' "$out")" "Fine now."
expect_eq "429: retried once" "$(req N)" "2"
expect_eq "429: waited Retry-After" "$(python3 -c "print($s1 - $s0 >= 1.0)")" "True"
expect_eq "retry sends the same request" "$(req 'B[0] == B[1]')" "True"

echo "# 500 three times: fails after 2 retries"
e500='{"status": 500, "json": {"error": {"message": "The server had an error while processing your request.", "type": "server_error"}}}'
fake "[$e500, $e500, $e500, $(text 'too late')]"
chat --new "hello"
expect_rc "500 x3 exits 1" 1
expect_eq "500 x3: three attempts" "$(req N)" "3"
expect_in "500 x3 message" "failed (HTTP 500, 3 attempts)" "$err"
expect_in "500 x3 message has the server's words" "The server had an error" "$err"
fake "[$e500, $e500, $(text 'Third time lucky.')]"
chat --new "hello"
expect_rc "500 x2 then success exits 0" 0
expect_eq "500 x2 then success reply" "$(jget 'd["response"]' "$out")" "Third time lucky."
TODO_LLM_RETRIES=0 chat --new "hello"
expect_eq "TODO_LLM_RETRIES=0: one attempt" "$(req N)" "4"

fake "[{\"status\": 503, \"headers\": {\"retry-after-ms\": \"200\"}, \"json\": {\"error\": {\"message\": \"overloaded\"}}}, $(text 'after 503')]"
chat --new "hello"
expect_eq "503 with retry-after-ms: retried" "$(req N) $(jget 'd["response"]' "$out")" "2 after 503"
fake "[{\"status\": 500, \"headers\": {\"x-should-retry\": \"false\"}, \"json\": {\"error\": {\"message\": \"no\"}}}, $(text 'never')]"
chat --new "hello"
expect_eq "x-should-retry false: not retried" "$(req N) $rc" "1 1"
fake "[{\"status\": 400, \"json\": {\"error\": {\"message\": \"Invalid value for messages\", \"type\": \"invalid_request_error\"}}}]"
chat --new "hello"
expect_eq "400: not retried" "$(req N) $rc" "1 1"
expect_in "400 message" "rejected the request (HTTP 400): Invalid value for messages" "$err"

echo "# a turn that fails after its tools ran keeps a consistent history"
fake "[$(calls '[["call_f", "add_task", {"title": "Halfway"}]]'), $e500, $e500, $e500]"
chat --new "add halfway"
expect_rc "failed turn exits 1" 1
expect_in "the task the tool added is there" "Halfway" "$(task_titles)"
convf=$(conv_latest)
fake "[$(text 'Yes, I added it.')]"
chat --conversation "$convf" "did you add it?"
expect_rc "continuing after a failed turn exits 0" 0
expect_eq "failed turn replayed with its call and result" "$(req '[m["role"] for m in M]')" "['system', 'user', 'assistant', 'tool', 'assistant', 'user']"
expect_in "failed turn note" "stopped" "$(req 'M[4]["content"]')"
fake "[$e500, $e500, $e500, $(text 'ok')]"
chat --new "first"
convg=$(conv_latest)
fake "[$(text 'ok')]"
chat --conversation "$convg" "second"
expect_eq "a failed turn without tools leaves no assistant message; user turns merge" "$(req '[m["role"] for m in M]')" "['system', 'user']"
expect_eq "merged user text" "$(req 'M[1]["content"]')" "first

second"

echo "# 401"
fake '[{"status": 401, "json": {"error": {"message": "Incorrect API key provided: sk-test-***123.", "type": "invalid_request_error", "code": "invalid_api_key"}}}]'
chat --new "hello"
expect_rc "401 exits 1" 1
expect_in "401 names OPENAI_API_KEY" "OPENAI_API_KEY is missing or was refused" "$err"
expect_eq "401 not retried" "$(req N)" "1"
unset OPENAI_API_KEY
fake "[$(text 'no key needed')]"
chat --new "hello"
expect_eq "no key: no Authorization header" "$(req '"authorization" in R[0]["headers"]')" "False"
export OPENAI_API_KEY=sk-test-123

echo "# 404 model"
fake '[{"status": 404, "json": {"error": {"message": "The model `nope` does not exist or you do not have access to it.", "type": "invalid_request_error", "code": "model_not_found"}}}]'
TODO_MODEL=nope chat --new "hello"
expect_rc "404 model exits 1" 1
expect_in "404 model message" "model 'nope' not found at $OPENAI_BASE_URL" "$err"

echo "# a hang past the timeout"
fake '[{"hang": 30}]'
s0=$(date +%s)
TODO_LLM_TIMEOUT=2 chat --new "hello"
s1=$(date +%s)
expect_rc "hang exits 1" 1
expect_in "hang message" "no answer from $OPENAI_BASE_URL within 2 s" "$err"
expect_eq "hang gives up in time" "$([ $((s1 - s0)) -lt 5 ] && echo yes)" "yes"
fake "[{\"sse\": [$(chunk '{"content": "slow "}'), $(chunk '{"content": "but "}'), $(chunk '{"content": "steady"}'), $(chunk '{}' stop)], \"chunk_delay\": 0.9}]"
TODO_LLM_TIMEOUT=2 chat --new "hello"
expect_rc "a slow but steady stream is not a hang" 0
expect_eq "slow stream text" "$(jget 'd["response"]' "$out")" "slow but steady"
fake '[{"delay": 1, "raw": "", "content_type": "text/event-stream"}]'
chat --new "hello"
expect_rc "an empty stream exits 1" 1
expect_in "an empty stream says so" "ended without an answer" "$err"

echo "# garbage"
fake '[{"raw": "<html>Bad gateway</html>{", "content_type": "application/json"}]'
chat --new "hello"
expect_rc "garbage JSON exits 1" 1
expect_in "garbage JSON message" "not valid JSON" "$err"
fake '[{"sse": ["data: {\"choices\": [{\"delta\": {\"content\": \"Hi\"}\n\n"]}]'
chat --new "hello"
expect_rc "garbage stream chunk exits 1" 1
expect_in "garbage stream chunk message" "not JSON" "$err"
fake "[{\"sse\": [$(chunk '{"content": "Partial"}'), {\"error\": {\"message\": \"Model overloaded\", \"type\": \"server_error\"}}], \"done\": false}]"
chat --new "hello"
expect_rc "error event mid-stream exits 1" 1
expect_in "error event message" "Model overloaded" "$err"
fake '[{"json": {"object": "chat.completion", "choices": []}}]'
chat --new "hello"
expect_rc "no choices exits 1" 1

echo "# no server"
stop_fake
OPENAI_BASE_URL=http://127.0.0.1:9/v1 chat --new "hello"
expect_rc "connection refused exits 1" 1
expect_in "connection refused message" "cannot reach http://127.0.0.1:9/v1" "$err"

echo "# settings from the config file"
mkdir -p "$XDG_CONFIG_HOME/todo"
fake "[$(text 'configured')]"
printf 'openai_base_url = %s/\nmodel = cfg-model\nopenai_api_key = sk-cfg\n' "$OPENAI_BASE_URL" >"$XDG_CONFIG_HOME/todo/config"
(unset OPENAI_BASE_URL OPENAI_API_KEY TODO_MODEL; "$todo" --agent openai --json chat --new hi >"$T/out" 2>"$T/err")
expect_eq "config file: reply" "$(jget 'd["response"]' "$(cat "$T/out")")" "configured"
expect_eq "config file: model and key" "$(req 'B[0]["model"] + " " + R[0]["headers"]["authorization"]')" "cfg-model Bearer sk-cfg"
rm -f "$XDG_CONFIG_HOME/todo/config"

echo "# streaming to a terminal: pieces appear as they arrive, once"
fake "[{\"sse\": [$(chunk '{"content": "First "}'), $(chunk '{"content": "second "}'), $(chunk '{"content": "third."}'), $(chunk '{}' stop)], \"chunk_delay\": 0.4}]"
tty=$(python3 - "$todo" <<'EOF'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "--agent", "openai", "chat", "--new", "stream to me"])
t0, seen, first = time.time(), b"", None
while True:
    try:
        d = os.read(fd, 1024)
    except OSError:
        break
    if not d:
        break
    seen += d
    if first is None and b"First" in seen:
        first = time.time() - t0
end = time.time() - t0
os.waitpid(pid, 0)
print(seen.decode().replace("\r", ""), end="")
print("|progressive" if first is not None and end - first >= 0.6 else "|all at once")
EOF
)
expect_eq "terminal: the reply printed once" "${tty%|*}" "First second third.
"
expect_eq "terminal: text shown while it streams" "${tty##*|}" "progressive"

echo "# TODO_LLM_STREAM=0"
fake "[$(text 'whole')]"
TODO_LLM_STREAM=0 chat --new "hello"
expect_eq "stream off: request says so" "$(req 'B[0]["stream"]')" "False"
expect_eq "stream off: reply" "$(jget 'd["response"]' "$out")" "whole"

echo "# an empty answer is reported, not printed as a blank line"
fake "[$(calls '[["call_e", "list_tasks", {}]]'), $(text '')]"
chat --new "hello"
expect_eq "empty answer after a tool call" "$(jget 'd["response"]' "$out")" "(The model made 1 tool call and sent no text.)"

echo "# plain output"
fake "[$(text 'Plain reply.')]"
run_todo --agent openai chat --new "hello"
expect_eq "plain output is the reply" "$out" "Plain reply."

echo "# todo-server --agent openai"
srv=$(dirname "$todo")/todo-server
delayed=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["delay"]=1.5; print(json.dumps(d))' \
	"$(calls '[["call_s", "add_task", {"title": "Buy milk"}]]')")
fake "[$delayed, $(text 'Added Buy milk.')]"
launch_server "$T/srv.err" env TODO_JWT_SECRET=llm-test-secret-0123456789abcdef0123 "$srv" \
	--db "sqlite:$T/srv.db" --agent openai --log-level quiet
stok=$(TODO_JWT_SECRET=llm-test-secret-0123456789abcdef0123 "$srv" token alice)
surl=http://127.0.0.1:$sport/api/alice
curl -s -H "Authorization: Bearer $stok" -d '{"message": "add buy milk"}' "$surl/chat" >"$T/chat.out" &
cpid=$!
sleep 0.3
created=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $stok" -d '{"title": "Walk the dog"}' "$surl/tasks")
if kill -0 "$cpid" 2>/dev/null; then pass "server: a create is answered while a chat waits on the model"
else fail "server: a create is answered while a chat waits on the model" "the chat finished first"; fi
expect_eq "server: that create succeeded" "$created" 201
wait "$cpid"
out=$(cat "$T/chat.out")
expect_eq "server: the chat used the model's tool call" "$(jget 'd["tool_calls"][0]["name"]' "$out")" "add_task"
expect_eq "server: and its reply" "$(jget 'd["response"]' "$out")" "Added Buy milk."
expect_eq "server: the model saw the message" "$(req 'B[0]["messages"][-1]["content"]')" "add buy milk"
titles=$(curl -s -H "Authorization: Bearer $stok" "$surl/tasks" | python3 -c 'import json,sys; print(sorted(t["title"] for t in json.load(sys.stdin)))')
expect_eq "server: both tasks saved" "$titles" "['Buy milk', 'Walk the dog']"
kill -TERM "$spid"; wait "$spid"
expect_eq "server: clean stop" "$?" 0
stop_fake
finish
