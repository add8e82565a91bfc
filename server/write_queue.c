/* SPDX-License-Identifier: MIT */
/* Group commit for the SQLite store: write requests queue here, and the
 * task writes that arrive while one commit is on the disk go together into
 * the next transaction, one savepoint each, so one fsync answers many. */
#include <pthread.h>
#include <stdlib.h>
#include "server.h"

/* More than this in one transaction would only make the first ones wait. */
#define BATCH_MAX 64

struct job {
	struct req *r;
	route_fn fn;
	const cJSON *body;
	bool batch;        /* may share a transaction (a task write) */
	bool done;
	pthread_cond_t cv;   /* its thread waits here: done, or first in line */
	struct job *next;
};

/* The queue, in arrival order. Jobs live on their waiting threads' stacks. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static struct job *qhead, **qtail = &qhead;
static bool writing;   /* a thread is running writes (holds SQLite's lock) */

/* A request whose answer says it failed: its savepoint is undone. */
static bool failed(const struct req *r)
{
	return r->status >= 400 || r->store_broken;
}

/* Runs the jobs in one transaction on one store; every job gets an answer. */
static void run_batch(struct job *list)
{
	struct todo_err e;
	struct store *s = NULL;
	bool broken = false;
	int r = pool_acquire(&s, &e);
	if (r == TODO_OK)
		r = store_begin(s, &e);
	if (r != TODO_OK) {
		for (struct job *j = list; j; j = j->next)
			reply_detail(j->r, 503, "the database is not available: %s", e.msg);
		if (s)
			pool_release(s, true);
		return;
	}
	for (struct job *j = list; j; j = j->next) {
		if (store_begin(s, &e) != TODO_OK) {
			reply_err(j->r, &e);
			broken = true;
			continue;
		}
		/* The handler borrows this store (req_store returns it) and
		 * must not hand it back to the pool itself. */
		j->r->store = s;
		j->fn(j->r, j->body);
		j->r->store = NULL;
		broken |= j->r->store_broken;
		j->r->store_broken = false;
		if (failed(j->r))
			store_rollback(s);
		else if (store_commit(s, &e) != TODO_OK)
			reply_err(j->r, &e);
	}
	if (store_commit(s, &e) != TODO_OK) {
		/* Nothing of the batch is on disk: no request may say otherwise. */
		srv_log(LOG_QUIET, "error: saving a batch of writes: %s", e.msg);
		for (struct job *j = list; j; j = j->next)
			if (!failed(j->r))
				reply_detail(j->r, 500, "the change was not saved: %s", e.msg);
		store_rollback(s);
		broken = true;
	}
	pool_release(s, broken);
}

void write_run(struct req *r, route_fn fn, const cJSON *body, bool batch)
{
	struct job me = {.r = r, .fn = fn, .body = body, .batch = batch,
			 .cv = PTHREAD_COND_INITIALIZER};
	pthread_mutex_lock(&qlock);
	*qtail = &me;
	qtail = &me.next;
	/* Only the thread whose job is first in the queue starts the next
	 * round, so nothing waits behind later arrivals. */
	while (!me.done && (writing || qhead != &me))
		pthread_cond_wait(&me.cv, &qlock);
	if (me.done) {
		pthread_mutex_unlock(&qlock);
		pthread_cond_destroy(&me.cv);
		return;
	}
	writing = true;
	/* Take this job, and when it is a task write, the task writes queued
	 * behind it (others keep their place for their own threads). */
	struct job *list = NULL, **tail = &list;
	int n = 0;
	for (struct job **pp = &qhead; *pp && n < BATCH_MAX;) {
		struct job *j = *pp;
		if (j == &me || (me.batch && j->batch)) {
			*pp = j->next;
			j->next = NULL;
			*tail = j;
			tail = &j->next;
			n++;
			if (!me.batch)
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

	if (me.batch)
		run_batch(list);
	else
		fn(r, body);   /* alone, with its own store and transactions */

	/* Wake exactly the threads with something to do: those answered
	 * here, and the one now first in line (a broadcast woke them all and
	 * most went back to sleep, a third of the CPU time at 64 clients). */
	pthread_mutex_lock(&qlock);
	for (struct job *j = list; j;) {
		struct job *next = j->next;
		j->done = true;   /* j may be gone once qlock is released */
		if (j != &me)
			pthread_cond_signal(&j->cv);
		j = next;
	}
	writing = false;
	if (qhead)
		pthread_cond_signal(&qhead->cv);
	pthread_mutex_unlock(&qlock);
	pthread_cond_destroy(&me.cv);
}
