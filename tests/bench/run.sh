#!/usr/bin/env bash
# `make bench`: todo against taskwarrior and against the bare sqlite3 CLI
# (the floor: the same SQL with nothing around it), at 1,000, 10,000 and
# 100,000 tasks. Medians in ms go to stdout and to tests/bench/latest.md.
#
#   BENCH_SIZES="1000 10000"   which sizes (default "1000 10000 100000")
#   BENCH_RUNS=20 BENCH_WARMUP=3  hyperfine runs per command
#   TODO_REL=path/to/todo      the binary (default ./todo, built by make)
#
# Every mutating command (add, done, chat) runs on a fresh copy of the
# database, restored by hyperfine --prepare before each run (copied and
# fsynced, outside the timing), so every run starts from the same state and
# nothing grows across runs. Reads run on an untouched copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
TODO=${TODO_REL:-$top/todo}
SIZES=${BENCH_SIZES:-1000 10000 100000}
RUNS=${BENCH_RUNS:-20}
WARMUP=${BENCH_WARMUP:-3}
W=$top/tests/bench/data          # in .gitignore
OUT=$top/tests/bench/latest.md

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$TODO" ] || make -s todo || die "cannot build ./todo"
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null || die "cannot install time"
	else
		die "/usr/bin/time is missing: apt-get install time"
	fi
fi
for p in hyperfine sqlite3 task python3; do
	command -v "$p" >/dev/null || die "$p is missing (make deps installs it)"
done

rm -rf "$W"; mkdir -p "$W/json" "$W/home"
# A private, quiet environment: no user config, no colour, no prompts.
export HOME=$W/home XDG_DATA_HOME=$W/home/data XDG_CONFIG_HOME=$W/home/config \
	XDG_STATE_HOME=$W/home/state XDG_CACHE_HOME=$W/home/cache NO_COLOR=1 TZ=UTC \
	TODO_AGENT=local LC_ALL=C
unset OPENAI_API_KEY OPENAI_BASE_URL TODO_MODEL TODO_DB TODO_NOW TASKRC TASKDATA
cat >"$W/taskrc" <<EOF
confirmation=off
verbose=nothing
hooks=off
color=off
news.version=$(task --version)
EOF
export TASKRC=$W/taskrc

# reset.sh KIND DIR: the copy a mutating benchmark works on, restored from
# the pristine one and fsynced so no earlier writeback lands in a timing.
cat >"$W/reset.sh" <<'EOF'
#!/bin/sh
set -e
case $1 in
db)	rm -f "$2/work.db" "$2/work.db-wal" "$2/work.db-shm"
	cp "$2/base.db" "$2/work.db"; sync "$2/work.db";;
