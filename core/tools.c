/* SPDX-License-Identifier: MIT */
/* The five task tools over a store and a bound user. Arguments are checked
 * here, so every caller (local agent, LLM, MCP, HTTP) gets the same rules. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tools.h"
#include "util.h"

static cJSON *tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static cJSON *tool_error(const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", "error");
	cJSON_AddStringToObject(o, "error", msg);
	return o;
}

/* Capitalised first letter for user-facing tool errors. */
static cJSON *err_result(const struct todo_err *e)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->msg);
	if (msg[0] >= 'a' && msg[0] <= 'z')
		msg[0] = (char)(msg[0] - 'a' + 'A');
	return tool_error("%s", msg);
}

static cJSON *status_result(int64_t id, const char *status, const char *title)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "task_id", (double)id);
	cJSON_AddStringToObject(o, "status", status);
	cJSON_AddStringToObject(o, "title", title ? title : "");
	return o;
}

/* task_id may come as a number, or as "3"/"#3" from a sloppy model. */
static bool arg_task_id(const cJSON *args, int64_t *id, cJSON **err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, "task_id");
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d >= 1 && d <= 9007199254740991.0 && floor(d) == d) {
			*id = (int64_t)d;
			return true;
		}
	} else if (cJSON_IsString(v) && str_to_id(v->valuestring, id)) {
		return true;
	}
	*err = v ? tool_error("task_id must be a positive whole number")
		 : tool_error("task_id is required");
	return false;
}

static const cJSON *arg(const cJSON *args, const char *name)
{
	return args ? cJSON_GetObjectItemCaseSensitive(args, name) : NULL;
}

/* A due argument: a resolved date, a phrase a model passed anyway, or null. */
static bool arg_due(struct tool_ctx *ctx, const cJSON *v, char **due, cJSON **err)
{
	if (cJSON_IsNull(v) || (cJSON_IsString(v) && (!*v->valuestring || str_ieq(v->valuestring, "none")))) {
		*due = NULL;
		return true;
	}
	if (!cJSON_IsString(v)) {
		*err = tool_error("due must be a date string YYYY-MM-DD or YYYY-MM-DDTHH:MM, or null");
		return false;
	}
	if (date_valid_due(v->valuestring)) {
		*due = xstrdup(v->valuestring);
		return true;
	}
	char out[DATE_MAX];
	struct todo_err e;
	if (date_parse(v->valuestring, &ctx->now, out, &e) == TODO_OK) {
		*due = xstrdup(out);
		return true;
	}
	*err = tool_error("Cannot understand the due date '%s' (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
			  v->valuestring);
	return false;
}

static bool arg_tags(const cJSON *v, struct task *t, cJSON **err)
{
	task_clear_tags(t);
	if (cJSON_IsNull(v))
		return true;
	if (cJSON_IsString(v)) {   /* a single tag or "a, b" from a model */
		char *copy = xstrdup(v->valuestring);
		char *save = NULL;
		for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
			char *tag;
			struct todo_err e;
			if (task_check_tag(w, &tag, &e) != TODO_OK) {
				free(copy);
				*err = err_result(&e);
				return false;
			}
			task_add_tag(t, tag);
			free(tag);
		}
		free(copy);
		return true;
	}
	if (!cJSON_IsArray(v)) {
		*err = tool_error("tags must be a list of strings");
		return false;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, v) {
		char *tag;
		struct todo_err e;
		if (!cJSON_IsString(it)) {
			*err = tool_error("tags must be a list of strings");
			return false;
		}
		if (task_check_tag(it->valuestring, &tag, &e) != TODO_OK) {
			*err = err_result(&e);
			return false;
		}
		task_add_tag(t, tag);
		free(tag);
	}
	return true;
}

static bool arg_priority(const cJSON *v, int *prio, cJSON **err)
{
	struct todo_err e;
	if (cJSON_IsNull(v)) {
		*prio = PRIO_NONE;
		return true;
	}
	if (!cJSON_IsString(v) || prio_parse(v->valuestring, prio, &e) != TODO_OK) {
		*err = tool_error("priority must be one of none, low, medium, high");
		return false;
	}
	return true;
}

