/* SPDX-License-Identifier: MIT */
/* Sync on the PostgreSQL store (DESIGN 8, PROTOCOLS 1, docs/sync.md): the
 * at-most-once apply of pushed ops and the change feed. Change tracking
 * lives in triggers on tasks, so writes by any program (the web backend,
 * psql, the REST routes) reach the feed, hard deletes become tombstones,
 * and writes that bypass /sync get field clocks stamped by the database.
 * The merge rules are those of core/store_sqlite_sync.c, so every replica
 * converges the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_pg_int.h"
#include "sync_rules.h"


/* Idempotent, safe beside the web backend's tables (it never sees the new
 * ones, and the new tasks column has a default). A deleted task leaves
 * tasks for real (the web backend lists every row), so its tombstone lives
 * in sync_tombstones. Positions in the feed are transaction ids: a
 * sequence number becomes visible in commit order, not number order, so a
 * reader polling seq > cursor could skip a late commit (PROTOCOLS 1). */
const char pg_sync_migration[] =
	"ALTER TABLE tasks ADD COLUMN IF NOT EXISTS clocks jsonb NOT NULL DEFAULT '{}';"
	"CREATE TABLE IF NOT EXISTS sync_changes ("
	" seq bigserial PRIMARY KEY,"
	" xid xid8 NOT NULL DEFAULT pg_current_xact_id(),"
	" user_id varchar NOT NULL,"
	" task_uuid uuid NOT NULL,"
	" deleted boolean NOT NULL DEFAULT false);"
	"CREATE INDEX IF NOT EXISTS sync_changes_user_xid ON sync_changes(user_id, xid, seq);"
	"CREATE INDEX IF NOT EXISTS sync_changes_task ON sync_changes(task_uuid);"
	"CREATE TABLE IF NOT EXISTS sync_tombstones ("
	" task_uuid uuid PRIMARY KEY,"
	" user_id varchar NOT NULL,"
	" clocks jsonb NOT NULL,"
	" deleted_at timestamp NOT NULL);"
	/* Keyed by user too: one user's op id can never answer for another's. */
	"CREATE TABLE IF NOT EXISTS sync_ops ("
	" user_id varchar NOT NULL,"
	" op_id varchar(64) NOT NULL,"
	" result jsonb NOT NULL,"
	" applied_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),"
	" PRIMARY KEY (user_id, op_id));"
	/* A clock for a write that did not come through /sync: wall-clock ms
	 * and a fresh id, so it merges by the same (ts, op_id) rule. */
	"CREATE OR REPLACE FUNCTION todo_sync_clock() RETURNS jsonb LANGUAGE sql VOLATILE AS $$"
	" SELECT jsonb_build_array((extract(epoch FROM clock_timestamp()) * 1000)::bigint,"
	"  'pg-' || gen_random_uuid()::text) $$;"
	/* BEFORE: sync_apply sets todo.sync_op and writes its own clocks; any
	 * other writer gets the changed fields stamped here. */
	"CREATE OR REPLACE FUNCTION todo_tasks_stamp() RETURNS trigger LANGUAGE plpgsql AS $$"
	" DECLARE c jsonb;"
	" BEGIN"
	"  IF coalesce(current_setting('todo.sync_op', true), '') <> '' THEN RETURN NEW; END IF;"
	"  c := todo_sync_clock();"
	"  IF TG_OP = 'INSERT' THEN"
	"   NEW.clocks := coalesce(NEW.clocks, '{}') || jsonb_build_object('title', c, 'description', c,"
	"    'due', c, 'priority', c, 'tags', c, 'completed', c);"
	"   RETURN NEW;"
	"  END IF;"
	"  IF NEW.title IS DISTINCT FROM OLD.title THEN NEW.clocks := NEW.clocks || jsonb_build_object('title', c); END IF;"
	"  IF NEW.description IS DISTINCT FROM OLD.description THEN NEW.clocks := NEW.clocks || jsonb_build_object('description', c); END IF;"
	"  IF NEW.due IS DISTINCT FROM OLD.due THEN NEW.clocks := NEW.clocks || jsonb_build_object('due', c); END IF;"
	"  IF NEW.priority IS DISTINCT FROM OLD.priority THEN NEW.clocks := NEW.clocks || jsonb_build_object('priority', c); END IF;"
	"  IF NEW.tags IS DISTINCT FROM OLD.tags THEN NEW.clocks := NEW.clocks || jsonb_build_object('tags', c); END IF;"
	"  IF NEW.completed IS DISTINCT FROM OLD.completed THEN NEW.clocks := NEW.clocks || jsonb_build_object('completed', c); END IF;"
	"  RETURN NEW;"
	" END $$;"
	/* AFTER: every write is a change; a delete (sync's or the web
	 * backend's hard DELETE) leaves a tombstone with a delete clock. */
	"CREATE OR REPLACE FUNCTION todo_tasks_log() RETURNS trigger LANGUAGE plpgsql AS $$"
	" DECLARE c jsonb;"
	" BEGIN"
	"  IF TG_OP = 'DELETE' THEN"
	"   c := nullif(coalesce(current_setting('todo.sync_clock', true), ''), '')::jsonb;"
	"   INSERT INTO sync_tombstones(task_uuid, user_id, clocks, deleted_at)"
	"    VALUES (OLD.uuid, OLD.user_id, OLD.clocks || jsonb_build_object('deleted', coalesce(c, todo_sync_clock())),"
	"     now() AT TIME ZONE 'utc') ON CONFLICT (task_uuid) DO NOTHING;"
	"   INSERT INTO sync_changes(user_id, task_uuid, deleted) VALUES (OLD.user_id, OLD.uuid, true);"
	"   RETURN OLD;"
	"  END IF;"
	"  INSERT INTO sync_changes(user_id, task_uuid, deleted) VALUES (NEW.user_id, NEW.uuid, false);"
	"  RETURN NEW;"
	" END $$;"
	"DROP TRIGGER IF EXISTS todo_tasks_stamp ON tasks;"
	"DROP TRIGGER IF EXISTS todo_tasks_log ON tasks;"
	/* Rows from before the triggers (the web backend's, schema 1's): clocks
	 * from their last update and a place in the feed, so a full sync sees
	 * them. */
	"UPDATE tasks SET clocks = jsonb_build_object('title', k, 'description', k, 'due', k,"
	" 'priority', k, 'tags', k, 'completed', k)"
	" FROM (SELECT id AS kid, jsonb_build_array((extract(epoch FROM updated_at) * 1000)::bigint,"
	"  'pg-' || uuid::text) AS k FROM tasks) m WHERE tasks.id = m.kid AND tasks.clocks = '{}'::jsonb;"
	"INSERT INTO sync_changes(user_id, task_uuid, deleted)"
	" SELECT user_id, uuid, false FROM tasks t"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_changes c WHERE c.task_uuid = t.uuid) ORDER BY id;"
	"CREATE TRIGGER todo_tasks_stamp BEFORE INSERT OR UPDATE ON tasks"
	" FOR EACH ROW EXECUTE FUNCTION todo_tasks_stamp();"
	"CREATE TRIGGER todo_tasks_log AFTER INSERT OR UPDATE OR DELETE ON tasks"
	" FOR EACH ROW EXECUTE FUNCTION todo_tasks_log();";

