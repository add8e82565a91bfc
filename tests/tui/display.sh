# What the board looks like: relative due dates, colours (and none with
# NO_COLOR), long and wide titles cut by display width, resizing down to
# 40x10 and back without leftovers.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"

"$todo" add "Overdue thing" --due 2026-03-08 >/dev/null
"$todo" add "Due today" --due today --tag work >/dev/null
"$todo" add "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 wide" >/dev/null
"$todo" add "$(printf 'Long %.0s' $(seq 1 60))end" >/dev/null
board_start NO_COLOR=
expect_screen "overdue shown relative" 'Overdue thing +overdue 2d'
expect_screen "today shown" 'Due today +today +#work'
tm capture-pane -e -p -t b >"$T/color"
if grep -a 'overdue 2d' "$T/color" | grep -qaE $'\033\\[[0-9;]*(31|38;5;1|91)m'; then
	pass "overdue in red"
else
	fail "overdue in red" "$(grep -a 'overdue' "$T/color" | od -c | head -8)"
fi
if grep -a 'today' "$T/color" | grep -qaE $'\033\\[[0-9;]*(33|38;5;3|93)m'; then pass "today in yellow"; else fail "today in yellow"; fi
expect_screen "long title cut with an ellipsis" 'Long Long.*…'
expect_no_screen "the end of a long title is cut off" 'Long end'
expect_screen "wide characters cut cleanly" '漢字…|漢字 …|漢 …'
# Every line fits the width (a wide character cut in half would push the
# row past it or leave a stray byte).
if screen | python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 0 if unicodedata.combining(c) else 1 for c in s)
sys.exit(0 if all(w(l) <= 100 for l in sys.stdin.read().splitlines()) else 1)"; then
	pass "no line wider than the screen"
else
	fail "no line wider than the screen" "$(screen)"
fi

tm resize-window -t b -x 40 -y 10
expect_screen "40x10: header still there" '^ todo │ 4 pending'
expect_screen "40x10: selection visible" '^> \[ \] +1 '
expect_screen "40x10: key bar at the bottom" 'a add'
expect_no_screen "40x10: no detail pane (too short)" '── task'
if screen | awk 'length > 0' | python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
lines = sys.stdin.read().splitlines()
sys.exit(0 if all(w(l) <= 40 for l in lines) and len(lines) <= 10 else 1)"; then
	pass "40x10: everything fits"
else
	fail "40x10: everything fits" "$(screen)"
fi
expect_no_screen "40x10: no leftovers of the wide layout" 'todo\.db|#work'
keys j
expect_sel "40x10: keys still work" 2
tm resize-window -t b -x 20 -y 5
sleep 0.5
tm resize-window -t b -x 100 -y 30
expect_screen "back to 100x30: database path in the header" 'todo\.db$'
expect_screen "back to 100x30: detail pane" '── task 2 '
expect_sel "back to 100x30: same selection" 2
expect_screen "back to 100x30: tags column again" '#work'
if [ "$(screen | grep -c '^ todo │')" = 1 ]; then pass "one header after resizing"; else fail "one header after resizing" "$(screen)"; fi
board_quit

# Without colours: no colour codes at all, still usable.
tm kill-server
board_start NO_COLOR=1
tm capture-pane -e -p -t b >"$T/mono"
if grep -aqE $'\033\\[[0-9;]*(3[0-7]|38;5;[0-9]+|9[0-7])m' "$T/mono"; then fail "NO_COLOR: no colours" "$(od -c "$T/mono" | head)"; else pass "NO_COLOR: no colours"; fi
expect_screen "NO_COLOR: still a board" 'Overdue thing +overdue 2d'
board_quit mono
tm kill-server
board_start TERM=vt100
expect_screen "a terminal without colours works" 'Overdue thing +overdue 2d'
board_quit vt100
finish
