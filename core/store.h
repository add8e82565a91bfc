/* SPDX-License-Identifier: MIT */
/* The store interface: tasks, conversations and messages for one user at a
 * time. SQLite lives in core (store_sqlite.c); PostgreSQL in server/. The
 * agent, the tools and the routes use only the wrappers declared here. */
#ifndef TODO_STORE_H
#define TODO_STORE_H
#include <stdbool.h>
#include <stdint.h>
#include "err.h"
#include "task.h"

enum filter_status { STATUS_ALL = 0, STATUS_PENDING, STATUS_COMPLETED };
enum filter_sort { SORT_ID = 0, SORT_DUE, SORT_PRIORITY, SORT_NEWEST };

/* What to list. Zero-initialise, then set what matters; strings borrowed. */
struct task_filter {
	int status;            /* enum filter_status */
	const char *due_min;   /* due >= due_min (text compare), or NULL */
	const char *due_lim;   /* due <  due_lim, or NULL */
	/* When set ("YYYY-MM-DDTHH:MM"): only tasks past due at that moment
	 * (a date-only due is past once its day is over). */
	const char *overdue_at;
	const char *tag;
	int priority;          /* -1 for any; zero-init means PRIO_NONE, so set it */
	const char *query;     /* case-insensitive substring of title/description */
	int sort;              /* enum filter_sort */
	int64_t limit;         /* 0: no limit */
	int64_t offset;
};
void task_filter_init(struct task_filter *f);   /* status all, any priority */

/* Called once per task, in order; the task is borrowed for the call.
 * Return non-zero to stop early. */
typedef int (*task_cb)(const struct task *t, void *ctx);

struct conversation {
	int64_t id;
	char user_id[128];
	char created_at[32];
	char updated_at[32];
};
typedef int (*conv_cb)(const struct conversation *c, void *ctx);

/* One stored message; strings owned by whoever filled it (msg_release). */
struct message {
	int64_t id;
	int64_t conversation_id;
	char *user_id;
	char *role;           /* user | assistant | tool */
	char *content;
	char *tool_calls;     /* JSON text of [{name, arguments, result}] or NULL */
	char *created_at;
};
void msg_release(struct message *m);
typedef int (*msg_cb)(const struct message *m, void *ctx);

struct store;
struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	/* A write transaction. Inside an open one, begin makes a savepoint:
	 * commit then releases it and rollback undoes only what followed it
	 * (the server runs several requests in one transaction this way). */
	int (*begin)(struct store *s, struct todo_err *e);
	int (*commit)(struct store *s, struct todo_err *e);
	void (*rollback)(struct store *s);
	/* t->user_id and fields in; id, uuid (when empty), timestamps out. */
	int (*task_add)(struct store *s, struct task *t, struct todo_err *e);
	int (*task_get)(struct store *s, const char *user, int64_t id, struct task *out,
			struct todo_err *e);
	/* Writes the fields named in `fields` from t (t->id, t->user_id pick the
	 * row); refreshes updated_at/completed_at in t. */
	int (*task_update)(struct store *s, struct task *t, unsigned fields, struct todo_err *e);
	int (*task_delete)(struct store *s, const char *user, int64_t id, struct todo_err *e);
	int (*task_list)(struct store *s, const char *user, const struct task_filter *f,
			 task_cb cb, void *ctx, struct todo_err *e);
	int (*task_count)(struct store *s, const char *user, const struct task_filter *f,
			  int64_t *n, struct todo_err *e);
	int (*conv_create)(struct store *s, const char *user, int64_t *id, struct todo_err *e);
	/* TODO_ENOTFOUND unless conversation id exists and belongs to user. */
	int (*conv_get)(struct store *s, const char *user, int64_t id, struct conversation *out,
			struct todo_err *e);
	int (*conv_list)(struct store *s, const char *user, conv_cb cb, void *ctx, struct todo_err *e);
	/* Appends m (id, created_at filled in) and touches the conversation. */
	int (*msg_add)(struct store *s, struct message *m, struct todo_err *e);
	/* The last `last` messages (0: all) of a conversation, oldest first. */
	int (*msg_list)(struct store *s, const char *user, int64_t conv, int last, msg_cb cb,
			void *ctx, struct todo_err *e);

	/* Sync (DESIGN section 8; the wire shapes are in docs/sync.md).
	 * A store that cannot sync leaves these NULL. */
	/* Small key/value settings; *value is NULL when unset (caller frees). */
	int (*meta_get)(struct store *s, const char *key, char **value, struct todo_err *e);
	int (*meta_set)(struct store *s, const char *key, const char *value, struct todo_err *e);
	/* Client: from now on the user's changes go to the outbox; tasks not
	 * yet pushed are queued as creates. */
	int (*sync_enable)(struct store *s, const char *user, struct todo_err *e);
	/* Client: the oldest `limit` outbox ops [{op_id, task_uuid, kind,
	 * fields, ts_ms}] (new array, caller owns) and how many are waiting. */
	int (*outbox_list)(struct store *s, const char *user, int limit, cJSON **ops,
			   int64_t *waiting, struct todo_err *e);
	/* Client: the server answered for op_id; error NULL for "ok", else the
	 * permanent error (the op moves to sync_failed, never silently lost). */
	int (*outbox_done)(struct store *s, const char *op_id, const char *error, struct todo_err *e);
	/* Client: merges one pulled change {uuid, deleted, fields, clocks};
	 * *changed tells whether anything here changed (an echo of our own op
	 * changes nothing). */
	int (*sync_merge)(struct store *s, const char *user, const cJSON *change, bool *changed,
			  struct todo_err *e);
	/* Server: applies one pushed op at most once; *result is "ok" or
	 * {error_code, error} (new cJSON, caller owns). */
	int (*sync_apply)(struct store *s, const char *user, const cJSON *op, cJSON **result,
			  struct todo_err *e);
	/* Server: up to `limit` changes after position `after`, coalesced per
	 * task, oldest first; *last is the position of the last one (after when
	 * none) and *more tells whether more wait. */
	int (*sync_changes)(struct store *s, const char *user, int64_t after, int limit,
			    cJSON **changes, int64_t *last, bool *more, struct todo_err *e);

	/* A number that changes when another connection or process has
	 * committed a change since the last call (cheap: the board polls it).
	 * NULL when the backend cannot tell. */
	int (*data_version)(struct store *s, int64_t *v, struct todo_err *e);
};

