#!/usr/bin/env bash
# Two writers at once: each adds 500 tasks with its own `todo add` processes
# on the same database. Every add must exit 0, nothing may say the database
# was locked, and exactly 1,000 distinct tasks must be stored. Uses the
# release binary ($TODO_REL) for speed, else $todo.
. "$(dirname "$0")/../lib/common.sh"

bin=${TODO_REL:-}
[ -n "$bin" ] && [ -x "$bin" ] || bin=$todo
N=${CONCURRENT_ADDS_N:-500}

writer() { # name: adds "$name 1".."$name N"; logs failures
	local name=$1 i rc
	for ((i = 1; i <= N; i++)); do
		"$bin" add "$name $i" >/dev/null 2>>"$T/$name.err"
		rc=$?
		[ "$rc" -eq 0 ] || echo "$name $i: exit $rc" >>"$T/$name.bad"
	done
}

: >"$T/a.err"; : >"$T/b.err"; : >"$T/a.bad"; : >"$T/b.bad"
# No database exists yet: both writers race through the first open and
# the schema creation too.
start=$SECONDS
writer a & pa=$!
writer b & pb=$!
wait "$pa"; wait "$pb"
echo "# 2 x $N adds in $((SECONDS - start))s, binary $bin"

bad=$(cat "$T/a.bad" "$T/b.bad")
expect_eq "concurrent_adds: every add exited 0" "$bad" ""
if grep -qi 'locked\|busy' "$T/a.err" "$T/b.err"; then
	fail "concurrent_adds: no 'locked' on stderr" "$(grep -hi 'locked\|busy' "$T/a.err" "$T/b.err" | head -5)"
else
	pass "concurrent_adds: no 'locked' on stderr"
fi
errs=$(cat "$T/a.err" "$T/b.err")
expect_eq "concurrent_adds: stderr empty" "$errs" ""

"$bin" --json list >"$T/list.json" 2>"$T/list.err"
rc=$?
expect_eq "concurrent_adds: list exits 0" "$rc" "0"
res=$(python3 - "$T/list.json" "$N" <<'PY'
import json, sys
tasks = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
titles = [t["title"] for t in tasks]
want = {f"{w} {i}" for w in "ab" for i in range(1, n + 1)}
print(f"count={len(tasks)} distinct={len(set(titles))} missing={len(want - set(titles))}"
      f" ids_distinct={len({t['id'] for t in tasks})}")
PY
)
echo "# $res"
expect_eq "concurrent_adds: exactly $((2 * N)) distinct tasks, none missing" "$res" \
	"count=$((2 * N)) distinct=$((2 * N)) missing=0 ids_distinct=$((2 * N))"
ic=$(sqlite3 "$TODO_DB" 'PRAGMA integrity_check' 2>&1)
expect_eq "concurrent_adds: integrity_check" "$ic" "ok"
finish
