/* SPDX-License-Identifier: MIT */
/* Sync on the SQLite store: the client's outbox and merge of pulled
 * changes, and the server's at-most-once apply of pushed ops and its change
 * feed. Both sides merge with the same field clocks, so they converge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_sqlite_int.h"
#include "sync_rules.h"
#include "util.h"


static struct sqlite_store *S(struct store *s)
{
	return (struct sqlite_store *)s;
}

static int step_done(struct sqlite_store *ss, sqlite3_stmt *st, const char *what, struct todo_err *e)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, what, e);
}

static int prep(struct sqlite_store *ss, const char *sql, sqlite3_stmt **st, const char *what,
		struct todo_err *e)
{
	int rc = sqlite3_prepare_v2(ss->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? TODO_OK : sq_fail(ss, rc, what, e);
}

int sqlite_meta_get(struct store *s, const char *key, char **value, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	*value = NULL;
	int r = prep(ss, "SELECT value FROM meta WHERE key = ?", &st, "reading settings", e);
	if (r != TODO_OK)
		return r;
	sq_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = sq_col_dup(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "reading settings", e);
}

int sqlite_meta_set(struct store *s, const char *key, const char *value, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	int r = prep(ss, value ? "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"
			       : "DELETE FROM meta WHERE key = ?", &st, "saving settings", e);
	if (r != TODO_OK)
		return r;
	sq_bind_text(st, 1, key);
	if (value)
		sq_bind_text(st, 2, value);
	return step_done(ss, st, "saving settings", e);
}

int sqlite_sync_enable(struct store *s, const char *user, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	if (ss->sync_user && strcmp(ss->sync_user, user) == 0)
		return TODO_OK;
	bool own;
	int r = sq_write_begin(ss, &own, e);
	if (r != TODO_OK)
		return r;
	r = sqlite_meta_set(s, "sync_user", user, e);
	/* Every live task becomes a create op carrying its own field clocks,
	 * so an older copy never overwrites a newer edit on the server. */
	sqlite3_stmt *st = NULL;
	if (r == TODO_OK)
		r = prep(ss, "INSERT INTO outbox(op_id, user_id, task_uuid, kind, fields, ts_ms, clocks)"
			     " SELECT lower(hex(randomblob(16))), user_id, uuid, 'create',"
			     " json_object('title', title, 'description', description, 'due', due,"
			     "  'priority', priority, 'tags', json(tags), 'completed', json(CASE WHEN completed"
			     "  THEN 'true' ELSE 'false' END), 'created_at', created_at),"
			     " 0, clocks FROM tasks t WHERE user_id = ? AND deleted_at IS NULL"
			     " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_uuid = t.uuid)"
			     " ORDER BY id", &st, "queueing tasks for sync", e);
	if (r == TODO_OK) {
		sq_bind_text(st, 1, user);
		r = step_done(ss, st, "queueing tasks for sync", e);
	}
	r = sq_write_end(ss, own, r, e);
	if (r == TODO_OK) {
		free(ss->sync_user);
		ss->sync_user = xstrdup(user);
	}
	return r;
}

int sqlite_outbox_list(struct store *s, const char *user, int limit, cJSON **ops, int64_t *waiting,
		       struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	*ops = NULL;
	int r = prep(ss, "SELECT op_id, task_uuid, kind, fields, ts_ms, clocks,"
			 " (SELECT count(*) FROM outbox WHERE user_id = ?1)"
			 " FROM outbox WHERE user_id = ?1 ORDER BY seq LIMIT ?2", &st, "reading the outbox", e);
	if (r != TODO_OK)
		return r;
	sq_bind_text(st, 1, user);
	sqlite3_bind_int(st, 2, limit);
	cJSON *a = cJSON_CreateArray();
	int rc;
	*waiting = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "op_id", (const char *)sqlite3_column_text(st, 0));
		cJSON_AddStringToObject(o, "task_uuid", (const char *)sqlite3_column_text(st, 1));
		cJSON_AddStringToObject(o, "kind", (const char *)sqlite3_column_text(st, 2));
		cJSON *f = cJSON_Parse((const char *)sqlite3_column_text(st, 3));
		cJSON_AddItemToObject(o, "fields", f ? f : cJSON_CreateObject());
		cJSON_AddNumberToObject(o, "ts_ms", (double)sqlite3_column_int64(st, 4));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			cJSON *c = cJSON_Parse((const char *)sqlite3_column_text(st, 5));
			if (c)
				cJSON_AddItemToObject(o, "clocks", c);
		}
		*waiting = sqlite3_column_int64(st, 6);
		cJSON_AddItemToArray(a, o);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(a);
		return sq_fail(ss, rc, "reading the outbox", e);
	}
	*ops = a;
	return TODO_OK;
}

