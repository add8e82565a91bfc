/* SPDX-License-Identifier: MIT */
/* Unit tests: the SQLite store (CRUD, filters, users, conversations,
 * migrations, a newer schema, a damaged file) and the tools over it. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store.h"
#include "tools.h"
#include "util.h"
#include "t.h"

static char dir[] = "/tmp/todo-unit-XXXXXX";

static int64_t add(struct store *s, const char *user, const char *title, const char *due,
		   int prio, const char *tag, bool done)
{
	struct task t;
	task_init(&t);
	t.user_id = xstrdup(user);
	t.title = xstrdup(title);
	t.due = xstrdup(due);
	t.priority = prio;
	if (tag)
		task_add_tag(&t, tag);
	t.completed = done;
	int64_t id = store_task_add(s, &t, NULL) == TODO_OK ? t.id : -1;
	task_release(&t);
	return id;
}

static int count_cb(const struct task *t, void *ctx)
{
	(void)t;
	(*(int *)ctx)++;
	return 0;
}

static int count(struct store *s, const char *user, const struct task_filter *f)
{
	int n = 0;
	store_task_list(s, user, f, count_cb, &n, NULL);
	return n;
}

static void crud(struct store *s)
{
	struct todo_err e;
	int64_t a = add(s, "local", "Buy milk", "2026-03-10", PRIO_HIGH, "errands", false);
	int64_t b = add(s, "local", "Call mom", NULL, PRIO_NONE, NULL, false);
	int64_t c = add(s, "local", "Pay rent", "2026-03-08", PRIO_LOW, "home", true);
	add(s, "local", "Meeting", "2026-03-10T08:00", PRIO_NONE, NULL, false);
	add(s, "local", "Later", "2026-03-20", PRIO_MEDIUM, "errands", false);
	int64_t other = add(s, "bob", "Bob's task", NULL, PRIO_NONE, NULL, false);
	CHECK("ids increase", a > 0 && b == a + 1 && c == b + 1);

	struct task t;
	CHECK("get", store_task_get(s, "local", a, &t, &e) == TODO_OK);
	CHECK_STR("get title", t.title, "Buy milk");
	CHECK("get tags", t.ntags == 1 && strcmp(t.tags[0], "errands") == 0);
	CHECK("uuid set", strlen(t.uuid) == 36);
	CHECK("timestamps set", t.created_at && t.updated_at && !t.completed_at);
	t.completed = true;
	free(t.title);
	t.title = xstrdup("Buy oat milk");
	CHECK("update", store_task_update(s, &t, TF_COMPLETED | TF_TITLE, &e) == TODO_OK);
	CHECK("update sets completed_at", t.completed && t.completed_at);
	CHECK_STR("update title", t.title, "Buy oat milk");
	t.completed = false;
	CHECK("reopen", store_task_update(s, &t, TF_COMPLETED, &e) == TODO_OK && !t.completed_at);
	task_release(&t);

	CHECK("other user's task is not found", store_task_get(s, "local", other, &t, &e) == TODO_ENOTFOUND);
	struct task bad;
	task_init(&bad);
	bad.id = other;
	bad.user_id = xstrdup("local");
	bad.title = xstrdup("hijack");
	CHECK("other user's task cannot be updated", store_task_update(s, &bad, TF_TITLE, &e) == TODO_ENOTFOUND);
	task_release(&bad);
	CHECK("other user's task cannot be deleted", store_task_delete(s, "local", other, &e) == TODO_ENOTFOUND);

	struct task_filter f;
	task_filter_init(&f);
	CHECK("list all", count(s, "local", &f) == 5);
	f.status = STATUS_PENDING;
	CHECK("list pending", count(s, "local", &f) == 4);
	f.status = STATUS_COMPLETED;
	CHECK("list completed", count(s, "local", &f) == 1);
	task_filter_init(&f);
	f.tag = "errands";
	CHECK("list by tag", count(s, "local", &f) == 2);
	f.tag = "#ERRANDS";
	CHECK("tag matches case-insensitively", count(s, "local", &f) == 2);
	task_filter_init(&f);
	f.priority = PRIO_HIGH;
	CHECK("list by priority", count(s, "local", &f) == 1);
	task_filter_init(&f);
	f.query = "MOM";
	CHECK("search is case-insensitive", count(s, "local", &f) == 1);
	f.query = "%";
	CHECK("search treats % literally", count(s, "local", &f) == 0);
	task_filter_init(&f);
	f.due_min = "2026-03-10";
	f.due_lim = "2026-03-11";
	CHECK("due today window includes timed", count(s, "local", &f) == 2);
	task_filter_init(&f);
	f.overdue_at = "2026-03-10T09:00";
	/* Pay rent is overdue but done; Meeting 08:00 passed; Buy milk is due
	 * today (date only) so not overdue yet. */
	CHECK("overdue", count(s, "local", &f) == 1);
	int64_t n = 0;
	task_filter_init(&f);
	CHECK("count", store_task_count(s, "local", &f, &n, &e) == TODO_OK && n == 5);

	CHECK("delete", store_task_delete(s, "local", b, &e) == TODO_OK);
	CHECK("deleted is gone", store_task_get(s, "local", b, &t, &e) == TODO_ENOTFOUND);
	CHECK("deleted not listed", count(s, "local", &f) == 4);
	CHECK("delete twice fails", store_task_delete(s, "local", b, &e) == TODO_ENOTFOUND);
	CHECK("id never reused", add(s, "local", "New", NULL, 0, NULL, false) > other);

	CHECK("rollback undoes", store_begin(s, &e) == TODO_OK);
	add(s, "local", "Temp", NULL, 0, NULL, false);
	store_rollback(s);
	f.query = "Temp";
	CHECK("rolled back add is gone", count(s, "local", &f) == 0);
}

