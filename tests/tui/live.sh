# Live refresh: changes made by other processes show up within about two
# seconds without a key press, and the selection stays on the same task.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"

seed 5
board_start
keys j j
expect_sel "task 3 selected" 3

# within SECONDS_MAX tenths after the change command returned
"$todo" add "Made in another process" >/dev/null
expect_screen "a concurrent add appears without a key press" 'Made in another process' 25
expect_screen "header counts follow" '^ todo │ 6 pending'
expect_sel "selection unchanged by an add below" 3

"$todo" rm 1 >/dev/null
expect_no_screen "a concurrent delete disappears" '\] +1 Task 1' 25
expect_sel "selection stays on the same task when rows above go" 3
expect_screen "header counts after the delete" '^ todo │ 5 pending'

"$todo" done 2 >/dev/null
expect_screen "a concurrent done updates the counts" '4 pending · 1 done' 25
expect_sel "still the same task" 3

"$todo" edit 3 --title "Renamed elsewhere" --priority high >/dev/null
expect_screen "a concurrent edit of the selected task shows" '^> \[ \] +3 Renamed elsewhere +!!!' 25
expect_screen "the detail pane follows" '^ Renamed elsewhere' 25

# A change made while the user types in a prompt is not lost either.
keys a
lit "half typed"
"$todo" add "While typing" >/dev/null
expect_screen "refresh while a prompt is open" 'While typing' 25
expect_screen "the prompt keeps its text" '^New task: half typed'
keys Escape

# An edit goes to the task it started on: if another process deletes that
# task meanwhile, the title goes nowhere else.
keys j j
expect_sel "task 5 selected" 5
keys e C-u
lit "Edited while deleted"
"$todo" rm 5 >/dev/null
expect_screen "the board has reloaded" '^ todo │ 4 pending' 25
keys Enter
expect_screen "the edit says the task is gone" 'task 5 was deleted'
expect_json "no other task got the title" "not any(t['title'] == 'Edited while deleted' for t in d)" 10
board_quit
finish
