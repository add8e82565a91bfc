/* SPDX-License-Identifier: MIT */
/* A pool of open stores shared by the worker threads: each request borrows
 * one connection for itself, so no connection is used by two threads at
 * once, none is opened per request, and no more than `max` are open (a
 * request waits for one instead; PostgreSQL allows 100 by default). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "server.h"

static struct {
	pthread_mutex_t lock;
	pthread_cond_t freed;  /* a store went idle or was closed */
	char *url;
	struct store **idle;   /* owned; at most max entries */
	unsigned n;            /* idle */
	unsigned open;         /* idle + borrowed */
	unsigned max;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .freed = PTHREAD_COND_INITIALIZER};

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

int pool_init(const char *url, unsigned max_open, struct todo_err *e)
{
	pool.url = xstrdup(url);
	/* Set before any thread starts; read-only afterwards. */
	cfg.serial_writes = !db_is_pg(url);
	pool.max = max_open ? max_open : 1;
	pool.idle = xcalloc(pool.max, sizeof *pool.idle);
	/* Open one now: a bad path or a newer schema should stop the start,
	 * not fail the first request. */
	struct store *s;
	int r = store_open_url(url, &s, e);
	if (r != TODO_OK)
		return r;
	pool.idle[pool.n++] = s;
	pool.open = 1;
	return TODO_OK;
}

int pool_acquire(struct store **out, struct todo_err *e)
{
	pthread_mutex_lock(&pool.lock);
	while (!pool.n && pool.open >= pool.max)
		pthread_cond_wait(&pool.freed, &pool.lock);
	if (pool.n) {
		*out = pool.idle[--pool.n];
		pthread_mutex_unlock(&pool.lock);
		return TODO_OK;
	}
	pool.open++;   /* this thread opens one: count it now, so others wait */
	pthread_mutex_unlock(&pool.lock);
	/* Opening happens outside the lock: it may wait on the database. */
	int r = store_open_url(pool.url, out, e);
	if (r != TODO_OK) {
		pthread_mutex_lock(&pool.lock);
		pool.open--;
		pthread_cond_signal(&pool.freed);
		pthread_mutex_unlock(&pool.lock);
	}
	return r;
}

void pool_release(struct store *s, bool broken)
{
	if (!s)
		return;
	if (!broken) {
		/* A handler that failed half-way must not leave a transaction
		 * open for the next borrower. */
		store_rollback(s);
	}
	pthread_mutex_lock(&pool.lock);
	if (!broken) {
		pool.idle[pool.n++] = s;
		s = NULL;
	} else {
		pool.open--;
	}
	pthread_cond_signal(&pool.freed);
	pthread_mutex_unlock(&pool.lock);
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
	pool.open = 0;
	pthread_mutex_unlock(&pool.lock);
}
