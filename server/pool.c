/* SPDX-License-Identifier: MIT */
/* A small pool of open stores shared by the worker threads: each request
 * borrows one connection for itself, so no connection is used by two
 * threads at once, and none is opened per request. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "server.h"

static struct {
	pthread_mutex_t lock;
	char *url;
	struct store **idle;   /* owned; at most max entries */
	unsigned n, max;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER};

bool db_is_pg(const char *url)
{
	return str_has_prefix(url, "postgres://") || str_has_prefix(url, "postgresql://");
}

int store_open_url(const char *url, struct store **out, struct todo_err *e)
{
	if (db_is_pg(url))
		return store_pg_open(url, out, e);
	if (str_has_prefix(url, "sqlite:"))
		url += strlen("sqlite:");
	/* sqlite:///abs/path and sqlite://./rel are common spellings too. */
	if (str_has_prefix(url, "//"))
		url += 2;
	return store_sqlite_open(url, out, e);
}

int pool_init(const char *url, unsigned max_idle, struct todo_err *e)
{
	pool.url = xstrdup(url);
	/* Set before any thread starts; read-only afterwards. */
	cfg.serial_writes = !db_is_pg(url);
	pool.max = max_idle ? max_idle : 1;
	pool.idle = xcalloc(pool.max, sizeof *pool.idle);
	/* Open one now: a bad path or a newer schema should stop the start,
	 * not fail the first request. */
	struct store *s;
	int r = store_open_url(url, &s, e);
	if (r != TODO_OK)
		return r;
	pool.idle[pool.n++] = s;
	return TODO_OK;
}

int pool_acquire(struct store **out, struct todo_err *e)
{
	pthread_mutex_lock(&pool.lock);
	struct store *s = pool.n ? pool.idle[--pool.n] : NULL;
	pthread_mutex_unlock(&pool.lock);
	if (s) {
		*out = s;
		return TODO_OK;
	}
	/* Opening happens outside the lock: it may wait on the database. */
	return store_open_url(pool.url, out, e);
}

void pool_release(struct store *s, bool broken)
{
	if (!s)
		return;
	if (!broken) {
		/* A handler that failed half-way must not leave a transaction
		 * open for the next borrower. */
		store_rollback(s);
		pthread_mutex_lock(&pool.lock);
		if (pool.n < pool.max) {
			pool.idle[pool.n++] = s;
			s = NULL;
		}
		pthread_mutex_unlock(&pool.lock);
	}
	store_close(s);
}

void pool_shutdown(void)
{
	pthread_mutex_lock(&pool.lock);
	for (unsigned i = 0; i < pool.n; i++)
		store_close(pool.idle[i]);
	free(pool.idle);
	free(pool.url);
	pool.idle = NULL;
	pool.url = NULL;
	pool.n = 0;
	pthread_mutex_unlock(&pool.lock);
}
