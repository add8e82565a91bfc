# Board edits land in the database: add, edit title, done, delete + undo,
# priority, tags, due date; Unicode titles go in and out intact.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"

"$todo" add "First task" >/dev/null
"$todo" add "Second task" >/dev/null
board_start
expect_sel "starts on task 1" 1

keys a
expect_screen "a opens the title prompt" '^New task:'
lit "Buy oat milk"
keys Enter
expect_json "a + title + Enter adds the task" "any(t['title'] == 'Buy oat milk' for t in d)"
expect_sel "the new task is selected" 3

keys a
lit "Café 漢字 naïve"
keys Left Left Left Left Left BSpace
lit "!"
keys End
lit " ok"
keys Enter
expect_json "Unicode title with cursor moves and backspace" "any(t['title'] == 'Café 漢字!naïve ok' for t in d)"
expect_screen "Unicode title on screen" 'Café 漢字!naïve ok'

keys a
lit "never added"
keys Escape
expect_no_screen "Esc closes the prompt" '^New task:'
expect_json "Esc adds nothing" "not any(t['title'] == 'never added' for t in d)" 10

keys g e
expect_screen "e edits the title in its row" 'editing the title: Enter saves'
keys C-u
lit "Being renamed"
expect_screen "the row shows what is typed" '^> \[ \] +1 Being renamed$'
keys C-u
lit "First task, renamed"
keys Enter
expect_json "e edits the title" "any(t['id'] == 1 and t['title'] == 'First task, renamed' for t in d)"

keys g x
expect_json "x marks done" "any(t['id'] == 1 and t['completed'] for t in d)"
expect_sel "the done task leaves the pending list" 2
keys u
expect_json "u undoes done" "any(t['id'] == 1 and not t['completed'] for t in d)"
expect_sel "undo selects the task again" 1
keys Space
expect_json "space toggles too" "any(t['id'] == 1 and t['completed'] for t in d)"
keys u

keys g j d
expect_json "d deletes the task" "not any(t['title'] == 'Second task' for t in d)"
expect_screen "delete says u brings it back" 'deleted task 2: Second task'
expect_no_screen "deleted task gone from the list" '\] +2 Second task'
keys u
expect_json "u restores the deleted task" "[t['title'] for t in d].count('Second task') == 1"
expect_screen "restored task back on screen" '^> \[ \] +[0-9]+ Second task'
keys u
expect_json "u again removes it (redo)" "not any(t['title'] == 'Second task' for t in d)"
keys u

keys g p
expect_json "p: priority low" "any(t['id'] == 1 and t['priority'] == 'low' for t in d)"
keys p p
expect_json "p p: priority high" "any(t['id'] == 1 and t['priority'] == 'high' for t in d)"
expect_screen "high priority marked" '^> \[ \] +1 First task, renamed +!!!'

keys t
lit "home #Errand"
keys Enter
expect_json "t sets tags" "any(t['id'] == 1 and t['tags'] == ['home', 'errand'] for t in d)"
expect_screen "tags shown" '#home #errand'

keys D
lit "fri"
keys Enter
expect_json "D fri sets the due date" "any(t['id'] == 1 and t['due'] == '2026-03-13' for t in d)"
expect_screen "due shown relative" 'in 3d|Fri 13 Mar'
keys D C-u
lit "someday maybe"
keys Enter
expect_screen "a bad date is explained" 'someday maybe'
expect_json "a bad date changes nothing" "any(t['id'] == 1 and t['due'] == '2026-03-13' for t in d)" 5
keys D C-u
lit "none"
keys Enter
expect_json "D none clears the due date" "any(t['id'] == 1 and t['due'] is None for t in d)"

keys a
keys Enter
expect_json "an empty title adds nothing" "len(d) == 4" 5
board_quit
finish
