/* SPDX-License-Identifier: MIT */
/* The SQLite store: schema migrations by PRAGMA user_version, WAL, a busy
 * timeout so concurrent `todo` processes wait instead of failing, and
 * prepared statements only (user text is always a bound parameter). */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "store.h"
#include "store_sqlite_int.h"
#include "util.h"

#define SCHEMA_VERSION 4
#define BUSY_TIMEOUT_MS 15000

/* Each step of the schema; index i brings user_version from i to i + 1. */
static const char *const migrations[] = {
	"CREATE TABLE tasks("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" uuid TEXT NOT NULL UNIQUE,"
	" user_id TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" completed INTEGER NOT NULL DEFAULT 0,"
	" priority TEXT NOT NULL DEFAULT 'none',"
	" due TEXT,"
	" tags TEXT NOT NULL DEFAULT '[]',"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" completed_at TEXT,"
	" deleted_at TEXT);"
	"CREATE INDEX tasks_live ON tasks(user_id, completed, id) WHERE deleted_at IS NULL;"
	"CREATE INDEX tasks_due ON tasks(user_id, due) WHERE deleted_at IS NULL;"
	"CREATE TABLE conversations("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" user_id TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX conversations_user ON conversations(user_id, updated_at);"
	"CREATE TABLE messages("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
	" user_id TEXT NOT NULL,"
	" role TEXT NOT NULL,"
	" content TEXT NOT NULL,"
	" tool_calls TEXT,"
	" created_at TEXT NOT NULL);"
	"CREATE INDEX messages_conv ON messages(conversation_id, id);",

	/* 2: sync. change_seq orders every task write (tombstones included)
	 * for pulls; clocks holds each field's (ts_ms, op_id); the outbox
	 * holds local changes until the server acknowledges them; sync_ops
	 * remembers applied op ids so a retried push changes nothing. */
	"ALTER TABLE tasks ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE tasks ADD COLUMN clocks TEXT NOT NULL DEFAULT '{}';"
	"CREATE INDEX tasks_seq ON tasks(change_seq);"
	"CREATE INDEX tasks_user_seq ON tasks(user_id, change_seq);"
	/* Listing every task in id order streams from this index instead of
	 * sorting the whole table first. */
	"CREATE INDEX tasks_user_id ON tasks(user_id, id) WHERE deleted_at IS NULL;"
	/* The board's and `list --sort due` order, without a sort step. */
	"CREATE INDEX tasks_user_due ON tasks(user_id, due IS NULL, due, id) WHERE deleted_at IS NULL;"
	/* Substring search ("the report task") over 100,000 titles would scan
	 * them all; a trigram index answers it from the words' trigrams. */
	"CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, content='tasks',"
	" content_rowid='id', tokenize='trigram');"
	"INSERT INTO tasks_fts(tasks_fts) VALUES('rebuild');"
	"CREATE TRIGGER tasks_fts_ins AFTER INSERT ON tasks BEGIN"
	" INSERT INTO tasks_fts(rowid, title, description) VALUES(new.id, new.title, new.description); END;"
	"CREATE TRIGGER tasks_fts_del AFTER DELETE ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, description)"
	" VALUES('delete', old.id, old.title, old.description); END;"
	"CREATE TRIGGER tasks_fts_upd AFTER UPDATE OF title, description ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, description)"
	" VALUES('delete', old.id, old.title, old.description);"
	" INSERT INTO tasks_fts(rowid, title, description) VALUES(new.id, new.title, new.description); END;"
	"CREATE TABLE outbox("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" op_id TEXT NOT NULL UNIQUE,"
	" user_id TEXT NOT NULL,"
	" task_uuid TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" fields TEXT NOT NULL,"
	" ts_ms INTEGER NOT NULL,"
	" clocks TEXT);"
	"CREATE TABLE sync_failed("
	" op_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, task_uuid TEXT NOT NULL,"
	" kind TEXT NOT NULL, fields TEXT NOT NULL, ts_ms INTEGER NOT NULL,"
	" error TEXT NOT NULL, failed_at TEXT NOT NULL);"
	"CREATE TABLE sync_ops("
	" op_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, result TEXT NOT NULL);"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);",

	/* 3: new tasks reach the title index at commit, not per row. FTS5
	 * writes its pending terms out at the end of every statement inside a
	 * transaction, which made each insert cost as much as the rest of the
	 * request; now an insert only notes its id in fts_pending, and the
	 * commit indexes all noted rows with one statement (sq_fts_flush).
	 * Searches also look at fts_pending, so nothing is missed before. */
	"CREATE TABLE fts_pending(id INTEGER PRIMARY KEY);"
	"DROP TRIGGER tasks_fts_ins;"
	"DROP TRIGGER tasks_fts_del;"
	"DROP TRIGGER tasks_fts_upd;"
	"CREATE TRIGGER tasks_fts_ins AFTER INSERT ON tasks BEGIN"
	" INSERT OR IGNORE INTO fts_pending(id) VALUES(new.id); END;"
	/* A row still pending is not in the index: deleting it from the index
	 * would corrupt the index's counts. One trigger, in this order: two
	 * triggers with WHEN clauses would see each other's work. */
	"CREATE TRIGGER tasks_fts_del AFTER DELETE ON tasks BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, description)"
	" SELECT 'delete', old.id, old.title, old.description"
	" WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);"
	" DELETE FROM fts_pending WHERE id = old.id; END;"
	"CREATE TRIGGER tasks_fts_upd AFTER UPDATE OF title, description ON tasks"
	" WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id) BEGIN"
	" INSERT INTO tasks_fts(tasks_fts, rowid, title, description)"
	" VALUES('delete', old.id, old.title, old.description);"
	" INSERT INTO tasks_fts(rowid, title, description) VALUES(new.id, new.title, new.description); END;"
	/* FTS5 merges its segments when a level fills up, all at once: under
	 * a stream of creates that held a commit for 20-80 ms now and then.
	 * Instead every indexing commit does a bounded step of merge work
	 * (ST_FTS_MERGE), and only a level of 64 segments forces a merge. */
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES('automerge', 0);"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES('crisismerge', 64);",

	/* 4: the title index keeps which rows hold a trigram, not where in
	 * the row (detail=none), and no column sizes (only ranking reads
	 * them). Merging segments rewrites a trigram's whole row list in one
	 * step, and with positions a common trigram's list held commits for
	 * 30-60 ms under a stream of creates; without them the lists are a
	 * third of the size. Merges take 16 segments at a time instead of 4:
	 * half the levels, so half the rewriting, and the big merges that held
	 * commits for 10-40 ms now and then came far less often (max latency
	 * of a minute of creates at 64 clients 102 -> 20 ms). Searches ask for
	 * all of the query's trigrams instead of the phrase; instr() decides. */
	"DROP TABLE tasks_fts;"
	"CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, content='tasks',"
	" content_rowid='id', tokenize='trigram', detail=none, columnsize=0);"
	"INSERT INTO tasks_fts(tasks_fts) VALUES('rebuild');"
	"DELETE FROM fts_pending;"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES('automerge', 0);"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES('usermerge', 16);"
	"INSERT INTO tasks_fts(tasks_fts, rank) VALUES('crisismerge', 64);",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))


