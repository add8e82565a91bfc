# Mouse clicks, signals and odd terminals: the board selects and toggles on
# clicks, and always gives back a sane terminal.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"

seed 4
run_todo tui </dev/null
expect_rc "not a terminal: exit 1" 1
expect_in "not a terminal: says why" "needs a terminal" "$err"
run_todo tui extra
expect_rc "tui takes no arguments" 2

board_start
# SGR mouse reports (xterm 1006): press and release, 1-based column;row.
click() { lit $'\e[<0;'"$1;$2M"$'\e[<0;'"$1;$2m"; }
click 12 4
expect_sel "a click on a row selects it" 3
click 4 3
expect_json "a click on the [ ] box toggles the task" "any(t['id'] == 2 and t['completed'] for t in d)"
lit $'\e[<65;12;3M'
expect_sel "the wheel moves the selection" 4
keys u
expect_json "undo after a click" "not any(t['completed'] for t in d)"

# Ctrl-C quits cleanly too.
keys C-c
expect_screen "Ctrl-C leaves the board" '^EXIT=130'
keys "stty -a | tr ' ' '\n' | grep -xE -- '-?(echo|icanon)' | sort | tr '\n' ' '; echo" Enter
expect_screen "terminal sane after Ctrl-C" '^echo icanon ?$'
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$T/tui.err"; then fail "Ctrl-C: no sanitizer report" "$(head -c 800 "$T/tui.err")"; else pass "Ctrl-C: no sanitizer report"; fi

# SIGTERM from outside.
keys "clear; $todo tui 2>$T/tui.err & echo \$! >$T/pid; fg" Enter
wait_screen '^ todo │' 150
pid=$(cat "$T/pid" 2>/dev/null)
if [ -n "$pid" ]; then
	kill -TERM "$pid"
	expect_screen "SIGTERM ends the board with status 143" 'READY\$ *$' 100
	keys "echo STATUS=\$?" Enter
	expect_screen "SIGTERM exit status" '^STATUS=143'
	keys "stty -a | tr ' ' '\n' | grep -xE -- '-?(echo|icanon)' | sort | tr '\n' ' '; echo" Enter
	expect_screen "terminal sane after SIGTERM" '^echo icanon ?$'
else
	fail "SIGTERM: board pid not found"
fi

# An unknown terminal type is an error message, not a crash.
keys "clear; TERM=no-such-terminal $todo tui; echo EXIT=\$?" Enter
expect_screen "unknown TERM: exit 1" '^EXIT=1'
expect_screen "unknown TERM: says so" "cannot use the terminal 'no-such-terminal'"
finish
