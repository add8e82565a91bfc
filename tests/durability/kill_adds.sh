#!/usr/bin/env bash
# Crash durability: 1,000 `todo add` in a row while a watcher SIGKILLs the
# running todo process at random moments. Afterwards the database must pass
# PRAGMA integrity_check, hold every task whose add exited 0, and hold no
# title twice. Uses the release binary ($TODO_REL) for speed, else $todo.
. "$(dirname "$0")/../lib/common.sh"

bin=${TODO_REL:-}
[ -n "$bin" ] && [ -x "$bin" ] || bin=$todo
N=${KILL_ADDS_N:-1000}
MAX_KILLS=${KILL_ADDS_MAX_KILLS:-100}

# The adder: one `todo add` at a time; N goes to ok.log only after exit 0,
# to killed.log after death by SIGKILL (137); anything else to bad.log.
adder() {
	local i rc
	for ((i = 1; i <= N; i++)); do
		"$bin" add "task $i" >/dev/null 2>"$T/add.err"
		rc=$?
		if [ "$rc" -eq 0 ]; then
			echo "$i" >>"$T/ok.log"
		elif [ "$rc" -eq 137 ]; then
			echo "$i" >>"$T/killed.log"
		else
			{ echo "task $i: exit $rc"; cat "$T/add.err"; } >>"$T/bad.log"
		fi
	done
}

: >"$T/ok.log"; : >"$T/bad.log"; : >"$T/killed.log"
start=$SECONDS
adder 2>"$T/adder.stderr" &
apid=$!

# The killer: watches the adder's children (by parent pid and process name,
# so nothing else on the machine is touched) and SIGKILLs about one todo in
# eight at a random moment 0-4 ms into its life, up to MAX_KILLS times.
cat >"$T/killer.py" <<'PY'
import os, random, signal, sys, time
apid, max_kills = int(sys.argv[1]), int(sys.argv[2])
seen, kills = set(), 0
kids = f"/proc/{apid}/task/{apid}/children"
while kills < max_kills:
    try:
        pids = open(kids).read().split()
    except OSError:
        break  # the adder is gone
    for p in pids:
        if p in seen:
            continue
        try:
            comm = open(f"/proc/{p}/comm").read().strip()
        except OSError:
            continue
        if comm != "todo":
            continue  # still the shell between fork and exec
        seen.add(p)
        if random.random() < 0.125:
            time.sleep(random.uniform(0, 0.004))
            try:
                if open(f"/proc/{p}/comm").read().strip() == "todo":
                    os.kill(int(p), signal.SIGKILL)
                    kills += 1
            except OSError:
                pass
    time.sleep(0.0002)
print(kills)
PY
python3 "$T/killer.py" "$apid" "$MAX_KILLS" >"$T/killer.log" 2>&1
wait "$apid"
elapsed=$((SECONDS - start))
kills=$(wc -l <"$T/killed.log")
ok_count=$(wc -l <"$T/ok.log")
echo "# $N adds: $ok_count exited 0, $kills died of SIGKILL, ${elapsed}s, binary $bin"

if [ "$kills" -ge 30 ]; then pass "kill_adds: killed todo $kills times"; else fail "kill_adds: killed todo $kills times" "want at least 30; killer: $(cat "$T/killer.log")"; fi
if [ -s "$T/bad.log" ]; then
	fail "kill_adds: adds failed only by SIGKILL" "$(head -c 600 "$T/bad.log")"
else
	pass "kill_adds: adds failed only by SIGKILL"
fi
expect_eq "kill_adds: every add accounted for" "$((ok_count + kills))" "$N"

ic=$(sqlite3 "$TODO_DB" 'PRAGMA integrity_check' 2>&1)
expect_eq "kill_adds: integrity_check" "$ic" "ok"

"$bin" --json list >"$T/list.json" 2>"$T/list.err"
rc=$?
expect_eq "kill_adds: todo list after the kills exits 0" "$rc" "0"

# Every acknowledged N present; no title twice; nothing but "task N" titles.
res=$(python3 - "$T/list.json" "$T/ok.log" "$N" <<'PY'
import json, sys, collections
tasks = json.load(open(sys.argv[1]))
ok = [int(x) for x in open(sys.argv[2]).read().split()]
n = int(sys.argv[3])
titles = collections.Counter(t["title"] for t in tasks)
missing = [i for i in ok if f"task {i}" not in titles]
dups = [t for t, c in titles.items() if c > 1]
want = {f"task {i}" for i in range(1, n + 1)}
strange = [t for t in titles if t not in want]
print(f"tasks={len(tasks)} acked={len(ok)} missing={len(missing)} dups={len(dups)} strange={len(strange)}"
      f" missing:{missing[:20]} dups:{dups[:20]} strange:{strange[:20]}")
PY
)
echo "# $res"
case "$res" in
*" missing=0 "*) pass "kill_adds: all $ok_count acknowledged adds are stored";;
*) fail "kill_adds: all $ok_count acknowledged adds are stored" "$res";;
esac
case "$res" in
*" dups=0 "*) pass "kill_adds: no title stored twice";;
*) fail "kill_adds: no title stored twice" "$res";;
esac
case "$res" in
*" strange=0 "*) pass "kill_adds: no unexpected titles";;
*) fail "kill_adds: no unexpected titles" "$res";;
esac
dupid=$(sqlite3 "$TODO_DB" 'SELECT count(*) - count(DISTINCT id) FROM tasks' 2>&1)
expect_eq "kill_adds: ids unique" "$dupid" "0"
# And the store still takes writes (with the test binary, ASan under make test).
run_todo add "after the kills"
expect_rc "kill_adds: add after the kills" 0
finish