int sqlite_outbox_done(struct store *s, const char *op_id, const char *error, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	int r;
	if (error) {
		r = prep(ss, "INSERT OR REPLACE INTO sync_failed(op_id, user_id, task_uuid, kind, fields,"
			     " ts_ms, error, failed_at) SELECT op_id, user_id, task_uuid, kind, fields, ts_ms,"
			     " ?2, strftime('%Y-%m-%dT%H:%M:%SZ','now') FROM outbox WHERE op_id = ?1",
			 &st, "recording a failed change", e);
		if (r != TODO_OK)
			return r;
		sq_bind_text(st, 1, op_id);
		sq_bind_text(st, 2, error);
		if ((r = step_done(ss, st, "recording a failed change", e)) != TODO_OK)
			return r;
	}
	r = prep(ss, "DELETE FROM outbox WHERE op_id = ?", &st, "clearing the outbox", e);
	if (r != TODO_OK)
		return r;
	sq_bind_text(st, 1, op_id);
	return step_done(ss, st, "clearing the outbox", e);
}

struct row {
	bool found, deleted;
	struct task t;
	cJSON *clocks;
};

static int load_row(struct sqlite_store *ss, const char *uuid, struct row *row, struct todo_err *e)
{
	sqlite3_stmt *st;
	memset(row, 0, sizeof *row);
	task_init(&row->t);
	st = sq_stmt(ss, ST_SYNC_LOAD, e);
	if (!st)
		return TODO_EIO;
	sq_bind_text(st, 1, uuid);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row->found = true;
		sq_row_to_task(st, &row->t);
		row->deleted = sqlite3_column_int(st, 12) != 0;
		row->clocks = cJSON_Parse((const char *)sqlite3_column_text(st, 13));
	}
	sqlite3_reset(st);
	if (!row->clocks)
		row->clocks = cJSON_CreateObject();
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "reading a task", e);
}

static void row_release(struct row *row)
{
	task_release(&row->t);
	cJSON_Delete(row->clocks);
}

/* Writes every field of row back, with its clocks, as a new change. */
static int write_row(struct sqlite_store *ss, struct row *row, bool insert, struct todo_err *e)
{
	sqlite3_stmt *st = sq_stmt(ss, insert ? ST_SYNC_INSERT : ST_SYNC_UPDATE, e);
	if (!st)
		return TODO_EIO;
	int r;
	char *now = now_iso_utc();
	char *tags = task_tags_json(&row->t);
	char *clocks = cJSON_PrintUnformatted(row->clocks);
	if (row->t.completed && !row->t.completed_at)
		row->t.completed_at = xstrdup(now);
	if (!row->t.completed) {
		free(row->t.completed_at);
		row->t.completed_at = NULL;
	}
	sq_bind_text(st, 1, row->t.title);
	sq_bind_text(st, 2, row->t.description ? row->t.description : "");
	sq_bind_text(st, 3, row->t.due);
	sq_bind_text(st, 4, prio_name(row->t.priority));
	sq_bind_text(st, 5, tags);
	sqlite3_bind_int(st, 6, row->t.completed);
	sq_bind_text(st, 7, row->t.completed_at);
	sq_bind_text(st, 8, now);
	sq_bind_text(st, 9, clocks);
	sq_bind_text(st, 10, row->deleted ? now : NULL);
	sq_bind_text(st, 11, row->t.uuid);
	sq_bind_text(st, 12, row->t.user_id);
	sq_bind_text(st, 13, row->t.created_at ? row->t.created_at : now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	r = rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "saving a synced task", e);
	if (insert && r == TODO_OK)
		ss->fts_dirty = true;
	free(now);
	free(tags);
	cJSON_free(clocks);
	return r;
}

enum merge_outcome { MERGED, UNCHANGED, FOREIGN, UNKNOWN, INVALID };

/* Merges incoming field values with their clocks into the task `uuid` of
 * `user`. A delete wins over any edit; a deleted task never comes back.
 * Creates the task when it is unknown and `create` is set. */
