#!/usr/bin/env bash
# `todo chat` with the local agent: the --json shape, conversations that go
# on across processes, --new, --list and an unknown conversation id.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/common.sh

run_todo --json chat --new "add a task to call the plumber tomorrow"
expect_rc "chat add exits 0" 0
conv=$(jget 'd["conversation_id"]' "$out")
expect_eq "json has a conversation id" "$( [ -n "$conv" ] && [ "$conv" -ge 1 ] 2>/dev/null && echo yes)" yes
expect_eq "json response is text" "$(jget 'type(d["response"]).__name__' "$out")" str
expect_eq "one tool call" "$(jget 'len(d["tool_calls"])' "$out")" 1
expect_eq "tool call name" "$(jget 'd["tool_calls"][0]["name"]' "$out")" add_task
expect_eq "tool call title" "$(jget 'd["tool_calls"][0]["arguments"]["title"]' "$out")" "Call the plumber"
expect_eq "tool call due" "$(jget 'd["tool_calls"][0]["arguments"]["due"]' "$out")" 2026-03-11
expect_eq "tool call result" "$(jget 'd["tool_calls"][0]["result"]["status"]' "$out")" created
expect_in "reply confirms" "Added 'Call the plumber' (task 1)" "$out"
id=$(jget 'd["tool_calls"][0]["result"]["task_id"]' "$out")

# A second process continues the conversation: "it" is the plumber task.
run_todo --json chat --conversation "$conv" "make it urgent"
expect_rc "continue exits 0" 0
expect_eq "same conversation" "$(jget 'd["conversation_id"]' "$out")" "$conv"
expect_eq "pronoun resolved across processes" \
	"$(jget '(d["tool_calls"][0]["name"], d["tool_calls"][0]["arguments"]["task_id"], d["tool_calls"][0]["arguments"]["priority"])' "$out")" \
	"('update_task', $id, 'high')"
run_todo --json show "$id"
expect_in "task is high priority" '"priority": "high"' "$(echo "$out" | python3 -c 'import sys,json; print(json.dumps(json.load(sys.stdin)))')"

# A list, then a position, in two processes.
run_todo --json chat --conversation "$conv" "show my tasks"
expect_eq "list call" "$(jget 'd["tool_calls"][0]["name"]' "$out")" list_tasks
run_todo --json chat --conversation "$conv" "mark the first one done"
expect_eq "position resolved" "$(jget '(d["tool_calls"][0]["name"], d["tool_calls"][0]["arguments"]["task_id"])' "$out")" "('complete_task', $id)"

# --new starts afresh: "it" has nothing to refer to, so the agent asks.
run_todo --json chat --new "delete it"
expect_rc "new conversation exits 0" 0
conv2=$(jget 'd["conversation_id"]' "$out")
expect_eq "--new gives a new conversation" "$( [ "$conv2" != "$conv" ] && echo yes)" yes
expect_eq "no change without context" "$(jget 'len(d["tool_calls"])' "$out")" 0
expect_in "asks which task" "Which" "$out"

# Help for small talk, never a crash.
run_todo --json chat --new "hello!"
expect_rc "greeting exits 0" 0
expect_eq "greeting changes nothing" "$(jget 'len(d["tool_calls"])' "$out")" 0
expect_in "help text has examples" "add buy milk" "$out"

# --list shows both conversations.
run_todo --json chat --list
expect_rc "chat --list exits 0" 0
expect_eq "list has the conversations" "$(jget 'len(d) >= 2 and all("id" in c for c in d)' "$out")" True

# Unknown conversation: exit 2 and a message.
run_todo chat --conversation 99999 "show my tasks"
expect_rc "unknown conversation exits 2" 2
expect_in "unknown conversation message" "onversation" "$err"

# Lines from a pipe: one message per line, one conversation.
printf 'add water the plants\nmake it p3\n' | "$todo" --json chat --new >"$T/lines" 2>"$T/err"
expect_eq "piped lines give two replies" "$(grep -c conversation_id "$T/lines")" 2
expect_in "second line used the first" '"priority": "low"' "$(python3 -c 'import sys,json
for l in open(sys.argv[1]):
    print(json.dumps(json.loads(l)))' "$T/lines" 2>/dev/null)"
finish
