#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# todo-server on PostgreSQL: a throwaway PostgreSQL 15 cluster in a temp dir
# (as the postgres user when run as root), the whole API suite against it,
# then living beside the web backend in either order (DESIGN 7.1): its
# tables first, ours first, rows written by either read by the other, hard
# deletes, and two servers migrating one database at once.
. "$(dirname "$0")/../lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
export TODO_JWT_SECRET=test-secret-for-todo-server-0123456789abcdef
unset BETTER_AUTH_SECRET DATABASE_URL CHATKIT_WORKFLOW_ID
. "$here/../lib/server.sh"

[ -x "$srv" ] || { fail "todo-server binary" "$srv not built"; finish; }
. "$here/../lib/pg.sh"

psql_db() { # DB SQL: runs SQL, prints unaligned rows
	local d=$1; shift
	psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$pgdir" -p "$pgport" -U postgres -d "$d" -c "$*"
}
pg_url() { echo "postgresql:///$1?host=$pgdir&port=$pgport&user=postgres"; }
for d in web ours race; do psql_db postgres "CREATE DATABASE $d" >/dev/null; done

# ---- 1. the web backend's tables first (as SQLModel creates them) ----
psql_db web "
CREATE TABLE tasks (id SERIAL PRIMARY KEY, user_id VARCHAR NOT NULL, title VARCHAR(200) NOT NULL,
  description VARCHAR(1000) NOT NULL, completed BOOLEAN NOT NULL,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL);
CREATE INDEX ix_tasks_user_id ON tasks (user_id);
CREATE TABLE conversations (id SERIAL PRIMARY KEY, user_id VARCHAR NOT NULL,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL);
CREATE TABLE messages (id SERIAL PRIMARY KEY, conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  user_id VARCHAR NOT NULL, role VARCHAR NOT NULL, content VARCHAR NOT NULL,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL);
INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
  VALUES ('carol', 'Web row', 'made by the web backend', true, now() at time zone 'utc', now() at time zone 'utc');
" >/dev/null

# The whole API suite, on PostgreSQL.
TODO_TEST_SERVER_DB=$(pg_url web) KEEP_SERVER_LOG=$T/api-server.log bash "$here/api.sh" >"$T/api.out" 2>&1
expect_in "the API suite ran on PostgreSQL" "store postgresql" "$(cat "$T/api-server.log" 2>/dev/null)"
sed 's/^\(PASS\|FAIL\) /\1 pg: /' "$T/api.out" | grep -E '^(PASS|FAIL) '
grep -q '^FAIL ' "$T/api.out" && t_fail=$((t_fail + 1))