static int merge(struct sqlite_store *ss, const char *user, const char *uuid, const cJSON *fields,
		 const cJSON *clocks, bool deleted, const cJSON *del_clock, bool create,
		 enum merge_outcome *out, struct todo_err *e)
{
	struct row row;
	int r = load_row(ss, uuid, &row, e);
	*out = MERGED;
	if (r != TODO_OK)
		goto done;
	if (row.found && strcmp(row.t.user_id, user) != 0) {
		*out = FOREIGN;
		goto done;
	}
	if (!row.found) {
		if (deleted || !create) {
			*out = deleted ? UNCHANGED : UNKNOWN;
			goto done;
		}
		unsigned mask = 0;
		struct todo_err fe;
		if (task_fields_apply(&row.t, fields, &mask, &fe) != TODO_OK || !(mask & TF_TITLE)) {
			*out = INVALID;
			err_set(e, TODO_EINVAL, "%s", mask & TF_TITLE ? fe.msg : "a new task needs a title");
			goto done;
		}
		snprintf(row.t.uuid, sizeof row.t.uuid, "%s", uuid);
		row.t.user_id = xstrdup(user);
		const char *created = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fields, "created_at"));
		row.t.created_at = xstrdup(created);
		for (int i = 0; i < 6; i++) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(clocks, task_field_names[i]);
			if (c)
				cJSON_AddItemToObject(row.clocks, task_field_names[i], cJSON_Duplicate(c, 1));
		}
		r = write_row(ss, &row, true, e);
		goto done;
	}
	if (row.deleted) {
		*out = UNCHANGED;
		goto done;
	}
	bool changed = false;
	if (deleted) {
		row.deleted = changed = true;
		cJSON_DeleteItemFromObjectCaseSensitive(row.clocks, "deleted");
		cJSON_AddItemToObject(row.clocks, "deleted", cJSON_Duplicate(del_clock, 1));
	} else {
		for (int i = 0; i < 6; i++) {
			const char *name = task_field_names[i];
			const cJSON *val = cJSON_GetObjectItemCaseSensitive(fields, name);
			const cJSON *in = cJSON_GetObjectItemCaseSensitive(clocks, name);
			if (!val || !in || sync_clock_cmp(in, cJSON_GetObjectItemCaseSensitive(row.clocks, name)) <= 0)
				continue;
			cJSON *one = cJSON_CreateObject();
			cJSON_AddItemToObject(one, name, cJSON_Duplicate(val, 1));
			unsigned mask = 0;
			struct todo_err fe;
			int fr = task_fields_apply(&row.t, one, &mask, &fe);
			cJSON_Delete(one);
			if (fr != TODO_OK) {
				*out = INVALID;
				r = err_set(e, TODO_EINVAL, "%s", fe.msg);
				goto done;
			}
			cJSON_DeleteItemFromObjectCaseSensitive(row.clocks, name);
			cJSON_AddItemToObject(row.clocks, name, cJSON_Duplicate(in, 1));
			changed = true;
		}
	}
	if (changed)
		r = write_row(ss, &row, false, e);
	else
		*out = UNCHANGED;
done:
	row_release(&row);
	if (*out == INVALID)
		r = TODO_OK;
	return r;
}

static bool good_uuid(const char *s)
{
	return s && strlen(s) >= 8 && strlen(s) <= 64;
}

int sqlite_sync_merge(struct store *s, const char *user, const cJSON *change, bool *changed,
		      struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	const char *uuid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(change, "uuid"));
	if (!good_uuid(uuid))
		return err_set(e, TODO_EINVAL, "the server sent a change without a task uuid");
	bool deleted = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(change, "deleted"));
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(change, "fields");
	const cJSON *clocks = cJSON_GetObjectItemCaseSensitive(change, "clocks");
	enum merge_outcome out;
	/* Pulled changes are written as they are, never queued to go back. */
	char *keep = ss->sync_user;
	ss->sync_user = NULL;
	int r = merge(ss, user, uuid, fields, clocks, deleted,
		      cJSON_GetObjectItemCaseSensitive(clocks, "deleted"), true, &out, e);
	ss->sync_user = keep;
	*changed = out == MERGED;
	return r;
}