static struct pg_store *P(struct store *s)
{
	return (struct pg_store *)s;
}

/* Canonical lower-case 8-4-4-4-12: anything else would be a SQL error
 * that aborts the whole request's transaction. */
static bool good_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
			return false;
	}
	return true;
}

/* A created_at PostgreSQL will take: YYYY-MM-DD, optionally followed by a
 * time; a bad one is replaced by now rather than failing the op. */
static bool good_stamp(const char *s)
{
	if (!s || strlen(s) < 10 || strlen(s) > 40)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	int mon = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
	if (mon < 1 || mon > 12 || day < 1 || day > (mon == 2 ? 29 : 31))
		return false;
	for (const char *p = s + 10; *p; p++)
		if (!strchr("0123456789T:.Z+- ", *p))
			return false;
	return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}

struct row {
	bool found, deleted;
	struct task t;
	cJSON *clocks;
};

/* The task (locked for the rest of the transaction) or its tombstone. */
static int load_row(struct pg_store *ps, const char *uuid, struct row *row, struct todo_err *e)
{
	memset(row, 0, sizeof *row);
	task_init(&row->t);
	const char *v[] = {uuid};
	PGresult *res = pg_run(ps, "SELECT " TASK_COLS ", clocks::text FROM tasks WHERE uuid = $1::uuid"
			       " FOR UPDATE", 1, v, NULL, PGRES_TUPLES_OK, "reading a task", e);
	if (!res)
		return TODO_EIO;
	if (PQntuples(res) > 0) {
		row->found = true;
		pg_row_to_task(res, 0, &row->t);
		row->clocks = cJSON_Parse(PQgetvalue(res, 0, TASK_NCOLS));
		PQclear(res);
	} else {
		PQclear(res);
		res = pg_run(ps, "SELECT user_id, clocks::text FROM sync_tombstones WHERE task_uuid = $1::uuid",
			     1, v, NULL, PGRES_TUPLES_OK, "reading a task", e);
		if (!res)
			return TODO_EIO;
		if (PQntuples(res) > 0) {
			row->found = row->deleted = true;
			row->t.user_id = xstrdup(PQgetvalue(res, 0, 0));
			row->clocks = cJSON_Parse(PQgetvalue(res, 0, 1));
		}
		PQclear(res);
	}
	if (!row->clocks)
		row->clocks = cJSON_CreateObject();
	return TODO_OK;
}

