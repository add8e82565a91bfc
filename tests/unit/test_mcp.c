/* SPDX-License-Identifier: MIT */
/* Unit tests for core/mcp.c: mcp_handle on a throwaway SQLite store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cJSON.h>
#include "t.h"
#include "mcp.h"

static struct mcp_session S;

/* Sends text, parses the reply (NULL when there was none). Caller frees. */
static cJSON *rpc(const char *text)
{
	char *r = mcp_handle(&S, text, strlen(text));
	if (!r)
		return NULL;
	if (strchr(r, '\n'))
		printf("FAIL reply has a newline: %s\n", r), t_failed++;
	cJSON *j = cJSON_Parse(r);
	free(r);
	return j;
}

static const cJSON *get(const cJSON *j, const char *path)
{
	/* "a.b.c" with numeric parts for arrays */
	char buf[128];
	snprintf(buf, sizeof buf, "%s", path);
	const cJSON *cur = j;
	for (char *save = NULL, *p = strtok_r(buf, ".", &save); p && cur;
	     p = strtok_r(NULL, ".", &save)) {
		if (cJSON_IsArray(cur))
			cur = cJSON_GetArrayItem(cur, atoi(p));
		else
			cur = cJSON_GetObjectItemCaseSensitive(cur, p);
	}
	return cur;
}

static const char *str(const cJSON *j, const char *path)
{
	const cJSON *v = get(j, path);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num(const cJSON *j, const char *path)
{
	const cJSON *v = get(j, path);
	return cJSON_IsNumber(v) ? v->valuedouble : -1e9;
}

static int err_code(const cJSON *j)
{
	return (int)num(j, "error.code");
}

static cJSON *call(int id, const char *name, const char *args)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\","
		 "\"arguments\":%s}}",
		 id, name, args);
	return rpc(text);
}

static void test_lifecycle(void)
{
	cJSON *r = rpc("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
		       "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
		       "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
	CHECK_STR("initialize: echoes 2025-06-18", str(r, "result.protocolVersion"), "2025-06-18");
	CHECK("initialize: id 0 kept", num(r, "id") == 0);
	CHECK_STR("initialize: jsonrpc", str(r, "jsonrpc"), "2.0");
	CHECK("initialize: tools.listChanged false", cJSON_IsFalse(get(r, "result.capabilities.tools.listChanged")));
	CHECK_STR("initialize: server name", str(r, "result.serverInfo.name"), "todo");
	CHECK_STR("initialize: server version", str(r, "result.serverInfo.version"), TODO_VERSION);
	CHECK("initialize: instructions", str(r, "result.instructions") != NULL);
	CHECK("initialize: session marked", S.initialized);
	CHECK_STR("initialize: session protocol", S.protocol, "2025-06-18");
	cJSON_Delete(r);

	static const char *const echo[] = {"2025-11-25", "2025-03-26", "2024-11-05"};
	for (size_t i = 0; i < 3; i++) {
		char text[256], name[64];
		snprintf(text, sizeof text,
			 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
			 "\"protocolVersion\":\"%s\"}}", echo[i]);
		r = rpc(text);
		snprintf(name, sizeof name, "initialize: echoes %s", echo[i]);
		CHECK_STR(name, str(r, "result.protocolVersion"), echo[i]);
		cJSON_Delete(r);
	}
	r = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2099-01-01\"}}");
	CHECK_STR("initialize: unknown version -> latest", str(r, "result.protocolVersion"), "2025-11-25");
	cJSON_Delete(r);
	r = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":7}}");
	CHECK("initialize: non-string version -> -32602", err_code(r) == -32602);
	cJSON_Delete(r);
	r = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}");
	CHECK("initialize: no params -> -32602", err_code(r) == -32602);
	cJSON_Delete(r);

	CHECK("notification: initialized -> no reply",
	      rpc("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}") == NULL);
	CHECK("notification: unknown -> no reply", rpc("{\"jsonrpc\":\"2.0\",\"method\":\"x/y\",\"params\":5}") == NULL);
	CHECK("response from client -> no reply", rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}") == NULL);

	r = rpc("{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"method\":\"ping\"}");
	CHECK_STR("ping: string id kept", str(r, "id"), "p-1");
	CHECK("ping: empty result", cJSON_IsObject(get(r, "result")) && get(r, "result")->child == NULL);
	cJSON_Delete(r);
}