static bool arg_text(const cJSON *v, const char *name, bool title, char **out, cJSON **err)
{
	struct todo_err e;
	if (!cJSON_IsString(v)) {
		*err = tool_error("%s must be a string", name);
		return false;
	}
	int r = title ? task_check_title(v->valuestring, out, &e)
		      : task_check_desc(v->valuestring, out, &e);
	if (r != TODO_OK) {
		*err = err_result(&e);
		return false;
	}
	return true;
}

static cJSON *t_add(struct tool_ctx *ctx, const cJSON *args)
{
	struct task t;
	cJSON *err = NULL;
	const cJSON *v;
	task_init(&t);
	if (!arg(args, "title")) {
		return tool_error("title is required");
	}
	if (!arg_text(arg(args, "title"), "title", true, &t.title, &err))
		goto fail;
	if ((v = arg(args, "description")) && !cJSON_IsNull(v) &&
	    !arg_text(v, "description", false, &t.description, &err))
		goto fail;
	if ((v = arg(args, "due")) && !arg_due(ctx, v, &t.due, &err))
		goto fail;
	if ((v = arg(args, "priority")) && !arg_priority(v, &t.priority, &err))
		goto fail;
	if ((v = arg(args, "tags")) && !arg_tags(v, &t, &err))
		goto fail;
	t.user_id = xstrdup(ctx->user);
	struct todo_err e;
	if (store_task_add(ctx->store, &t, &e) != TODO_OK) {
		err = err_result(&e);
		goto fail;
	}
	cJSON *res = status_result(t.id, "created", t.title);
	task_release(&t);
	return res;
fail:
	task_release(&t);
	return err;
}

bool tool_due_window(const char *word, const struct date_now *now, char *min, char *lim,
		     char *overdue_at)
{
	min[0] = lim[0] = overdue_at[0] = '\0';
	if (str_ieq(word, "overdue")) {
		date_today(now, overdue_at);
		snprintf(overdue_at + 10, DATE_MAX - 10, "T%02d:%02d", now->hour, now->min);
		return true;
	}
	int from, to;   /* day offsets, inclusive */
	if (str_ieq(word, "today"))
		from = 0, to = 0;
	else if (str_ieq(word, "tomorrow"))
		from = 1, to = 1;
	else if (str_ieq(word, "week"))
		from = 0, to = 6;   /* the next seven days, today included */
	else
		return false;
	date_add_days(now, from, min);
	date_add_days(now, to + 1, lim);
	return true;
}

static cJSON *t_list(struct tool_ctx *ctx, const cJSON *args);

static int list_cb(const struct task *t, void *arr)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddStringToObject(o, "title", t->title);
	cJSON_AddBoolToObject(o, "completed", t->completed);
	cJSON_AddItemToObject(o, "due", t->due ? cJSON_CreateString(t->due) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "priority", prio_name(t->priority));
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	for (size_t i = 0; i < t->ntags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(t->tags[i]));
	cJSON_AddItemToArray(arr, o);
	return 0;
}