/* Every backend's struct begins with this. */
struct store {
	const struct store_ops *ops;
};

/* Call once at the start of a multi-threaded program, before any store is
 * opened: turns off SQLite's global memory statistics, whose one mutex every
 * allocation of every connection would otherwise take. */
void store_sqlite_threads_init(void);
/* Opens the SQLite store at path (created with its folders when missing).
 * The result is the caller's, released with store_close. */
int store_sqlite_open(const char *path, struct store **out, struct todo_err *e);

/* Thin wrappers so callers never touch the function pointers. */
static inline void store_close(struct store *s) { if (s) s->ops->close(s); }
static inline int store_begin(struct store *s, struct todo_err *e) { return s->ops->begin(s, e); }
static inline int store_commit(struct store *s, struct todo_err *e) { return s->ops->commit(s, e); }
static inline void store_rollback(struct store *s) { s->ops->rollback(s); }
static inline int store_task_add(struct store *s, struct task *t, struct todo_err *e) { return s->ops->task_add(s, t, e); }
static inline int store_task_get(struct store *s, const char *u, int64_t id, struct task *o, struct todo_err *e) { return s->ops->task_get(s, u, id, o, e); }
static inline int store_task_update(struct store *s, struct task *t, unsigned f, struct todo_err *e) { return s->ops->task_update(s, t, f, e); }
static inline int store_task_delete(struct store *s, const char *u, int64_t id, struct todo_err *e) { return s->ops->task_delete(s, u, id, e); }
static inline int store_task_list(struct store *s, const char *u, const struct task_filter *f, task_cb cb, void *ctx, struct todo_err *e) { return s->ops->task_list(s, u, f, cb, ctx, e); }
static inline int store_task_count(struct store *s, const char *u, const struct task_filter *f, int64_t *n, struct todo_err *e) { return s->ops->task_count(s, u, f, n, e); }
static inline int store_conv_create(struct store *s, const char *u, int64_t *id, struct todo_err *e) { return s->ops->conv_create(s, u, id, e); }
static inline int store_conv_get(struct store *s, const char *u, int64_t id, struct conversation *o, struct todo_err *e) { return s->ops->conv_get(s, u, id, o, e); }
static inline int store_conv_list(struct store *s, const char *u, conv_cb cb, void *ctx, struct todo_err *e) { return s->ops->conv_list(s, u, cb, ctx, e); }
static inline int store_msg_add(struct store *s, struct message *m, struct todo_err *e) { return s->ops->msg_add(s, m, e); }
static inline int store_msg_list(struct store *s, const char *u, int64_t c, int last, msg_cb cb, void *ctx, struct todo_err *e) { return s->ops->msg_list(s, u, c, last, cb, ctx, e); }
/* *v stays 0 (and TODO_OK comes back) for a backend without data_version. */
static inline int store_data_version(struct store *s, int64_t *v, struct todo_err *e) { *v = 0; return s->ops->data_version ? s->ops->data_version(s, v, e) : TODO_OK; }

/* Sync wrappers: TODO_EINVAL "this store cannot sync" when unsupported. */
int store_meta_get(struct store *s, const char *key, char **value, struct todo_err *e);
int store_meta_set(struct store *s, const char *key, const char *value, struct todo_err *e);
int store_sync_enable(struct store *s, const char *user, struct todo_err *e);
int store_outbox_list(struct store *s, const char *user, int limit, cJSON **ops, int64_t *waiting,
		      struct todo_err *e);
int store_outbox_done(struct store *s, const char *op_id, const char *error, struct todo_err *e);
int store_sync_merge(struct store *s, const char *user, const cJSON *change, bool *changed,
		     struct todo_err *e);
int store_sync_apply(struct store *s, const char *user, const cJSON *op, cJSON **result,
		     struct todo_err *e);
int store_sync_changes(struct store *s, const char *user, int64_t after, int limit, cJSON **changes,
		       int64_t *last, bool *more, struct todo_err *e);

#endif
