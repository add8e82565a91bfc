/* SPDX-License-Identifier: MIT */
/* Backend-independent helpers of the store interface. */
#include <stdlib.h>
#include <string.h>
#include "err.h"
#include "store.h"

void task_filter_init(struct task_filter *f)
{
	memset(f, 0, sizeof *f);
	f->priority = -1;
}

void msg_release(struct message *m)
{
	free(m->user_id);
	free(m->role);
	free(m->content);
	free(m->tool_calls);
	free(m->created_at);
	memset(m, 0, sizeof *m);
}

#define NEED(op) do { if (!s->ops->op) return err_set(e, TODO_EINVAL, "this %s store cannot sync", s->ops->name); } while (0)

int store_meta_get(struct store *s, const char *key, char **value, struct todo_err *e)
{
	NEED(meta_get);
	return s->ops->meta_get(s, key, value, e);
}

int store_meta_set(struct store *s, const char *key, const char *value, struct todo_err *e)
{
	NEED(meta_set);
	return s->ops->meta_set(s, key, value, e);
}

int store_sync_enable(struct store *s, const char *user, struct todo_err *e)
{
	NEED(sync_enable);
	return s->ops->sync_enable(s, user, e);
}

int store_outbox_list(struct store *s, const char *user, int limit, cJSON **ops, int64_t *waiting,
		      struct todo_err *e)
{
	NEED(outbox_list);
	return s->ops->outbox_list(s, user, limit, ops, waiting, e);
}

int store_outbox_done(struct store *s, const char *op_id, const char *error, struct todo_err *e)
{
	NEED(outbox_done);
	return s->ops->outbox_done(s, op_id, error, e);
}

int store_sync_merge(struct store *s, const char *user, const cJSON *change, bool *changed,
		     struct todo_err *e)
{
	NEED(sync_merge);
	return s->ops->sync_merge(s, user, change, changed, e);
}

int store_sync_apply(struct store *s, const char *user, const cJSON *op, cJSON **result,
		     struct todo_err *e)
{
	NEED(sync_apply);
	return s->ops->sync_apply(s, user, op, result, e);
}

int store_sync_changes(struct store *s, const char *user, int64_t after, int limit, cJSON **changes,
		       int64_t *last, bool *more, struct todo_err *e)
{
	NEED(sync_changes);
	return s->ops->sync_changes(s, user, after, limit, changes, last, more, e);
}
