# `todo chat` with stdin not a terminal: one message per line, one reply per
# message (one JSON object per line with --json), all in one conversation.
. "$(dirname "$0")/../lib/common.sh"

printf 'hi\nhelp\n' | "$todo" --json chat >"$T/out" 2>"$T/err"; rc=$?
expect_eq "piped chat --json exits 0" "$rc" "0"
expect_eq "two messages, two JSON lines" "$(wc -l <"$T/out")" "2"
l1=$(sed -n 1p "$T/out"); l2=$(sed -n 2p "$T/out")
expect_eq "each line is a chat result" "$(jget 'sorted(d)' "$l1")" "['conversation_id', 'response', 'tool_calls']"
expect_eq "second line too" "$(jget 'sorted(d)' "$l2")" "['conversation_id', 'response', 'tool_calls']"
expect_eq "both in one conversation" "$(jget 'd["conversation_id"]' "$l1")" "$(jget 'd["conversation_id"]' "$l2")"
check "replies are not empty" test -n "$(jget 'd["response"]' "$l1")"
expect_eq "no errors on stderr" "$(cat "$T/err")" ""

printf 'hi\n\n   \nhelp\r\n' | "$todo" chat --json >"$T/out" 2>"$T/err"; rc=$?
expect_eq "blank lines are skipped, CRLF is fine, --json after chat" "$(wc -l <"$T/out")" "2"

printf 'hello\n' | "$todo" --json >"$T/out" 2>"$T/err"; rc=$?
expect_eq "bare todo with a pipe chats line by line" "$(jget 'sorted(d)' "$(cat "$T/out")")" "['conversation_id', 'response', 'tool_calls']"

out=$(printf 'hi\n' | "$todo" chat 2>&1); rc=$?
expect_eq "piped chat without --json exits 0" "$rc" "0"
expect_not_in "no REPL greeting when stdin is a pipe" "/help for help" "$out"
expect_not_in "no prompt when stdin is a pipe" "todo>" "$out"
check "a plain reply is printed" test -n "$out"

python3 -c "print('x' * 70000); print('hi')" | "$todo" --json chat >"$T/out" 2>"$T/err"; rc=$?
expect_in "a failing line gives an error object" '{"error":' "$(sed -n 1p "$T/out")"
expect_eq "the next line still gets its reply" "$(jget 'sorted(d)' "$(sed -n 2p "$T/out")")" "['conversation_id', 'response', 'tool_calls']"
expect_eq "a failed line makes the exit status non-zero" "$rc" "2"

n=$("$todo" --json chat --list | python3 -c 'import sys,json; print(len(json.load(sys.stdin)))')
check "the piped chats were stored as conversations" test "$n" -ge 1
if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/err"; then fail "no sanitizer reports from piped chat"; else pass "no sanitizer reports from piped chat"; fi
finish
