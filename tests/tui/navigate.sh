# Board navigation: j/k/G/g/Ctrl-d move the selection marker, Enter opens
# the details, ? the help; q gives back a sane terminal.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"

seed 60
"$todo" edit 2 --desc "The second task's long description" >/dev/null
board_start
expect_screen "header shows the counts" '^ todo │ 60 pending · 0 done'
expect_screen "header shows the database" "todo\.db"
expect_sel "first task selected at start" 1
expect_screen "key bar at the bottom" 'a add +e edit'
keys j j
expect_sel "j j moves down two" 3
keys k
expect_sel "k moves up" 2
expect_screen "detail pane shows the description" "The second task's long description"
keys G
expect_sel "G goes to the last task" 60
keys g
expect_sel "g goes back to the first" 1
keys C-d
if wait_screen '^> \[.\] +1[0-9] ' 50; then pass "Ctrl-d moves half a page"; else fail "Ctrl-d moves half a page" "$(screen)"; fi
keys C-u
expect_sel "Ctrl-u moves back" 1
keys Down Down
expect_sel "arrow keys move too" 3
keys Enter
expect_screen "Enter shows the task in full" '── task 3 '
expect_no_screen "the list is hidden behind the details" '^  \[ \] +4 Task 4'
keys Escape
expect_screen "Esc goes back to the list" '^  \[ \] +4 Task 4'
keys '?'
expect_screen "? shows the keys" 'any key closes this'
expect_screen "help lists the key table" 'cycle priority'
keys Space
expect_no_screen "any key closes the help" 'any key closes this'
expect_json "the key that closed the help did nothing" "not any(t['completed'] for t in d)" 5
board_quit
keys "stty -a | tr ' ' '\n' | grep -xE -- '-?(echo|icanon)' | sort | tr '\n' ' '; echo" Enter
expect_screen "terminal is sane after quit (echo, icanon)" '^echo icanon ?$'
finish