db=$(pg_url web)
start_server
if [ -n "$url" ]; then
	tok=$("$srv" token carol)
	api() { curl -s -H "Authorization: Bearer $tok" "$@"; }
	out=$(api "$url/api/carol/tasks")
	expect_in "web backend's row listed" '"title":"Web row"' "$out"
	expect_in "web backend's row gets defaults" '"priority":"none","due":null,"tags":[]' "$out"
	expect_in "web backend's row completed" '"completed":true' "$out"
	expect_eq "title widened to 500" "$(psql_db web "SELECT character_maximum_length FROM information_schema.columns WHERE table_name='tasks' AND column_name='title'")" 500
	expect_eq "every row has a uuid" "$(psql_db web "SELECT count(*) FROM tasks WHERE uuid IS NULL")" 0
	# The web backend keeps inserting with only its own columns.
	wid=$(psql_db web "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
		VALUES ('carol', 'Web insert after', '', false, now() at time zone 'utc', now() at time zone 'utc') RETURNING id")
	expect_in "web backend insert after migration" "\"title\":\"Web insert after\"" "$(api "$url/api/carol/tasks/$wid")"
	# A row made here is whole for the web backend.
	sid=$(api -d '{"title":"Made by todo-server","due":"2026-03-12","tags":["x"]}' "$url/api/carol/tasks" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	expect_eq "todo-server row read by the web backend" \
		"$(psql_db web "SELECT user_id || '|' || title || '|' || description || '|' || completed FROM tasks WHERE id = $sid")" \
		"carol|Made by todo-server||false"
	expect_eq "todo-server row has timestamps" \
		"$(psql_db web "SELECT count(*) FROM tasks WHERE id = $sid AND created_at IS NOT NULL AND updated_at IS NOT NULL")" 1
	# The web backend's PATCH toggles; we read it.
	psql_db web "UPDATE tasks SET completed = NOT completed, updated_at = now() at time zone 'utc' WHERE id = $sid" >/dev/null
	expect_in "web backend toggle seen" '"completed":true' "$(api "$url/api/carol/tasks/$sid")"
	# Deletes are real on PostgreSQL.
	code=$(api -o /dev/null -w '%{http_code}' -X DELETE "$url/api/carol/tasks/$sid")
	expect_eq "delete 204" "$code" 204
	expect_eq "deleted row gone from the table" "$(psql_db web "SELECT count(*) FROM tasks WHERE id = $sid")" 0
	psql_db web "DELETE FROM tasks WHERE id = $wid" >/dev/null
	code=$(api -o /dev/null -w '%{http_code}' "$url/api/carol/tasks/$wid")
	expect_eq "web backend's hard delete seen (404)" "$code" 404
	# Chat history is in the shared tables.
	cid=$(api -d '{"message":"hello"}' "$url/api/carol/chat" | python3 -c 'import json,sys; print(json.load(sys.stdin)["conversation_id"])')
	expect_eq "messages readable by the web backend" \
		"$(psql_db web "SELECT string_agg(role, ',' ORDER BY id) FROM messages WHERE conversation_id = $cid AND user_id = 'carol'")" \
		"user,assistant"
	# The web backend's conversation continues here.
	wc=$(psql_db web "INSERT INTO conversations (user_id, created_at, updated_at) VALUES ('carol', now() at time zone 'utc', now() at time zone 'utc') RETURNING id")
	psql_db web "INSERT INTO messages (conversation_id, user_id, role, content, created_at) VALUES ($wc, 'carol', 'user', 'from the web', now() at time zone 'utc')" >/dev/null
	out=$(api -d "{\"message\":\"show my tasks\",\"conversation_id\":$wc}" "$url/api/carol/chat")
	expect_in "web backend's conversation continues" "\"conversation_id\":$wc" "$out"
	expect_eq "web conversation history" \
		"$(api "$url/api/carol/conversations/$wc/messages" | python3 -c 'import json,sys; print(",".join(m["content"] for m in json.load(sys.stdin)[:2]))')" \
		"from the web,show my tasks"
fi
stop_server

# ---- 2. ours first, on an empty database; then the web backend uses it ----
db=$(pg_url ours)
start_server
if [ -n "$url" ]; then
	tok=$("$srv" token dave)
	api() { curl -s -H "Authorization: Bearer $tok" "$@"; }
	api -o /dev/null -d '{"title":"first"}' "$url/api/dave/tasks"
	expect_eq "id is an identity BY DEFAULT" \
		"$(psql_db ours "SELECT is_identity || ' ' || identity_generation FROM information_schema.columns WHERE table_name='tasks' AND column_name='id'")" \
		"YES BY DEFAULT"
	expect_eq "web backend's columns and types" \
		"$(psql_db ours "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name='tasks' AND column_name IN ('id','user_id','title','description','completed','created_at','updated_at')")" \
		"completed:boolean,created_at:timestamp without time zone,description:character varying,id:integer,title:character varying,updated_at:timestamp without time zone,user_id:character varying"
	wid=$(psql_db ours "INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
		VALUES ('dave', 'from the web', 'd', false, now() at time zone 'utc', now() at time zone 'utc') RETURNING id")
	check "web backend insert into our tables" test -n "$wid"
	wc=$(psql_db ours "INSERT INTO conversations (user_id, created_at, updated_at) VALUES ('dave', now() at time zone 'utc', now() at time zone 'utc') RETURNING id")
	check "web backend conversation insert" psql_db ours "INSERT INTO messages (conversation_id, user_id, role, content, created_at) VALUES ($wc, 'dave', 'user', 'hi', now() at time zone 'utc')"
	out=$(api "$url/api/dave/tasks")
	expect_in "web backend's row listed (ours first)" '"title":"from the web"' "$out"
	expect_in "our row listed (ours first)" '"title":"first"' "$out"
	expect_in "web backend's conversation listed" "\"id\":$wc" "$(api "$url/api/dave/conversations")"
fi
stop_server

# ---- 3. two servers migrating one empty database at once ----
db=$(pg_url race)
start_server; url1=$url; pid1=$pid; log1=$log
start_server; url2=$url
if [ -n "$url1" ] && [ -n "$url2" ]; then
	tok=$("$srv" token erin)
	c1=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" -d '{"title":"a"}' "$url1/api/erin/tasks")
	c2=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" -d '{"title":"b"}' "$url2/api/erin/tasks")
	expect_eq "both racing servers work" "$c1 $c2" "201 201"
	expect_eq "schema version recorded once" "$(psql_db race "SELECT count(*) FROM todo_schema")" 1
fi
stop_server
pid=$pid1 log=$log1 n=3 stop_server

# ---- 4. nested transactions (savepoints) on this store, from the unit test ----
psql_db postgres "CREATE DATABASE nest" >/dev/null
unit=$(dirname "$todo")/unit/test_srv_writes
if [ -x "$unit" ]; then
	out=$(TODO_TEST_PG_URL=$(pg_url nest) "$unit" 2>&1); rc=$?
	expect_rc "store unit test on PostgreSQL" 0
	expect_eq "nested begin on PostgreSQL: all checks" "$(grep -c '^PASS postgresql:' <<<"$out")" 5
else
	fail "store unit test on PostgreSQL" "$unit not built"
fi

# ---- 5. a database that is not there ----
out=$("$srv" --port 0 --db "$(pg_url nosuchdb)" 2>&1 </dev/null); rc=$?
expect_rc "missing PostgreSQL database: exit 1" 1
expect_in "missing PostgreSQL database: says so" "cannot connect to PostgreSQL" "$out"
finish
