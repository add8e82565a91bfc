/* SPDX-License-Identifier: MIT */
/* Group commit for the SQLite store: writes queue here and one writer
 * thread runs them; the task writes that arrive while one commit is on the
 * disk go together into the next transaction, one savepoint each, so one
 * fsync answers many. Only the store work runs on the writer: checking the
 * request and printing the answer happen on the request's own thread. */
#include <pthread.h>
#include <semaphore.h>
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
	bool turn;             /* a handler's: run now (else: op done) */
	sem_t ready;           /* its thread waits here: done, or its turn */
	struct job *wake[2];   /* an op's: whom its thread wakes in turn */
	struct job *next;
};

/* The queue, in arrival order. Jobs live on their waiting threads' stacks. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static struct job *qhead, **qtail = &qhead;

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

/* The writer thread: runs the queue in order, a batch of operations at a
 * time, or gives a handler its turn on its own thread and waits for it.
 * A thread of its own goes straight from one commit to the next batch; when
 * the first waiting request's thread led the next round instead, waking it
 * left the database idle for 0.6 ms between commits (a quarter of the time
 * at 64 clients on 2 CPUs). */
static pthread_t writer;
static pthread_once_t writer_once = PTHREAD_ONCE_INIT;
static bool writer_started, stopping;
static bool handler_running;   /* a handler has its turn */
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;   /* a job queued, or stopping */
static pthread_cond_t turn_over = PTHREAD_COND_INITIALIZER;  /* a handler finished */

/* Wakes the n threads of a finished batch. Waking a thread costs its waker
 * a system call and a trip through the scheduler: done one by one on the
 * writer it was a sixth of the writer's time, with the next batch waiting.
 * So the writer wakes one, and every woken thread wakes two more (a binary
 * tree: 64 threads are up after six rounds, the work spread over them). */
static void wake_all(struct job *list)
{
	struct job *v[BATCH_MAX];   /* a batch has at most BATCH_MAX jobs */
	int k = 0;
	for (struct job *j = list; j; j = j->next)
		v[k++] = j;
	for (int i = 0; i < k; i++) {
		v[i]->wake[0] = 2 * i + 1 < k ? v[2 * i + 1] : NULL;
		v[i]->wake[1] = 2 * i + 2 < k ? v[2 * i + 2] : NULL;
	}
	if (k)
		sem_post(&v[0]->ready);
}

static void *writer_main(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&qlock);
	for (;;) {
		while (!qhead && !stopping)
			pthread_cond_wait(&work, &qlock);
		if (!qhead)
			break;   /* stopping, and nothing left to run */
		struct job *first = qhead;
		if (!first->op) {
			/* A handler runs alone, on its own thread. */
			qhead = first->next;
			if (!qhead)
				qtail = &qhead;
			first->turn = true;
			handler_running = true;
			sem_post(&first->ready);
			/* Not a flag in first: it is gone once its thread returns. */
			while (handler_running)
				pthread_cond_wait(&turn_over, &qlock);
			continue;
		}
		/* Every operation queued (up to BATCH_MAX), wherever it stands:
		 * handlers keep their places. */
		struct job *list = NULL, **tail = &list;
		int n = 0;
		for (struct job **pp = &qhead; *pp && n < BATCH_MAX;) {
			struct job *j = *pp;
			if (j->op) {
				*pp = j->next;
				j->next = NULL;
				*tail = j;
				tail = &j->next;
				n++;
			} else {
				pp = &j->next;
			}
		}
		qtail = &qhead;
		while (*qtail)
			qtail = &(*qtail)->next;
		pthread_mutex_unlock(&qlock);
		run_batch(list);
		wake_all(list);
		pthread_mutex_lock(&qlock);
	}
	pthread_mutex_unlock(&qlock);
	return NULL;
}

static void writer_start(void)
{
	writer_started = pthread_create(&writer, NULL, writer_main, NULL) == 0;
}

void write_queue_stop(void)
{
	pthread_mutex_lock(&qlock);
	bool started = writer_started;
	writer_started = false;   /* joined once; later writes are refused */
	stopping = true;
	pthread_cond_signal(&work);
	pthread_mutex_unlock(&qlock);
	if (started)
		pthread_join(writer, NULL);
}

/* Queues me and waits for my answer, or for my turn to run my handler. */
static void run_queued(struct job *me)
{
	pthread_once(&writer_once, writer_start);
	pthread_mutex_lock(&qlock);
	if (!writer_started || stopping) {
		const char *why = stopping ? "the server is stopping"
					   : "the server could not start its writer thread";
		pthread_mutex_unlock(&qlock);
		/* Nothing can run it: answer as a store that is not there. */
		if (me->op)
			me->rc = err_set(me->e, TODO_EIO, "%s", why);
		else
			reply_detail(me->r, 503, "%s", why);
		return;
	}
	sem_init(&me->ready, 0, 0);
	*qtail = me;
	qtail = &me->next;
	pthread_cond_signal(&work);
	pthread_mutex_unlock(&qlock);
	/* The post also publishes what the writer wrote into me. */
	while (sem_wait(&me->ready) != 0)
		;   /* EINTR */
	/* Pass the wake-up on (see wake_all). Each of them is still waiting,
	 * so still there; once posted it may return at once. */
	struct job *a = me->wake[0], *b = me->wake[1];
	if (a)
		sem_post(&a->ready);
	if (b)
		sem_post(&b->ready);
	if (me->turn) {
		me->fn(me->r, me->body);   /* alone, with its own store and transactions */
		pthread_mutex_lock(&qlock);
		handler_running = false;
		pthread_cond_signal(&turn_over);
		pthread_mutex_unlock(&qlock);
	}
	sem_destroy(&me->ready);
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
