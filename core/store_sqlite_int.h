/* SPDX-License-Identifier: MIT */
/* Internals shared by the SQLite store's files (store_sqlite.c for tasks
 * and conversations, store_sqlite_sync.c for sync); not for other callers. */
#ifndef TODO_STORE_SQLITE_INT_H
#define TODO_STORE_SQLITE_INT_H
#include <sqlite3.h>
#include "store.h"

enum stmt_id {
	ST_TASK_ADD, ST_TASK_GET, ST_TASK_DELETE, ST_CONV_ADD, ST_CONV_GET, ST_CONV_LIST,
	ST_CONV_TOUCH, ST_MSG_ADD, ST_MSG_LIST, ST_OUTBOX_ADD, ST_SYNC_LOAD, ST_SYNC_INSERT,
	ST_SYNC_UPDATE, ST_FTS_FLUSH, ST_FTS_CLEAR, ST_FTS_MERGE, ST_COUNT
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	char *path;
	/* The local user whose changes go to the sync outbox (set by `todo
	 * login`); NULL when this database does not sync. Owned. */
	char *sync_user;
	sqlite3_stmt *st[ST_COUNT];
	/* Open begins: 1 is the transaction, more are savepoints (see store.h). */
	int depth;
	/* SAVEPOINT, RELEASE and ROLLBACK TO for the first levels, prepared
	 * once: the server opens and closes one per request in a batch. */
	sqlite3_stmt *sp[4][3];
	/* This connection inserted tasks whose titles are not indexed yet. */
	bool fts_dirty;
	/* Filtered list/count statements, kept by their SQL text: a server
	 * answering the same list query thousands of times a second would
	 * otherwise spend a quarter of its time in SQLite's parser. The
	 * strings are owned; `busy` marks one being stepped (a callback that
	 * lists again gets a fresh statement instead). */
	struct sq_cached {
		char *sql;
		sqlite3_stmt *st;
		bool busy;
	} fcache[8];
	unsigned fnext;   /* next slot to replace (round robin) */
};

#define TASK_COLS "id, uuid, user_id, title, description, completed, priority, due, tags, " \
		  "created_at, updated_at, completed_at"
/* The next value of the change counter every task write takes. */
#define NEXT_SEQ "(SELECT coalesce(max(change_seq), 0) + 1 FROM tasks)"

int sq_fail(struct sqlite_store *ss, int rc, const char *what, struct todo_err *e);
/* A cached prepared statement, reset and unbound; NULL after an error. */
sqlite3_stmt *sq_stmt(struct sqlite_store *ss, enum stmt_id id, struct todo_err *e);
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
char *sq_col_dup(sqlite3_stmt *st, int i);
void sq_row_to_task(sqlite3_stmt *st, struct task *t);
int sq_exec(struct sqlite_store *ss, const char *sql, const char *what, struct todo_err *e);
/* Indexes the titles of tasks inserted since the last flush (fts_pending);
 * every commit of the store runs it. */
int sq_fts_flush(struct sqlite_store *ss, struct todo_err *e);
/* A write that must be atomic: opens a write transaction when none is open
 * (*own tells), and sq_write_end commits or rolls back what it opened. */
int sq_write_begin(struct sqlite_store *ss, bool *own, struct todo_err *e);
int sq_write_end(struct sqlite_store *ss, bool own, int r, struct todo_err *e);
/* True when user's changes go to the outbox (this database syncs them). */
bool sq_syncs(const struct sqlite_store *ss, const char *user);
/* Records a local change in the outbox when this user syncs. fields is
 * borrowed. */
int sq_journal(struct sqlite_store *ss, const char *user, const char *uuid, const char *kind,
	       const cJSON *fields, int64_t ts, const char *op_id, struct todo_err *e);
/* "[ts,\"op_id\"]", the clock of a field; caller frees. */
char *sq_clock(int64_t ts, const char *op_id);

/* store_sqlite_sync.c: the sync entries of the vtable. */
int sqlite_meta_get(struct store *s, const char *key, char **value, struct todo_err *e);
int sqlite_meta_set(struct store *s, const char *key, const char *value, struct todo_err *e);
int sqlite_sync_enable(struct store *s, const char *user, struct todo_err *e);
int sqlite_outbox_list(struct store *s, const char *user, int limit, cJSON **ops, int64_t *waiting,
		       struct todo_err *e);
int sqlite_outbox_done(struct store *s, const char *op_id, const char *error, struct todo_err *e);
int sqlite_sync_merge(struct store *s, const char *user, const cJSON *change, bool *changed,
		      struct todo_err *e);
int sqlite_sync_apply(struct store *s, const char *user, const cJSON *op, cJSON **result,
		      struct todo_err *e);
int sqlite_sync_changes(struct store *s, const char *user, int64_t after, int limit, cJSON **changes,
			int64_t *last, bool *more, struct todo_err *e);

#endif
