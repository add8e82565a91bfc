/* SPDX-License-Identifier: MIT */
/* MCP over JSON-RPC 2.0: initialize, ping, tools/list and tools/call on the
 * shared tool table; the transports (stdio, HTTP) only move the text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mcp.h"
#include "tools.h"
#include "util.h"

/* Revisions whose initialize request we answer with the same revision; the
 * differences between them do not touch the tools we offer. */
static const char *const known_versions[] = {
	"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05",
};

static const char instructions[] =
	"Manages the user's todo list. Use list_tasks to find tasks and their ids "
	"(filters: status, due, tag, priority, query), then add_task, update_task, "
	"complete_task or delete_task. Due dates are local: YYYY-MM-DD or "
	"YYYY-MM-DDTHH:MM; null clears one.";

void mcp_session_init(struct mcp_session *s, struct store *store, const char *user)
{
	memset(s, 0, sizeof *s);
	s->store = store;
	s->user = user;
	date_now_get(&s->now);
}

/* Our own copy of cJSON's text, so callers free() it whatever cJSON's
 * allocation hooks are. */
static char *to_text(const cJSON *j)
{
	char *p = cJSON_PrintUnformatted(j);
	if (!p)
		return xstrdup("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,"
			       "\"message\":\"Internal error: out of memory\"}}");
	char *out = xstrdup(p);
	cJSON_free(p);
	return out;
}

/* Takes ownership of result. id is borrowed (copied); NULL means null. */
static cJSON *response(const cJSON *id, cJSON *result)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "jsonrpc", "2.0");
	cJSON_AddItemToObject(r, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
	cJSON_AddItemToObject(r, "result", result);
	return r;
}

/* data (may be NULL) is taken over. */
static cJSON *error_response(const cJSON *id, int code, const char *message, cJSON *data)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "jsonrpc", "2.0");
	cJSON_AddItemToObject(r, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
	cJSON *e = cJSON_AddObjectToObject(r, "error");
	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	if (data)
		cJSON_AddItemToObject(e, "data", data);
	return r;
}

char *mcp_error_text(int code, const char *message)
{
	cJSON *r = error_response(NULL, code, message, NULL);
	char *s = to_text(r);
	cJSON_Delete(r);
	return s;
}

static cJSON *do_initialize(struct mcp_session *s, const cJSON *id, const cJSON *params)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, "protocolVersion");
	if (!cJSON_IsString(v))
		return error_response(id, MCP_INVALID_PARAMS,
				      "initialize needs params.protocolVersion (a string)", NULL);
	/* An unknown revision is not an error: we answer with ours and the
	 * client decides whether it can speak it (lifecycle.mdx). */
	const char *ver = MCP_PROTOCOL_LATEST;
	for (size_t i = 0; i < sizeof known_versions / sizeof known_versions[0]; i++)
		if (strcmp(v->valuestring, known_versions[i]) == 0)
			ver = known_versions[i];
	snprintf(s->protocol, sizeof s->protocol, "%s", ver);
	s->initialized = true;

	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "protocolVersion", ver);
	cJSON *caps = cJSON_AddObjectToObject(res, "capabilities");
	cJSON *tools = cJSON_AddObjectToObject(caps, "tools");
	cJSON_AddFalseToObject(tools, "listChanged");   /* the tool set never changes */
	cJSON *info = cJSON_AddObjectToObject(res, "serverInfo");
	cJSON_AddStringToObject(info, "name", "todo");
	cJSON_AddStringToObject(info, "version", TODO_VERSION);
	cJSON_AddStringToObject(res, "instructions", instructions);
	return response(id, res);
}