static void test_errors(void)
{
	struct { const char *name, *text; int code; bool id_null; } cases[] = {
		{"invalid JSON", "{\"jsonrpc\":", -32700, true},
		{"trailing text", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}", -32700, true},
		{"empty", "", -32700, true},
		{"batch", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600, true},
		{"number", "42", -32600, true},
		{"id null", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", -32600, true},
		{"id object", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", -32600, true},
		{"id fraction", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", -32600, true},
		{"no jsonrpc", "{\"id\":1,\"method\":\"ping\"}", -32600, false},
		{"jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", -32600, false},
		{"no method", "{\"jsonrpc\":\"2.0\",\"id\":1}", -32600, false},
		{"method number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}", -32600, false},
		{"unknown method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}", -32601, false},
		{"params array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[]}", -32602, false},
		{"tools/call no params", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}", -32602, false},
		{"tools/call no name", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}", -32602, false},
		{"tools/call name number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":1}}", -32602, false},
		{"unknown tool", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"rm_rf\"}}", -32602, false},
		{"arguments array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"list_tasks\",\"arguments\":[]}}", -32602, false},
		{"cursor number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":1}}", -32602, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[96];
		cJSON *r = rpc(cases[i].text);
		snprintf(name, sizeof name, "error: %s -> %d", cases[i].name, cases[i].code);
		CHECK(name, r && err_code(r) == cases[i].code);
		snprintf(name, sizeof name, "error: %s id %s", cases[i].name, cases[i].id_null ? "null" : "kept");
		CHECK(name, r && (cases[i].id_null ? cJSON_IsNull(get(r, "id")) : num(r, "id") == 1));
		CHECK("error: message is a string", str(r, "error.message") != NULL);
		cJSON_Delete(r);
	}
	/* Bytes that are not UTF-8, and a NUL inside the message. */
	const char bad[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}";
	char *t = mcp_handle(&S, bad, sizeof bad - 1);
	CHECK("error: invalid UTF-8 -> -32700", t && strstr(t, "-32700"));
	free(t);
	const char nul[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\0{}";
	t = mcp_handle(&S, nul, sizeof nul - 1);
	CHECK("error: NUL byte -> -32700", t && strstr(t, "-32700"));
	free(t);
	/* A length shorter than the text: only that much is read. */
	const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}GARBAGE";
	t = mcp_handle(&S, ping, strlen(ping) - 7);
	CHECK("length bounds the message", t && strstr(t, "\"result\":{}"));
	free(t);
	t = mcp_error_text(-32600, "too big");
	CHECK_STR("mcp_error_text", t, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"too big\"}}");
	free(t);
}

static void test_tools(void)
{
	cJSON *r = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
	const cJSON *tools = get(r, "result.tools");
	CHECK("tools/list: five tools", cJSON_GetArraySize(tools) == 5);
	const cJSON *t;
	bool all = true;
	cJSON_ArrayForEach(t, tools) {
		all = all && str(t, "name") && str(t, "description") &&
		      cJSON_IsObject(get(t, "inputSchema")) && strcmp(str(t, "inputSchema.type"), "object") == 0;
	}
	CHECK("tools/list: name, description, object inputSchema", all);
	CHECK_STR("tools/list: first is add_task", str(tools, "0.name"), "add_task");
	CHECK("tools/list: list_tasks read-only", cJSON_IsTrue(get(tools, "1.annotations.readOnlyHint")));
	cJSON_Delete(r);
	r = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}");
	CHECK("tools/list: string cursor accepted", cJSON_GetArraySize(get(r, "result.tools")) == 5);
	cJSON_Delete(r);

	r = call(2, "add_task", "{\"title\":\"Buy milk\",\"due\":\"tomorrow\",\"tags\":[\"shop\"],\"user_id\":\"eve\"}");
	CHECK("add_task: not an error", cJSON_IsFalse(get(r, "result.isError")));
	CHECK_STR("add_task: status", str(r, "result.structuredContent.status"), "created");
	CHECK("add_task: task_id 1", num(r, "result.structuredContent.task_id") == 1);
	CHECK_STR("add_task: content type", str(r, "result.content.0.type"), "text");
	cJSON *txt = cJSON_Parse(str(r, "result.content.0.text"));
	CHECK("add_task: text is the structured JSON", cJSON_Compare(txt, get(r, "result.structuredContent"), 1));
	cJSON_Delete(txt);
	cJSON_Delete(r);

	r = call(3, "list_tasks", "{}");
	CHECK("list_tasks: structuredContent.tasks is an array", cJSON_IsArray(get(r, "result.structuredContent.tasks")));
	CHECK_STR("list_tasks: title", str(r, "result.structuredContent.tasks.0.title"), "Buy milk");
	CHECK_STR("list_tasks: due resolved", str(r, "result.structuredContent.tasks.0.due"), "2026-03-11");
	txt = cJSON_Parse(str(r, "result.content.0.text"));
	CHECK("list_tasks: text is the wrapped object", cJSON_IsArray(get(txt, "tasks")));
	cJSON_Delete(txt);
	cJSON_Delete(r);
	r = rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"list_tasks\",\"arguments\":null}}");
	CHECK("list_tasks: null arguments", cJSON_GetArraySize(get(r, "result.structuredContent.tasks")) == 1);
	cJSON_Delete(r);

	/* The bound user owns what was made; a user_id argument is ignored. */
	struct task tk;
	struct todo_err e;
	int got = store_task_get(S.store, "local", 1, &tk, &e);
	CHECK("user: task belongs to the session user",
	      got == TODO_OK && tk.user_id && strcmp(tk.user_id, "local") == 0);
	if (got == TODO_OK)
		task_release(&tk);
	S.user = "eve";
	r = call(4, "list_tasks", "{}");
	CHECK("user: another user sees nothing", cJSON_GetArraySize(get(r, "result.structuredContent.tasks")) == 0);
	cJSON_Delete(r);
	r = call(4, "complete_task", "{\"task_id\":1}");
	CHECK("user: another user cannot complete it", cJSON_IsTrue(get(r, "result.isError")));
	cJSON_Delete(r);
	S.user = "local";

	r = call(5, "complete_task", "{\"task_id\":1}");
	CHECK_STR("complete_task: status", str(r, "result.structuredContent.status"), "completed");
	cJSON_Delete(r);
	r = call(6, "update_task", "{\"task_id\":1,\"title\":\"Buy oat milk\",\"priority\":\"high\"}");
	CHECK_STR("update_task: title", str(r, "result.structuredContent.title"), "Buy oat milk");
	cJSON_Delete(r);
	r = call(7, "update_task", "{\"task_id\":1,\"priority\":\"urgent\"}");
	CHECK("update_task: bad priority -> isError", cJSON_IsTrue(get(r, "result.isError")));
	CHECK_STR("update_task: error status", str(r, "result.structuredContent.status"), "error");
	cJSON_Delete(r);
	r = call(8, "complete_task", "{\"task_id\":\"abc\"}");
	CHECK("complete_task: bad id -> isError", cJSON_IsTrue(get(r, "result.isError")));
	cJSON_Delete(r);
	r = call(9, "add_task", "{}");
	CHECK("add_task: no title -> isError", cJSON_IsTrue(get(r, "result.isError")));
	cJSON_Delete(r);
	r = call(10, "delete_task", "{\"task_id\":1}");
	CHECK_STR("delete_task: status", str(r, "result.structuredContent.status"), "deleted");
	cJSON_Delete(r);
	r = call(11, "delete_task", "{\"task_id\":1}");
	CHECK("delete_task: again -> isError", cJSON_IsTrue(get(r, "result.isError")));
	CHECK("delete_task: not found message", strstr(str(r, "result.structuredContent.error"), "not found") != NULL);
	cJSON_Delete(r);
	r = call(12, "list_tasks", "{}");
	CHECK("list_tasks: empty at the end", cJSON_GetArraySize(get(r, "result.structuredContent.tasks")) == 0);
	cJSON_Delete(r);
}

int main(void)
{
	char dir[] = "/tmp/todo-test-mcp-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("FAIL mkdtemp\n");
		return 1;
	}
	char path[128];
	snprintf(path, sizeof path, "%s/todo.db", dir);
	setenv("TODO_NOW", "2026-03-10T09:00", 1);
	struct store *st;
	struct todo_err e;
	if (store_sqlite_open(path, &st, &e) != TODO_OK) {
		printf("FAIL store_sqlite_open: %s\n", e.msg);
		return 1;
	}
	mcp_session_init(&S, st, "local");
	CHECK("session: not initialized at first", !S.initialized);

	/* Lenient: a request before initialize is answered. */
	cJSON *r = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
	CHECK("before initialize: tools/list answered", cJSON_GetArraySize(get(r, "result.tools")) == 5);
	cJSON_Delete(r);

	test_lifecycle();
	test_errors();
	test_tools();

	store_close(st);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("note: could not remove %s\n", dir);
	return T_DONE();
}
