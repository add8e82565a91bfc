/* SPDX-License-Identifier: MIT */
/* Group commit for the SQLite store: writes queue here, and the task writes
 * that arrive while one commit is on the disk go together into the next
 * transaction, one savepoint each, so one fsync answers many. Only the store
 * work runs in the queue: checking the request and printing the answer
 * happen on the request's own thread, before and after. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "server.h"

/* More than this in one transaction would only make the first ones wait. */
#define BATCH_MAX 64

struct job {
	/* Either a store operation that may share a transaction... */
	write_fn op;
	void *ctx;
	int rc;                /* op's status, or the commit's */
	struct todo_err *e;    /* op's error, the caller's */
	/* ...or a whole request handler that runs alone (chat, sync, MCP). */
	struct req *r;
	route_fn fn;
	const cJSON *body;
	bool done;
	pthread_cond_t cv;     /* its thread waits here: done, or first in line */
	struct job *next;
};

/* The queue, in arrival order. Jobs live on their waiting threads' stacks. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static struct job *qhead, **qtail = &qhead;
static bool writing;   /* a thread is running writes (holds SQLite's lock) */

/* Runs the operations in one transaction on one store; each gets a status. */
static void run_batch(struct job *list)
{
	struct todo_err e;
	struct store *s = NULL;
	int r = pool_acquire(&s, &e);
	if (r == TODO_OK && (r = store_begin(s, &e)) != TODO_OK) {
		pool_release(s, true);
		s = NULL;
	}
	if (r != TODO_OK) {
		for (struct job *j = list; j; j = j->next) {
			j->rc = err_set(j->e, TODO_EIO, "the database is not available: %s", e.msg);
		}
		return;
	}
	bool broken = false;
	for (struct job *j = list; j; j = j->next) {
		if ((j->rc = store_begin(s, j->e)) != TODO_OK) {
			broken = true;
			continue;
		}
		j->rc = j->op(s, j->ctx, j->e);
		if (j->rc != TODO_OK) {
			store_rollback(s);   /* only this operation's savepoint */
			broken |= j->rc == TODO_EIO;
		} else if ((j->rc = store_commit(s, j->e)) != TODO_OK) {
			broken = true;
		}
	}
	if (store_commit(s, &e) != TODO_OK) {
		/* Nothing of the batch is on disk: no request may say otherwise. */
		srv_log(LOG_QUIET, "error: saving a batch of writes: %s", e.msg);
		for (struct job *j = list; j; j = j->next)
			if (j->rc == TODO_OK)
				j->rc = err_set(j->e, TODO_EIO, "the change was not saved: %s", e.msg);
		store_rollback(s);
		broken = true;
	}
	pool_release(s, broken);
}

/* Queues me, waits for its turn or its answer, and when its turn comes runs
 * it (and, for an operation, the operations queued behind it). */
static void run_queued(struct job *me)
{
	pthread_cond_init(&me->cv, NULL);
	pthread_mutex_lock(&qlock);
	*qtail = me;
	qtail = &me->next;
	/* Only the thread whose job is first in the queue starts the next
	 * round, so nothing waits behind later arrivals. */
	while (!me->done && (writing || qhead != me))
		pthread_cond_wait(&me->cv, &qlock);
	if (me->done) {
		pthread_mutex_unlock(&qlock);
		pthread_cond_destroy(&me->cv);
		return;
	}
	writing = true;
	/* Take this job, and when it is an operation, the operations queued
	 * behind it (handlers keep their place for their own threads). */
	struct job *list = NULL, **tail = &list;
	int n = 0;
	for (struct job **pp = &qhead; *pp && n < BATCH_MAX;) {
		struct job *j = *pp;
		if (j == me || (me->op && j->op)) {
			*pp = j->next;
			j->next = NULL;
			*tail = j;
			tail = &j->next;
			n++;
			if (!me->op)
				break;
		} else {
			pp = &j->next;
		}
	}
	/* Re-find the tail: jobs were taken from anywhere in the queue. */
	qtail = &qhead;
	while (*qtail)
		qtail = &(*qtail)->next;
	pthread_mutex_unlock(&qlock);

	if (me->op)
		run_batch(list);
	else
		me->fn(me->r, me->body);   /* alone, with its own store and transactions */

	/* Wake exactly the threads with something to do: those answered
	 * here, and the one now first in line (a broadcast woke them all and
	 * most went back to sleep, a third of the CPU time at 64 clients). */
	pthread_mutex_lock(&qlock);
	for (struct job *j = list; j;) {
		struct job *next = j->next;
		j->done = true;   /* j may be gone once qlock is released */
		if (j != me)
			pthread_cond_signal(&j->cv);
		j = next;
	}
	writing = false;
	if (qhead)
		pthread_cond_signal(&qhead->cv);
	pthread_mutex_unlock(&qlock);
	pthread_cond_destroy(&me->cv);
}

int write_op(struct req *r, write_fn op, void *ctx, struct todo_err *e)
{
	if (!cfg.serial_writes) {
		/* PostgreSQL: every request writes on its own connection, and
		 * the store's functions make their own transactions. */
		struct store *s = req_store(r);
		if (!s)
			return err_set(e, TODO_EIO, "the database is not available");
		return op(s, ctx, e);
	}
	struct job me = {.op = op, .ctx = ctx, .e = e};
	run_queued(&me);
	return me.rc;
}

void write_run(struct req *r, route_fn fn, const cJSON *body)
{
	struct job me = {.r = r, .fn = fn, .body = body};
	run_queued(&me);
}