static cJSON *do_tools_list(const cJSON *id, const cJSON *params)
{
	const cJSON *cursor = cJSON_GetObjectItemCaseSensitive(params, "cursor");
	if (cursor && !cJSON_IsString(cursor) && !cJSON_IsNull(cursor))
		return error_response(id, MCP_INVALID_PARAMS, "cursor must be a string", NULL);
	/* Five tools fit in one page, so any cursor gets the whole list. */
	cJSON *res = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(res, "tools");
	for (size_t i = 0; i < tool_count; i++) {
		const struct tool *t = &tool_table[i];
		cJSON *schema = cJSON_Parse(t->schema);
		if (!schema) {   /* a typo in tools.c: say so rather than hide the tool */
			cJSON_Delete(res);
			char msg[160];
			snprintf(msg, sizeof msg, "Internal error: bad input schema for %s", t->name);
			return error_response(id, MCP_INTERNAL_ERROR, msg, NULL);
		}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", t->name);
		cJSON_AddStringToObject(o, "description", t->description);
		cJSON_AddItemToObject(o, "inputSchema", schema);
		cJSON *ann = cJSON_AddObjectToObject(o, "annotations");
		cJSON_AddBoolToObject(ann, "readOnlyHint", !t->mutating);
		cJSON_AddFalseToObject(ann, "openWorldHint");   /* only the local task list */
		cJSON_AddItemToArray(arr, o);
	}
	return response(id, res);
}

/* Runs a tool; mutating ones inside a transaction so a failed change leaves
 * nothing behind. Returns the tool's result (never NULL). */
static cJSON *run_tool(struct mcp_session *s, const struct tool *t, const cJSON *args)
{
	struct tool_ctx ctx = {s->store, s->user, s->now};
	struct todo_err e;
	if (!t->mutating)
		return tool_call(&ctx, t->name, args);
	if (store_begin(s->store, &e) != TODO_OK) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "status", "error");
		cJSON_AddStringToObject(o, "error", e.msg);
		return o;
	}
	cJSON *res = tool_call(&ctx, t->name, args);
	if (tool_result_is_error(res)) {
		store_rollback(s->store);
	} else if (store_commit(s->store, &e) != TODO_OK) {
		store_rollback(s->store);
		cJSON_Delete(res);
		res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "status", "error");
		cJSON_AddStringToObject(res, "error", e.msg);
	}
	return res;
}

static cJSON *do_tools_call(struct mcp_session *s, const cJSON *id, const cJSON *params)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(params, "name");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(params, "arguments");
	if (!cJSON_IsString(name))
		return error_response(id, MCP_INVALID_PARAMS, "tools/call needs params.name (a string)",
				      NULL);
	const struct tool *t = tool_find(name->valuestring);
	if (!t) {
		char msg[200];
		snprintf(msg, sizeof msg, "Unknown tool: %.150s", name->valuestring);
		return error_response(id, MCP_INVALID_PARAMS, msg, NULL);
	}
	/* The envelope's shape is the protocol's business (an error); what is
	 * inside arguments is the tool's (an isError result the model can
	 * correct, SEP-1303). */
	if (args && !cJSON_IsObject(args) && !cJSON_IsNull(args))
		return error_response(id, MCP_INVALID_PARAMS, "arguments must be an object", NULL);
	if (cJSON_IsNull(args))
		args = NULL;

	cJSON *out = run_tool(s, t, args);
	bool is_error = tool_result_is_error(out);
	/* structuredContent must be an object (2025-11-25), so a list of
	 * tasks travels as {"tasks": [...]}; the text block carries the same
	 * JSON for clients that read only text (tools.mdx). */
	if (cJSON_IsArray(out)) {
		cJSON *wrap = cJSON_CreateObject();
		cJSON_AddItemToObject(wrap, "tasks", out);
		out = wrap;
	}
	char *text = to_text(out);
	cJSON *res = cJSON_CreateObject();
	cJSON *content = cJSON_AddArrayToObject(res, "content");
	cJSON *block = cJSON_CreateObject();
	cJSON_AddStringToObject(block, "type", "text");
	cJSON_AddStringToObject(block, "text", text);
	cJSON_AddItemToArray(content, block);
	free(text);
	cJSON_AddItemToObject(res, "structuredContent", out);
	cJSON_AddBoolToObject(res, "isError", is_error);
	return response(id, res);
}

/* An id is a string or a whole number; never null (basic/index.mdx). */
static bool valid_id(const cJSON *id)
{
	if (cJSON_IsString(id))
		return true;
	if (cJSON_IsNumber(id)) {
		double d = id->valuedouble;
		return isfinite(d) && floor(d) == d;
	}
	return false;
}

