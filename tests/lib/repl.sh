# Drives the real REPL inside a private tmux server (its own socket, a fixed
# 120x40 window, no user config): start it, type, wait for text, read the
# screen. Source after common.sh.
command -v tmux >/dev/null || { echo "PASS repl tests skipped: no tmux"; exit 0; }
# A new server (and socket) for every start: reusing a socket right after
# kill-server races with the old server's exit.
runs=0
export TMUX_TMPDIR=$T      # sockets go away with the test's folder
unset TMUX
sock=todo-test-$$-0
case "$todo" in /*) ;; *) todo=$(pwd)/$todo;; esac
tm() { tmux -L "$sock" -f /dev/null "$@" 2>>"$T/tmux.err"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
# Sanitizer reports go to files (the pane would lose them); no file, no report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:log_path=$T/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:log_path=$T/ubsan"
[ -n "${LSAN_OPTIONS:-}" ] && export LSAN_OPTIONS="$LSAN_OPTIONS:log_path=$T/asan"

# repl_start [VAR=VALUE...] [-- TODO-ARGS...]: a fresh tmux server running
# todo with this test's environment (plus the VAR=VALUE pairs). The pane
# stays after todo ends, so its exit status can be read.
repl_start() {
	tm kill-server >/dev/null 2>&1
	runs=$((runs + 1))
	sock=todo-test-$$-$runs
	{
		echo '#!/bin/sh'
		export -p
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			case "$1" in
			-*) printf 'unset %s\n' "${1#-}";;
			*) printf 'export %q\n' "$1";;
			esac
			shift
		done
		[ "${1:-}" = -- ] && shift
		printf '%q' "$todo"
		for a in "$@"; do printf ' %q' "$a"; done
		echo
		# Like a login shell would, report how todo ended.
		printf 'st=$?; echo "[todo exited with status $st]"; echo "$st" >%q.tmp; mv %q.tmp %q\n' \
			"$T/exit" "$T/exit" "$T/exit"
	} >"$T/repl.sh"
	rm -f "$T/exit"
	chmod +x "$T/repl.sh"
	tm start-server \; set -g remain-on-exit on \; set -g history-limit 5000 \; \
		new-session -d -x 120 -y 40 "bash $T/repl.sh"
	wait_prompts 1 || fail "REPL did not start" "$(screen)"
}
# The pane's text, wrapped lines joined; screen -e keeps colour codes.
screen() { tm capture-pane -p -J -S -1000 "$@" 2>/dev/null; }
# The line the cursor is on (the prompt being edited).
cursor_line() {
	local y; y=$(tm display -p '#{cursor_y}')
	tm capture-pane -p -J | sed -n "$((y + 1))p"
}
# keys KEY...: tmux key names (Enter, Tab, Up, C-c, C-d …).
keys() { tm send-keys "$@"; }
# typein TEXT: literal text, no Enter.
typein() { tm send-keys -l "$1"; }
# say TEXT: a whole line, then waits for the next prompt.
say() {
	local before; before=$(screen | grep -cE '^todo[^ ]*>( |$)')
	tm send-keys -l "$1"; tm send-keys Enter
	wait_prompts $((before + 1))
}
# wait_prompts N: waits until N prompts are on the screen.
wait_prompts() {
	local i
	for i in $(seq 1 100); do
		[ "$(screen | grep -cE '^todo[^ ]*>( |$)')" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
# wait_for TEXT [TENTHS]: waits (10 s by default) until TEXT is on the screen.
wait_for() {
	local i
	for i in $(seq 1 "${2:-100}"); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# wait_cursor TEXT: waits until the cursor line shows TEXT.
wait_cursor() {
	local i
	for i in $(seq 1 50); do
		cursor_line | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# pane_status: "dead STATUS" once todo ended, else "alive". (The wrapper
# script writes the status: tmux itself sometimes reaps a dead pane late.)
pane_status() {
	if [ -f "$T/exit" ]; then echo "dead $(cat "$T/exit")"; else echo alive; fi
}
wait_dead() {
	local i
	for i in $(seq 1 100); do
		[ "$(pane_status)" != alive ] && return 0
		sleep 0.1
	done
	return 1
}
# expect_screen NAME TEXT: passes when TEXT shows up (waiting for it).
expect_screen() { if wait_for "$2" "${3:-100}"; then pass "$1"; else fail "$1" "'$2' not on screen: $(screen | grep -v '^$' | tail -15)"; fi; }
# expect_exit NAME STATUS: waits for todo to end, then checks its status.
expect_exit() {
	wait_dead
	local st; st=$(pane_status)
	if [ "$st" = "dead $2" ]; then pass "$1"; else fail "$1" "$st, want dead $2; screen: $(screen | grep -v '^$' | tail -8)"; repl_debug; fi
}
expect_no_sanitizer() {
	if ls "$T"/asan* "$T"/ubsan* >/dev/null 2>&1; then
		fail "$1" "$(cat "$T"/asan* "$T"/ubsan* 2>/dev/null | head -c 1500)"
	else
		pass "$1"
	fi
}
repl_debug() {
	local pid; pid=$(tm display -p '#{pane_pid}')
	echo "DEBUG pid $pid state $(cat /proc/$pid/stat 2>/dev/null | cut -d' ' -f3) wchan $(cat /proc/$pid/wchan 2>/dev/null)"
	stty -a -F "$(tm display -p '#{pane_tty}')" | head -5
	cat /proc/$pid/status | grep -i sig
}
