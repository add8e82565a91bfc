# The `todo` subcommands end to end: output, JSON shapes, exit codes.
. "$(dirname "$0")/../lib/common.sh"

run_todo --json add Buy milk --due tomorrow --priority high --tag Errands --desc "2 litres"
expect_rc "add --json exits 0" 0
expect_eq "add --json title" "$(jget 'd["title"]' "$out")" "Buy milk"
expect_eq "add --json due resolved from a phrase" "$(jget 'd["due"]' "$out")" "2026-03-11"
expect_eq "add --json priority" "$(jget 'd["priority"]' "$out")" "high"
expect_eq "add --json tags lower-cased" "$(jget 'd["tags"]' "$out")" "['errands']"
expect_eq "add --json description" "$(jget 'd["description"]' "$out")" "2 litres"
expect_eq "add --json user" "$(jget 'd["user_id"]' "$out")" "local"
expect_eq "add --json completed_at null" "$(jget 'd["completed_at"]' "$out")" "None"
expect_eq "task JSON keys" "$(jget 'sorted(d)' "$out")" "['completed', 'completed_at', 'created_at', 'description', 'due', 'id', 'priority', 'tags', 'title', 'updated_at', 'user_id', 'uuid']"

run_todo add Call mom
expect_rc "plain add exits 0" 0
expect_eq "plain add message" "$out" "Added task 2: Call mom"
run_todo add "Team lunch" --due "fri at 12:30"
expect_in "add with a time" "due Friday (Mar 13) at 12:30" "$out"
run_todo add -- --weird title
expect_eq "title after -- may start with a dash" "$(jget 'd["title"]' "$($todo --json show 4)")" "--weird title"

run_todo list
expect_rc "list exits 0" 0
expect_in "piped list: plain line" "1 [ ] Buy milk (due 2026-03-11, high) #errands" "$out"
expect_in "piped list: untagged task" "2 [ ] Call mom" "$out"
expect_not_in "piped list has no colour" $'\033[' "$out"
run_todo ls --json
expect_eq "ls alias, JSON list" "$(jget 'len(d)' "$out")" "4"
run_todo --json list --priority high
expect_eq "list --priority" "$(jget '[t["id"] for t in d]' "$out")" "[1]"
run_todo --json list --tag errands
expect_eq "list --tag" "$(jget '[t["id"] for t in d]' "$out")" "[1]"
run_todo --json list --search MOM
expect_eq "list --search" "$(jget '[t["id"] for t in d]' "$out")" "[2]"
run_todo --json list --due tomorrow
expect_eq "list --due tomorrow" "$(jget '[t["id"] for t in d]' "$out")" "[1]"
run_todo --json list --due week
expect_eq "list --due week" "$(jget '[t["id"] for t in d]' "$out")" "[1, 3]"

run_todo done 1
expect_rc "done exits 0" 0
expect_eq "done message" "$out" "Completed task 1: Buy milk"
run_todo --json show 1
expect_eq "done sets completed" "$(jget 'd["completed"]' "$out")" "True"
expect_in "done sets completed_at" "Z" "$(jget 'd["completed_at"]' "$out")"
run_todo --json list --status completed
expect_eq "list --status completed" "$(jget '[t["id"] for t in d]' "$out")" "[1]"
run_todo --json list --status pending
expect_eq "list --status pending" "$(jget '[t["id"] for t in d]' "$out")" "[2, 3, 4]"
run_todo complete 2 3
expect_rc "complete alias with two ids" 0
run_todo --json undone 1 2
expect_eq "undone two ids gives a JSON list" "$(jget '[t["completed"] for t in d]' "$out")" "[False, False]"
run_todo --json show 1
expect_eq "undone clears completed_at" "$(jget 'd["completed_at"]' "$out")" "None"

run_todo --json edit 2 --title "Call mom tonight" --due none --priority medium --tag family --tag home
expect_eq "edit title" "$(jget 'd["title"]' "$out")" "Call mom tonight"
expect_eq "edit priority" "$(jget 'd["priority"]' "$out")" "medium"
expect_eq "edit tags" "$(jget 'd["tags"]' "$out")" "['family', 'home']"
run_todo --json edit 2 --untag home --due 2026-04-01 --desc "ask about Easter"
expect_eq "edit untag" "$(jget 'd["tags"]' "$out")" "['family']"
expect_eq "edit due ISO" "$(jget 'd["due"]' "$out")" "2026-04-01"
expect_eq "edit description" "$(jget 'd["description"]' "$out")" "ask about Easter"
run_todo edit 2 --priority none
expect_eq "edit priority none" "$(jget 'd["priority"]' "$($todo --json show 2)")" "none"

run_todo show 2
expect_in "show prints the title" "Call mom tonight" "$out"
expect_in "show prints the description" "ask about Easter" "$out"

run_todo rm 4
expect_eq "rm message" "$out" "Deleted task 4: --weird title"
run_todo show 4
expect_rc "show of a deleted task exits 1" 1
expect_eq "deleted task error" "$err" "todo: no task 4"
run_todo delete 3
expect_rc "delete alias" 0

run_todo --help
expect_rc "--help exits 0" 0
for c in add list show done undone edit rm export import chat; do
	expect_in "--help names $c" "  $c" "$out"
done
run_todo add --help
expect_in "add --help shows usage" "usage: todo add TITLE..." "$out"
run_todo --version
expect_in "--version" "todo 0." "$out"
run_todo list --json
expect_eq "--json after the subcommand works too" "$(jget 'len(d)' "$out")" "2"
run_todo --user bob --json list
expect_eq "another user sees nothing" "$out" "[]"
run_todo --user bob add Bob task
run_todo --user bob --json list
expect_eq "--user keeps tasks apart" "$(jget '[t["user_id"] for t in d]' "$out")" "['bob']"
run_todo --user bob show 1
expect_rc "another user's task is not found" 1
finish