static const char *const stmt_sql[ST_COUNT] = {
	[ST_TASK_ADD] = "INSERT INTO tasks(uuid, user_id, title, description, completed, priority,"
			" due, tags, created_at, updated_at, completed_at, clocks, change_seq)"
			" VALUES(?,?,?,?,?,?,?,?,?,?,?,?," NEXT_SEQ ")",
	[ST_TASK_GET] = "SELECT " TASK_COLS " FROM tasks"
			" WHERE id = ? AND user_id = ? AND deleted_at IS NULL",
	[ST_TASK_DELETE] = "UPDATE tasks SET deleted_at = ?1, updated_at = ?1, change_seq = " NEXT_SEQ ","
			   " clocks = json_set(clocks, '$.deleted', json(?2))"
			   " WHERE id = ?3 AND user_id = ?4 AND deleted_at IS NULL RETURNING uuid",
	[ST_CONV_ADD] = "INSERT INTO conversations(user_id, created_at, updated_at) VALUES(?,?,?)",
	[ST_CONV_GET] = "SELECT id, user_id, created_at, updated_at FROM conversations"
			" WHERE id = ? AND user_id = ?",
	[ST_CONV_LIST] = "SELECT id, user_id, created_at, updated_at FROM conversations"
			 " WHERE user_id = ? ORDER BY updated_at DESC, id DESC",
	[ST_CONV_TOUCH] = "UPDATE conversations SET updated_at = ? WHERE id = ?",
	[ST_MSG_ADD] = "INSERT INTO messages(conversation_id, user_id, role, content, tool_calls,"
		       " created_at) VALUES(?,?,?,?,?,?)",
	[ST_MSG_LIST] = "SELECT id, conversation_id, user_id, role, content, tool_calls, created_at"
			" FROM (SELECT * FROM messages WHERE conversation_id = ? AND user_id = ?"
			" ORDER BY id DESC LIMIT ?) ORDER BY id",
	[ST_OUTBOX_ADD] = "INSERT INTO outbox(op_id, user_id, task_uuid, kind, fields, ts_ms)"
			  " VALUES(?,?,?,?,?,?)",
	[ST_SYNC_LOAD] = "SELECT " TASK_COLS ", deleted_at IS NOT NULL, clocks FROM tasks WHERE uuid = ?",
	[ST_SYNC_INSERT] = "INSERT INTO tasks(title, description, due, priority, tags, completed, completed_at,"
			   " updated_at, clocks, deleted_at, uuid, user_id, created_at, change_seq)"
			   " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13," NEXT_SEQ ")",
	[ST_SYNC_UPDATE] = "UPDATE tasks SET title = ?1, description = ?2, due = ?3, priority = ?4, tags = ?5,"
			   " completed = ?6, completed_at = ?7, updated_at = ?8, clocks = ?9, deleted_at = ?10,"
			   " change_seq = " NEXT_SEQ " WHERE uuid = ?11 AND user_id = ?12",
	[ST_FTS_FLUSH] = "INSERT INTO tasks_fts(rowid, title, description)"
			 " SELECT t.id, t.title, t.description FROM fts_pending p JOIN tasks t ON t.id = p.id",
	[ST_FTS_CLEAR] = "DELETE FROM fts_pending",
	/* ?1 pages of merge work at most (see sq_fts_flush). */
	[ST_FTS_MERGE] = "INSERT INTO tasks_fts(tasks_fts, rank) VALUES('merge', ?1)",
};

static struct sqlite_store *S(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* Turns an SQLite failure into a message that says what to do. */
int sq_fail(struct sqlite_store *ss, int rc, const char *what, struct todo_err *e)
{
	int prim = rc & 0xff;
	const char *m = ss->db ? sqlite3_errmsg(ss->db) : sqlite3_errstr(rc);
	switch (prim) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, TODO_EIO, "the database %s stayed locked by another process while %s; try again",
			       ss->path, what);
	case SQLITE_READONLY:
		return err_set(e, TODO_EIO, "cannot write the database %s: it is read-only (%s)", ss->path, m);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return err_set(e, TODO_EIO, "%s is damaged or not a todo database (%s)", ss->path, m);
	case SQLITE_FULL:
		return err_set(e, TODO_EIO, "the disk holding %s is full", ss->path);
	case SQLITE_CANTOPEN:
		return err_set(e, TODO_EIO, "cannot open the database %s (%s)", ss->path, m);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return err_set(e, TODO_EIO, "no permission to use the database %s (%s)", ss->path, m);
	default:
		return err_set(e, TODO_EIO, "database error while %s: %s", what, m);
	}
}

