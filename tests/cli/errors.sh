# Bad input gets a clear `todo: ...` message, the right exit status, and
# changes nothing.
. "$(dirname "$0")/../lib/common.sh"

"$todo" add "Keep me" >/dev/null
snapshot() { "$todo" --json list; }
before=$(snapshot)

run_todo add ""
expect_rc "empty title: usage error" 2
expect_in "empty title message" "todo: a task needs a title" "$err"
run_todo add "   "
expect_rc "blank title refused" 2
run_todo add "$(printf 'x%.0s' $(seq 501))"
expect_rc "501-character title refused" 2
expect_in "501 message says the limit" "limit is 500" "$err"
run_todo add "$(printf 'x%.0s' $(seq 500))"
expect_rc "500-character title accepted" 0
"$todo" rm 2 >/dev/null
run_todo add
expect_rc "add without a title" 2
expect_in "add without a title prints usage" "usage: todo add" "$err"
run_todo add Something --due "whenever you like"
expect_rc "unparseable --due" 2
expect_in "unparseable --due message" "cannot understand the date 'whenever you like'" "$err"
run_todo add Something --priority extreme
expect_rc "bad --priority" 2
expect_in "bad priority message" "unknown priority 'extreme'" "$err"
run_todo add Something --tag "two words"
expect_rc "bad --tag" 2

for id in 424242 9999999999999; do
	run_todo show $id
	expect_rc "show $id: not found" 1
	expect_eq "show $id message" "$err" "todo: no task $id"
done
for id in abc -1 0 1.5 99999999999999999999999 ""; do
	run_todo done "$id"
	expect_rc "done '$id' is a usage error" 2
	expect_in "done '$id' message" "todo: " "$err"
done
run_todo done 1 424242
expect_rc "done with one unknown id fails" 1
expect_in "nothing changed is said" "nothing changed" "$err"
expect_eq "task 1 still pending after the failed batch" "$(jget 'd["completed"]' "$($todo --json show 1)")" "False"
run_todo rm 424242
expect_rc "rm unknown id" 1
run_todo edit 1
expect_rc "edit with nothing to change" 2
run_todo edit 424242 --title x
expect_rc "edit unknown id" 1
run_todo edit 1 --title ""
expect_rc "edit to an empty title" 2
run_todo frobnicate
expect_rc "unknown subcommand" 2
expect_in "unknown subcommand message" "unknown command 'frobnicate'" "$err"
run_todo list --frobnicate
expect_rc "unknown option" 2
expect_in "unknown option message" "unknown option '--frobnicate'" "$err"
run_todo --frobnicate list
expect_rc "unknown global option" 2
run_todo list --status maybe
expect_rc "bad --status" 2
run_todo list --due someday
expect_rc "bad list --due" 2
run_todo list extra
expect_rc "stray argument to list" 2
run_todo --agent skynet list
expect_rc "unknown agent" 2
run_todo show
expect_rc "show without an id" 2
run_todo lis
expect_rc "no prefix matching of subcommands" 2

expect_eq "failed commands changed nothing" "$(snapshot | python3 -c 'import sys,json;print([(t["id"],t["title"],t["completed"]) for t in json.load(sys.stdin)])')" \
	"$(printf '%s' "$before" | python3 -c 'import sys,json;print([(t["id"],t["title"],t["completed"]) for t in json.load(sys.stdin)])')"

# A damaged database file.
printf 'this is not a database at all, just text. %.0s' $(seq 40) >"$T/junk.db"
run_todo --db "$T/junk.db" list
expect_rc "damaged database: failure" 1
expect_in "damaged database message" "not a todo database" "$err"
expect_eq "damaged file left as it was" "$(head -c 20 "$T/junk.db")" "this is not a databa"

# A database from a newer todo.
"$todo" --db "$T/newer.db" add x >/dev/null
sqlite3 "$T/newer.db" 'PRAGMA user_version = 42'
run_todo --db "$T/newer.db" list
expect_rc "newer schema: failure" 1
expect_in "newer schema message" "made by a newer todo" "$err"

# A read-only database.
"$todo" --db "$T/ro.db" add "read only task" >/dev/null
chmod 444 "$T/ro.db"
if [ "$(id -u)" = 0 ]; then
	# root ignores file modes; use a read-only bind of the folder instead
	# when possible, else an immutable-like check via a read-only mount is
	# not available: make the folder unwritable for a non-root user.
	if command -v runuser >/dev/null && id nobody >/dev/null 2>&1; then
		mkdir -p "$T/rodir" && cp "$T/ro.db" "$T/rodir/ro.db" && chmod 755 "$T" "$T/rodir" && chmod 444 "$T/rodir/ro.db"
		chmod 555 "$T/rodir"
		runuser -u nobody -- env HOME=/tmp TODO_DB="$T/rodir/ro.db" "$todo" add "should fail" >"$T/out" 2>"$T/err"; rc=$?
		err=$(cat "$T/err")
		expect_rc "read-only database: add fails" 1
		expect_in "read-only message" "read-only" "$err"
		chmod 755 "$T/rodir"
	fi
else
	run_todo --db "$T/ro.db" add "should fail"
	expect_rc "read-only database: add fails" 1
	expect_in "read-only message" "read-only" "$err"
fi
chmod 644 "$T/ro.db"
finish
