#!/usr/bin/env bash
# Board benchmark (not part of `make test`): builds a 100,000-task database
# and measures, through tmux and the board's TODO_TUI_TIMING hook, the time
# to the first screen and the time to handle and redraw each key press.
# usage: tests/bench/tui.sh [N_TASKS]   (uses ./todo, the release build)
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
n=${1:-100000}
todo=${TODO_REL:-$top/todo}
[ -x "$todo" ] || { echo "build ./todo first (make todo)"; exit 1; }
for c in tmux sqlite3 python3; do command -v $c >/dev/null || { echo "needs $c"; exit 1; }; done
T=$(mktemp -d)
SOCK=todo-tui-bench-$$
export TMUX_TMPDIR=$T
tm() { tmux -u -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; sleep 0.2; rm -rf "$T"' EXIT
export TODO_DB=$T/todo.db TODO_NOW=2026-03-10T09:00:00 TZ=UTC HOME=$T LC_ALL=C.UTF-8
unset NO_COLOR

# One `todo add` makes the schema; the rest go in with one transaction.
t0=$(date +%s.%N)
"$todo" add "Bench seed task" --due tomorrow >/dev/null
sqlite3 "$TODO_DB" <<SQL
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < $n)
INSERT INTO tasks(uuid, user_id, title, description, completed, priority, due, tags,
                  created_at, updated_at, completed_at)
SELECT lower(printf('%s-%s-4%s-a%s-%s', hex(randomblob(4)), hex(randomblob(2)),
                    substr(hex(randomblob(2)), 2), substr(hex(randomblob(2)), 2), hex(randomblob(6)))),
       'local',
       'Task ' || i || ' ' || substr('plan write call review buy fix send book', 1 + (i * 7) % 30, 12),
       CASE WHEN i % 10 = 0 THEN 'a description for task ' || i ELSE '' END,
       i % 4 = 0,
       CASE i % 5 WHEN 1 THEN 'low' WHEN 2 THEN 'medium' WHEN 3 THEN 'high' ELSE 'none' END,
       CASE WHEN i % 3 = 0 THEN date('2026-03-10', printf('%+d days', i % 90 - 30)) END,
       CASE WHEN i % 7 = 0 THEN '["work"]' ELSE '[]' END,
       '2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z',
       CASE WHEN i % 4 = 0 THEN '2026-03-02T09:00:00Z' END
FROM k;
COMMIT;
SQL
t1=$(date +%s.%N)
count=$(sqlite3 "$TODO_DB" "SELECT count(*) FROM tasks")
python3 -c "print('database: %s tasks built in %.1f s' % ($count, $t1 - $t0))"

timing=$T/timing
tm new-session -d -s b -x 120 -y 40 "env TERM=xterm-256color HISTFILE=/dev/null PS1='READY\$ ' bash --norc --noprofile"
for i in $(seq 50); do tm capture-pane -p -t b | grep -q 'READY' && break; sleep 0.1; done

lines() { [ -f "$timing" ] && wc -l <"$timing" || echo 0; }
# key K...: sends one key and waits until the board has logged it.
key() {
	local before
	before=$(lines)
	tm send-keys -t b "$@"
	for i in $(seq 500); do [ "$(lines)" -gt "$before" ] && return 0; sleep 0.01; done
	echo "no timing for key $*"; return 1
}

# First screen, measured twice: by the hook (from the start of `todo tui`
# to the first refresh) and from outside (command sent to header visible).
ext_start=$(date +%s%N)
tm send-keys -t b "env TODO_TUI_TIMING=$timing $todo tui; echo EXIT=\$?" Enter
for i in $(seq 3000); do
	tm capture-pane -p -t b | grep -q '^ todo │' && break
	sleep 0.005
done
ext_end=$(date +%s%N)
for i in $(seq 500); do [ "$(lines)" -ge 1 ] && break; sleep 0.01; done

phase() { echo "phase $1" >>"$timing"; }
phase "sort id, pending"
for i in $(seq 40); do key j; done
for i in $(seq 10); do key k; done
for i in $(seq 10); do key C-d; done
for i in $(seq 5); do key C-u; done
key G; key k; key k; key g
for i in $(seq 10); do key NPage; done
key G; key g
phase "filter changes"
key f; key f           # done, then all
phase "sort id, all"
for i in $(seq 10); do key j; done
key G; key g
phase "sort changes"
key s                  # sort by due: SQLite sorts the whole filtered set
phase "sort due, all"
for i in $(seq 10); do key j; done
key G
phase "sort changes"
key s; key s; key s    # priority, newest, id
phase "other"
key f
key / ; tm send-keys -t b -l "task 9999"; sleep 1; key Escape
# A change from another process: the board's next poll reloads.
for i in 1 2 3; do
	"$todo" add "Added by another process $i" >/dev/null
	sleep 0.6
done
tm send-keys -t b q
for i in $(seq 100); do tm capture-pane -p -t b | grep -q '^EXIT=' && break; sleep 0.05; done

python3 - "$timing" "$ext_start" "$ext_end" <<'PY'
import sys, statistics
path, s, e = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
first, keys, refresh, phases, ph = None, {}, [], {}, "start"
for line in open(path):
    parts = line.split()
    if parts[0] == "phase":
        ph = " ".join(parts[1:])
    elif parts[0] == "first_screen_ms":
        first = float(parts[1])
    elif parts[0] == "key":
        keys.setdefault(" ".join(parts[1:-2]), []).append(float(parts[-1]))
        phases.setdefault(ph, []).append(float(parts[-1]))
    elif parts[0] == "refresh":
        refresh.append(float(parts[2]))
print(f"first screen: {first:.1f} ms inside the board (hook), "
      f"{(e - s) / 1e6:.0f} ms from the command to the header on screen (tmux polling, includes exec)")
allk = [v for k, vs in keys.items() for v in vs]
nav = [v for k in ("j", "k", "^D", "^U", "KEY_NPAGE", "G", "g") for v in keys.get(k, [])]
def show(name, vs):
    vs = sorted(vs)
    p95 = vs[min(len(vs) - 1, int(len(vs) * 0.95))]
    print(f"{name:<28} n={len(vs):3d}  median {statistics.median(vs):7.3f} ms  p95 {p95:7.3f} ms  max {vs[-1]:7.3f} ms")
show("navigation keys (j k ^D ^U PgDn G g)", nav)
for k in ("j", "G", "g", "^D", "KEY_NPAGE", "f", "s"):
    if k in keys:
        show(f"  key {k}", keys[k])
show("all keys", allk)
for p in ("sort id, pending", "sort id, all", "filter changes", "sort changes", "sort due, all"):
    if p in phases:
        show("  keys in: " + p, phases[p])
typed = [v for k in keys if len(k) == 1 and k not in "jkgGfs/" for v in keys[k]] + keys.get("space", [])
if typed:
    show("search: each typed key", typed)
if refresh:
    show("search / live refresh (reload)", refresh)
PY