static void row_release(struct row *row)
{
	task_release(&row->t);
	cJSON_Delete(row->clocks);
}

/* Writes every field of row with its clocks; the triggers log the change
 * and, seeing todo.sync_op, keep these clocks. *written is false when an
 * insert met a row of that uuid made meanwhile by another request. */
static int write_row(struct pg_store *ps, struct row *row, bool insert, bool *written,
		     struct todo_err *e)
{
	long n = 0;
	char *now = now_iso_utc();
	char *tags = task_tags_json(&row->t);
	char *clocks = cJSON_PrintUnformatted(row->clocks);
	const char *created = good_stamp(row->t.created_at) ? row->t.created_at : now;
	const char *v[] = {row->t.title, row->t.description ? row->t.description : "", row->t.due,
			   prio_name(row->t.priority), tags, row->t.completed ? "t" : "f", now, clocks,
			   row->t.uuid, row->t.user_id, created};
	int r = pg_cmd(ps, insert
		       ? "INSERT INTO tasks(title, description, due, priority, tags, completed, completed_at,"
			 " updated_at, clocks, uuid, user_id, created_at) VALUES($1, $2, $3, $4, $5::jsonb,"
			 " $6::boolean, CASE WHEN $6::boolean THEN $7::timestamp END, $7::timestamp, $8::jsonb,"
			 " $9::uuid, $10, $11::timestamp) ON CONFLICT (uuid) DO NOTHING"
		       : "UPDATE tasks SET title = $1, description = $2, due = $3, priority = $4,"
			 " tags = $5::jsonb, completed = $6::boolean, completed_at = CASE WHEN $6::boolean"
			 " THEN coalesce(completed_at, $7::timestamp) END, updated_at = $7::timestamp,"
			 " clocks = $8::jsonb WHERE uuid = $9::uuid AND user_id = $10 AND $11::text IS NOT NULL",
		       11, v, "saving a synced task", e, &n);
	*written = n > 0;
	free(now);
	free(tags);
	cJSON_free(clocks);
	return r;
}

/* A real DELETE: the trigger turns it into a tombstone carrying the op's
 * delete clock, passed through a transaction-local setting. */
