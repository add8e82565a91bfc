/* SPDX-License-Identifier: MIT */
/* /api/{user}/tasks[/{id}[/complete]]: list, create, read, update, delete and
 * toggle tasks of the token's user, in the task JSON shape of DESIGN 2. */
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "server.h"
#include "tools.h"

/* ---- list ---- */

struct list_out {
	struct buf b;
	size_t n;
};

static int list_row(const struct task *t, void *ctx)
{
	struct list_out *lo = ctx;
	cJSON *j = task_to_json(t);
	/* Printed into a stack buffer first: a task is rarely over 4 KiB, and
	 * this saves cJSON's growing allocations on every row. */
	char tmp[4096];
	if (lo->n++)
		buf_puts(&lo->b, ",");
	if (cJSON_PrintPreallocated(j, tmp, (int)sizeof tmp, false)) {
		buf_puts(&lo->b, tmp);
	} else {
		char *s = cJSON_PrintUnformatted(j);
		buf_puts(&lo->b, s);
		cJSON_free(s);
	}
	cJSON_Delete(j);
	return 0;
}

static bool query_int(struct req *r, const char *name, int64_t *out)
{
	const char *v = req_query(r, name);
	if (!v)
		return true;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < 0) {
		reply_detail(r, 422, "%s must be a whole number of 0 or more", name);
		return false;
	}
	*out = n;
	return true;
}

void route_tasks_list(struct req *r, const cJSON *body)
{
	struct task_filter f;
	struct todo_err e;
	struct date_now now;
	char min[DATE_MAX], lim[DATE_MAX], od[DATE_MAX];
	task_filter_init(&f);
	f.sort = SORT_NEWEST;
	const char *v = req_query(r, "status");
	if (!v || !*v || strcmp(v, "all") == 0)
		f.status = STATUS_ALL;
	else if (strcmp(v, "pending") == 0)
		f.status = STATUS_PENDING;
	else if (strcmp(v, "completed") == 0)
		f.status = STATUS_COMPLETED;
	else
		{ reply_detail(r, 422, "status must be all, pending or completed"); return; }
	if ((v = req_query(r, "due")) && *v) {
		date_now_get(&now);
		if (!tool_due_window(v, &now, min, lim, od))
			{ reply_detail(r, 422, "due must be overdue, today, tomorrow or week"); return; }
		f.due_min = min[0] ? min : NULL;
		f.due_lim = lim[0] ? lim : NULL;
		f.overdue_at = od[0] ? od : NULL;
	}
	if ((v = req_query(r, "tag")) && *v)
		f.tag = v;
	if ((v = req_query(r, "priority")) && *v && prio_parse(v, &f.priority, &e) != TODO_OK)
		{ reply_detail(r, 422, "%s", e.msg); return; }
	if (((v = req_query(r, "q")) || (v = req_query(r, "search"))) && *v)
		f.query = v;
	if (!query_int(r, "limit", &f.limit) || !query_int(r, "offset", &f.offset))
		return;
	struct store *s = req_store(r);
	if (!s)
		return;
	struct list_out lo = {.n = 0};
	buf_init(&lo.b);
	buf_puts(&lo.b, "[");
	if (store_task_list(s, r->user, &f, list_row, &lo, &e) != TODO_OK) {
		buf_free(&lo.b);
		{ reply_err(r, &e); return; }
	}
	buf_puts(&lo.b, "]");
	size_t len = lo.b.len;
	reply_raw(r, 200, buf_take(&lo.b), len);
}

/* ---- fields of POST and PUT ---- */

static bool bad_type(struct req *r, const char *field, const char *want)
{
	reply_detail(r, 422, "%s must be %s", field, want);
	return false;
}

/* Applies the known fields of body to t and notes them in *fields. Unknown
 * fields are ignored (as the web backend does); a known field of the wrong
 * type or value is a 422, already replied when this returns false. */
static bool apply_fields(struct req *r, const cJSON *body, struct task *t, unsigned *fields)
{
	struct todo_err e;
	const cJSON *v;
	char *s = NULL;
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "title"))) {
		if (!cJSON_IsString(v))
			return bad_type(r, "title", "a string");
		if (task_check_title(v->valuestring, &s, &e) != TODO_OK)
			return reply_detail(r, 422, "%s", e.msg), false;
		free(t->title);
		t->title = s;
		*fields |= TF_TITLE;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "description"))) {
		if (!cJSON_IsString(v) && !cJSON_IsNull(v))
			return bad_type(r, "description", "a string");
		if (task_check_desc(cJSON_IsString(v) ? v->valuestring : "", &s, &e) != TODO_OK)
			return reply_detail(r, 422, "%s", e.msg), false;
		free(t->description);
		t->description = s;
		*fields |= TF_DESC;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "due"))) {
		char due[DATE_MAX];
		if (!cJSON_IsString(v) && !cJSON_IsNull(v))
			return bad_type(r, "due", "a date string (YYYY-MM-DD or YYYY-MM-DDTHH:MM) or null");
		free(t->due);
		t->due = NULL;
		if (cJSON_IsString(v) && *v->valuestring) {
			struct date_now now;
			date_now_get(&now);
			/* Resolved dates pass through; phrases ("tomorrow") are
			 * resolved as `todo add --due` does. */
			if (date_parse(v->valuestring, &now, due, &e) != TODO_OK)
				return reply_detail(r, 422, "%s", e.msg), false;
			t->due = xstrdup(due);
		}
		*fields |= TF_DUE;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "priority"))) {
		if (cJSON_IsNull(v))
			t->priority = PRIO_NONE;
		else if (!cJSON_IsString(v))
			return bad_type(r, "priority", "one of none, low, medium, high");
		else if (prio_parse(v->valuestring, &t->priority, &e) != TODO_OK)
			return reply_detail(r, 422, "%s", e.msg), false;
		*fields |= TF_PRIO;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "tags"))) {
		if (!cJSON_IsArray(v) && !cJSON_IsNull(v))
			return bad_type(r, "tags", "a list of strings");
		task_clear_tags(t);
		const cJSON *it;
		cJSON_ArrayForEach(it, v) {
			if (!cJSON_IsString(it))
				return bad_type(r, "tags", "a list of strings");
			if (task_check_tag(it->valuestring, &s, &e) != TODO_OK)
				return reply_detail(r, 422, "%s", e.msg), false;
			task_add_tag(t, s);
			free(s);
		}
		*fields |= TF_TAGS;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "completed"))) {
		if (!cJSON_IsBool(v))
			return bad_type(r, "completed", "true or false");
		t->completed = cJSON_IsTrue(v);
		*fields |= TF_COMPLETED;
	}
	return true;
}

