#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sync through todo-server on PostgreSQL (DESIGN 8, PROTOCOLS 1): two
# clients converge (different fields, same field, delete vs edit); rows the
# web backend writes with psql (INSERT with every column, UPDATE, hard
# DELETE) reach the clients on their next sync; a retried op applies once;
# the server (ASan build) stays sanitizer clean. A throwaway PostgreSQL 15
# cluster, removed at the end, as in pg.sh.
. "$(dirname "$0")/../lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
export TODO_JWT_SECRET=pg-sync-test-secret-0123456789abcdef
unset BETTER_AUTH_SECRET DATABASE_URL CHATKIT_WORKFLOW_ID TODO_NOW   # clocks are real time
. "$here/../lib/server.sh"

[ -x "$srv" ] || { fail "todo-server binary" "$srv not built"; finish; }
. "$here/../lib/pg.sh"
psql_db() { # SQL: runs it on the test database, prints unaligned rows
	psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$pgdir" -p "$pgport" -U postgres -d sync -c "$*"
}
psql -X -q -h "$pgdir" -p "$pgport" -U postgres -d postgres -c "CREATE DATABASE sync" >/dev/null

# The web backend's tables first, with a row of its own from before sync.
psql_db "
CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id VARCHAR NOT NULL, title VARCHAR(200) NOT NULL,
  description VARCHAR(1000) NOT NULL, completed BOOLEAN NOT NULL,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL);
INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
  VALUES ('alice', 'Old web row', '', false, now() at time zone 'utc', now() at time zone 'utc');
" >/dev/null

