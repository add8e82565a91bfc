/* SPDX-License-Identifier: MIT */
/* The sync client: pushes the outbox to todo-server and merges what changed
 * there, in batches, until both sides hold the same tasks. */
#ifndef TODO_SYNC_H
#define TODO_SYNC_H
#include <stdbool.h>
#include <stdint.h>
#include "http_client.h"
#include "store.h"

#define SYNC_PROTOCOL 1
#define SYNC_MAX_OPS 100        /* ops per request (Todoist's cap) */
#define SYNC_MAX_CHANGES 500    /* changes per reply */

/* Where and as whom to sync; strings owned (sync_login_release). */
struct sync_login {
	char *server;        /* base URL, no trailing slash */
	char *token;
	char *remote_user;   /* the token's subject */
};
void sync_login_release(struct sync_login *l);
/* Reads/writes $XDG_CONFIG_HOME/todo/login.json (mode 0600: it holds the
 * token). TODO_ENOTFOUND when there is no login. */
int sync_login_load(struct sync_login *l, struct todo_err *e);
int sync_login_save(const struct sync_login *l, struct todo_err *e);
/* The `sub` claim of a JWT (not verified: the server does that); caller
 * frees. NULL with a message when the token is not a JWT with a subject. */
char *sync_token_subject(const char *token, struct todo_err *e);

struct sync_stats {
	int pushed;      /* ops the server took */
	int failed;      /* ops it refused for good (kept in sync_failed) */
	int pulled;      /* changes merged here */
	int64_t waiting; /* ops still in the outbox */
	int requests;
	bool full;       /* the server asked for a full sync */
};

/* How a sync request reaches the server: POSTs body and fills the reply
 * (status, body). The default goes over HTTP with retries; tests plug in a
 * server in the same process. */
typedef int (*sync_post_fn)(void *ctx, const char *body, struct http_reply *r, struct todo_err *e);

/* One whole sync of `user`'s tasks. Safe to repeat after any failure: ops
 * keep their ids until acknowledged and the cursor only moves together with
 * the merged changes. */
int sync_run(struct store *s, const char *user, const struct sync_login *login,
	     struct sync_stats *st, struct todo_err *e);
/* The same with another transport; login is used for messages only. */
int sync_run_with(struct store *s, const char *user, const struct sync_login *login,
		  sync_post_fn post, void *ctx, struct sync_stats *st, struct todo_err *e);

/* The server side of one sync request for `user` (already authenticated):
 * applies the ops (each at most once), reads the changes after the cursor,
 * all in one transaction. Returns the reply object (caller owns) and sets
 * *status (200, or 400/422 with a "detail" reply for a bad request). */
cJSON *sync_serve(struct store *s, const char *user, const cJSON *request, int *status,
		  struct todo_err *e);

#endif
