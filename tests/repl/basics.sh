# The chat REPL on a terminal: greeting, subcommands typed without `todo`,
# slash commands, a second process writing the same database, /quit.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/repl.sh"

repl_start
s=$(screen)
expect_in "greeting says how to get help" "/help for help" "$s"
expect_in "greeting names the agent" "agent: local" "$s"
expect_in "greeting names the database" "database: $TODO_DB" "$s"

say "add Buy milk --due fri"
expect_screen "add in the REPL without the word todo" "Added task 1: Buy milk, due Friday (Mar 13)"
run_todo list
expect_in "the REPL's add is in the database" "1 [ ] Buy milk (due 2026-03-13)" "$out"
say "add \"Read 'Dune'\" again --tag books"
run_todo --json show 2
expect_eq "REPL words: quotes group and keep the other quote" "$(jget 'd["title"]' "$out")" "Read 'Dune' again"
expect_eq "REPL words: options after the title" "$(jget 'd["tags"]' "$out")" "['books']"

say "/list"
s=$(screen)
expect_in "/list shows the task table" "   1 [ ] Buy milk" "$s"
expect_in "/list shows relative dates" "in 3d" "$s"
expect_in "/list ends with a count" "2 tasks, 0 done" "$s"

# Another process writes while the REPL is open.
run_todo add "Call mom"
expect_rc "a second todo process can write while the REPL is open" 0
say "done 3"
expect_screen "done in the REPL" "Completed task 3: Call mom" 
say "list --status pending"
s=$(screen | sed -n '/list --status pending/,$p')
expect_in "list with options in the REPL" "1 [ ] Buy milk" "$s"
expect_not_in "list --status pending leaves out done tasks" "Call mom" "$s"
say "/list --status completed"
s=$(screen | sed -n '/list --status completed/,$p')
expect_in "/list takes list's options" "[x] Call mom" "$s"

say "list --bogus"
expect_screen "a subcommand's usage error is shown" "unknown option '--bogus'"
say "show my tasks"
s=$(screen | sed -n '/show my tasks/,$p')
expect_not_in "a sentence that starts with a command word goes to the agent" "not a task id" "$s"
say "show 1"
expect_screen "show in the REPL" "status:      pending"
say "done --help"
expect_screen "CMD --help in the REPL" "usage: todo done ID..."

say "hello there"
say "add call mom tomorrow"
s=$(screen | sed -n '/^todo> add call mom tomorrow/,$p')
expect_not_in "add without options goes to the agent, not to the subcommand" "Added task 4: call mom tomorrow" "$s"
say "add -- Literal title tomorrow"
expect_screen "add -- runs the subcommand with a literal title" ": Literal title tomorrow"
say "/history"
s=$(screen | sed -n '/^todo> \/history/,$p')
expect_in "/history shows the user's messages" "you:  hello there" "$s"
expect_in "/history shows the replies" "todo: " "$s"
expect_in "/history shows sentences sent to the agent" "you:  show my tasks" "$s"
expect_in "/history has the add sentence" "you:  add call mom tomorrow" "$s"
expect_not_in "/history leaves out subcommands" "you:  add Buy milk" "$s"
say "/new"
expect_screen "/new starts a new conversation" "Started a new conversation."
say "/history"
expect_screen "/history after /new is empty" "No messages in this conversation yet."

say "/agent openai"
expect_screen "/agent openai without configuration says so" "The openai agent is not configured: set OPENAI_API_KEY"
say "/agent"
expect_screen "/agent stays local when openai is not configured" "agent: local (switch with"
say "/agent bogus"
expect_screen "/agent with an unknown name" "unknown agent 'bogus'"
say "/frobnicate"
expect_screen "unknown slash command" "unknown command '/frobnicate'; /help lists them"
say "chat hi"
expect_screen "chat inside the chat" "You are in a chat already"
say "/help"
s=$(screen)
for w in /help /list /new /history /agent /quit Ctrl-C Ctrl-D "$XDG_STATE_HOME/todo/history"; do
	expect_in "/help mentions $w" "$w" "$s"
done
expect_not_in "NO_COLOR: no colour in the REPL" $'\033[1m' "$(screen -e)"

keys "/quit" Enter
expect_exit "/quit exits with status 0" 0
expect_no_sanitizer "no sanitizer reports from the REPL"

# Colour on a terminal when NO_COLOR is not set.
repl_start -NO_COLOR
say "/list"
expect_in "colour prompt without NO_COLOR" $'\033[1m' "$(screen -e)"
keys C-d
expect_exit "Ctrl-D exits with status 0 (colour run)" 0

# Resuming: a REPL started within the hour goes on with the conversation.
repl_start
expect_screen "a new REPL continues the recent conversation" "continuing conversation"
say "/new"
keys C-d
wait_dead

# The configured openai agent can be switched to (without a request).
repl_start OPENAI_BASE_URL=http://127.0.0.1:9/v1 OPENAI_API_KEY=x
say "/agent openai"
expect_screen "/agent openai when configured" "Now using the openai agent."
expect_screen "the prompt names a non-default agent" "todo(openai)> "
keys C-d
wait_dead
expect_no_sanitizer "no sanitizer reports (later runs)"
finish