static cJSON *t_list(struct tool_ctx *ctx, const cJSON *args)
{
	struct task_filter f;
	char min[DATE_MAX], lim[DATE_MAX], od[DATE_MAX];
	const cJSON *v;
	task_filter_init(&f);
	if ((v = arg(args, "status")) && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v))
			return tool_error("status must be all, pending or completed");
		if (str_ieq(v->valuestring, "pending"))
			f.status = STATUS_PENDING;
		else if (str_ieq(v->valuestring, "completed"))
			f.status = STATUS_COMPLETED;
		else if (!str_ieq(v->valuestring, "all"))
			return tool_error("status must be all, pending or completed");
	}
	if ((v = arg(args, "due")) && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v) || !tool_due_window(v->valuestring, &ctx->now, min, lim, od))
			return tool_error("due must be overdue, today, tomorrow or week");
		f.due_min = min[0] ? min : NULL;
		f.due_lim = lim[0] ? lim : NULL;
		f.overdue_at = od[0] ? od : NULL;
	}
	if ((v = arg(args, "tag")) && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v))
			return tool_error("tag must be a string");
		f.tag = v->valuestring;
	}
	if ((v = arg(args, "priority")) && !cJSON_IsNull(v)) {
		cJSON *err = NULL;
		if (!arg_priority(v, &f.priority, &err))
			return err;
	}
	if ((v = arg(args, "query")) && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v))
			return tool_error("query must be a string");
		f.query = v->valuestring;
	}
	cJSON *arr = cJSON_CreateArray();
	struct todo_err e;
	if (store_task_list(ctx->store, ctx->user, &f, list_cb, arr, &e) != TODO_OK) {
		cJSON_Delete(arr);
		return err_result(&e);
	}
	return arr;
}

/* Loads the task named by args.task_id, or leaves an error result. */
static bool load_task(struct tool_ctx *ctx, const cJSON *args, struct task *t, cJSON **err)
{
	int64_t id;
	struct todo_err e;
	if (!arg_task_id(args, &id, err))
		return false;
	if (store_task_get(ctx->store, ctx->user, id, t, &e) != TODO_OK) {
		*err = e.code == TODO_ENOTFOUND ? tool_error("Task %lld not found", (long long)id)
						: err_result(&e);
		return false;
	}
	return true;
}

static cJSON *t_complete(struct tool_ctx *ctx, const cJSON *args)
{
	struct task t;
	cJSON *err = NULL;
	struct todo_err e;
	if (!load_task(ctx, args, &t, &err))
		return err;
	t.completed = true;
	cJSON *res = store_task_update(ctx->store, &t, TF_COMPLETED, &e) == TODO_OK
			     ? status_result(t.id, "completed", t.title)
			     : err_result(&e);
	task_release(&t);
	return res;
}

static cJSON *t_delete(struct tool_ctx *ctx, const cJSON *args)
{
	struct task t;
	cJSON *err = NULL;
	struct todo_err e;
	if (!load_task(ctx, args, &t, &err))
		return err;
	cJSON *res = store_task_delete(ctx->store, ctx->user, t.id, &e) == TODO_OK
			     ? status_result(t.id, "deleted", t.title)
			     : err_result(&e);
	task_release(&t);
	return res;
}

static cJSON *t_update(struct tool_ctx *ctx, const cJSON *args)
{
	struct task t;
	cJSON *err = NULL;
	const cJSON *v;
	unsigned fields = 0;
	struct todo_err e;
	if (!load_task(ctx, args, &t, &err))
		return err;
	if ((v = arg(args, "title"))) {
		char *title;
		if (!arg_text(v, "title", true, &title, &err))
			goto fail;
		free(t.title);
		t.title = title;
		fields |= TF_TITLE;
	}
	if ((v = arg(args, "description"))) {
		char *d = NULL;
		if (!cJSON_IsNull(v) && !arg_text(v, "description", false, &d, &err))
			goto fail;
		free(t.description);
		t.description = d ? d : xstrdup("");
		fields |= TF_DESC;
	}
	if ((v = arg(args, "due"))) {
		char *due;
		if (!arg_due(ctx, v, &due, &err))
			goto fail;
		free(t.due);
		t.due = due;
		fields |= TF_DUE;
	}
	if ((v = arg(args, "priority"))) {
		if (!arg_priority(v, &t.priority, &err))
			goto fail;
		fields |= TF_PRIO;
	}
	if ((v = arg(args, "tags"))) {
		if (!arg_tags(v, &t, &err))
			goto fail;
		fields |= TF_TAGS;
	}
	if ((v = arg(args, "completed"))) {
		if (!cJSON_IsBool(v)) {
			err = tool_error("completed must be true or false");
			goto fail;
		}
		t.completed = cJSON_IsTrue(v);
		fields |= TF_COMPLETED;
	}
	if (!fields) {
		err = tool_error("Nothing to update: give title, description, due, priority, tags or completed");
		goto fail;
	}
	if (store_task_update(ctx->store, &t, fields, &e) != TODO_OK) {
		err = err_result(&e);
		goto fail;
	}
	cJSON *res = status_result(t.id, "updated", t.title);
	task_release(&t);
	return res;
fail:
	task_release(&t);
	return err;
}

