# Export and import: JSON round trip, todo.txt, taskwarrior, and an invalid
# file imports nothing at all.
. "$(dirname "$0")/../lib/common.sh"

"$todo" add "Buy milk" --due 2026-03-11 --priority high --tag errands >/dev/null
"$todo" add "Call mom" --desc "about Easter" >/dev/null
"$todo" add "Pay rent" --due "2026-03-12T17:30" --priority low >/dev/null
"$todo" done 3 >/dev/null

run_todo export
expect_rc "export exits 0" 0
expect_eq "export is a JSON list of every task" "$(jget 'len(d)' "$out")" "3"
printf '%s' "$out" >"$T/export.json"
run_todo export --format todotxt
expect_in "todo.txt: priority letter and tag" "(A) " "$out"
expect_in "todo.txt: due key" "Buy milk +errands due:2026-03-11" "$out"
expect_in "todo.txt: done line" "x " "$out"
printf '%s\n' "$out" >"$T/export.txt"

# JSON round trip into a fresh database keeps every field.
run_todo --db "$T/b.db" import "$T/export.json"
expect_rc "import JSON exits 0" 0
expect_eq "import message" "$out" "Imported 3 tasks."
norm='[(t["uuid"],t["title"],t["description"],t["completed"],t["priority"],t["due"],t["tags"],t["created_at"]) for t in d]'
expect_eq "JSON round trip keeps every field" "$(jget "$norm" "$($todo --db "$T/b.db" export)")" "$(jget "$norm" "$(cat "$T/export.json")")"
run_todo --db "$T/b.db" --json import "$T/export.json"
expect_eq "importing the same file twice adds nothing" "$out" '{"imported":0,"skipped":3}'

# todo.txt round trip.
run_todo --db "$T/c.db" import --format todotxt "$T/export.txt"
expect_rc "import todo.txt" 0
norm2='sorted((t["title"],t["completed"],t["priority"],t["due"],t["tags"]) for t in d)'
expect_eq "todo.txt round trip" "$(jget "$norm2" "$($todo --db "$T/c.db" export)")" "$(jget "$norm2" "$(cat "$T/export.json")")"
printf '(B) From stdin +home due:2026-05-01\n\n' | "$todo" --db "$T/d.db" import - >/dev/null
expect_eq "import from stdin (format detected)" "$(jget '[(t["title"],t["priority"],t["tags"]) for t in d]' "$($todo --db "$T/d.db" export)")" "[('From stdin', 'medium', ['home'])]"

# taskwarrior's `task export`.
cat >"$T/tw.json" <<'TW'
[{"id":1,"description":"Write report","entry":"20260310T090000Z","modified":"20260310T090000Z","status":"pending","uuid":"6d3c4a7e-2f0b-4a7e-9a55-0123456789ab","due":"20260312T000000Z","priority":"H","project":"acme","tags":["work"],"annotations":[{"entry":"20260310T090000Z","description":"pages 1-3"}],"urgency":9.1},
{"id":0,"description":"Old thing","entry":"20260301T090000Z","end":"20260302T090000Z","status":"completed","uuid":"6d3c4a7e-2f0b-4a7e-9a55-0123456789ac"},
{"id":0,"description":"Deleted thing","entry":"20260301T090000Z","status":"deleted","uuid":"6d3c4a7e-2f0b-4a7e-9a55-0123456789ad"}]
TW
run_todo --db "$T/tw.db" import --format taskwarrior "$T/tw.json"
expect_eq "taskwarrior import count (deleted skipped)" "$out" "Imported 2 tasks."
tw=$($todo --db "$T/tw.db" --json list)
expect_eq "taskwarrior fields" "$(jget '[(t["title"],t["completed"],t["priority"],t["due"],sorted(t["tags"]),t["description"],t["uuid"]) for t in d]' "$tw")" \
	"[('Write report', False, 'high', '2026-03-12', ['acme', 'work'], 'pages 1-3', '6d3c4a7e-2f0b-4a7e-9a55-0123456789ab'), ('Old thing', True, 'none', None, [], '', '6d3c4a7e-2f0b-4a7e-9a55-0123456789ac')]"
if command -v task >/dev/null; then
	export TASKDATA="$T/twdata" TASKRC="$T/taskrc"
	mkdir -p "$TASKDATA"; : >"$TASKRC"
	task rc.confirmation=off rc.verbose=nothing add "From real taskwarrior" due:2026-03-20 priority:M +home >/dev/null 2>&1
	task rc.confirmation=off rc.verbose=nothing export >"$T/real.json" 2>/dev/null
	run_todo --db "$T/real.db" import "$T/real.json"
	expect_rc "import of a real taskwarrior export" 0
	expect_eq "real taskwarrior task" "$(jget '[(t["title"],t["priority"],t["tags"]) for t in d]' "$($todo --db "$T/real.db" export)")" "[('From real taskwarrior', 'medium', ['home'])]"
fi

# Invalid input imports nothing: not half of the file.
count() { "$todo" --db "$1" --json list | python3 -c 'import sys,json;print(len(json.load(sys.stdin)))'; }
"$todo" --db "$T/e.db" add "Existing" >/dev/null
printf '[{"title":"ok one"},{"title":"ok two"},{"title":""}]' >"$T/bad1.json"
run_todo --db "$T/e.db" import "$T/bad1.json"
expect_rc "an invalid entry fails the import" 1
expect_in "the message names the entry" "entry 3" "$err"
expect_eq "nothing half-imported" "$(count "$T/e.db")" "1"
printf '[{"title":"ok"},' >"$T/bad2.json"
run_todo --db "$T/e.db" import "$T/bad2.json"
expect_rc "broken JSON fails" 1
expect_in "broken JSON message" "not valid JSON" "$err"
printf '{"title":"not a list"}' >"$T/bad3.json"
run_todo --db "$T/e.db" import --format json "$T/bad3.json"
expect_rc "a JSON object that is not a list fails" 1
expect_eq "still nothing imported" "$(count "$T/e.db")" "1"
run_todo --db "$T/e.db" import "$T/missing.json"
expect_rc "missing file" 1
expect_in "missing file message" "cannot read" "$err"
run_todo import --format yaml x
expect_rc "unknown import format" 2
run_todo export --format csv
expect_rc "unknown export format" 2
finish
