# Incremental search (/), the pending/done/all filter (f) and sort (s).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"

"$todo" add "Alpha report" --due 2026-03-20 --tag work >/dev/null
"$todo" add "Beta groceries" --due 2026-03-11 --priority high >/dev/null
"$todo" add "Gamma report" --desc "quarterly numbers" >/dev/null
"$todo" add "Delta finished" >/dev/null
"$todo" done 4 >/dev/null
board_start
expect_screen "pending filter by default" '│ pending: 3 │'
expect_no_screen "done tasks hidden by default" 'Delta finished' 10

keys /
expect_screen "/ opens the search line" '^/'
lit "rep"
expect_no_screen "search narrows as you type" 'Beta groceries'
expect_screen "matching tasks stay" 'Alpha report'
expect_screen "header shows the search" '│ /rep'
lit "ort"
keys Enter
expect_screen "Enter keeps the search" '2 matches for .report.'
expect_screen "both reports listed" 'Gamma report'
keys /
lit "x"
expect_screen "no match says so" 'no task matches'
keys Escape
expect_screen "Esc restores the previous search" '│ /report'
keys / C-u Enter
expect_screen "an empty search shows everything" 'Beta groceries'
expect_no_screen "header without search" '│ /'

keys /
lit "NUMBERS"
expect_screen "search is case-insensitive and covers descriptions" '^> \[ \] +3 Gamma report'
keys C-u Escape
expect_screen "Esc after clearing brings back the list" 'Beta groceries'

keys f
expect_screen "f: done" '│ done: 1 │'
expect_screen "done task listed" '^> \[x\] +4 Delta finished'
expect_no_screen "pending hidden" 'Alpha report'
keys f
expect_screen "f f: all" '│ all: 4 │'
expect_screen "all shows pending too" 'Alpha report'
keys f
expect_screen "f f f: pending again" '│ pending: 3 │'

keys w
expect_screen "w: overdue window" '│ due overdue'
expect_screen "nothing overdue" 'no task matches the filter'
keys w w
expect_screen "w w w: due tomorrow" '│ due tomorrow'
expect_screen "tomorrow's task shown" '^> \[ \] +2 Beta groceries'
expect_no_screen "later tasks hidden" 'Alpha report'
keys w
expect_screen "w: the next seven days" '│ due week'
expect_no_screen "a task due in ten days is not this week" 'Alpha report'
keys w
expect_screen "w again: any due date" 'Alpha report'
expect_no_screen "no due window in the header" '│ due '

keys '#'
lit "work"
keys Enter
expect_screen "# work: only that tag" '│ #work'
expect_screen "the tagged task shown" '^> \[ \] +1 Alpha report'
expect_no_screen "untagged tasks hidden" 'Gamma report'
keys '#' C-u Enter
expect_screen "# with nothing: every tag again" 'Gamma report'

keys s
expect_screen "s: sort by due" 'sort due'
expect_sel "soonest due first" 2
keys s
expect_screen "s s: sort by priority" 'sort priority'
expect_sel "high priority first" 2
keys s
expect_screen "s s s: newest first" 'sort newest'
expect_sel "newest first" 3
keys s
expect_screen "back to sort by id" 'sort id'
expect_sel "lowest id first" 1
board_quit
finish
