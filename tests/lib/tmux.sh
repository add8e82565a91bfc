# Helpers for the board tests: the real `todo tui` (the ASan build) in a
# private tmux server, driven with send-keys and read with capture-pane.
# Sourced after common.sh; a shell runs in the pane so a test can see the
# prompt come back after the board quits.
command -v tmux >/dev/null || { echo "PASS board tests skipped: no tmux"; exit 0; }
SOCK=todo-tui-$$
# The server's socket goes in the temporary folder, removed at the end.
export TMUX_TMPDIR=$T
# tmux reads the keys sent with -l as UTF-8 only in a UTF-8 locale.
export LC_ALL=C.UTF-8
tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; sleep 0.2; rm -rf "$T"' EXIT

# seed N: N pending tasks "Task 1".."Task N" in one import.
seed() {
	python3 -c "import json,sys; print(json.dumps([{'title': 'Task %d' % i} for i in range(1, int(sys.argv[1]) + 1)]))" "$1" >"$T/seed.json"
	"$todo" import "$T/seed.json" >/dev/null
}

# shell_start [COLS ROWS]: a plain shell with the prompt "READY$ ".
shell_start() {
	local i
	# A server that is still shutting down refuses new sessions for a moment.
	for ((i = 0; i < 20; i++)); do
		tm new-session -d -s b -x "${1:-100}" -y "${2:-30}" \
			"env TERM=xterm-256color HISTFILE=/dev/null PS1='READY\$ ' bash --norc --noprofile" 2>/dev/null && break
		sleep 0.2
	done
	wait_screen 'READY\$' 50
}

# board_start [ENV=VAL...]: runs the board in the pane's shell; its stderr
# goes to $T/tui.err and its exit status is echoed as EXIT=N.
board_start() {
	shell_start || { fail "tmux session"; finish; }
	tm send-keys -t b "clear; env $* $todo tui 2>$T/tui.err; echo EXIT=\$?" Enter
	wait_screen '^ todo │' 150 || { fail "board starts" "$(screen; cat "$T/tui.err")"; finish; }
}

screen() { tm capture-pane -p -t b; }
# keys KEY...: tmux key names (j, Enter, Escape, C-d); lit TEXT: literal text.
keys() { tm send-keys -t b "$@"; }
lit() { tm send-keys -t b -l -- "$1"; }

# wait_screen ERE [TENTHS]: polls until a line of the screen matches.
wait_screen() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# wait_gone ERE [TENTHS]: polls until no line matches.
wait_gone() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		screen | grep -qE -- "$1" || return 0
		sleep 0.1
	done
	return 1
}
expect_screen() { if wait_screen "$2" "${3:-100}"; then pass "$1"; else fail "$1" "no /$2/ on screen:
$(screen)"; fi; }
expect_no_screen() { if wait_gone "$2" "${3:-100}"; then pass "$1"; else fail "$1" "/$2/ still on screen:
$(screen)"; fi; }
# The selected row: "> [ ]  7 Title".
expect_sel() { expect_screen "$1" "^> \[.\] +$2 "; }

# wait_json PYEXPR [TENTHS]: polls `todo --json list --status all` until
# the python expression over `d` (the list) is true.
wait_json() {
	local i
	for ((i = 0; i < ${2:-100}; i++)); do
		"$todo" --json list --status all >"$T/list.json" 2>/dev/null &&
			python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$T/list.json" 2>/dev/null &&
			return 0
		sleep 0.1
	done
	return 1
}
expect_json() { if wait_json "$2" "${3:-100}"; then pass "$1"; else fail "$1" "not true: $2; list: $(head -c 600 "$T/list.json")"; fi; }

# board_quit: q, then the shell prompt must come back with EXIT=0 and no
# sanitizer report.
board_quit() {
	keys q
	expect_screen "${1:-quit}: q returns to the shell" '^EXIT=0' 100
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$T/tui.err"; then
		fail "${1:-quit}: sanitizer report" "$(head -c 1500 "$T/tui.err")"
	else
		pass "${1:-quit}: no sanitizer report"
	fi
}
