/* SPDX-License-Identifier: MIT */
/* Unit tests: the SQLite write queue (group commit). Store operations that
 * queue while another write runs share one transaction on the writer
 * thread; an operation that fails leaves nothing behind; whole handlers
 * (chat, sync, MCP) run alone on their own thread. Also nested store_begin
 * (savepoints), which the queue relies on, on SQLite and, with
 * TODO_TEST_PG_URL set (tests/server/pg.sh), on PostgreSQL. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../../server/server.h"
#include "t.h"

static char dir[] = "/tmp/todo-srv-writes-XXXXXX";

#define NJOBS 64

/* What each job's handler saw; indexed by the request's id. */
static struct seen {
	pthread_t thread;     /* the thread that ran the handler */
	struct store *store;  /* the store it was given */
	bool ran;
} seen[NJOBS];

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Adds a task titled "job N"; with fail_odd and N odd it then fails, as an
 * operation that finds a problem after writing would. */
static bool fail_odd;
static int add_op(struct store *st, void *ctx, struct todo_err *e)
{
	struct seen *s = ctx;
	long long id = s - seen;
	s->thread = pthread_self();
	s->store = st;
	s->ran = true;
	struct task t;
	task_init(&t);
	t.user_id = xstrdup("alice");
	t.title = xasprintf("job %lld", id);
	int rc = store_task_add(st, &t, e);
	task_release(&t);
	if (rc == TODO_OK && fail_odd && id % 2)
		rc = err_set(e, TODO_EINVAL, "refused after writing");
	return rc;
}

/* Holds the writer's place for a while, so others queue behind it. */
static void slow_handler(struct req *r, const cJSON *body)
{
	seen[r->id].thread = pthread_self();
	seen[r->id].ran = true;
	sleep_ms(300);
	reply_empty(r, 200);
}

struct job_arg {
	int id;
	bool batch;        /* a store operation (else a whole handler) */
	route_fn fn;
	int status;        /* 201 for a saved op, 422 for a failed one */
	pthread_t self;
};

static int run_job(struct job_arg *a)
{
	struct req r = {.method = "POST", .path = "/test", .id = a->id};
	struct todo_err e;
	int status;
	if (a->batch) {
		status = write_op(&r, add_op, &seen[a->id], &e) == TODO_OK ? 201 : 422;
	} else {
		write_run(&r, a->fn, NULL);
		status = r.status;
	}
	pool_release(r.store, r.store_broken);
	free(r.out);
	return status;
}

static void *job_thread(void *p)
{
	struct job_arg *a = p;
	a->self = pthread_self();
	a->status = run_job(a);
	return NULL;
}

static bool task_exists(const char *title)
{
	struct store *s;
	struct todo_err e;
	if (pool_acquire(&s, &e) != TODO_OK)
		return false;
	struct task_filter f;
	task_filter_init(&f);
	f.query = title;
	int64_t n = 0;
	store_task_count(s, "alice", &f, &n, &e);
	pool_release(s, false);
	return n > 0;
}

/* One slow writer first; jobs 1..n queue behind it and must then run as one
 * batch on one thread (the writer's) with one store. */
static void batching(int n, bool fail)
{
	memset(seen, 0, sizeof seen);
	fail_odd = fail;
	struct job_arg args[NJOBS];
	pthread_t th[NJOBS];
	args[0] = (struct job_arg){.id = 0, .fn = slow_handler};
	pthread_create(&th[0], NULL, job_thread, &args[0]);
	sleep_ms(50);
	for (int i = 1; i <= n; i++) {
		args[i] = (struct job_arg){.id = i, .batch = true};
		pthread_create(&th[i], NULL, job_thread, &args[i]);
	}
	for (int i = 0; i <= n; i++)
		pthread_join(th[i], NULL);
	bool all_ran = true, one_thread = true, one_store = true, statuses = true;
	int foreign = 0;
	for (int i = 1; i <= n; i++) {
		all_ran &= seen[i].ran;
		one_thread &= pthread_equal(seen[i].thread, seen[1].thread) != 0;
		one_store &= seen[i].store == seen[1].store && seen[i].store != NULL;
		foreign += !pthread_equal(seen[i].thread, args[i].self);
		int want = fail && i % 2 ? 422 : 201;
		statuses &= args[i].status == want;
	}
	char name[80];
	snprintf(name, sizeof name, "batch of %d%s: every operation got its own status", n,
		 fail ? " with failures" : "");
	CHECK(name, all_ran && statuses && args[0].status == 200);
	snprintf(name, sizeof name, "batch of %d: the queued jobs ran on one thread with one store", n);
	CHECK(name, one_thread && one_store);
	snprintf(name, sizeof name, "batch of %d: on the writer's thread, not the requests'", n);
	CHECK(name, foreign == n);
	bool kept = true, undone = true;
	for (int i = 1; i <= n; i++) {
		char title[32];
		snprintf(title, sizeof title, "job %d", i);
		bool there = task_exists(title);
		if (fail && i % 2)
			undone &= !there;
		else
			kept &= there;
	}
	snprintf(name, sizeof name, "batch of %d: answered writes are saved", n);
	CHECK(name, kept);
	if (fail) {
		snprintf(name, sizeof name, "batch of %d: failed operations are undone", n);
		CHECK(name, undone);
	}
}