static int delete_row(struct pg_store *ps, struct row *row, const cJSON *del_clock, struct todo_err *e)
{
	char *clock = cJSON_PrintUnformatted(del_clock);
	const char *cv[] = {clock};
	PGresult *res = pg_run(ps, "SELECT set_config('todo.sync_clock', $1, true)", 1, cv, NULL,
			       PGRES_TUPLES_OK, "deleting a synced task", e);
	cJSON_free(clock);
	if (!res)
		return TODO_EIO;
	PQclear(res);
	const char *v[] = {row->t.uuid, row->t.user_id};
	return pg_cmd(ps, "DELETE FROM tasks WHERE uuid = $1::uuid AND user_id = $2", 2, v,
		      "deleting a synced task", e, NULL);
}

enum merge_outcome { MERGED, UNCHANGED, FOREIGN, UNKNOWN, INVALID };

/* Merges incoming field values with their clocks into the task `uuid` of
 * `user`: the same rules as merge() in store_sqlite_sync.c. */
static int merge(struct pg_store *ps, const char *user, const char *uuid, const cJSON *fields,
		 const cJSON *clocks, bool deleted, const cJSON *del_clock, bool create,
		 enum merge_outcome *out, struct todo_err *e)
{
	struct row row;
	bool written = true, retried = false;
again:;
	int r = load_row(ps, uuid, &row, e);
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
		row.t.created_at = created ? xstrdup(created) : NULL;
		for (int i = 0; i < 6; i++) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(clocks, task_field_names[i]);
			if (c)
				cJSON_AddItemToObject(row.clocks, task_field_names[i], cJSON_Duplicate(c, 1));
		}
		r = write_row(ps, &row, true, &written, e);
		if (r == TODO_OK && !written && !retried) {
			/* Two requests created this uuid at once: the other one
			 * won (the insert waited for it), so merge into its row. */
			row_release(&row);
			retried = true;
			goto again;
		}
		goto done;
	}
	if (row.deleted) {   /* a deleted task never comes back */
		*out = UNCHANGED;
		goto done;
	}
	if (deleted) {
		r = delete_row(ps, &row, del_clock, e);
		goto done;
	}
	bool changed = false;
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
			err_set(e, TODO_EINVAL, "%s", fe.msg);
			goto done;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(row.clocks, name);
		cJSON_AddItemToObject(row.clocks, name, cJSON_Duplicate(in, 1));
		changed = true;
	}
	if (changed)
		r = write_row(ps, &row, false, &written, e);
	else
		*out = UNCHANGED;
done:
	row_release(&row);
	if (*out == INVALID)
		r = TODO_OK;
	return r;
}