sqlite3_stmt *sq_stmt(struct sqlite_store *ss, enum stmt_id id, struct todo_err *e)
{
	if (!ss->st[id]) {
		int rc = sqlite3_prepare_v3(ss->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &ss->st[id], NULL);
		if (rc != SQLITE_OK) {
			sq_fail(ss, rc, "preparing a query", e);
			return NULL;
		}
	} else {
		sqlite3_reset(ss->st[id]);
		sqlite3_clear_bindings(ss->st[id]);
	}
	return ss->st[id];
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *sq_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? xstrdup((const char *)v) : NULL;
}

void sq_row_to_task(sqlite3_stmt *st, struct task *t)
{
	task_init(t);
	t->id = sqlite3_column_int64(st, 0);
	const unsigned char *u = sqlite3_column_text(st, 1);
	snprintf(t->uuid, sizeof t->uuid, "%s", u ? (const char *)u : "");
	t->user_id = sq_col_dup(st, 2);
	t->title = sq_col_dup(st, 3);
	t->description = sq_col_dup(st, 4);
	t->completed = sqlite3_column_int(st, 5) != 0;
	const unsigned char *p = sqlite3_column_text(st, 6);
	if (prio_parse(p ? (const char *)p : "none", &t->priority, NULL) != TODO_OK)
		t->priority = PRIO_NONE;
	t->due = sq_col_dup(st, 7);
	const unsigned char *tags = sqlite3_column_text(st, 8);
	task_tags_from_json(t, (const char *)tags);
	t->created_at = sq_col_dup(st, 9);
	t->updated_at = sq_col_dup(st, 10);
	t->completed_at = sq_col_dup(st, 11);
}

