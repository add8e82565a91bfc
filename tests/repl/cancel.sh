# Ctrl-C while a request is in flight: the openai agent pointed at a local
# server that accepts the request and never answers; Ctrl-C must cancel it,
# give the prompt back and leave no task behind.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/repl.sh"

probe=$(OPENAI_BASE_URL=http://127.0.0.1:9/v1 OPENAI_API_KEY=x "$todo" --agent openai chat hi 2>&1)
case "$probe" in
*"not available in this build"*)
	echo "PASS Ctrl-C during a slow request: skipped, this build has no openai backend"
	finish;;
esac

python3 - "$T/port" "$T/got" <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns = []
s.settimeout(60)
try:
    while True:
        c, _ = s.accept(); conns.append(c)
        c.settimeout(5)
        try:
            c.recv(65536)
        except Exception:
            pass
        open(sys.argv[2], "a").write("request\n")
except Exception:
    pass
PY
srv=$!
trap 'kill $srv 2>/dev/null; tm kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
for i in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")

repl_start OPENAI_BASE_URL=http://127.0.0.1:$port/v1 OPENAI_API_KEY=x TODO_MODEL=test -- --agent openai
typein "please remember the cancelled milk"
keys Enter
for i in $(seq 1 100); do [ -s "$T/got" ] && break; sleep 0.1; done
check "the request reached the slow server" test -s "$T/got"
sleep 0.3
keys C-c
expect_screen "Ctrl-C cancels the request in flight" "Cancelled" 50
if wait_cursor "todo(openai)> "; then pass "the prompt comes back after a cancel"; else fail "the prompt comes back after a cancel" "$(cursor_line)"; fi
expect_eq "Ctrl-C during a request does not end todo" "$(pane_status)" "alive"
run_todo list
expect_not_in "a cancelled request leaves no task" "cancelled milk" "$out"
say "/agent local"
say "add -- Bread"
expect_screen "the REPL works after a cancel" "Added task 1: Bread"
keys C-d
expect_exit "Ctrl-D exits with status 0 after a cancel" 0
expect_no_sanitizer "no sanitizer reports around a cancel"
finish
