# Keys in the chat REPL: history across restarts (Up arrow), Tab completion
# of slash commands, subcommands, options, task ids and title words, Ctrl-C
# on a half-typed line, Ctrl-D.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/repl.sh"

"$todo" add Buy milk >/dev/null
"$todo" add Call mom >/dev/null
"$todo" add Pay the milkman >/dev/null
"$todo" done 2 >/dev/null
hist=$XDG_STATE_HOME/todo/history

repl_start
say "add Walk the dog --priority low"
expect_screen "add from the REPL" "Added task 4: Walk the dog"
keys C-d
expect_exit "Ctrl-D exits with status 0" 0
expect_screen "the pane shows todo ended" "[todo exited with status 0]"
expect_in "history file is written in the state folder" "add Walk the dog" "$(cat "$hist" 2>/dev/null)"
expect_eq "history file is private" "$(stat -c %a "$hist" 2>/dev/null)" "600"

repl_start
keys Up
if wait_cursor "todo> add Walk the dog"; then pass "Up recalls the last line after a restart"; else fail "Up recalls the last line after a restart" "$(cursor_line)"; fi
keys Enter
expect_screen "a recalled line runs" "Added task 5: Walk the dog"

# Ctrl-C on a half-typed line: the line is dropped, a fresh prompt comes,
# and nothing was sent.
typein "half typed line"
wait_cursor "half typed line"
keys C-c
if wait_cursor "todo> " && ! cursor_line | grep -q "half typed"; then pass "Ctrl-C gives a fresh prompt"; else fail "Ctrl-C gives a fresh prompt" "$(cursor_line)"; fi
expect_screen "Ctrl-C shows ^C after the dropped line" "half typed line^C"
expect_eq "Ctrl-C at the prompt does not end todo" "$(pane_status)" "alive"
typein "/hist"
keys Tab
if wait_cursor "todo> /history"; then pass "Tab completes a slash command"; else fail "Tab completes a slash command" "$(cursor_line)"; fi
keys Enter
wait_for "No messages in this conversation yet."
expect_not_in "the Ctrl-C'd line was not sent" "half typed" "$(screen | sed -n '/^todo> \/history/,$p')"
expect_not_in "the Ctrl-C'd line is not in the history file" "half typed" "$(cat "$hist")"

# Ctrl-C while searching the history (Ctrl-R) also gives a fresh prompt.
keys C-r
typein "Walk"
wait_for "(reverse-i-search)\`Walk': add Walk the dog"
keys C-c
wait_cursor "todo> "
typein "/new"
keys Enter
expect_screen "Ctrl-C ends a history search" "Started a new conversation."

typein "sho"
keys Tab
if wait_cursor "todo> show "; then pass "Tab completes a subcommand"; else fail "Tab completes a subcommand" "$(cursor_line)"; fi
keys C-u
typein "list --sta"
keys Tab
if wait_cursor "todo> list --status "; then pass "Tab completes an option"; else fail "Tab completes an option" "$(cursor_line)"; fi
typein "pen"
keys Tab
if wait_cursor "todo> list --status pending "; then pass "Tab completes an option's value"; else fail "Tab completes an option's value" "$(cursor_line)"; fi
keys C-u

# Ids: a title word becomes the id; a second Tab lists ids with titles.
typein "done milkm"
keys Tab
if wait_cursor "todo> done 3"; then pass "Tab turns a title word into the task id"; else fail "Tab turns a title word into the task id" "$(cursor_line)"; fi
keys C-u
typein "show milk"
keys Tab Tab
expect_screen "a second Tab lists ids with their titles" "     1  Buy milk"
expect_screen "the list has every match" "     3  Pay the milkman"
keys C-u
typein "done "
keys Tab Tab
wait_for "Walk the dog"
s=$(screen | sed -n '/^todo> done $/,$p')
expect_not_in "done offers only pending tasks" "Call mom" "$s"
keys C-u
typein "undone "
keys Tab
if wait_cursor "todo> undone 2"; then pass "undone offers the done task"; else fail "undone offers the done task" "$(cursor_line)"; fi
keys C-u
"$todo" edit 1 --tag groceries >/dev/null
typein "list --tag #gro"
keys Tab
if wait_cursor "todo> list --tag #groceries"; then pass "Tab completes a tag"; else fail "Tab completes a tag" "$(cursor_line)"; fi
keys C-u
typein "remind me to call the milkm"
keys Tab
if wait_cursor "todo> remind me to call the milkman"; then pass "Tab completes title words in a sentence"; else fail "Tab completes title words in a sentence" "$(cursor_line)"; fi
keys C-u
typein "/agent op"
keys Tab
if wait_cursor "todo> /agent openai"; then pass "Tab completes /agent's argument"; else fail "Tab completes /agent's argument" "$(cursor_line)"; fi
keys C-u
say "done 4"
expect_screen "done after completion" "Completed task 4: Walk the dog"
keys C-d
expect_exit "Ctrl-D exits with status 0 after a session" 0

# The history file stays capped.
for i in $(seq 1 1500); do echo "old line $i"; done >"$hist"
repl_start
say "/new"
keys C-d
wait_dead
n=$(wc -l <"$hist")
if [ "$n" -le 1000 ]; then pass "history file is capped at 1000 lines"; else fail "history file is capped at 1000 lines" "$n lines"; fi
expect_in "the newest lines are kept" "/new" "$(tail -1 "$hist")"

# Without a state folder yet: it is created.
rm -rf "$XDG_STATE_HOME"
repl_start
say "/list"
keys C-d
wait_dead
check "the state folder is created for the history" test -s "$hist"
expect_no_sanitizer "no sanitizer reports from the REPL"
finish