int sq_exec(struct sqlite_store *ss, const char *sql, const char *what, struct todo_err *e)
{
	int rc = sqlite3_exec(ss->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? TODO_OK : sq_fail(ss, rc, what, e);
}

enum { SP_OPEN, SP_RELEASE, SP_UNDO };

/* Runs SAVEPOINT/RELEASE/ROLLBACK TO for savepoint number n. */
static int savepoint(struct sqlite_store *ss, int n, int what)
{
	static const char *const fmt[] = {"SAVEPOINT sp%d", "RELEASE sp%d", "ROLLBACK TO sp%d"};
	char sql[32];
	snprintf(sql, sizeof sql, fmt[what], n);
	if (n < 1 || n > (int)(sizeof ss->sp / sizeof ss->sp[0]))
		return sqlite3_exec(ss->db, sql, NULL, NULL, NULL);
	sqlite3_stmt **st = &ss->sp[n - 1][what];
	if (!*st) {
		int rc = sqlite3_prepare_v3(ss->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	int rc = sqlite3_step(*st);
	sqlite3_reset(*st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int s_begin(struct store *s, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	if (sqlite3_get_autocommit(ss->db)) {
		/* IMMEDIATE takes the write lock up front, so the busy timeout
		 * applies and a later write in it cannot fail with SQLITE_BUSY. */
		int r = sq_exec(ss, "BEGIN IMMEDIATE", "starting a transaction", e);
		ss->depth = r == TODO_OK ? 1 : 0;
		return r;
	}
	/* A transaction opened some other way counts as the outer one. */
	if (ss->depth < 1)
		ss->depth = 1;
	int rc = savepoint(ss, ss->depth, SP_OPEN);
	if (rc != SQLITE_OK)
		return sq_fail(ss, rc, "starting a transaction", e);
	ss->depth++;
	return TODO_OK;
}

/* Runs one cached statement that returns no rows; arg >= 0 is bound to ?1. */
static int run_stmt(struct sqlite_store *ss, enum stmt_id id, int arg, const char *what,
		    struct todo_err *e)
{
	sqlite3_stmt *st = sq_stmt(ss, id, e);
	if (!st)
		return TODO_EIO;
	if (arg >= 0)
		sqlite3_bind_int(st, 1, arg);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, what, e);
}

int sq_fts_flush(struct sqlite_store *ss, struct todo_err *e)
{
	if (!ss->fts_dirty)
		return TODO_OK;
	int r = run_stmt(ss, ST_FTS_FLUSH, -1, "indexing new titles", e);
	int rows = sqlite3_changes(ss->db);
	if (r == TODO_OK)
		r = run_stmt(ss, ST_FTS_CLEAR, -1, "indexing new titles", e);
	/* Merge work in step with what was indexed: a page for every four
	 * rows kept the index at 34 segments through 1.5 million creates at
	 * 26,000 a second, and a single `todo add` pays for one page, not for
	 * a whole merge. */
	int pages = rows / 4 < 1 ? 1 : rows / 4 > 64 ? 64 : rows / 4;
	if (r == TODO_OK)
		r = run_stmt(ss, ST_FTS_MERGE, pages, "tidying the title index", e);
	if (r == TODO_OK)
		ss->fts_dirty = false;
	return r;
}

/* COMMIT, with the rows inserted in the transaction indexed first. */
static int commit_now(struct sqlite_store *ss, struct todo_err *e)
{
	int r = sq_fts_flush(ss, e);
	if (r == TODO_OK)
		r = sq_exec(ss, "COMMIT", "saving", e);
	return r;
}

static int s_commit(struct store *s, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	if (ss->depth > 1 && !sqlite3_get_autocommit(ss->db)) {
		int rc = savepoint(ss, ss->depth - 1, SP_RELEASE);
		if (rc != SQLITE_OK)
			return sq_fail(ss, rc, "saving", e);
		ss->depth--;
		return TODO_OK;
	}
	ss->depth = 0;
	return commit_now(ss, e);
}

static void s_rollback(struct store *s)
{
	struct sqlite_store *ss = S(s);
	if (sqlite3_get_autocommit(ss->db)) {
		ss->depth = 0;
		return;
	}
	if (ss->depth > 1) {
		int n = --ss->depth;
		if (savepoint(ss, n, SP_UNDO) == SQLITE_OK && savepoint(ss, n, SP_RELEASE) == SQLITE_OK)
			return;
	}
	/* The outer transaction, or a savepoint that cannot be undone alone. */
	sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
	ss->depth = 0;
}

int sq_write_begin(struct sqlite_store *ss, bool *own, struct todo_err *e)
{
	*own = sqlite3_get_autocommit(ss->db) != 0;
	if (!*own)
		return TODO_OK;
	int r = sq_exec(ss, "BEGIN IMMEDIATE", "starting a transaction", e);
	ss->depth = r == TODO_OK ? 1 : 0;
	return r;
}

int sq_write_end(struct sqlite_store *ss, bool own, int r, struct todo_err *e)
{
	if (!own)
		return r;
	ss->depth = 0;
	if (r == TODO_OK && (r = commit_now(ss, e)) == TODO_OK)
		return TODO_OK;
	sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

char *sq_clock(int64_t ts, const char *op_id)
{
	return xasprintf("[%lld,\"%s\"]", (long long)ts, op_id);
}

bool sq_syncs(const struct sqlite_store *ss, const char *user)
{
	return ss->sync_user && strcmp(ss->sync_user, user) == 0;
}

int sq_journal(struct sqlite_store *ss, const char *user, const char *uuid, const char *kind,
	       const cJSON *fields, int64_t ts, const char *op_id, struct todo_err *e)
{
	if (!sq_syncs(ss, user))
		return TODO_OK;
	sqlite3_stmt *st = sq_stmt(ss, ST_OUTBOX_ADD, e);
	if (!st)
		return TODO_EIO;
	char *text = cJSON_PrintUnformatted(fields);
	sq_bind_text(st, 1, op_id);
	sq_bind_text(st, 2, user);
	sq_bind_text(st, 3, uuid);
	sq_bind_text(st, 4, kind);
	sq_bind_text(st, 5, text);
	sqlite3_bind_int64(st, 6, ts);
	int rc = sqlite3_step(st);
	cJSON_free(text);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "recording the change for sync", e);
}

/* The clocks object of a new task: every field stamped with one op. */
static char *clocks_all(int64_t ts, const char *op_id)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "{");
	for (size_t i = 0; i < 6; i++)
		buf_printf(&b, "%s\"%s\":[%lld,\"%s\"]", i ? "," : "", task_field_names[i],
			   (long long)ts, op_id);
	buf_puts(&b, "}");
	return buf_take(&b);
}

static int insert_task(struct sqlite_store *ss, struct task *t, struct todo_err *e)
{
	sqlite3_stmt *st = sq_stmt(ss, ST_TASK_ADD, e);
	if (!st)
		return TODO_EIO;
	char op_id[37];
	int64_t ts = now_ms();
	uuid_new(op_id);
	char *tags = task_tags_json(t);
	char *clocks = clocks_all(ts, op_id);
	sq_bind_text(st, 1, t->uuid);
	sq_bind_text(st, 2, t->user_id);
	sq_bind_text(st, 3, t->title);
	sq_bind_text(st, 4, t->description ? t->description : "");
	sqlite3_bind_int(st, 5, t->completed);
	sq_bind_text(st, 6, prio_name(t->priority));
	sq_bind_text(st, 7, t->due);
	sq_bind_text(st, 8, tags);
	sq_bind_text(st, 9, t->created_at);
	sq_bind_text(st, 10, t->updated_at);
	sq_bind_text(st, 11, t->completed_at);
	sq_bind_text(st, 12, clocks);
	int rc = sqlite3_step(st);
	free(tags);
	free(clocks);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return err_set(e, TODO_ECONFLICT, "a task with uuid %s exists already", t->uuid);
		return sq_fail(ss, rc, "adding the task", e);
	}
	t->id = sqlite3_last_insert_rowid(ss->db);
	ss->fts_dirty = true;
	if (!sq_syncs(ss, t->user_id))
		return TODO_OK;   /* no outbox: skip building its record */
	cJSON *fields = task_fields_json(t, ~0u);
	cJSON_AddStringToObject(fields, "created_at", t->created_at);
	int r = sq_journal(ss, t->user_id, t->uuid, "create", fields, ts, op_id, e);
	cJSON_Delete(fields);
	return r;
}

static int s_task_add(struct store *s, struct task *t, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	if (!t->uuid[0])
		uuid_new(t->uuid);
	if (!t->created_at)
		t->created_at = now_iso_utc();
	if (!t->updated_at)
		t->updated_at = xstrdup(t->created_at);
	if (t->completed && !t->completed_at)
		t->completed_at = xstrdup(t->updated_at);
	if (!t->completed) {
		free(t->completed_at);
		t->completed_at = NULL;
	}
	if (!t->description)
		t->description = xstrdup("");
	bool own;
	int r = sq_write_begin(ss, &own, e);
	if (r != TODO_OK)
		return r;
	return sq_write_end(ss, own, insert_task(ss, t, e), e);
}

static int s_task_get(struct store *s, const char *user, int64_t id, struct task *out,
		      struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = sq_stmt(ss, ST_TASK_GET, e);
	if (!st)
		return TODO_EIO;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_text(st, 2, user);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sq_row_to_task(st, out);
		sqlite3_reset(st);
		return TODO_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, TODO_ENOTFOUND, "no task %lld", (long long)id);
	return sq_fail(ss, rc, "reading the task", e);
}