/* Runs op in the write queue; on failure answers with its error (unless a
 * 503 went out already) and returns false. */
static bool write_ok(struct req *r, write_fn op, void *ctx)
{
	struct todo_err e;
	if (write_op(r, op, ctx, &e) == TODO_OK)
		return true;
	if (!r->status)
		reply_err(r, &e);
	return false;
}

static int create_op(struct store *s, void *ctx, struct todo_err *e)
{
	return store_task_add(s, ctx, e);
}

void route_tasks_create(struct req *r, const cJSON *body)
{
	struct task t;
	unsigned fields = 0;
	task_init(&t);
	if (!cJSON_GetObjectItemCaseSensitive(body, "title"))
		{ reply_detail(r, 422, "title is required"); return; }
	/* Checked here, on the request's thread: the queue only writes. */
	if (!apply_fields(r, body, &t, &fields))
		{ task_release(&t); return; }
	t.user_id = xstrdup(r->user);
	if (write_ok(r, create_op, &t))
		reply_json(r, 201, task_to_json(&t));
	task_release(&t);
}

/* ---- one task ---- */

void route_task_get(struct req *r, const cJSON *body)
{
	struct task t;
	struct todo_err e;
	struct store *s = req_store(r);
	if (!s)
		return;
	if (store_task_get(s, r->user, r->id, &t, &e) != TODO_OK)
		{ reply_err(r, &e); return; }
	reply_json(r, 200, task_to_json(&t));
	task_release(&t);
}

/* Copies the fields named in mask from src to dst. */
static void copy_fields(struct task *dst, const struct task *src, unsigned mask)
{
	if (mask & TF_TITLE) {
		free(dst->title);
		dst->title = xstrdup(src->title);
	}
	if (mask & TF_DESC) {
		free(dst->description);
		dst->description = xstrdup(src->description ? src->description : "");
	}
	if (mask & TF_DUE) {
		free(dst->due);
		dst->due = src->due ? xstrdup(src->due) : NULL;
	}
	if (mask & TF_PRIO)
		dst->priority = src->priority;
	if (mask & TF_TAGS) {
		task_clear_tags(dst);
		for (size_t i = 0; i < src->ntags; i++)
			task_add_tag(dst, src->tags[i]);
	}
	if (mask & TF_COMPLETED)
		dst->completed = src->completed;
}

struct modify {
	const char *user;
	int64_t id;
	bool toggle;             /* PATCH .../complete */
	const struct task *patch;
	unsigned fields;         /* of patch */
	struct task out;         /* the task as saved */
	bool have_out;
};

/* Reads, changes and writes one task in a transaction of its own (a
 * savepoint in a batch), so two requests on one task cannot interleave
 * (PATCH toggles must not be lost). */
static int modify_op(struct store *s, void *ctx, struct todo_err *e)
{
	struct modify *m = ctx;
	int rc = store_begin(s, e);
	if (rc != TODO_OK)
		return rc;
	if ((rc = store_task_get(s, m->user, m->id, &m->out, e)) == TODO_OK) {
		m->have_out = true;
		unsigned fields = m->fields;
		if (m->toggle) {
			m->out.completed = !m->out.completed;
			fields = TF_COMPLETED;
		} else {
			copy_fields(&m->out, m->patch, fields);
		}
		if (fields)
			rc = store_task_update(s, &m->out, fields, e);
	}
	if (rc == TODO_OK)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	return rc;
}

static void modify(struct req *r, const cJSON *body, bool toggle)
{
	struct task patch;
	task_init(&patch);
	struct modify m = {.user = r->user, .id = r->id, .toggle = toggle, .patch = &patch};
	if (!toggle && !apply_fields(r, body, &patch, &m.fields))
		{ task_release(&patch); return; }
	if (write_ok(r, modify_op, &m))
		reply_json(r, 200, task_to_json(&m.out));
	if (m.have_out)
		task_release(&m.out);
	task_release(&patch);
}

void route_task_put(struct req *r, const cJSON *body)
{
	modify(r, body, false);
}

void route_task_complete(struct req *r, const cJSON *body)
{
	modify(r, NULL, true);
}

static int delete_op(struct store *s, void *ctx, struct todo_err *e)
{
	const struct req *r = ctx;
	return store_task_delete(s, r->user, r->id, e);
}

void route_task_delete(struct req *r, const cJSON *body)
{
	if (write_ok(r, delete_op, r))
		reply_empty(r, 204);
}
