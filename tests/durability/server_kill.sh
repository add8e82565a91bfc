#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Group commit durability: 16 clients create and complete tasks through
# todo-server as fast as it answers, and the server is SIGKILLed mid-load,
# three times over on one database. Every create and complete that was
# answered 2xx must be in the database afterwards (an answer is sent only
# after the commit that holds it), nothing twice, and SQLite's and the title
# index's integrity checks must pass. Uses the release server for load.
. "$(dirname "$0")/../lib/common.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
srv=${TODO_SERVER_REL:-$top/todo-server}
[ -x "$srv" ] || srv=$(dirname "$todo")/todo-server
export TODO_JWT_SECRET=durability-secret-0123456789abcdef0123
unset BETTER_AUTH_SECRET DATABASE_URL
dbfile=$T/kill.db

cat >"$T/load.py" <<'PY'
# Clients that create a task, then complete it; each 2xx answer is logged
# (flushed at once) before the next request. Stops when the server is gone.
import http.client, json, sys, threading
port, tok, rnd, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
log = open(out, "a", buffering=1)
lock = threading.Lock()
def note(line):
    with lock:
        log.write(line + "\n")
        log.flush()
def client(n):
    hdr = {"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = 0
    while True:
        i += 1
        title = "r%s-c%d-%d" % (rnd, n, i)
        try:
            c.request("POST", "/api/alice/tasks", json.dumps({"title": title}), hdr)
            r = c.getresponse(); body = r.read()
            if r.status != 201:
                note("bad %d %s" % (r.status, body[:200])); return
            tid = json.loads(body)["id"]
            note("created %d %s" % (tid, title))
            c.request("PATCH", "/api/alice/tasks/%d/complete" % tid, headers=hdr)
            r = c.getresponse(); body = r.read()
            if r.status != 200:
                note("bad %d %s" % (r.status, body[:200])); return
            note("completed %d" % tid)
        except (OSError, http.client.HTTPException):
            return  # killed: this request's fate is unknown, and that is fine
ts = [threading.Thread(target=client, args=(n,)) for n in range(16)]
for t in ts: t.start()
for t in ts: t.join()
PY

for round in 1 2 3; do
	launch_server "$T/err$round" "$srv" --db "sqlite:$dbfile" --log-level quiet
	pid=$spid port=$sport
	tok=$("$srv" token alice)
	python3 "$T/load.py" "$port" "$tok" "$round" "$T/acked.log" &
	lpid=$!
	# Kill at a different moment each round, well into the load.
	sleep "$(python3 -c "import random; print(round(random.uniform(1.0, 2.5), 2))")"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	wait "$lpid"
	n=$(grep -c "^created [0-9]* r$round-" "$T/acked.log")
	if [ "$n" -ge 50 ]; then pass "round $round: load ran ($n creates answered)"
	else fail "round $round: load ran" "only $n creates answered"; fi
done

expect_eq "no request was refused" "$(grep -c '^bad ' "$T/acked.log")" 0
expect_eq "integrity_check" "$(sqlite3 "$dbfile" 'PRAGMA integrity_check')" ok
check "title index integrity" sqlite3 "$dbfile" \
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES('integrity-check', 1)"
# Every answered create is there with its id and title; every answered
# complete is completed; no title twice.
sqlite3 -separator ' ' "$dbfile" "SELECT id, title, completed FROM tasks" >"$T/rows"
missing=$(python3 - "$T/acked.log" "$T/rows" <<'PY'
import sys
rows = {}
for line in open(sys.argv[2]):
    i, title, done = line.split()
    rows[int(i)] = (title, done == "1")
bad = []
for line in open(sys.argv[1]):
    p = line.split()
    if p[0] == "created" and rows.get(int(p[1]), ("",))[0] != p[2]:
        bad.append("create " + p[1])
    if p[0] == "completed" and not rows.get(int(p[1]), ("", False))[1]:
        bad.append("complete " + p[1])
print(len(bad), " ".join(bad[:5]))
PY
)
expect_eq "every answered write survived the kills" "$missing" "0 "
expect_eq "no title twice" "$(sqlite3 "$dbfile" 'SELECT count(*) - count(DISTINCT title) FROM tasks')" 0
# The server starts again on the killed database and lists what is there.
launch_server "$T/err4" "$srv" --db "sqlite:$dbfile" --log-level quiet
pid=$spid port=$sport
tok=$("$srv" token alice)
got=$(curl -s -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/api/alice/tasks" |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_eq "the restarted server lists every task" "$got" "$(sqlite3 "$dbfile" 'SELECT count(*) FROM tasks WHERE deleted_at IS NULL')"
kill -TERM "$pid"; wait "$pid"
finish
