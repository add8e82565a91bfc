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
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return T_DONE();
}