static int apply_op(struct pg_store *ps, const char *user, const cJSON *op, cJSON **result,
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
	int r = merge(ps, user, o.uuid, o.fields, o.clocks, o.kind == SYNC_DELETE,
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

/* Marks the writes that follow as sync's (op_id) or not (""), for the
 * BEFORE trigger. Transaction-local, so it never outlives the request. */
static int sync_mark(struct pg_store *ps, const char *op_id, struct todo_err *e)
{
	const char *v[] = {op_id};
	PGresult *res = pg_run(ps, "SELECT set_config('todo.sync_op', $1, true),"
			       " set_config('todo.sync_clock', '', true)", 1, v, NULL, PGRES_TUPLES_OK,
			       "applying an op", e);
	if (!res)
		return TODO_EIO;
	PQclear(res);
	return TODO_OK;
}

int pg_sync_apply(struct store *s, const char *user, const cJSON *op, cJSON **result,
		  struct todo_err *e)
{
	struct pg_store *ps = P(s);
	const char *op_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "op_id"));
	*result = NULL;
	if (!op_id || !*op_id || strlen(op_id) > 64) {
		*result = sync_op_error("invalid", "an op needs an op_id of 1-64 characters");
		return TODO_OK;
	}
	/* An op id seen before returns its first answer and changes nothing:
	 * a retry after a lost reply is harmless. */
	const char *kv[] = {user, op_id};
	PGresult *res = pg_run(ps, "SELECT result::text FROM sync_ops WHERE user_id = $1 AND op_id = $2",
			       2, kv, NULL, PGRES_TUPLES_OK, "reading applied ops", e);
	if (!res)
		return TODO_EIO;
	if (PQntuples(res) > 0)
		*result = cJSON_Parse(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (*result)
		return TODO_OK;
	/* Each op in its own savepoint: one that fails leaves no trace and
	 * the request's other ops stand. */
	ps->sqlstate[0] = '\0';
	int r = pg_cmd(ps, "SAVEPOINT sync_op", 0, NULL, "applying an op", e, NULL);
	if (r != TODO_OK)
		return r;
	r = sync_mark(ps, op_id, e);
	if (r == TODO_OK)
		r = apply_op(ps, user, op, result, e);
	/* A value the database refuses (a bad date, a NULL, a failed check)
	 * is the op's fault, not the server's: undo it and answer "invalid",
	 * once and for all. A unique violation is a race with a concurrent
	 * create of the same uuid: an error, so the client retries. */
	if (r != TODO_OK && (strncmp(ps->sqlstate, "22", 2) == 0 || strcmp(ps->sqlstate, "23502") == 0 ||
			     strcmp(ps->sqlstate, "23514") == 0)) {
		PQclear(PQexec(ps->conn, "ROLLBACK TO SAVEPOINT sync_op"));
		*result = sync_op_error("invalid", e->msg);
		r = TODO_OK;
	}
	if (r == TODO_OK) {
		char *text = cJSON_PrintUnformatted(*result);
		const char *v[] = {user, op_id, text};
		/* The same op id retried on two connections at once: the first
		 * answer stands (the op's merge is idempotent). */
		r = pg_cmd(ps, "INSERT INTO sync_ops(user_id, op_id, result) VALUES($1, $2, $3::jsonb)"
			   " ON CONFLICT DO NOTHING", 3, v,
			   "recording an applied op", e, NULL);
		cJSON_free(text);
	}
	if (r == TODO_OK)
		r = sync_mark(ps, "", e);
	if (r != TODO_OK) {
		PQclear(PQexec(ps->conn, "ROLLBACK TO SAVEPOINT sync_op"));
		cJSON_Delete(*result);
		*result = NULL;
	}
	PQclear(PQexec(ps->conn, "RELEASE SAVEPOINT sync_op"));
	return r;
}

/* Groups of changes per task in [after, upto) by transaction id, oldest
 * first, with the task's current row or tombstone. upto NULL means the
 * snapshot's xmin: every transaction below it has ended, so nothing can
 * still appear below the position handed out (the late-commit pitfall).
 * A cursor from the future (another database) starts over from 0. */
#define CHANGES_SQL \
	"WITH x AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)," \
	" b AS (SELECT CASE WHEN $2::text::xid8 > xmin THEN '0'::xid8 ELSE $2::text::xid8 END AS lo," \
	"  coalesce($4::text::xid8, xmin) AS hi, xmin FROM x)," \
	" w AS (SELECT task_uuid, max(c.xid) AS mx, max(seq) AS ms FROM sync_changes c, b" \
	"  WHERE c.user_id = $1 AND c.xid >= b.lo AND c.xid < b.hi" \
	"  GROUP BY task_uuid ORDER BY mx, ms LIMIT NULLIF($3::bigint, 0))" \
	" SELECT t.*, w.task_uuid::text, w.mx::text, b.xmin::text, tb.clocks::text" \
	" FROM b LEFT JOIN w ON true" \
	" LEFT JOIN (SELECT " TASK_COLS ", clocks::text AS clk, uuid AS u FROM tasks WHERE user_id = $1) t" \
	"  ON t.u = w.task_uuid" \
	" LEFT JOIN sync_tombstones tb ON tb.task_uuid = w.task_uuid AND tb.user_id = $1" \
	" ORDER BY w.mx, w.ms"

/* Column numbers after t.* (TASK_COLS, clk, u). */
enum { C_CLK = TASK_NCOLS, C_UUID = TASK_NCOLS + 2, C_MX, C_XMIN, C_TOMB };

static cJSON *change_json(const PGresult *res, int i)
{
	cJSON *c = cJSON_CreateObject();
	if (!PQgetisnull(res, i, 0)) {
		struct task t;
		pg_row_to_task(res, i, &t);
		cJSON_AddStringToObject(c, "uuid", t.uuid);
		cJSON_AddBoolToObject(c, "deleted", false);
		cJSON *f = task_fields_json(&t, ~0u);
		cJSON_AddStringToObject(f, "created_at", t.created_at ? t.created_at : "");
		cJSON_AddItemToObject(c, "fields", f);
		cJSON *clk = cJSON_Parse(PQgetvalue(res, i, C_CLK));
		cJSON_AddItemToObject(c, "clocks", clk ? clk : cJSON_CreateObject());
		task_release(&t);
	} else {
		cJSON_AddStringToObject(c, "uuid", PQgetvalue(res, i, C_UUID));
		cJSON_AddBoolToObject(c, "deleted", true);
		cJSON_AddItemToObject(c, "fields", cJSON_CreateObject());
		cJSON *clk = cJSON_Parse(PQgetvalue(res, i, C_TOMB));
		cJSON_AddItemToObject(c, "clocks", clk ? clk : cJSON_CreateObject());
	}
	return c;
}

static PGresult *changes_query(struct pg_store *ps, const char *user, const char *after,
			       const char *limit, const char *upto, struct todo_err *e)
{
	const char *v[] = {user, after, limit, upto};
	static const Oid types[4] = {25, 25, 25, 25};
	return pg_run(ps, CHANGES_SQL, 4, v, types, PGRES_TUPLES_OK, "reading changes", e);
}

int pg_sync_changes(struct store *s, const char *user, int64_t after, int limit, cJSON **changes,
		    int64_t *last, bool *more, struct todo_err *e)
{
	struct pg_store *ps = P(s);
	char afters[24], lims[24], upto[24];
	*changes = NULL;
	*last = after;
	*more = false;
	snprintf(afters, sizeof afters, "%lld", (long long)after);
	snprintf(lims, sizeof lims, "%d", limit + 1);
	PGresult *res = changes_query(ps, user, afters, lims, NULL, e);
	if (!res)
		return TODO_EIO;
	int n = PQntuples(res);
	if (n == 1 && PQgetisnull(res, 0, C_UUID))
		n = 0;
	int64_t xmin = strtoll(PQgetvalue(res, 0, C_XMIN), NULL, 10);
	int serve = n;
	int64_t pos = xmin;   /* everything below it is served */
	if (n > limit) {
		/* Stop at a transaction boundary: the position must mean
		 * "every change below it was sent". */
		int64_t b = strtoll(PQgetvalue(res, limit, C_MX), NULL, 10);
		serve = 0;
		while (serve < limit && strtoll(PQgetvalue(res, serve, C_MX), NULL, 10) < b)
			serve++;
		pos = b;
		*more = true;
		if (serve == 0) {
			/* One transaction wrote more tasks than a page: send it
			 * whole rather than never get past it. */
			PQclear(res);
			snprintf(upto, sizeof upto, "%lld", (long long)(b + 1));
			res = changes_query(ps, user, afters, "0", upto, e);
			if (!res)
				return TODO_EIO;
			serve = PQntuples(res);
			if (serve == 1 && PQgetisnull(res, 0, C_UUID))
				serve = 0;
			pos = b + 1;
		}
	}
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < serve; i++) {
		/* A task gone without a visible tombstone (another user's
		 * now) has nothing to tell this user. */
		if (PQgetisnull(res, i, 0) && PQgetisnull(res, i, C_TOMB))
			continue;
		cJSON_AddItemToArray(a, change_json(res, i));
	}
	PQclear(res);
	/* A cursor never moves back (a future one restarted from 0 above). */
	*last = pos > after || after > xmin ? pos : after;
	*changes = a;
	return TODO_OK;
}
