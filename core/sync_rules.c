/* SPDX-License-Identifier: MIT */
/* Field clocks and op results shared by every store's sync. */
#include <string.h>
#include "sync_rules.h"
#include "task.h"

#define CLOCK_SKEW_MS (5 * 60 * 1000)

int sync_clock_cmp(const cJSON *a, const cJSON *b)
{
	double ta = cJSON_IsArray(a) ? cJSON_GetNumberValue(cJSON_GetArrayItem(a, 0)) : -1;
	double tb = cJSON_IsArray(b) ? cJSON_GetNumberValue(cJSON_GetArrayItem(b, 0)) : -1;
	if (ta != ta)
		ta = -1;
	if (tb != tb)
		tb = -1;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	const char *oa = cJSON_GetStringValue(cJSON_GetArrayItem(a, 1));
	const char *ob = cJSON_GetStringValue(cJSON_GetArrayItem(b, 1));
	return strcmp(oa ? oa : "", ob ? ob : "");
}

cJSON *sync_op_clocks(const cJSON *op, const char *op_id, int64_t ts)
{
	cJSON *c = cJSON_CreateObject();
	const cJSON *given = cJSON_GetObjectItemCaseSensitive(op, "clocks");
	int64_t limit = now_ms() + CLOCK_SKEW_MS;
	const char *names[7] = {"title", "description", "due", "priority", "tags", "completed", "deleted"};
	for (int i = 0; i < 7; i++) {
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(given, names[i]);
		double gts = cJSON_GetNumberValue(cJSON_GetArrayItem(g, 0));
		const char *gop = cJSON_GetStringValue(cJSON_GetArrayItem(g, 1));
		bool own = gop && gts == gts;
		int64_t t = own ? (int64_t)gts : ts;
		if (t > limit)
			t = limit;
		cJSON *pair = cJSON_CreateArray();
		cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)t));
		cJSON_AddItemToArray(pair, cJSON_CreateString(own ? gop : op_id));
		cJSON_AddItemToObject(c, names[i], pair);
	}
	return c;
}

cJSON *sync_op_error(const char *code, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error_code", code);
	cJSON_AddStringToObject(o, "error", msg);
	return o;
}

cJSON *sync_op_parse(const cJSON *op, struct sync_op *o)
{
	memset(o, 0, sizeof *o);
	o->op_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "op_id"));
	o->uuid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "task_uuid"));
	const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "kind"));
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(op, "fields");
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(op, "ts_ms");
	if (!o->uuid || !kind || !cJSON_IsNumber(ts) || (fields && !cJSON_IsObject(fields)))
		return sync_op_error("invalid", "an op needs task_uuid, kind, ts_ms and fields");
	if (strcmp(kind, "create") == 0)
		o->kind = SYNC_CREATE;
	else if (strcmp(kind, "set") == 0)
		o->kind = SYNC_SET;
	else if (strcmp(kind, "delete") == 0)
		o->kind = SYNC_DELETE;
	else
		return sync_op_error("invalid", "kind must be create, set or delete");
	o->empty = cJSON_CreateObject();
	o->fields = fields ? fields : o->empty;
	o->clocks = sync_op_clocks(op, o->op_id, (int64_t)ts->valuedouble);
	return NULL;
}

void sync_op_release(struct sync_op *o)
{
	cJSON_Delete(o->clocks);
	cJSON_Delete(o->empty);
	memset(o, 0, sizeof *o);
}