static void wipe(void)
{
	struct store *s;
	struct todo_err e;
	if (pool_acquire(&s, &e) != TODO_OK)
		return;
	/* Delete what the last round left, through the store. */
	for (int64_t id = 1; id < 2000; id++)
		store_task_delete(s, "alice", id, &e);
	pool_release(s, false);
}

/* Adds "job N" from a whole handler, as chat, sync and MCP write. */
static void add_handler(struct req *r, const cJSON *body)
{
	struct todo_err e;
	struct store *s = req_store(r);
	seen[r->id].thread = pthread_self();
	seen[r->id].ran = true;
	if (!s)
		return;
	if (add_op(s, &seen[r->id], &e) != TODO_OK)
		reply_err(r, &e);
	else
		reply_empty(r, 201);
}

/* A handler runs alone on its own thread; an op queued after it still runs. */
static void alone(void)
{
	memset(seen, 0, sizeof seen);
	fail_odd = false;
	struct job_arg args[3];
	pthread_t th[3];
	args[0] = (struct job_arg){.id = 0, .fn = slow_handler};
	pthread_create(&th[0], NULL, job_thread, &args[0]);
	sleep_ms(50);
	args[1] = (struct job_arg){.id = 1, .fn = add_handler};
	args[2] = (struct job_arg){.id = 2, .batch = true};
	pthread_create(&th[1], NULL, job_thread, &args[1]);
	sleep_ms(20);
	pthread_create(&th[2], NULL, job_thread, &args[2]);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	CHECK("alone: the handler ran on its own thread",
	      seen[1].ran && pthread_equal(seen[1].thread, args[1].self) && args[1].status == 201);
	CHECK("alone: the operation after it ran too", seen[2].ran && args[2].status == 201);
	CHECK("alone: both saved", task_exists("job 1") && task_exists("job 2"));
}

/* Many threads, mixed kinds: every job is answered (no lost wake-up). */
static void *stress_thread(void *p)
{
	struct job_arg *a = p;
	for (int k = 0; k < 20; k++) {
		struct job_arg one = {.id = a->id, .batch = (k + a->id) % 5 != 0, .fn = add_handler};
		int st = run_job(&one);
		/* Keep the first answer that was not 201, if any. */
		if (a->status == 0 || a->status == 201)
			a->status = st;
	}
	return NULL;
}

static void stress(void)
{
	fail_odd = false;
	struct job_arg args[32];
	pthread_t th[32];
	for (int i = 0; i < 32; i++) {
		args[i] = (struct job_arg){.id = i};
		pthread_create(&th[i], NULL, stress_thread, &args[i]);
	}
	bool ok = true;
	for (int i = 0; i < 32; i++) {
		pthread_join(th[i], NULL);
		ok &= args[i].status == 201;
	}
	CHECK("stress: 640 mixed writes from 32 threads all answered 201", ok);
	struct store *s;
	struct todo_err e;
	int64_t n = -1;
	if (pool_acquire(&s, &e) == TODO_OK) {
		struct task_filter f;
		task_filter_init(&f);
		store_task_count(s, "alice", &f, &n, &e);
		pool_release(s, false);
	}
	CHECK("stress: 640 tasks saved", n == 640);
}