cJSON *mcp_handle_json(struct mcp_session *s, const cJSON *msg)
{
	if (cJSON_IsArray(msg))   /* batching was removed in 2025-06-18 */
		return error_response(NULL, MCP_INVALID_REQUEST,
				      "Invalid Request: batches are not supported", NULL);
	if (!cJSON_IsObject(msg))
		return error_response(NULL, MCP_INVALID_REQUEST,
				      "Invalid Request: a message must be a JSON object", NULL);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(msg, "method");
	const cJSON *jsonrpc = cJSON_GetObjectItemCaseSensitive(msg, "jsonrpc");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
	bool has_id = id != NULL;

	if (has_id && !valid_id(id))
		return error_response(NULL, MCP_INVALID_REQUEST,
				      "Invalid Request: id must be a string or an integer", NULL);
	if (!cJSON_IsString(jsonrpc) || strcmp(jsonrpc->valuestring, "2.0") != 0)
		return has_id || !method
			? error_response(id, MCP_INVALID_REQUEST,
					 "Invalid Request: jsonrpc must be \"2.0\"", NULL)
			: NULL;
	if (!method) {
		/* A response to a request of ours; we send none, so drop it. */
		if (has_id && (cJSON_HasObjectItem(msg, "result") || cJSON_HasObjectItem(msg, "error")))
			return NULL;
		return error_response(id, MCP_INVALID_REQUEST,
				      "Invalid Request: method is missing", NULL);
	}
	if (!cJSON_IsString(method))
		return has_id ? error_response(id, MCP_INVALID_REQUEST,
					       "Invalid Request: method must be a string", NULL)
			      : NULL;
	/* Notifications (initialized, cancelled, progress, ...) get no reply,
	 * whatever they say; we have nothing that a cancel could stop. */
	if (!has_id)
		return NULL;
	if (params && !cJSON_IsObject(params))
		return error_response(id, MCP_INVALID_PARAMS, "params must be an object", NULL);

	const char *m = method->valuestring;
	/* Requests before initialize are answered too: some clients probe
	 * with tools/list, and refusing helps nobody. */
	if (strcmp(m, "initialize") == 0) {
		if (!params)
			return error_response(id, MCP_INVALID_PARAMS,
					      "initialize needs params.protocolVersion (a string)", NULL);
		return do_initialize(s, id, params);
	}
	if (strcmp(m, "ping") == 0)
		return response(id, cJSON_CreateObject());
	if (strcmp(m, "tools/list") == 0)
		return do_tools_list(id, params);
	if (strcmp(m, "tools/call") == 0) {
		if (!params)
			return error_response(id, MCP_INVALID_PARAMS,
					      "tools/call needs params with name and arguments", NULL);
		return do_tools_call(s, id, params);
	}
	char msgtext[200];
	snprintf(msgtext, sizeof msgtext, "Method not found: %.150s", m);
	return error_response(id, MCP_METHOD_NOT_FOUND, msgtext, NULL);
}

char *mcp_handle(struct mcp_session *s, const char *msg, size_t len)
{
	/* stdio and HTTP both carry UTF-8; anything else is unreadable. */
	if (!utf8_valid(msg, len) || memchr(msg, '\0', len))
		return mcp_error_text(MCP_PARSE_ERROR, "Parse error: message is not valid UTF-8 text");
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(msg, len, &end, false);
	if (!j)
		return mcp_error_text(MCP_PARSE_ERROR, "Parse error: not valid JSON");
	/* Trailing junk after the value ("{} x") is not one message. */
	for (const char *p = end; p < msg + len; p++) {
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			cJSON_Delete(j);
			return mcp_error_text(MCP_PARSE_ERROR, "Parse error: text after the JSON value");
		}
	}
	cJSON *r = mcp_handle_json(s, j);
	cJSON_Delete(j);
	if (!r)
		return NULL;
	char *text = to_text(r);
	cJSON_Delete(r);
	return text;
}