static int update_task(struct sqlite_store *ss, struct task *t, unsigned fields,
		       struct todo_err *e)
{
	/* The SET list is built from fixed fragments; values are bound. Each
	 * written field gets the op's clock, so a sync merges field by field. */
	struct buf sql;
	buf_init(&sql);
	buf_puts(&sql, "UPDATE tasks SET updated_at = ?1, change_seq = " NEXT_SEQ);
	if (fields & TF_TITLE)
		buf_puts(&sql, ", title = ?2");
	if (fields & TF_DESC)
		buf_puts(&sql, ", description = ?3");
	if (fields & TF_DUE)
		buf_puts(&sql, ", due = ?4");
	if (fields & TF_PRIO)
		buf_puts(&sql, ", priority = ?5");
	if (fields & TF_TAGS)
		buf_puts(&sql, ", tags = ?6");
	if (fields & TF_COMPLETED)
		buf_puts(&sql, ", completed = ?7, completed_at = CASE WHEN ?7 THEN"
			       " coalesce(completed_at, ?1) ELSE NULL END");
	buf_puts(&sql, ", clocks = json_set(clocks");
	for (int i = 0; i < 6; i++)
		if (fields & (1u << i))
			buf_printf(&sql, ", '$.%s', json(?10)", task_field_names[i]);
	buf_puts(&sql, ") WHERE id = ?8 AND user_id = ?9 AND deleted_at IS NULL RETURNING uuid");
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ss->db, sql.s, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return sq_fail(ss, rc, "updating the task", e);
	char op_id[37];
	int64_t ts = now_ms();
	uuid_new(op_id);
	char *now = now_iso_utc();
	char *tags = task_tags_json(t);
	char *clock = sq_clock(ts, op_id);
	sq_bind_text(st, 1, now);
	if (fields & TF_TITLE)
		sq_bind_text(st, 2, t->title);
	if (fields & TF_DESC)
		sq_bind_text(st, 3, t->description ? t->description : "");
	if (fields & TF_DUE)
		sq_bind_text(st, 4, t->due);
	if (fields & TF_PRIO)
		sq_bind_text(st, 5, prio_name(t->priority));
	if (fields & TF_TAGS)
		sq_bind_text(st, 6, tags);
	if (fields & TF_COMPLETED)
		sqlite3_bind_int(st, 7, t->completed);
	sqlite3_bind_int64(st, 8, t->id);
	sq_bind_text(st, 9, t->user_id);
	sq_bind_text(st, 10, clock);
	rc = sqlite3_step(st);
	char *uuid = rc == SQLITE_ROW ? sq_col_dup(st, 0) : NULL;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(now);
	free(tags);
	free(clock);
	int r = TODO_OK;
	if (rc != SQLITE_DONE)
		r = sq_fail(ss, rc, "updating the task", e);
	else if (!uuid)
		r = err_set(e, TODO_ENOTFOUND, "no task %lld", (long long)t->id);
	if (r == TODO_OK && sq_syncs(ss, t->user_id)) {
		cJSON *f = task_fields_json(t, fields);
		r = sq_journal(ss, t->user_id, uuid, "set", f, ts, op_id, e);
		cJSON_Delete(f);
	}
	free(uuid);
	return r;
}

static int s_task_update(struct store *s, struct task *t, unsigned fields, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	bool own;
	int r = sq_write_begin(ss, &own, e);
	if (r != TODO_OK)
		return r;
	r = sq_write_end(ss, own, update_task(ss, t, fields, e), e);
	if (r != TODO_OK)
		return r;
	/* Hand back what is stored now (timestamps included). */
	struct task fresh;
	char *user = xstrdup(t->user_id);
	r = s_task_get(s, user, t->id, &fresh, e);
	free(user);
	if (r != TODO_OK)
		return r;
	task_release(t);
	*t = fresh;
	return TODO_OK;
}

static int delete_task(struct sqlite_store *ss, const char *user, int64_t id, struct todo_err *e)
{
	sqlite3_stmt *st = sq_stmt(ss, ST_TASK_DELETE, e);
	if (!st)
		return TODO_EIO;
	char op_id[37];
	int64_t ts = now_ms();
	uuid_new(op_id);
	char *now = now_iso_utc();
	char *clock = sq_clock(ts, op_id);
	sq_bind_text(st, 1, now);
	sq_bind_text(st, 2, clock);
	sqlite3_bind_int64(st, 3, id);
	sq_bind_text(st, 4, user);
	int rc = sqlite3_step(st);
	char *uuid = rc == SQLITE_ROW ? sq_col_dup(st, 0) : NULL;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(now);
	free(clock);
	int r = TODO_OK;
	if (rc != SQLITE_DONE)
		r = sq_fail(ss, rc, "deleting the task", e);
	else if (!uuid)
		r = err_set(e, TODO_ENOTFOUND, "no task %lld", (long long)id);
	if (r == TODO_OK) {
		cJSON *f = cJSON_CreateObject();
		r = sq_journal(ss, user, uuid, "delete", f, ts, op_id, e);
		cJSON_Delete(f);
	}
	free(uuid);
	return r;
}

static int s_task_delete(struct store *s, const char *user, int64_t id, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	bool own;
	int r = sq_write_begin(ss, &own, e);
	if (r != TODO_OK)
		return r;
	return sq_write_end(ss, own, delete_task(ss, user, id, e), e);
}