static int apply_op(struct sqlite_store *ss, const char *user, const cJSON *op, cJSON **result,
		    struct todo_err *e)
{
	struct sync_op o;
	*result = sync_op_parse(op, &o);
	if (!*result && !good_uuid(o.uuid))
		*result = sync_op_error("invalid", "task_uuid is not a uuid");
	if (*result) {
		sync_op_release(&o);
		return TODO_OK;
	}
	enum merge_outcome out;
	struct todo_err me;
	err_clear(&me);
	int r = merge(ss, user, o.uuid, o.fields, o.clocks, o.kind == SYNC_DELETE,
		      cJSON_GetObjectItemCaseSensitive(o.clocks, "deleted"), o.kind == SYNC_CREATE, &out, &me);
	bool is_set = o.kind == SYNC_SET;
	sync_op_release(&o);
	if (r != TODO_OK) {
		*e = me;
		return r;
	}
	if (out == FOREIGN || (out == UNKNOWN && is_set))
		*result = sync_op_error("not_found", "no such task");
	else if (out == INVALID)
		*result = sync_op_error("invalid", me.msg);
	else
		*result = cJSON_CreateString("ok");
	return TODO_OK;
}

int sqlite_sync_apply(struct store *s, const char *user, const cJSON *op, cJSON **result,
		      struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	const char *op_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "op_id"));
	*result = NULL;
	if (!op_id || !*op_id || strlen(op_id) > 64) {
		*result = sync_op_error("invalid", "an op needs an op_id of 1-64 characters");
		return TODO_OK;
	}
	/* An op id seen before returns its first answer and changes nothing:
	 * a retry after a lost reply is harmless. */
	sqlite3_stmt *st;
	int r = prep(ss, "SELECT result FROM sync_ops WHERE op_id = ? AND user_id = ?", &st,
		     "reading applied ops", e);
	if (r != TODO_OK)
		return r;
	sq_bind_text(st, 1, op_id);
	sq_bind_text(st, 2, user);
	if (sqlite3_step(st) == SQLITE_ROW)
		*result = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (*result)
		return TODO_OK;
	if ((r = sq_exec(ss, "SAVEPOINT op", "applying an op", e)) != TODO_OK)
		return r;
	char *keep = ss->sync_user;
	ss->sync_user = NULL;
	r = apply_op(ss, user, op, result, e);
	ss->sync_user = keep;
	if (r == TODO_OK) {
		char *text = cJSON_PrintUnformatted(*result);
		r = prep(ss, "INSERT INTO sync_ops(op_id, user_id, result) VALUES(?, ?, ?)", &st,
			 "recording an applied op", e);
		if (r == TODO_OK) {
			sq_bind_text(st, 1, op_id);
			sq_bind_text(st, 2, user);
			sq_bind_text(st, 3, text);
			r = step_done(ss, st, "recording an applied op", e);
		}
		cJSON_free(text);
	}
	if (r != TODO_OK) {
		sqlite3_exec(ss->db, "ROLLBACK TO op", NULL, NULL, NULL);
		cJSON_Delete(*result);
		*result = NULL;
	}
	sqlite3_exec(ss->db, "RELEASE op", NULL, NULL, NULL);
	return r;
}

int sqlite_sync_changes(struct store *s, const char *user, int64_t after, int limit, cJSON **changes,
			int64_t *last, bool *more, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st;
	*changes = NULL;
	*last = after;
	*more = false;
	int r = prep(ss, "SELECT " TASK_COLS ", deleted_at IS NOT NULL, clocks, change_seq FROM tasks"
			 " WHERE user_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?",
		     &st, "reading changes", e);
	if (r != TODO_OK)
		return r;
	sq_bind_text(st, 1, user);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, limit + 1);
	cJSON *a = cJSON_CreateArray();
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			*more = true;
			rc = SQLITE_DONE;
			break;
		}
		struct task t;
		sq_row_to_task(st, &t);
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "uuid", t.uuid);
		bool deleted = sqlite3_column_int(st, 12) != 0;
		cJSON_AddBoolToObject(c, "deleted", deleted);
		cJSON *f = task_fields_json(&t, ~0u);
		cJSON_AddStringToObject(f, "created_at", t.created_at ? t.created_at : "");
		cJSON_AddItemToObject(c, "fields", f);
		cJSON *clk = cJSON_Parse((const char *)sqlite3_column_text(st, 13));
		cJSON_AddItemToObject(c, "clocks", clk ? clk : cJSON_CreateObject());
		cJSON_AddItemToArray(a, c);
		*last = sqlite3_column_int64(st, 14);
		task_release(&t);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(a);
		return sq_fail(ss, rc, "reading changes", e);
	}
	*changes = a;
	return TODO_OK;
}