#define ID_PROP "\"task_id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"The task's id\"}"
#define DUE_PROP "\"due\":{\"type\":[\"string\",\"null\"],\"description\":\"Due date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM in local time; null clears it\"}"
#define PRIO_PROP "\"priority\":{\"type\":\"string\",\"enum\":[\"none\",\"low\",\"medium\",\"high\"]}"
#define TAGS_PROP "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"Tags without '#'\"}"

const struct tool tool_table[] = {
	{"add_task", "Create a new task for the user.",
	 "{\"type\":\"object\",\"properties\":{"
	 "\"title\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":500,\"description\":\"Short title of the task\"},"
	 "\"description\":{\"type\":\"string\"}," DUE_PROP "," PRIO_PROP "," TAGS_PROP
	 "},\"required\":[\"title\"],\"additionalProperties\":false}",
	 t_add, true},
	{"list_tasks", "List the user's tasks, optionally filtered; returns id, title, completed, due, priority, tags.",
	 "{\"type\":\"object\",\"properties\":{"
	 "\"status\":{\"type\":\"string\",\"enum\":[\"all\",\"pending\",\"completed\"],\"default\":\"all\"},"
	 "\"due\":{\"type\":\"string\",\"enum\":[\"overdue\",\"today\",\"tomorrow\",\"week\"]},"
	 "\"tag\":{\"type\":\"string\"}," PRIO_PROP ","
	 "\"query\":{\"type\":\"string\",\"description\":\"Words to search in titles and descriptions\"}"
	 "},\"additionalProperties\":false}",
	 t_list, false},
	{"complete_task", "Mark a task as completed.",
	 "{\"type\":\"object\",\"properties\":{" ID_PROP "},\"required\":[\"task_id\"],\"additionalProperties\":false}",
	 t_complete, true},
	{"delete_task", "Delete a task.",
	 "{\"type\":\"object\",\"properties\":{" ID_PROP "},\"required\":[\"task_id\"],\"additionalProperties\":false}",
	 t_delete, true},
	{"update_task", "Change a task: any of title, description, due, priority, tags (the full new list), completed.",
	 "{\"type\":\"object\",\"properties\":{" ID_PROP ","
	 "\"title\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":500},"
	 "\"description\":{\"type\":\"string\"}," DUE_PROP "," PRIO_PROP "," TAGS_PROP ","
	 "\"completed\":{\"type\":\"boolean\"}"
	 "},\"required\":[\"task_id\"],\"additionalProperties\":false}",
	 t_update, true},
};
const size_t tool_count = sizeof tool_table / sizeof tool_table[0];

const struct tool *tool_find(const char *name)
{
	for (size_t i = 0; name && i < tool_count; i++)
		if (strcmp(tool_table[i].name, name) == 0)
			return &tool_table[i];
	return NULL;
}

cJSON *tool_call(struct tool_ctx *ctx, const char *name, const cJSON *args)
{
	const struct tool *t = tool_find(name);
	if (!t)
		return tool_error("Unknown tool '%s'", name ? name : "");
	if (args && !cJSON_IsObject(args) && !cJSON_IsNull(args))
		return tool_error("arguments must be a JSON object");
	return t->run(ctx, args);
}

bool tool_result_is_error(const cJSON *result)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(result, "status");
	return cJSON_IsString(s) && strcmp(s->valuestring, "error") == 0;
}