/* WHERE clause for a filter; parameters are numbered to match bind_filter. */
static void filter_sql(struct buf *b, const struct task_filter *f)
{
	buf_puts(b, " WHERE user_id = ?1 AND deleted_at IS NULL");
	if (f->status == STATUS_PENDING)
		buf_puts(b, " AND completed = 0");
	else if (f->status == STATUS_COMPLETED)
		buf_puts(b, " AND completed = 1");
	if (f->due_min)
		buf_puts(b, " AND due >= ?2");
	if (f->due_lim)
		buf_puts(b, " AND due < ?3");
	if (f->overdue_at)
		buf_puts(b, " AND completed = 0 AND due IS NOT NULL AND ((length(due) = 10 AND due < substr(?4, 1, 10))"
			    " OR (length(due) > 10 AND due < ?4))");
	if (f->tag)
		buf_puts(b, " AND EXISTS (SELECT 1 FROM json_each(tasks.tags) WHERE value = lower(?5))");
	if (f->priority >= 0)
		buf_puts(b, " AND priority = ?6");
	if (f->query) {
		/* The trigram index needs three characters; shorter queries scan.
		 * instr() still decides, so both paths give the same rows. */
		if (utf8_len(f->query) >= 3)
			/* One IN list (not an OR of two), so the matches
			 * still drive the lookup instead of a scan. */
			buf_puts(b, " AND id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?8"
				    " UNION ALL SELECT id FROM fts_pending)");
		buf_puts(b, " AND (instr(lower(title), lower(?7)) > 0 OR instr(lower(description), lower(?7)) > 0)");
	}
}

/* The FTS5 query for a substring: its trigrams ANDed (the index has no
 * positions, so no phrase), each in double quotes with its own quotes
 * doubled, so no FTS syntax gets through. Rows with all of them are a
 * superset of the rows that contain the substring; instr() decides. A
 * long query's first trigrams narrow enough. */
static void fts_trigrams(const char *query, struct buf *q)
{
	enum { MAX_TRIGRAMS = 16 };
	buf_init(q);
	const char *w[3] = {NULL, NULL, NULL};   /* the last three characters */
	int chars = 0, n = 0;
	for (const char *p = query; *p && n < MAX_TRIGRAMS;) {
		const char *next = p + 1;
		while ((*next & 0xC0) == 0x80)   /* UTF-8 continuation bytes */
			next++;
		w[0] = w[1];
		w[1] = w[2];
		w[2] = p;
		p = next;
		if (++chars < 3)
			continue;
		buf_puts(q, n++ ? " AND \"" : "\"");
		for (const char *s = w[0]; s < next; s++) {
			buf_add(q, s, 1);
			if (*s == '"')
				buf_add(q, s, 1);
		}
		buf_puts(q, "\"");
	}
}

static void bind_filter(sqlite3_stmt *st, const char *user, const struct task_filter *f)
{
	sq_bind_text(st, 1, user);
	if (f->due_min)
		sq_bind_text(st, 2, f->due_min);
	if (f->due_lim)
		sq_bind_text(st, 3, f->due_lim);
	if (f->overdue_at)
		sq_bind_text(st, 4, f->overdue_at);
	if (f->tag)
		sq_bind_text(st, 5, f->tag[0] == '#' ? f->tag + 1 : f->tag);
	if (f->priority >= 0)
		sq_bind_text(st, 6, prio_name(f->priority));
	if (f->query) {
		sq_bind_text(st, 7, f->query);
		if (utf8_len(f->query) >= 3) {
			struct buf q;
			fts_trigrams(f->query, &q);
			sqlite3_bind_text(st, 8, q.s, -1, SQLITE_TRANSIENT);
			buf_free(&q);
		}
	}
}

/* A statement for sql from the cache (reset, unbound, marked busy) or newly
 * prepared. Give it back with release_filtered. */