/* Stopping runs what is already queued, then refuses new writes. */
static void stopping(void)
{
	memset(seen, 0, sizeof seen);
	fail_odd = false;
	struct job_arg args[6];
	pthread_t th[6];
	args[0] = (struct job_arg){.id = 0, .fn = slow_handler};
	pthread_create(&th[0], NULL, job_thread, &args[0]);
	sleep_ms(50);
	for (int i = 1; i < 6; i++) {
		args[i] = (struct job_arg){.id = 40 + i, .batch = true};
		pthread_create(&th[i], NULL, job_thread, &args[i]);
	}
	sleep_ms(50);
	write_queue_stop();   /* while the handler holds its turn, 5 ops queued */
	bool ok = true;
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		ok &= args[i].status == (i ? 201 : 200);
	}
	CHECK("stop: the queued writes ran and were answered", ok && task_exists("job 45"));
	struct job_arg late = {.id = 50, .batch = true};
	CHECK("stop: a later operation is refused", run_job(&late) == 422 && !seen[50].ran);
	struct req r = {.method = "POST", .path = "/test", .id = 51};
	write_run(&r, add_handler, NULL);
	CHECK("stop: a later handler gets 503", r.status == 503 && !seen[51].ran);
	free(r.out);
	write_queue_stop();   /* twice is harmless */
}

static int title_cb(const struct task *t, void *ctx)
{
	struct buf *b = ctx;
	buf_printf(b, "%s%s", b->len ? "," : "", t->title);
	return 0;
}

/* The titles of user's tasks in id order, comma-separated; caller frees. */
static char *titles(struct store *s, const char *user)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	struct task_filter f;
	task_filter_init(&f);
	store_task_list(s, user, &f, title_cb, &b, NULL);
	return buf_take(&b);
}

static bool add_titled(struct store *s, const char *user, const char *title)
{
	struct task t;
	struct todo_err e;
	task_init(&t);
	t.user_id = xstrdup(user);
	t.title = xstrdup(title);
	int rc = store_task_add(s, &t, &e);
	task_release(&t);
	return rc == TODO_OK;
}

/* begin inside a transaction is a savepoint: its rollback undoes only what
 * followed it, its commit keeps it for the outer commit. */
static void nesting(const char *kind, const char *url)
{
	struct store *s;
	struct todo_err e;
	char name[96], user[64];
	snprintf(user, sizeof user, "nest-%ld", (long)getpid());
	snprintf(name, sizeof name, "%s: open", kind);
	CHECK(name, store_open_url(url, &s, &e) == TODO_OK);
	bool ok = store_begin(s, &e) == TODO_OK && add_titled(s, user, "outer") &&
		  store_begin(s, &e) == TODO_OK && add_titled(s, user, "undone");
	store_rollback(s);
	ok = ok && store_begin(s, &e) == TODO_OK && add_titled(s, user, "inner") &&
	     store_commit(s, &e) == TODO_OK && store_commit(s, &e) == TODO_OK;
	snprintf(name, sizeof name, "%s: nested begin, rollback and commit", kind);
	CHECK(name, ok);
	char *got = titles(s, user);
	snprintf(name, sizeof name, "%s: only the inner rollback's write is gone", kind);
	CHECK_STR(name, got, "outer,inner");
	free(got);
	ok = store_begin(s, &e) == TODO_OK && store_begin(s, &e) == TODO_OK && add_titled(s, user, "lost");
	store_rollback(s);
	store_rollback(s);
	got = titles(s, user);
	snprintf(name, sizeof name, "%s: rolling back both levels undoes all", kind);
	CHECK(name, ok && strcmp(got, "outer,inner") == 0);
	free(got);
	snprintf(name, sizeof name, "%s: usable afterwards", kind);
	CHECK(name, add_titled(s, user, "after"));
	store_close(s);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char db[256];
	snprintf(db, sizeof db, "sqlite:%s/w.db", dir);
	struct todo_err e;
	cfg.log_level = LOG_QUIET;
	store_sqlite_threads_init();
	const char *pg = getenv("TODO_TEST_PG_URL");
	if (pg && *pg)
		nesting("postgresql", pg);
	nesting("sqlite", db);
	CHECK("pool", pool_init(db, 8, &e) == TODO_OK);
	CHECK("sqlite writes are queued", cfg.serial_writes);
	batching(6, false);
	wipe();
	batching(9, true);
	wipe();
	alone();
	wipe();
	stress();
	stopping();
	pool_shutdown();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return T_DONE();
}