db="postgresql:///sync?host=$pgdir&port=$pgport&user=postgres"
start_server
[ -n "$url" ] || finish
tok=$("$srv" token alice)
client() { local c=$1; shift; XDG_CONFIG_HOME="$T/$c" TODO_DB="$T/$c.db" "$todo" "$@"; }
titles() { client "$1" export | python3 -c 'import sys,json; print(sorted(t["title"] for t in json.load(sys.stdin)))'; }
state() { client "$1" export | python3 -c '
import sys, json
print(json.dumps(sorted((t["uuid"], t["title"], t["description"], t["completed"], t["priority"], t["due"], t["tags"]) for t in json.load(sys.stdin))))'; }
id_of() { client "$1" --json list --search "$2" | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d[0]["id"] if d else "")'; }
show() { client "$1" --json show "$(id_of "$1" "$2")" | python3 -c "import sys,json; t=json.load(sys.stdin); print($3)"; }
sync_all() { client a sync >/dev/null; client b sync >/dev/null; client a sync >/dev/null; }

# Login and a first sync: the web backend's old row is in the feed.
client a add "Written before login" >/dev/null
for c in a b; do client $c login --server "$url" --token "$tok" >/dev/null; done
out=$(client a sync 2>&1); rc=$?
expect_eq "first sync through PostgreSQL" "$rc" 0
client b sync >/dev/null
expect_eq "b pulls a's task and the web backend's old row" "$(titles b)" "['Old web row', 'Written before login']"
expect_eq "the pushed task is a row of tasks" "$(psql_db "SELECT count(*) FROM tasks WHERE title = 'Written before login' AND user_id = 'alice'")" 1

# Add, then edits to different fields on two machines: both survive.
client a add "Call mom" >/dev/null; sync_all; client b sync >/dev/null
expect_in "an added task reaches the other client" "Call mom" "$(titles b)"
client a edit "$(id_of a 'Call mom')" --title "Call mom tonight" >/dev/null
client b edit "$(id_of b 'Call mom')" --priority high >/dev/null
sync_all; client b sync >/dev/null
expect_eq "different fields: both kept (a)" "$(show a 'Call mom' 't["title"],t["priority"]')" "Call mom tonight high"
expect_eq "different fields: both kept (b)" "$(show b 'Call mom' 't["title"],t["priority"]')" "Call mom tonight high"
# Same field: the later edit wins everywhere.
client a edit "$(id_of a 'Call mom')" --desc "from a" >/dev/null
sleep 0.05
client b edit "$(id_of b 'Call mom')" --desc "from b" >/dev/null
client b sync >/dev/null; client a sync >/dev/null; client b sync >/dev/null
expect_eq "same field: the later edit wins (a)" "$(show a 'Call mom' 't["description"]')" "from b"
expect_eq "same field: the later edit wins (server)" "$(psql_db "SELECT description FROM tasks WHERE title = 'Call mom tonight'")" "from b"
expect_eq "clients agree" "$(state a)" "$(state b)"
# Delete on one side, a later edit on the other: deleted everywhere.
client a rm "$(id_of a 'Call mom')" >/dev/null
client b edit "$(id_of b 'Call mom')" --due tomorrow >/dev/null
client b sync >/dev/null; client a sync >/dev/null; client b sync >/dev/null
expect_eq "delete wins over a later edit (b)" "$(titles b)" "['Old web row', 'Written before login']"
expect_eq "delete wins (a)" "$(titles a)" "['Old web row', 'Written before login']"
expect_eq "a deleted task leaves tasks" "$(psql_db "SELECT count(*) FROM tasks WHERE title LIKE 'Call mom%'")" 0
expect_eq "its tombstone is kept" "$(psql_db "SELECT count(*) FROM sync_tombstones WHERE clocks ? 'deleted'")" 1

# The web backend through psql: an INSERT with every column, an UPDATE, a
# hard DELETE; each reaches both clients on their next sync.
psql_db "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
	VALUES ('alice', 'From the web', 'typed in the browser', false, now() at time zone 'utc', now() at time zone 'utc')" >/dev/null
sync_all; client b sync >/dev/null
expect_in "web insert reaches a" "From the web" "$(titles a)"
expect_in "web insert reaches b" "From the web" "$(titles b)"
expect_eq "web insert: fields" "$(show b 'From the web' 't["description"],t["completed"]')" "typed in the browser False"
psql_db "UPDATE tasks SET completed = NOT completed, title = 'From the web, done', updated_at = now() at time zone 'utc' WHERE title = 'From the web'" >/dev/null
sync_all
expect_eq "web update reaches a" "$(show a 'From the web' 't["title"],t["completed"]')" "From the web, done True"
expect_eq "web update reaches b" "$(show b 'From the web' 't["title"],t["completed"]')" "From the web, done True"
# A client edit of another field after the web's update merges with it.
client b edit "$(id_of b 'From the web')" --priority low >/dev/null
sync_all
expect_eq "client edit after a web update" "$(psql_db "SELECT priority || ' ' || completed FROM tasks WHERE title = 'From the web, done'")" "low true"
psql_db "DELETE FROM tasks WHERE title = 'From the web, done'" >/dev/null
sync_all; client b sync >/dev/null
expect_eq "web hard delete reaches a" "$(titles a)" "['Old web row', 'Written before login']"
expect_eq "web hard delete reaches b" "$(titles b)" "['Old web row', 'Written before login']"
expect_eq "a hard delete becomes a tombstone" "$(psql_db "SELECT count(*) FROM sync_tombstones")" 2
expect_eq "clients agree after the web's writes" "$(state a)" "$(state b)"

# Two clients pushing at once (and psql writing meanwhile): no change is
# lost, the cursors skip nothing, both end with the same tasks.
for i in $(seq 1 15); do client a add "a-par $i" >/dev/null; client b add "b-par $i" >/dev/null; done
client a sync >/dev/null & pa=$!
client b sync >/dev/null & pb=$!
for i in $(seq 1 10); do
	psql_db "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
		VALUES ('alice', 'w-par $i', '', false, now() at time zone 'utc', now() at time zone 'utc')" >/dev/null
done
wait $pa $pb
sync_all; client b sync >/dev/null
expect_eq "concurrent pushes: a has all 40" "$(titles a | grep -o 'par [0-9]*' | wc -l)" 40
expect_eq "concurrent pushes: clients agree" "$(state a)" "$(state b)"
expect_eq "concurrent pushes: server has each once" "$(psql_db "SELECT count(DISTINCT title) || ' ' || count(*) FROM tasks WHERE title LIKE '%-par %'")" "40 40"

# Raw protocol: a retried op id applies once and answers the same; a bad
# op and another user's task are refused per op; a garbage cursor is a
# full sync.
post() { curl -s -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$2" "$url/api/$3/sync"; }
u=$(python3 -c 'import uuid; print(uuid.uuid4())')
now=$(python3 -c 'import time; print(int(time.time()*1000))')
req="{\"protocol\":1,\"cursor\":\"*\",\"ops\":[{\"op_id\":\"retry-1\",\"task_uuid\":\"$u\",\"kind\":\"create\",\"ts_ms\":$now,\"fields\":{\"title\":\"Once only\"}}]}"
r1=$(post "$tok" "$req" alice); r2=$(post "$tok" "$req" alice)
expect_in "op applied" '"retry-1":"ok"' "$r1"
expect_in "retried op answers ok again" '"retry-1":"ok"' "$r2"
expect_eq "retried op applied once" "$(psql_db "SELECT count(*) FROM tasks WHERE uuid = '$u'")" 1
expect_eq "retried op recorded once" "$(psql_db "SELECT count(*) FROM sync_ops WHERE op_id = 'retry-1'")" 1
# The same op id with another title later changes nothing.
req2="{\"protocol\":1,\"cursor\":\"*\",\"ops\":[{\"op_id\":\"retry-1\",\"task_uuid\":\"$u\",\"kind\":\"set\",\"ts_ms\":$((now + 1000)),\"fields\":{\"title\":\"Twice\"}}]}"
post "$tok" "$req2" alice >/dev/null
expect_eq "a reused op id changes nothing" "$(psql_db "SELECT title FROM tasks WHERE uuid = '$u'")" "Once only"
tokb=$("$srv" token bob)
r=$(post "$tokb" "{\"protocol\":1,\"ops\":[{\"op_id\":\"bob-1\",\"task_uuid\":\"$u\",\"kind\":\"set\",\"ts_ms\":$((now + 2000)),\"fields\":{\"title\":\"Bob was here\"}}]}" bob)
expect_in "another user's task: not_found" '"error_code":"not_found"' "$r"
expect_eq "another user's op changes nothing" "$(psql_db "SELECT title FROM tasks WHERE uuid = '$u'")" "Once only"
expect_not_in "bob's feed shows none of alice's tasks" "Once only" "$r"
r=$(post "$tok" "{\"protocol\":1,\"ops\":[{\"op_id\":\"bad-1\",\"task_uuid\":\"not-a-uuid\",\"kind\":\"create\",\"ts_ms\":1,\"fields\":{\"title\":\"x\"}},{\"op_id\":\"bad-2\",\"task_uuid\":\"$(python3 -c 'import uuid; print(uuid.uuid4())')\",\"kind\":\"create\",\"ts_ms\":1,\"fields\":{\"title\":\"Bad date\",\"created_at\":\"2026-02-31\"}}]}" alice)
expect_in "a bad op: invalid" '"bad-1":{"error_code":"invalid"' "$r"
expect_in "a bad created_at is replaced, not fatal" '"bad-2":"ok"' "$r"
# One uuid created by two requests at once (and one op id sent twice at
# once): one row, every answer "ok", no 500 (stop_server checks the log).
oks=0
for i in 1 2 3 4 5; do
	u2=$(python3 -c 'import uuid; print(uuid.uuid4())')
	post "$tok" "{\"protocol\":1,\"ops\":[{\"op_id\":\"race-$i-a\",\"task_uuid\":\"$u2\",\"kind\":\"create\",\"ts_ms\":$now,\"fields\":{\"title\":\"Race $i\"}}]}" alice >"$T/ra" & p1=$!
	post "$tok" "{\"protocol\":1,\"ops\":[{\"op_id\":\"race-$i-b\",\"task_uuid\":\"$u2\",\"kind\":\"create\",\"ts_ms\":$((now + 1)),\"fields\":{\"title\":\"Race $i\",\"priority\":\"high\"}}]}" alice >"$T/rb" & p2=$!
	post "$tok" "{\"protocol\":1,\"ops\":[{\"op_id\":\"race-$i-b\",\"task_uuid\":\"$u2\",\"kind\":\"create\",\"ts_ms\":$((now + 1)),\"fields\":{\"title\":\"Race $i\",\"priority\":\"high\"}}]}" alice >"$T/rc" & p3=$!
	wait $p1 $p2 $p3   # not a bare wait: the server is a job too
	grep -q '"ok"' "$T/ra" && grep -q '"ok"' "$T/rb" && grep -q '"ok"' "$T/rc" &&
		[ "$(psql_db "SELECT count(*) || priority FROM tasks WHERE uuid = '$u2' GROUP BY priority")" = "1high" ] && oks=$((oks + 1))
done
expect_eq "concurrent creates of one uuid merge into one row" "$oks" 5

r=$(post "$tok" '{"protocol":1,"cursor":"garbage"}' alice)
expect_in "garbage cursor: full sync" '"full_sync":true' "$r"
expect_in "full sync lists the retried op's task" "Once only" "$r"
cur=$(printf '%s' "$r" | python3 -c 'import sys,json; print(json.load(sys.stdin)["cursor"])')
r=$(post "$tok" "{\"protocol\":1,\"cursor\":\"$cur\"}" alice)
expect_in "nothing new after the cursor" '"changes":[]' "$r"
psql_db "UPDATE tasks SET description = 'late edit' WHERE uuid = '$u'" >/dev/null
r=$(post "$tok" "{\"protocol\":1,\"cursor\":\"$cur\"}" alice)
expect_in "a psql edit after the cursor is served" "late edit" "$r"
expect_not_in "only the changed task is served" "Written before login" "$r"

# A write still in progress holds the cursor back (the late-commit pitfall):
# an open transaction's change must not be skipped once it commits.
r=$(post "$tok" '{"protocol":1,"cursor":"*"}' alice)
cur=$(printf '%s' "$r" | python3 -c 'import sys,json; print(json.load(sys.stdin)["cursor"])')
mkfifo "$T/held"
( { echo "BEGIN; UPDATE tasks SET description = 'slow writer' WHERE title = 'Old web row';"; read -r _ <"$T/held"; echo "COMMIT;"; } |
	psql -X -q -h "$pgdir" -p "$pgport" -U postgres -d sync >/dev/null ) &
held=$!
sleep 0.5
psql_db "UPDATE tasks SET description = 'fast writer' WHERE uuid = '$u'" >/dev/null
r=$(post "$tok" "{\"protocol\":1,\"cursor\":\"$cur\"}" alice)
cur2=$(printf '%s' "$r" | python3 -c 'import sys,json; print(json.load(sys.stdin)["cursor"])')
expect_not_in "an open transaction's change is not served yet" "slow writer" "$r"
echo go >"$T/held"; wait "$held"
r=$(post "$tok" "{\"protocol\":1,\"cursor\":\"$cur2\"}" alice)
expect_in "a late commit is not skipped" "slow writer" "$r"
client a sync >/dev/null
expect_eq "the late commit reaches a client" "$(show a 'Old web row' 't["description"]')" "slow writer"

# Pages: three transactions of 300 rows are paged at transaction
# boundaries; one transaction of 600 (more than a page) is sent whole.
# Every task arrives once, and the last page says no more.
for _ in 1 2 3; do
	psql_db "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
		SELECT 'dora', 'bulk ' || g, '', false, now() at time zone 'utc', now() at time zone 'utc' FROM generate_series(1, 300) g" >/dev/null
done
psql_db "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
	SELECT 'dora', 'big ' || g, '', false, now() at time zone 'utc', now() at time zone 'utc' FROM generate_series(1, 600) g" >/dev/null
pages=$(URL=$url TOK=$("$srv" token dora) python3 -c '
import json, os, urllib.request
cur, seen, sizes = "*", [], []
for _ in range(20):
    req = urllib.request.Request(os.environ["URL"] + "/api/dora/sync", data=json.dumps({"protocol": 1, "cursor": cur}).encode(),
                                 headers={"Authorization": "Bearer " + os.environ["TOK"], "Content-Type": "application/json"})
    r = json.load(urllib.request.urlopen(req))
    seen += [c["uuid"] for c in r["changes"]]
    sizes.append(len(r["changes"]))
    cur = r["cursor"]
    if not r["has_more"]:
        break
print(len(seen), len(set(seen)), ",".join(map(str, sizes)))')
expect_eq "paged feed: every task once, at transaction boundaries" "$pages" "1500 1500 300,300,300,600,0"

stop_server
pid=
finish