static int cached_stmt(struct sqlite_store *ss, const char *sql, sqlite3_stmt **out)
{
	unsigned n = sizeof ss->fcache / sizeof ss->fcache[0];
	for (unsigned i = 0; i < n; i++) {
		struct sq_cached *c = &ss->fcache[i];
		if (c->sql && !c->busy && strcmp(c->sql, sql) == 0) {
			c->busy = true;
			*out = c->st;
			return SQLITE_OK;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(ss->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	/* Replace a slot that is not in use; when all are (deep reentry), the
	 * statement stays uncached and release_filtered finalizes it. */
	for (unsigned k = 0; k < n; k++) {
		struct sq_cached *c = &ss->fcache[(ss->fnext + k) % n];
		if (c->busy)
			continue;
		ss->fnext = (ss->fnext + k + 1) % n;
		sqlite3_finalize(c->st);
		free(c->sql);
		c->sql = xstrdup(sql);
		c->st = st;
		c->busy = true;
		break;
	}
	*out = st;
	return SQLITE_OK;
}

static void release_filtered(struct sqlite_store *ss, sqlite3_stmt *st)
{
	for (unsigned i = 0; i < sizeof ss->fcache / sizeof ss->fcache[0]; i++) {
		struct sq_cached *c = &ss->fcache[i];
		if (c->st == st && c->busy) {
			/* Reset now so the statement holds no read snapshot open. */
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			c->busy = false;
			return;
		}
	}
	sqlite3_finalize(st);
}

/* Prepares `head` + the filter's WHERE clause + `tail` with the filter's
 * values bound; the caller gives *out back with release_filtered. */
static int prepare_filtered(struct sqlite_store *ss, const char *head, const char *user,
			    const struct task_filter *f, const char *tail, sqlite3_stmt **out,
			    const char *what, struct todo_err *e)
{
	struct buf sql;
	buf_init(&sql);
	buf_puts(&sql, head);
	filter_sql(&sql, f);
	buf_puts(&sql, tail);
	int rc = cached_stmt(ss, sql.s, out);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return sq_fail(ss, rc, what, e);
	bind_filter(*out, user, f);
	return TODO_OK;
}

static int s_task_list(struct store *s, const char *user, const struct task_filter *f,
		       task_cb cb, void *ctx, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	const char *order;
	switch (f->sort) {
	case SORT_DUE:
		order = " ORDER BY due IS NULL, due, id";
		break;
	case SORT_PRIORITY:
		order = " ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1"
			" WHEN 'low' THEN 2 ELSE 3 END, id";
		break;
	case SORT_NEWEST:
		order = " ORDER BY id DESC";
		break;
	default:
		order = " ORDER BY id";
	}
	/* Limit and offset are parameters, so every page shares one statement. */
	char tail[160];
	snprintf(tail, sizeof tail, "%s%s", order, f->limit > 0 ? " LIMIT ?9 OFFSET ?10" : "");
	sqlite3_stmt *st = NULL;
	int r = prepare_filtered(ss, "SELECT " TASK_COLS " FROM tasks", user, f, tail, &st,
				 "listing tasks", e);
	if (r != TODO_OK)
		return r;
	if (f->limit > 0) {
		sqlite3_bind_int64(st, 9, f->limit);
		sqlite3_bind_int64(st, 10, f->offset);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct task t;
		sq_row_to_task(st, &t);
		int stop = cb(&t, ctx);
		task_release(&t);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	release_filtered(ss, st);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "listing tasks", e);
}

static int s_task_count(struct store *s, const char *user, const struct task_filter *f,
			int64_t *n, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = NULL;
	int r = prepare_filtered(ss, "SELECT count(*) FROM tasks", user, f, "", &st, "counting tasks", e);
	if (r != TODO_OK)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	release_filtered(ss, st);
	return rc == SQLITE_ROW ? TODO_OK : sq_fail(ss, rc, "counting tasks", e);
}

static int s_conv_create(struct store *s, const char *user, int64_t *id, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = sq_stmt(ss, ST_CONV_ADD, e);
	if (!st)
		return TODO_EIO;
	char *now = now_iso_utc();
	sq_bind_text(st, 1, user);
	sq_bind_text(st, 2, now);
	sq_bind_text(st, 3, now);
	int rc = sqlite3_step(st);
	free(now);
	if (rc != SQLITE_DONE)
		return sq_fail(ss, rc, "starting a conversation", e);
	*id = sqlite3_last_insert_rowid(ss->db);
	return TODO_OK;
}

static void row_to_conv(sqlite3_stmt *st, struct conversation *c)
{
	c->id = sqlite3_column_int64(st, 0);
	snprintf(c->user_id, sizeof c->user_id, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(c->created_at, sizeof c->created_at, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(c->updated_at, sizeof c->updated_at, "%s", (const char *)sqlite3_column_text(st, 3));
}

static int s_conv_get(struct store *s, const char *user, int64_t id, struct conversation *out,
		      struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = sq_stmt(ss, ST_CONV_GET, e);
	if (!st)
		return TODO_EIO;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_text(st, 2, user);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (out)
			row_to_conv(st, out);
		sqlite3_reset(st);
		return TODO_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, TODO_ENOTFOUND, "no conversation %lld", (long long)id);
	return sq_fail(ss, rc, "reading the conversation", e);
}

static int s_conv_list(struct store *s, const char *user, conv_cb cb, void *ctx, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = sq_stmt(ss, ST_CONV_LIST, e);
	if (!st)
		return TODO_EIO;
	sq_bind_text(st, 1, user);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct conversation c;
		row_to_conv(st, &c);
		if (cb(&c, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "listing conversations", e);
}

static int s_msg_add(struct store *s, struct message *m, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = sq_stmt(ss, ST_MSG_ADD, e);
	if (!st)
		return TODO_EIO;
	if (!m->created_at)
		m->created_at = now_iso_utc();
	sqlite3_bind_int64(st, 1, m->conversation_id);
	sq_bind_text(st, 2, m->user_id);
	sq_bind_text(st, 3, m->role);
	sq_bind_text(st, 4, m->content ? m->content : "");
	sq_bind_text(st, 5, m->tool_calls);
	sq_bind_text(st, 6, m->created_at);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return sq_fail(ss, rc, "saving the message", e);
	m->id = sqlite3_last_insert_rowid(ss->db);
	st = sq_stmt(ss, ST_CONV_TOUCH, e);
	if (!st)
		return TODO_EIO;
	sq_bind_text(st, 1, m->created_at);
	sqlite3_bind_int64(st, 2, m->conversation_id);
	rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "saving the message", e);
}

static int s_msg_list(struct store *s, const char *user, int64_t conv, int last, msg_cb cb,
		      void *ctx, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = sq_stmt(ss, ST_MSG_LIST, e);
	if (!st)
		return TODO_EIO;
	sqlite3_bind_int64(st, 1, conv);
	sq_bind_text(st, 2, user);
	sqlite3_bind_int64(st, 3, last > 0 ? last : INT64_MAX);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct message m = {
			.id = sqlite3_column_int64(st, 0),
			.conversation_id = sqlite3_column_int64(st, 1),
			.user_id = sq_col_dup(st, 2),
			.role = sq_col_dup(st, 3),
			.content = sq_col_dup(st, 4),
			.tool_calls = sq_col_dup(st, 5),
			.created_at = sq_col_dup(st, 6),
		};
		int stop = cb(&m, ctx);
		msg_release(&m);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TODO_OK : sq_fail(ss, rc, "reading messages", e);
}

/* PRAGMA data_version changes only when another connection commits, so
 * polling it is how the board notices the CLI, the server or a sync. */
static int s_data_version(struct store *s, int64_t *v, struct todo_err *e)
{
	struct sqlite_store *ss = S(s);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ss->db, "PRAGMA data_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? TODO_OK : sq_fail(ss, rc, "checking for changes", e);
}

static void s_close(struct store *s)
{
	struct sqlite_store *ss = S(s);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(ss->st[i]);
	for (unsigned i = 0; i < sizeof ss->fcache / sizeof ss->fcache[0]; i++) {
		sqlite3_finalize(ss->fcache[i].st);
		free(ss->fcache[i].sql);
	}
	for (unsigned i = 0; i < sizeof ss->sp / sizeof ss->sp[0]; i++)
		for (int k = 0; k < 3; k++)
			sqlite3_finalize(ss->sp[i][k]);
	sqlite3_close(ss->db);
	free(ss->path);
	free(ss->sync_user);
	free(ss);
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = s_close,
	.begin = s_begin,
	.commit = s_commit,
	.rollback = s_rollback,
	.task_add = s_task_add,
	.task_get = s_task_get,
	.task_update = s_task_update,
	.task_delete = s_task_delete,
	.task_list = s_task_list,
	.task_count = s_task_count,
	.conv_create = s_conv_create,
	.conv_get = s_conv_get,
	.conv_list = s_conv_list,
	.msg_add = s_msg_add,
	.msg_list = s_msg_list,
	.meta_get = sqlite_meta_get,
	.meta_set = sqlite_meta_set,
	.sync_enable = sqlite_sync_enable,
	.outbox_list = sqlite_outbox_list,
	.outbox_done = sqlite_outbox_done,
	.sync_merge = sqlite_sync_merge,
	.sync_apply = sqlite_sync_apply,
	.sync_changes = sqlite_sync_changes,
	.data_version = s_data_version,
};

static int mkdirs_for(const char *path, struct todo_err *e)
{
	char *d = xstrdup(path);
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST) {
			err_set(e, TODO_EIO, "cannot create the folder %s: %s", d, strerror(errno));
			free(d);
			return TODO_EIO;
		}
		*p = '/';
	}
	free(d);
	return TODO_OK;
}

static int user_version(struct sqlite_store *ss, int *v, struct todo_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ss->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*v = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return sq_fail(ss, rc, "reading the schema version", e);
	return TODO_OK;
}

static int migrate(struct sqlite_store *ss, struct todo_err *e)
{
	int v = 0;
	int r = user_version(ss, &v, e);
	if (r != TODO_OK)
		return r;
	if (v > SCHEMA_VERSION)
		return err_set(e, TODO_EVERSION,
			       "the database %s was made by a newer todo (schema %d; this todo knows up to %d); upgrade todo",
			       ss->path, v, SCHEMA_VERSION);
	if (v == SCHEMA_VERSION)
		return TODO_OK;
	/* Another process may be migrating at the same moment: take the write
	 * lock, then look again. */
	if ((r = s_begin(&ss->base, e)) != TODO_OK)
		return r;
	if ((r = user_version(ss, &v, e)) != TODO_OK)
		goto fail;
	for (; v < SCHEMA_VERSION && v < NMIGRATIONS; v++) {
		if ((r = sq_exec(ss, migrations[v], "creating the tables", e)) != TODO_OK)
			goto fail;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((r = sq_exec(ss, sql, "recording the schema version", e)) != TODO_OK)
			goto fail;
	}
	return s_commit(&ss->base, e);
fail:
	s_rollback(&ss->base);
	return r;
}

void store_sqlite_threads_init(void)
{
	/* Fails harmlessly (SQLITE_MISUSE) when SQLite is already in use. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_sqlite_open(const char *path, struct store **out, struct todo_err *e)
{
	if (!path || !*path)
		return err_set(e, TODO_EINVAL, "no database path given");
	if (mkdirs_for(path, e) != TODO_OK)
		return TODO_EIO;
	struct sqlite_store *ss = xcalloc(1, sizeof *ss);
	ss->base.ops = &sqlite_ops;
	ss->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sq_fail(ss, rc, "opening", e);
		goto fail;
	}
	sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(ss->db, 1);
	/* Reading journal_mode first avoids taking a lock when WAL is set
	 * already, which is every open but the first. */
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(ss->db, "PRAGMA journal_mode", -1, &st, NULL);
	bool wal = false;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		wal = str_ieq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		sq_fail(ss, rc, "opening", e);
		goto fail;
	}
	/* Two processes opening a new database at once both try to switch it
	 * to WAL; the switch does not wait on the busy handler, so the loser
	 * waits here and finds it done. */
	for (int tries = 0; !wal && sqlite3_db_readonly(ss->db, "main") == 0; tries++) {
		rc = sqlite3_prepare_v2(ss->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
			wal = str_ieq((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
		if (wal)
			break;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED && rc != SQLITE_ROW) {
			sq_fail(ss, rc, "switching to WAL", e);
			goto fail;
		}
		if (tries == 300) {
			sq_fail(ss, SQLITE_BUSY, "switching to WAL", e);
			goto fail;
		}
		sqlite3_sleep(10);
	}
	/* temp_store: statement journals (a write inside a transaction keeps
	 * one) stay in memory instead of spilling to a temporary file, which
	 * was a third of the time of each insert in a batch. */
	if (sq_exec(ss, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY",
		    "opening", e) != TODO_OK)
		goto fail;
	if (migrate(ss, e) != TODO_OK)
		goto fail;
	if (sqlite_meta_get(&ss->base, "sync_user", &ss->sync_user, e) != TODO_OK)
		goto fail;
	*out = &ss->base;
	return TODO_OK;
fail:
	s_close(&ss->base);
	return e ? e->code : TODO_EIO;
}
