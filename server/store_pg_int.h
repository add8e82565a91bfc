/* SPDX-License-Identifier: MIT */
/* What the PostgreSQL store's files share: the connection struct, the
 * parameterised query helpers of store_pg.c and the sync entry points of
 * store_pg_sync.c. Internal to server/. */
#ifndef TODO_STORE_PG_INT_H
#define TODO_STORE_PG_INT_H
#include <libpq-fe.h>
#include "server.h"

#define ISO(c) "to_char(" c ", 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define TASK_COLS "id, uuid::text, user_id, title, description, completed, priority, due, " \
		  "tags::text, " ISO("created_at") ", " ISO("updated_at") ", " ISO("completed_at")
#define TASK_NCOLS 12

struct pg_store {
	struct store base;
	PGconn *conn;
	char sqlstate[6];   /* of the last failed statement */
	int depth;          /* open begins: 1 the transaction, more savepoints */
};

/* Fills e from res (or the connection) and returns TODO_EIO. */
int pg_fail(struct pg_store *ps, const PGresult *res, const char *what, struct todo_err *e);
/* sql with text parameters (NULL entries are SQL NULL); the result when its
 * status is `want`, else NULL with e filled. */
PGresult *pg_run(struct pg_store *ps, const char *sql, int n, const char *const *vals,
		 const Oid *types, ExecStatusType want, const char *what, struct todo_err *e);
int pg_cmd(struct pg_store *ps, const char *sql, int n, const char *const *vals, const char *what,
	   struct todo_err *e, long *changed);
/* Row i of a SELECT TASK_COLS result (columns 0..TASK_NCOLS-1). */
void pg_row_to_task(const PGresult *res, int i, struct task *t);

/* Sync (store_pg_sync.c). The migration runs inside migrate()'s
 * transaction, after the tables of store_pg.c exist. */
extern const char pg_sync_migration[];
int pg_sync_apply(struct store *s, const char *user, const cJSON *op, cJSON **result,
		  struct todo_err *e);
int pg_sync_changes(struct store *s, const char *user, int64_t after, int limit, cJSON **changes,
		    int64_t *last, bool *more, struct todo_err *e);

#endif
