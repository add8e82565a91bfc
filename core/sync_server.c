/* SPDX-License-Identifier: MIT */
/* The server side of a sync request, independent of HTTP: ops applied at
 * most once, then the changes after the client's cursor, in one
 * transaction so the reply describes exactly what was committed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sync.h"
#include "util.h"

static cJSON *detail(int *status, int code, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "detail", msg);
	*status = code;
	return o;
}

/* Cursors are "1:<position>"; anything else (garbage, another server's,
 * "*") means start from the beginning: a full sync, not an error. */
static bool parse_cursor(const char *c, int64_t *pos)
{
	char *end;
	if (!c || strncmp(c, "1:", 2) != 0)
		return false;
	long long v = strtoll(c + 2, &end, 10);
	if (*end || v < 0 || end == c + 2)
		return false;
	*pos = v;
	return true;
}

cJSON *sync_serve(struct store *s, const char *user, const cJSON *req, int *status,
		  struct todo_err *e)
{
	if (!cJSON_IsObject(req))
		return detail(status, 400, "the body must be a JSON object");
	const cJSON *proto = cJSON_GetObjectItemCaseSensitive(req, "protocol");
	if (proto && (!cJSON_IsNumber(proto) || proto->valueint != SYNC_PROTOCOL)) {
		char msg[96];
		snprintf(msg, sizeof msg, "this server speaks sync protocol %d", SYNC_PROTOCOL);
		return detail(status, 400, msg);
	}
	const cJSON *ops = cJSON_GetObjectItemCaseSensitive(req, "ops");
	if (ops && !cJSON_IsArray(ops))
		return detail(status, 422, "ops must be a list");
	if (cJSON_GetArraySize(ops) > SYNC_MAX_OPS)
		return detail(status, 422, "at most 100 ops per request");
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(req, "cursor");
	if (cur && !cJSON_IsString(cur) && !cJSON_IsNull(cur))
		return detail(status, 422, "cursor must be a string");
	int64_t after = 0;
	bool known = parse_cursor(cJSON_GetStringValue(cur), &after);
	bool full = !known;
	if (!known)
		after = 0;

	if (store_begin(s, e) != TODO_OK)
		return NULL;
	cJSON *reply = cJSON_CreateObject();
	cJSON_AddNumberToObject(reply, "protocol", SYNC_PROTOCOL);
	cJSON *results = cJSON_AddObjectToObject(reply, "results");
	const cJSON *op;
	cJSON_ArrayForEach(op, ops) {
		cJSON *res = NULL;
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "op_id"));
		if (!cJSON_IsObject(op) || !id)
			continue;
		if (store_sync_apply(s, user, op, &res, e) != TODO_OK)
			goto fail;
		if (!cJSON_GetObjectItemCaseSensitive(results, id))
			cJSON_AddItemToObject(results, id, res);
		else
			cJSON_Delete(res);
	}
	cJSON *changes = NULL;
	int64_t last;
	bool more;
	if (store_sync_changes(s, user, after, SYNC_MAX_CHANGES, &changes, &last, &more, e) != TODO_OK)
		goto fail;
	cJSON_AddItemToObject(reply, "changes", changes);
	char cbuf[32];
	snprintf(cbuf, sizeof cbuf, "1:%lld", (long long)last);
	cJSON_AddStringToObject(reply, "cursor", cbuf);
	cJSON_AddBoolToObject(reply, "has_more", more);
	if (full && cur && !cJSON_IsNull(cur) && strcmp(cur->valuestring, "*") != 0)
		cJSON_AddBoolToObject(reply, "full_sync", true);
	if (store_commit(s, e) != TODO_OK)
		goto fail;
	*status = 200;
	return reply;
fail:
	store_rollback(s);
	cJSON_Delete(reply);
	return NULL;
}