task)	rm -rf "$2/task"; cp -r "$2/task.base" "$2/task"; sync "$2"/task/*;;
esac
EOF
chmod +x "$W/reset.sh"

# The same tasks for everyone: "task N"; 30% completed; a due date on every
# 4th, a priority on 3 of 5, a tag on every 3rd.
make_todo_db() { # dir n
	local d=$1 n=$2
	"$TODO" --db "$d/base.db" add seed >/dev/null
	sqlite3 "$d/base.db" <<EOF
BEGIN;
DELETE FROM tasks;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
INSERT INTO tasks(id, uuid, user_id, title, description, completed, priority, due, tags,
                  created_at, updated_at, completed_at)
SELECT i, printf('%08x-0000-4000-8000-%012x', i, i), 'local', 'task ' || i, '', i % 10 < 3,
       CASE i % 5 WHEN 1 THEN 'high' WHEN 2 THEN 'medium' WHEN 3 THEN 'low' ELSE 'none' END,
       CASE WHEN i % 4 = 0 THEN printf('2026-03-%02d', i % 28 + 1) END,
       CASE WHEN i % 3 = 0 THEN CASE WHEN i % 2 THEN '["work"]' ELSE '["home"]' END ELSE '[]' END,
       '2026-01-01T00:00:00Z',
       CASE WHEN i % 10 < 3 THEN '2026-01-02T00:00:00Z' ELSE '2026-01-01T00:00:00Z' END,
       CASE WHEN i % 10 < 3 THEN '2026-01-02T00:00:00Z' END
FROM s;
COMMIT;
EOF
	# Index the titles as a commit of todo's own would (schema 3 and later
	# note new rows in fts_pending and index them at commit).
	if [ -n "$(sqlite3 "$d/base.db" "SELECT 1 FROM sqlite_master WHERE name = 'fts_pending'")" ]; then
		sqlite3 "$d/base.db" "BEGIN; INSERT INTO tasks_fts(rowid, title, description)
			SELECT t.id, t.title, t.description FROM fts_pending p JOIN tasks t ON t.id = p.id;
			DELETE FROM fts_pending; COMMIT;"
	fi
}

make_task_data() { # dir n
	local d=$1 n=$2
	python3 - "$n" >"$d/task.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
out = []
for i in range(1, n + 1):
    t = {"uuid": f"{i:08x}-0000-4000-8000-{i:012x}", "description": f"task {i}",
         "entry": "20260101T000000Z", "modified": "20260101T000000Z"}
    if i % 10 < 3:
        t["status"] = "completed"; t["end"] = "20260102T000000Z"; t["modified"] = t["end"]
    else:
        t["status"] = "pending"
    if i % 4 == 0:
        t["due"] = f"202603{i % 28 + 1:02d}T000000Z"
    p = {1: "H", 2: "M", 3: "L"}.get(i % 5)
    if p:
        t["priority"] = p
    if i % 3 == 0:
        t["tags"] = ["work"] if i % 2 else ["home"]
    out.append(t)
json.dump(out, sys.stdout)
EOF
	mkdir -p "$d/task.base"
	TASKDATA=$d/task.base task import "$d/task.json" >/dev/null
}

# bench NAME PREPARE COMMAND: one hyperfine measurement (no shell: -N).
# Commands that take over a second a run get 10 runs and 1 warmup instead.
bench() {
	local name=$1 prep=$2 cmd=$3 runs=$RUNS warm=$WARMUP t0 t1
	[ -z "$prep" ] || $prep
	t0=$(date +%s%N); eval "$cmd" >/dev/null 2>&1 || die "failed: $cmd"; t1=$(date +%s%N)
	if [ $(((t1 - t0) / 1000000)) -gt 1000 ] && [ "$runs" -gt 10 ]; then runs=10 warm=1; fi
	local args=(-N --warmup "$warm" --runs "$runs" --style none --export-json "$W/json/$name.json" -n "$name")
	[ -z "$prep" ] || args+=(--prepare "$prep")
	hyperfine "${args[@]}" "$cmd" >/dev/null 2>>"$W/hyperfine.log" || die "hyperfine failed: $cmd (see $W/hyperfine.log)"
	printf '  %-28s %s\n' "$name" "$(python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f ms (median of %d)" % (statistics.median(r["times"])*1000, len(r["times"])))' "$W/json/$name.json")" >&2
}

# peak RSS in KiB: the largest of 3 runs
rss() { # name command...
	local name=$1 m=0 k; shift
	for _ in 1 2 3; do
		/usr/bin/time -o "$W/rss.tmp" -f %M "$@" >/dev/null 2>&1 || die "failed: $*"
		k=$(tail -1 "$W/rss.tmp")
		[ "$k" -gt "$m" ] && m=$k
	done
	echo "$m" >"$W/json/$name.rss"
	printf '  %-28s %s KiB\n' "$name" "$m" >&2
}

COLS="id, uuid, user_id, title, description, completed, priority, due, tags, created_at, updated_at, completed_at"
NOW="strftime('%Y-%m-%dT%H:%M:%SZ','now')"
start=$SECONDS
for n in $SIZES; do
	d=$W/$n; mkdir -p "$d"
	echo "== $n tasks: building the data" >&2
	make_todo_db "$d" "$n"
	make_task_data "$d" "$n"
	pending=$("$TODO" --db "$d/base.db" list --status pending | wc -l)
	tpending=$(TASKDATA=$d/task.base task count status:pending)
	[ "$pending" = $((n * 7 / 10)) ] || die "todo has $pending pending tasks, want $((n * 7 / 10))"
	[ "$tpending" = "$pending" ] || die "taskwarrior has $tpending pending tasks, todo $pending"
	# The task to complete: todo id n/2+5 ("task n/2+5", pending); for
	# taskwarrior the pending task with the same rank.
	tid=$((n / 2 + 5)); twid=$(((n / 2) * 7 / 10 + 3))
	db="$d/work.db"; rdb="$d/read.db"
	cp "$d/base.db" "$rdb"
	rm -rf "$d/task.read"; cp -r "$d/task.base" "$d/task.read"
	R_DB="$W/reset.sh db $d"; R_TASK="$W/reset.sh task $d"

	echo "== $n tasks: measuring" >&2
	# add
	bench "$n.todo.add" "$R_DB" "$TODO --db $db add \"Buy milk\""
	bench "$n.task.add" "$R_TASK" "task rc.data.location=$d/task add \"Buy milk\""
	bench "$n.sql.add" "$R_DB" "sqlite3 $db \"PRAGMA synchronous=FULL; INSERT INTO tasks(uuid, user_id, title, created_at, updated_at) VALUES(lower(hex(randomblob(16))), 'local', 'Buy milk', $NOW, $NOW)\""
	# list pending
	bench "$n.todo.list" "" "$TODO --db $rdb list --status pending"
	bench "$n.task.list" "" "task rc.data.location=$d/task.read list"
	bench "$n.sql.list" "" "sqlite3 $rdb \"SELECT $COLS FROM tasks WHERE user_id = 'local' AND deleted_at IS NULL AND completed = 0 ORDER BY id\""
	# list everything (todo's default; taskwarrior's `all` report)
	bench "$n.todo.listall" "" "$TODO --db $rdb list"
	bench "$n.task.listall" "" "task rc.data.location=$d/task.read all"
	bench "$n.sql.listall" "" "sqlite3 $rdb \"SELECT $COLS FROM tasks WHERE user_id = 'local' AND deleted_at IS NULL ORDER BY id\""
	# done
	bench "$n.todo.done" "$R_DB" "$TODO --db $db done $tid"
	bench "$n.task.done" "$R_TASK" "task rc.data.location=$d/task $twid done"
	bench "$n.sql.done" "$R_DB" "sqlite3 $db \"PRAGMA synchronous=FULL; UPDATE tasks SET completed = 1, completed_at = coalesce(completed_at, $NOW), updated_at = $NOW WHERE id = $tid AND user_id = 'local' AND deleted_at IS NULL\""
	# export everything as JSON
	bench "$n.todo.export" "" "$TODO --db $rdb export"
	bench "$n.task.export" "" "task rc.data.location=$d/task.read export"
	bench "$n.sql.export" "" "sqlite3 -json $rdb \"SELECT $COLS FROM tasks WHERE user_id = 'local' AND deleted_at IS NULL ORDER BY id\""
	# process start
	bench "$n.todo.start" "" "$TODO --version"
	bench "$n.task.start" "" "task --version"
	bench "$n.sql.start" "" "sqlite3 --version"
	if [ "$n" = 10000 ]; then
		bench "$n.todo.chat_add" "$R_DB" "$TODO --db $db chat \"add buy milk tomorrow\""
		bench "$n.todo.chat_show" "$R_DB" "$TODO --db $db chat \"show my tasks due today\""
	fi
	rss "$n.todo.list_all" "$TODO" --db "$rdb" list
	rss "$n.todo.list" "$TODO" --db "$rdb" list --status pending
	rss "$n.todo.export" "$TODO" --db "$rdb" export
	rss "$n.task.list" task rc.data.location="$d/task.read" list
	rss "$n.sql.list" sqlite3 "$rdb" "SELECT $COLS FROM tasks WHERE user_id = 'local' AND deleted_at IS NULL AND completed = 0 ORDER BY id"
done
elapsed=$((SECONDS - start))

python3 - "$W/json" "$SIZES" "$elapsed" "$(task --version)" "$(sqlite3 --version | cut -d' ' -f1)" \
	"$(hyperfine --version)" "$RUNS" "$WARMUP" <<'EOF' | tee "$OUT"
import json, os, statistics, sys
jdir, sizes, elapsed, taskv, sqlv, hfv, runs, warm = sys.argv[1:]
sizes = sizes.split()

def med(name):
    p = os.path.join(jdir, name + ".json")
    if not os.path.exists(p):
        return None, 0
    t = json.load(open(p))["results"][0]["times"]
    return statistics.median(t) * 1000, len(t)

def rss(name):
    p = os.path.join(jdir, name + ".rss")
    return int(open(p).read()) if os.path.exists(p) else None

def f(v):
    return "-" if v is None else ("%.1f" % v if v >= 10 else "%.2f" % v)

print(f"# todo benchmark: medians in ms\n")
print(f"taskwarrior {taskv}, sqlite3 {sqlv}, {hfv}; hyperfine -N --warmup {warm} --runs {runs} "
      f"(10 runs / 1 warmup for commands over 1 s); {elapsed} s in all.\n")
ops = [("add", "add \"Buy milk\""), ("list", "list pending (stdout to a pipe)"),
       ("listall", "list all (todo list / task all)"),
       ("done", "done N"), ("export", "export all as JSON"), ("start", "process start (--version)")]
verdict = []
for n in sizes:
    print(f"## {int(n):,} tasks\n")
    print("| operation | todo | taskwarrior | sqlite3 floor | todo / floor | task / todo |")
    print("|---|---:|---:|---:|---:|---:|")
    for op, label in ops:
        a, ra = med(f"{n}.todo.{op}"); b, rb = med(f"{n}.task.{op}"); c, rc = med(f"{n}.sql.{op}")
        if a is None:
            continue
        runs_note = "" if {ra, rb, rc} <= {int(runs), 0} else f" (runs {ra}/{rb}/{rc})"
        r1 = a / c if c else None; r2 = b / a if b else None
        print(f"| {label}{runs_note} | {f(a)} | {f(b)} | {f(c)} | {'-' if r1 is None else '%.2fx' % r1} | {'-' if r2 is None else '%.1fx' % r2} |")
        if op != "start":
            verdict.append((n, op, r1, r2))
    for op, label in [("chat_add", "chat \"add buy milk tomorrow\""), ("chat_show", "chat \"show my tasks due today\"")]:
        a, _ = med(f"{n}.todo.{op}")
        if a is not None:
            s, _ = med(f"{n}.todo.start")
            print(f"| {label} | {f(a)} | | | | |")
    print()
print("## Peak RSS (KiB, /usr/bin/time -f %M, largest of 3)\n")
print("| tasks | todo list | todo list --status pending | todo export | task list | sqlite3 floor list |")
print("|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    v = [rss(f"{n}.{k}") for k in ("todo.list_all", "todo.list", "todo.export", "task.list", "sql.list")]
    print(f"| {int(n):,} | " + " | ".join("-" if x is None else str(x) for x in v) + " |")
print()
print("## Targets\n")
bad2 = [(n, op, r1) for n, op, r1, _ in verdict if r1 is not None and r1 > 2]
print("- within 2x of the sqlite3 floor at every size: " +
      ("**met**" if not bad2 else "**not met**: " + ", ".join(f"{op} at {n} ({r:.2f}x)" for n, op, r in bad2)))
big = [(n, op, r2) for n, op, _, r2 in verdict if n in ("10000", "100000") and r2 is not None]
bad10 = [(n, op, r) for n, op, r in big if r < 10]
if big:
    print("- at 10,000 and 100,000 tasks at least 10x faster than taskwarrior: " +
          ("**met**" if not bad10 else "**not met**: " + ", ".join(f"{op} at {n} ({r:.1f}x)" for n, op, r in bad10)))
m = rss("100000.todo.list_all")
if m is not None:
    print(f"- peak memory of `todo list` at 100,000 tasks under 10 MB: " +
          ("**met**" if m < 10 * 1024 else "**not met**") + f" ({m} KiB)")
EOF