static int collect_msg(const struct message *m, void *ctx)
{
	struct buf *b = ctx;
	buf_printf(b, "%s:%s;", m->role, m->content);
	return 0;
}

static void conversations(struct store *s)
{
	struct todo_err e;
	int64_t c1, c2;
	CHECK("conv create", store_conv_create(s, "local", &c1, &e) == TODO_OK);
	CHECK("conv create 2", store_conv_create(s, "bob", &c2, &e) == TODO_OK && c2 > c1);
	CHECK("conv get", store_conv_get(s, "local", c1, NULL, &e) == TODO_OK);
	CHECK("other user's conv not found", store_conv_get(s, "local", c2, NULL, &e) == TODO_ENOTFOUND);
	const char *roles[] = {"user", "assistant", "user", "assistant"};
	for (int i = 0; i < 4; i++) {
		struct message m = {.conversation_id = c1, .user_id = "local", .role = (char *)roles[i],
				    .content = (char *)(i % 2 ? "reply" : "hi")};
		CHECK("msg add", store_msg_add(s, &m, &e) == TODO_OK && m.id > 0);
		free(m.created_at);
	}
	struct buf b;
	buf_init(&b);
	store_msg_list(s, "local", c1, 0, collect_msg, &b, &e);
	CHECK_STR("messages oldest first", b.s, "user:hi;assistant:reply;user:hi;assistant:reply;");
	buf_free(&b);
	store_msg_list(s, "local", c1, 2, collect_msg, &b, &e);
	CHECK_STR("last 2 messages", b.s, "user:hi;assistant:reply;");
	buf_free(&b);
	store_msg_list(s, "bob", c1, 0, collect_msg, &b, &e);
	CHECK("other user sees no messages", b.s == NULL);
}

