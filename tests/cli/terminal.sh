# On a terminal: a table with relative dates and colour; never colour with
# NO_COLOR; plain lines when piped.
. "$(dirname "$0")/../lib/common.sh"
command -v script >/dev/null || { echo "PASS terminal tests skipped: no script(1)"; exit 0; }

"$todo" add "Overdue thing" --due 2026-03-08 >/dev/null
"$todo" add "Due today" --due today --priority high --tag work >/dev/null
"$todo" add "Due tomorrow" --due tomorrow >/dev/null
"$todo" add "Ünïcödé 漢字 title that is long enough to be cut somewhere along the way, surely, yes" >/dev/null
"$todo" done 3 >/dev/null
tty_run() { env -u NO_COLOR COLUMNS=80 script -qec "$*" /dev/null </dev/null; }
screen=$(tty_run "$todo list")
expect_in "terminal: colour codes" $'\033[' "$screen"
expect_in "terminal: overdue shown relative" "overdue 2d" "$screen"
expect_in "terminal: today" "today" "$screen"
expect_in "terminal: done mark" "[x]" "$screen"
expect_in "terminal: tag" "#work" "$screen"
expect_in "terminal: long title cut with an ellipsis" "…" "$screen"
expect_in "terminal: UTF-8 titles shown as they are" "Ünïcödé 漢字" "$screen"
screen=$(NO_COLOR=1 COLUMNS=80 script -qec "$todo list" /dev/null </dev/null)
expect_not_in "NO_COLOR: no colour codes" $'\033[' "$screen"
expect_in "NO_COLOR: still a table" "overdue 2d" "$screen"
piped=$(env -u NO_COLOR "$todo" list)
expect_not_in "piped: no colour" $'\033[' "$piped"
expect_in "piped: absolute dates" "(due 2026-03-08)" "$piped"
empty=$(env TODO_DB="$T/empty.db" script -qec "$todo list" /dev/null </dev/null)
expect_in "empty list on a terminal says how to add" "todo add" "$empty"
finish