static void tools(struct store *s)
{
	struct tool_ctx ctx = {s, "tooluser", {2026, 3, 10, 2, 9, 0}};
	cJSON *args = cJSON_Parse("{\"title\":\"  Call mom \",\"due\":\"tomorrow\",\"priority\":\"high\",\"tags\":[\"#Family\"]}");
	cJSON *r = tool_call(&ctx, "add_task", args);
	CHECK_STR("add_task status", cJSON_GetObjectItem(r, "status")->valuestring, "created");
	CHECK_STR("add_task title", cJSON_GetObjectItem(r, "title")->valuestring, "Call mom");
	int64_t id = (int64_t)cJSON_GetObjectItem(r, "task_id")->valuedouble;
	cJSON_Delete(r);
	cJSON_Delete(args);
	struct task t;
	CHECK("add_task stored", store_task_get(s, "tooluser", id, &t, NULL) == TODO_OK);
	CHECK_STR("add_task resolved a phrase", t.due, "2026-03-11");
	CHECK("add_task tags", t.ntags == 1 && strcmp(t.tags[0], "family") == 0);
	task_release(&t);

	r = tool_call(&ctx, "list_tasks", NULL);
	CHECK("list_tasks array", cJSON_IsArray(r) && cJSON_GetArraySize(r) == 1);
	cJSON *first = cJSON_GetArrayItem(r, 0);
	CHECK("list item shape", cJSON_HasObjectItem(first, "id") && cJSON_HasObjectItem(first, "title") &&
				 cJSON_HasObjectItem(first, "completed") && cJSON_HasObjectItem(first, "due") &&
				 cJSON_HasObjectItem(first, "priority") && cJSON_HasObjectItem(first, "tags"));
	cJSON_Delete(r);
	args = cJSON_Parse("{\"due\":\"tomorrow\",\"status\":\"pending\"}");
	r = tool_call(&ctx, "list_tasks", args);
	CHECK("list due tomorrow", cJSON_GetArraySize(r) == 1);
	cJSON_Delete(r);
	cJSON_Delete(args);
	args = cJSON_Parse("{\"due\":\"yesterday\"}");
	r = tool_call(&ctx, "list_tasks", args);
	CHECK("list bad due is an error result", tool_result_is_error(r));
	cJSON_Delete(r);
	cJSON_Delete(args);

	char buf[128];
	snprintf(buf, sizeof buf, "{\"task_id\":%lld,\"priority\":\"low\",\"due\":null,\"title\":\"Call mom tonight\"}", (long long)id);
	args = cJSON_Parse(buf);
	r = tool_call(&ctx, "update_task", args);
	CHECK_STR("update_task", cJSON_GetObjectItem(r, "status")->valuestring, "updated");
	cJSON_Delete(r);
	cJSON_Delete(args);
	store_task_get(s, "tooluser", id, &t, NULL);
	CHECK("update_task applied", t.priority == PRIO_LOW && t.due == NULL && strcmp(t.title, "Call mom tonight") == 0);
	task_release(&t);

	snprintf(buf, sizeof buf, "{\"task_id\":\"#%lld\"}", (long long)id);
	args = cJSON_Parse(buf);
	r = tool_call(&ctx, "complete_task", args);
	CHECK_STR("complete_task takes \"#id\"", cJSON_GetObjectItem(r, "status")->valuestring, "completed");
	cJSON_Delete(r);
	r = tool_call(&ctx, "delete_task", args);
	CHECK_STR("delete_task", cJSON_GetObjectItem(r, "status")->valuestring, "deleted");
	cJSON_Delete(r);
	r = tool_call(&ctx, "delete_task", args);
	CHECK("delete again: error", tool_result_is_error(r));
	char want[64];
	snprintf(want, sizeof want, "Task %lld not found", (long long)id);
	CHECK_STR("not found message", cJSON_GetObjectItem(r, "error")->valuestring, want);
	cJSON_Delete(r);
	cJSON_Delete(args);

	const char *bad[][2] = {
		{"add_task", "{}"},
		{"add_task", "{\"title\":\"\"}"},
		{"add_task", "{\"title\":5}"},
		{"add_task", "{\"title\":\"x\",\"due\":\"someday soon\"}"},
		{"add_task", "{\"title\":\"x\",\"priority\":\"extreme\"}"},
		{"add_task", "{\"title\":\"x\",\"tags\":[1]}"},
		{"complete_task", "{}"},
		{"complete_task", "{\"task_id\":-1}"},
		{"complete_task", "{\"task_id\":1.5}"},
		{"complete_task", "{\"task_id\":\"abc\"}"},
		{"update_task", "{\"task_id\":1}"},
		{"list_tasks", "{\"status\":\"maybe\"}"},
		{"nope", "{}"},
		{"add_task", "[1]"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		args = cJSON_Parse(bad[i][1]);
		r = tool_call(&ctx, bad[i][0], args);
		char name[120];
		snprintf(name, sizeof name, "bad args give an error result: %s %s", bad[i][0], bad[i][1]);
		CHECK(name, tool_result_is_error(r));
		cJSON_Delete(r);
		cJSON_Delete(args);
	}
	int schemas_ok = 1;
	for (size_t i = 0; i < tool_count; i++) {
		cJSON *sch = cJSON_Parse(tool_table[i].schema);
		schemas_ok &= cJSON_IsObject(sch) && cJSON_IsObject(cJSON_GetObjectItem(sch, "properties"));
		cJSON_Delete(sch);
	}
	CHECK("every tool schema parses", schemas_ok && tool_count == 5);
}


static int64_t count_q(struct store *s, const char *user, const char *q)
{
	struct task_filter f;
	task_filter_init(&f);
	f.query = q;
	return count(s, user, &f);
}

/* FTS5's own integrity check of the title index against the tasks table. */
static bool fts_ok(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return false;
	int rc = sqlite3_exec(db, "INSERT INTO tasks_fts(tasks_fts, rank) VALUES('integrity-check', 1)",
			      NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

/* Runs sql on the file at path outside the store, as another program would. */
static bool exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	bool ok = sqlite3_open(path, &db) == SQLITE_OK &&
		  sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_close(db);
	return ok;
}

static int64_t scalar(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The title index merges in bounded steps, 16 segments at a time. */
static bool fts_settings_ok(const char *path)
{
	return scalar(path, "SELECT v FROM tasks_fts_config WHERE k = 'automerge'") == 0 &&
	       scalar(path, "SELECT v FROM tasks_fts_config WHERE k = 'usermerge'") == 16 &&
	       scalar(path, "SELECT v FROM tasks_fts_config WHERE k = 'crisismerge'") == 64;
}

/* begin inside a transaction is a savepoint: its rollback undoes only what
 * followed it (the server's group commit relies on this). */
static void nesting(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/nest.db", dir);
	CHECK("nest: open", store_sqlite_open(path, &s, &e) == TODO_OK);
	CHECK("nest: outer begin", store_begin(s, &e) == TODO_OK);
	int64_t a = add(s, "u", "kept outer", NULL, PRIO_NONE, NULL, false);
	CHECK("nest: inner begin", store_begin(s, &e) == TODO_OK);
	int64_t b = add(s, "u", "undone inner", NULL, PRIO_NONE, NULL, false);
	store_rollback(s);
	CHECK("nest: inner rollback keeps the outer write", a > 0 && b > 0);
	CHECK("nest: second inner begin", store_begin(s, &e) == TODO_OK);
	add(s, "u", "kept inner", NULL, PRIO_NONE, NULL, false);
	CHECK("nest: inner commit (release)", store_commit(s, &e) == TODO_OK);
	CHECK("nest: still in the outer transaction", scalar(path, "SELECT count(*) FROM tasks") == 0);
	CHECK("nest: outer commit", store_commit(s, &e) == TODO_OK);
	struct task_filter f;
	task_filter_init(&f);
	CHECK("nest: two of three tasks saved", count(s, "u", &f) == 2);
	/* The id is free again (the sequence rolled back too): check the title. */
	struct task t;
	bool gone = true;
	if (store_task_get(s, "u", b, &t, &e) == TODO_OK) {
		gone = strcmp(t.title, "undone inner") != 0;
		task_release(&t);
	}
	CHECK("nest: the undone one is gone", gone);
	/* A rollback of the outer transaction undoes every level. */
	CHECK("nest: begin again", store_begin(s, &e) == TODO_OK && store_begin(s, &e) == TODO_OK);
	add(s, "u", "lost", NULL, PRIO_NONE, NULL, false);
	store_rollback(s);
	store_rollback(s);
	CHECK("nest: outer rollback undoes all", count(s, "u", &f) == 2);
	CHECK("nest: usable afterwards", add(s, "u", "after", NULL, PRIO_NONE, NULL, false) > 0);
	store_close(s);
}

/* New titles reach the trigram index at commit; before it, searches still
 * find them (fts_pending), and the index stays consistent through inserts,
 * title edits and hard deletes inside one transaction. */
static void fts_pending(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/fts.db", dir);
	CHECK("fts: open", store_sqlite_open(path, &s, &e) == TODO_OK);
	add(s, "u", "write the quarterly report", NULL, PRIO_NONE, NULL, false);
	CHECK("fts: a single add is indexed at once", scalar(path, "SELECT count(*) FROM fts_pending") == 0);
	CHECK("fts: and found", count_q(s, "u", "quarterly") == 1);
	CHECK("fts: begin", store_begin(s, &e) == TODO_OK);
	int64_t b = add(s, "u", "book flights to Lisbon", NULL, PRIO_NONE, NULL, false);
	int64_t c = add(s, "u", "renew passport", NULL, PRIO_NONE, NULL, false);
	add(s, "u", "pack for Lisbon", NULL, PRIO_NONE, NULL, false);
	CHECK("fts: found before the commit", count_q(s, "u", "lisbon") == 2);
	struct task t;
	CHECK("fts: get pending", store_task_get(s, "u", b, &t, &e) == TODO_OK);
	free(t.title);
	t.title = xstrdup("book trains to Porto");
	CHECK("fts: retitle a pending task", store_task_update(s, &t, TF_TITLE, &e) == TODO_OK);
	task_release(&t);
	CHECK("fts: the new title is found", count_q(s, "u", "porto") == 1 && count_q(s, "u", "lisbon") == 1);
	CHECK("fts: commit", store_commit(s, &e) == TODO_OK);
	CHECK("fts: nothing pending after the commit", scalar(path, "SELECT count(*) FROM fts_pending") == 0);
	CHECK("fts: indexed rows match",
	      scalar(path, "SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH '\"por\" AND \"rto\"'") == 1 &&
	      scalar(path, "SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH '\"lis\" AND \"bon\"'") == 1);
	CHECK("fts: after the commit", count_q(s, "u", "porto") == 1 && count_q(s, "u", "passport") == 1);
	/* A rolled-back insert leaves nothing behind in either table. */
	CHECK("fts: begin 2", store_begin(s, &e) == TODO_OK);
	add(s, "u", "never saved zebra", NULL, PRIO_NONE, NULL, false);
	store_rollback(s);
	CHECK("fts: rolled back insert not found", count_q(s, "u", "zebra") == 0);
	/* Hard deletes (a pending row and an indexed one) in one transaction. */
	sqlite3 *db;
	sqlite3_open(path, &db);
	char sql[400];
	snprintf(sql, sizeof sql,
		 "BEGIN; INSERT INTO tasks(uuid, user_id, title, created_at, updated_at)"
		 " VALUES('x-1', 'u', 'temporary walrus', 'now', 'now');"
		 "DELETE FROM tasks WHERE title = 'temporary walrus'; DELETE FROM tasks WHERE id = %lld; COMMIT",
		 (long long)c);
	CHECK("fts: hard deletes", sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK("fts: deleted rows gone", count_q(s, "u", "walrus") == 0 && count_q(s, "u", "passport") == 0);
	CHECK("fts: index integrity", fts_ok(path));
	store_close(s);
}

struct nested_ctx {
	struct store *s;
	int outer, inner;
};

static int nested_cb(const struct task *t, void *ctx)
{
	struct nested_ctx *n = ctx;
	(void)t;
	n->outer++;
	/* The same query again while the first is still being stepped. */
	struct task_filter f;
	task_filter_init(&f);
	n->inner += count(n->s, "u", &f);
	return 0;
}

/* Filtered statements are cached; one in use is never handed out twice. */
static void stmt_cache(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/cache.db", dir);
	CHECK("cache: open", store_sqlite_open(path, &s, &e) == TODO_OK);
	for (int i = 0; i < 5; i++)
		add(s, "u", "task", NULL, PRIO_NONE, NULL, false);
	struct nested_ctx n = {.s = s};
	struct task_filter f;
	task_filter_init(&f);
	CHECK("cache: list inside a list", store_task_list(s, "u", &f, nested_cb, &n, &e) == TODO_OK);
	CHECK("cache: both lists complete", n.outer == 5 && n.inner == 25);
	/* More distinct queries than cache slots, then the first again. */
	bool ok = true;
	for (int i = 0; i < 12; i++) {
		task_filter_init(&f);
		f.limit = i % 2 ? 2 : 0;
		f.sort = i % 4;
		f.status = i % 3;
		ok &= count(s, "u", &f) >= 0;
	}
	task_filter_init(&f);
	f.limit = 3;
	f.offset = 1;
	ok &= count(s, "u", &f) == 3;
	f.offset = 4;
	ok &= count(s, "u", &f) == 1;
	CHECK("cache: limit and offset are bound, not cached text", ok);
	store_close(s);
}

/* A database of schema 2 (before fts_pending) opens, migrates and keeps
 * its search working. */
static void migrate_v2(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/v2.db", dir);
	CHECK("v2: open", store_sqlite_open(path, &s, &e) == TODO_OK);
	add(s, "u", "old dentist appointment", NULL, PRIO_NONE, NULL, false);
	store_close(s);
	/* Put the version-2 triggers back and mark the file as version 2. */
	CHECK("v2: made",
	      exec_sql(path, "DROP TRIGGER tasks_fts_ins; DROP TRIGGER tasks_fts_del; DROP TABLE fts_pending;"
			     " CREATE TRIGGER tasks_fts_ins AFTER INSERT ON tasks BEGIN"
			     " INSERT INTO tasks_fts(rowid, title, description) VALUES(new.id, new.title, new.description); END;"
			     " CREATE TRIGGER tasks_fts_del AFTER DELETE ON tasks BEGIN"
			     " INSERT INTO tasks_fts(tasks_fts, rowid, title, description)"
			     " VALUES('delete', old.id, old.title, old.description); END;"
			     " PRAGMA user_version = 2;") &&
	      scalar(path, "PRAGMA user_version") == 2);
	CHECK("v2: migrates", store_sqlite_open(path, &s, &e) == TODO_OK);
	CHECK("v2: now version 4", scalar(path, "PRAGMA user_version") == 4);
	CHECK("v2: the index merges in steps", fts_settings_ok(path));
	add(s, "u", "new dentist follow-up", NULL, PRIO_NONE, NULL, false);
	CHECK("v2: old and new found", count_q(s, "u", "dentist") == 2);
	CHECK("v2: index integrity", fts_ok(path));
	store_close(s);
}

/* Searches through the trigram index: the query's trigrams only narrow
 * the rows (the index keeps no positions), instr() decides. */
static void fts_search(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/search.db", dir);
	CHECK("search: open", store_sqlite_open(path, &s, &e) == TODO_OK);
	add(s, "u", "read \"Dune\" again", NULL, PRIO_NONE, NULL, false);
	add(s, "u", "Café in Zürich with Ünal", NULL, PRIO_NONE, NULL, false);
	add(s, "u", "call the plumber about the leaking kitchen tap before friday", NULL, PRIO_NONE, NULL, false);
	add(s, "u", "tap dance class", NULL, PRIO_NONE, NULL, false);
	struct task t;
	CHECK("search: get", store_task_get(s, "u", add(s, "u", "report", NULL, PRIO_NONE, NULL, false), &t, &e) == TODO_OK);
	free(t.description);
	t.description = xstrdup("quarterly numbers for the board");
	CHECK("search: describe", store_task_update(s, &t, TF_DESC, &e) == TODO_OK);
	task_release(&t);
	add(s, "v", "another user's plumber", NULL, PRIO_NONE, NULL, false);
	CHECK("search: every title indexed", scalar(path, "SELECT count(*) FROM fts_pending") == 0);
	CHECK("search: double quotes in the query", count_q(s, "u", "\"Dune\"") == 1 && count_q(s, "u", "d \"Du") == 1);
	CHECK("search: a lone double quote", count_q(s, "u", "\"") == 1 && count_q(s, "u", "\"\"\"") == 0);
	CHECK("search: FTS syntax is text", count_q(s, "u", "tap OR dance") == 0 && count_q(s, "u", "tap*") == 0 &&
					     count_q(s, "u", "NEAR(tap)") == 0);
	CHECK("search: multibyte characters", count_q(s, "u", "Zürich") == 1 && count_q(s, "u", "é i") == 1 &&
					     count_q(s, "u", "rich with Ü") == 1 && count_q(s, "u", "Zurich") == 0);
	CHECK("search: across words", count_q(s, "u", "ber abo") == 1 && count_q(s, "u", "ap d") == 1);
	CHECK("search: in order only", count_q(s, "u", "tap leaking") == 0);
	/* More trigrams than the index is asked for: the rest is instr's. */
	CHECK("search: a long query", count_q(s, "u", "plumber about the leaking kitchen tap before friday") == 1 &&
				      count_q(s, "u", "plumber about the leaking kitchen tap before monday") == 0);
	CHECK("search: short queries scan", count_q(s, "u", "ta") == 2 && count_q(s, "u", "ü") == 1);
	CHECK("search: the description", count_q(s, "u", "board") == 1);
	CHECK("search: case", count_q(s, "u", "PLUMBER") == 1);
	CHECK("search: per user", count_q(s, "v", "plumber") == 1 && count_q(s, "v", "tap") == 0);
	CHECK("search: index integrity", fts_ok(path));
	store_close(s);
}

/* A database of schema 3 (an index with positions) is reindexed without
 * them and still finds its old rows, pending ones included. */
static void migrate_v3(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/v3.db", dir);
	CHECK("v3: open", store_sqlite_open(path, &s, &e) == TODO_OK);
	add(s, "u", "old dentist appointment", NULL, PRIO_NONE, NULL, false);
	add(s, "u", "pending dentist bill", NULL, PRIO_NONE, NULL, false);
	store_close(s);
	CHECK("v3: made",
	      exec_sql(path, "DROP TABLE tasks_fts;"
			     " CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, content='tasks',"
			     " content_rowid='id', tokenize='trigram');"
			     " INSERT INTO tasks_fts(rowid, title, description) SELECT id, title, description FROM tasks WHERE id = 1;"
			     " INSERT INTO fts_pending(id) VALUES(2);"
			     " PRAGMA user_version = 3;") &&
	      scalar(path, "PRAGMA user_version") == 3);
	CHECK("v3: migrates", store_sqlite_open(path, &s, &e) == TODO_OK);
	CHECK("v3: now version 4", scalar(path, "PRAGMA user_version") == 4);
	CHECK("v3: no positions, no column sizes",
	      scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'tasks_fts'"
			   " AND sql LIKE '%detail=none%' AND sql LIKE '%columnsize=0%'") == 1 &&
	      scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'tasks_fts_docsize'") == 0);
	CHECK("v3: pending rows indexed", scalar(path, "SELECT count(*) FROM fts_pending") == 0);
	CHECK("v3: merges in steps, 16 segments at a time", fts_settings_ok(path));
	add(s, "u", "new dentist follow-up", NULL, PRIO_NONE, NULL, false);
	CHECK("v3: old and new found", count_q(s, "u", "dentist") == 3);
	CHECK("v3: index integrity", fts_ok(path));
	store_close(s);
}

static void versions(void)
{
	char path[256];
	struct todo_err e;
	struct store *s;
	snprintf(path, sizeof path, "%s/newer.db", dir);
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK("newer schema refused", store_sqlite_open(path, &s, &e) == TODO_EVERSION);
	CHECK("newer schema message", strstr(e.msg, "newer todo") != NULL);

	snprintf(path, sizeof path, "%s/junk.db", dir);
	FILE *f = fopen(path, "w");
	fputs("this is not a database, just some text that is long enough to be read as a header......"
	      "................................................................................", f);
	fclose(f);
	CHECK("damaged file refused", store_sqlite_open(path, &s, &e) != TODO_OK);
	CHECK("damaged file message", strstr(e.msg, "not a todo database") != NULL);

	snprintf(path, sizeof path, "%s/sub/dir/new.db", dir);
	CHECK("missing folders created", store_sqlite_open(path, &s, &e) == TODO_OK);
	store_close(s);
	CHECK("reopen", store_sqlite_open(path, &s, &e) == TODO_OK);
	store_close(s);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char path[256];
	snprintf(path, sizeof path, "%s/t.db", dir);
	struct store *s;
	struct todo_err e;
	CHECK("open", store_sqlite_open(path, &s, &e) == TODO_OK);
	crud(s);
	conversations(s);
	tools(s);
	store_close(s);
	versions();
	nesting();
	fts_pending();
	stmt_cache();
	migrate_v2();
	fts_search();
	migrate_v3();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return T_DONE();
}
