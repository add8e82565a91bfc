/* SPDX-License-Identifier: MIT */
/* Unit tests: sync between several SQLite replicas and a server store in
 * one process (the transport can lose requests and replies), conflict
 * rules, idempotent ops, and a seeded random run that must converge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store.h"
#include "sync.h"
#include "util.h"
#include "t.h"

static char dir[] = "/tmp/todo-sync-XXXXXX";
static struct store *server;

/* The in-process transport: 1 drops the request before the server sees
 * it, 2 drops the reply after the server committed. */
struct wire {
	const char *user;
	int fail_next;
	int calls;
};

static int post(void *ctx, const char *body, struct http_reply *r, struct todo_err *e)
{
	struct wire *w = ctx;
	memset(r, 0, sizeof *r);
	r->retry_after_s = -1;
	w->calls++;
	if (w->fail_next == 1) {
		w->fail_next = 0;
		return err_set(e, TODO_ENET, "connection refused (test)");
	}
	cJSON *req = cJSON_Parse(body);
	int status = 0;
	cJSON *reply = sync_serve(server, w->user, req, &status, e);
	cJSON_Delete(req);
	if (!reply)
		return TODO_EIO;
	char *text = cJSON_PrintUnformatted(reply);
	cJSON_Delete(reply);
	if (w->fail_next == 2) {
		w->fail_next = 0;
		cJSON_free(text);
		return err_set(e, TODO_ENET, "connection reset (test)");
	}
	r->status = status;
	r->body = xstrdup(text);
	cJSON_free(text);
	return TODO_OK;
}

static struct store *open_db(const char *name)
{
	char path[256];
	struct store *s = NULL;
	snprintf(path, sizeof path, "%s/%s.db", dir, name);
	if (store_sqlite_open(path, &s, NULL) != TODO_OK)
		abort();
	return s;
}

static int do_sync(struct store *s, struct wire *w)
{
	struct sync_login l = {"http://test", "t", "alice"};
	struct sync_stats st;
	struct todo_err e;
	int r = sync_run_with(s, "local", &l, post, w, &st, &e);
	if (r != TODO_OK && w->fail_next == 0 && strstr(e.msg, "(test)") == NULL)
		printf("# sync error: %s\n", e.msg);
	return r;
}

static int64_t add(struct store *s, const char *title)
{
	struct task t;
	task_init(&t);
	t.user_id = xstrdup("local");
	t.title = xstrdup(title);
	int64_t id = store_task_add(s, &t, NULL) == TODO_OK ? t.id : 0;
	task_release(&t);
	return id;
}

struct snap {
	struct buf b;
};

static int snap_cb(const struct task *t, void *ctx)
{
	struct buf *b = ctx;
	char *tags = task_tags_json(t);
	buf_printf(b, "%s|%s|%s|%d|%s|%s|%s\n", t->uuid, t->title, t->description, t->completed,
		   prio_name(t->priority), t->due ? t->due : "-", tags);
	free(tags);
	return 0;
}

/* Every live task of a user, in uuid order, as text. */
static char *snapshot(struct store *s, const char *user)
{
	struct buf b;
	buf_init(&b);
	struct task_filter f;
	task_filter_init(&f);
	/* uuid order: sort in memory via a sorted list of lines. */
	store_task_list(s, user, &f, snap_cb, &b, NULL);
	char *text = buf_take(&b);
	size_t n = 0;
	for (char *p = text; *p; p++)
		n += *p == '\n';
	char **lines = xcalloc(n + 1, sizeof *lines);
	size_t i = 0;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		lines[i++] = l;
	for (size_t a = 0; a < i; a++)
		for (size_t c = a + 1; c < i; c++)
			if (strcmp(lines[a], lines[c]) > 0) {
				char *x = lines[a];
				lines[a] = lines[c];
				lines[c] = x;
			}
	buf_init(&b);
	for (size_t a = 0; a < i; a++)
		buf_printf(&b, "%s\n", lines[a]);
	free(lines);
	free(text);
	return buf_take(&b);
}

static int find_cb(const struct task *t, void *ctx)
{
	*(int64_t *)ctx = t->id;
	return 1;
}

static int64_t find(struct store *s, const char *title)
{
	struct task_filter f;
	task_filter_init(&f);
	f.query = title;
	int64_t id = 0;
	store_task_list(s, "local", &f, find_cb, &id, NULL);
	return id;
}

static void set_field(struct store *s, int64_t id, unsigned field, const char *val)
{
	struct task t;
	if (store_task_get(s, "local", id, &t, NULL) != TODO_OK)
		return;
	if (field == TF_TITLE) {
		free(t.title);
		t.title = xstrdup(val);
	} else if (field == TF_DESC) {
		free(t.description);
		t.description = xstrdup(val);
	} else if (field == TF_PRIO) {
		prio_parse(val, &t.priority, NULL);
	} else if (field == TF_COMPLETED) {
		t.completed = val[0] == '1';
	} else if (field == TF_DUE) {
		free(t.due);
		t.due = val ? xstrdup(val) : NULL;
	}
	store_task_update(s, &t, field, NULL);
	task_release(&t);
}

static void scenarios(void)
{
	struct store *a = open_db("a"), *b = open_db("b");
	struct wire w = {"alice", 0, 0};
	add(a, "Buy milk");
	add(a, "Call mom");
	CHECK("first push", do_sync(a, &w) == TODO_OK);
	CHECK("full pull on an empty replica", do_sync(b, &w) == TODO_OK);
	char *sa = snapshot(a, "local"), *sb = snapshot(b, "local"), *ss = snapshot(server, "alice");
	CHECK("replicas hold the same tasks", strcmp(sa, sb) == 0 && strlen(sa) > 0);
	CHECK("the server holds them for the token's user", strcmp(sa, ss) == 0);
	free(sa), free(sb), free(ss);

	/* Different fields edited on two machines both survive. */
	int64_t ma = find(a, "Buy milk"), mb = find(b, "Buy milk");
	set_field(a, ma, TF_TITLE, "Buy oat milk");
	set_field(b, mb, TF_PRIO, "high");
	do_sync(a, &w), do_sync(b, &w), do_sync(a, &w);
	struct task t;
	store_task_get(a, "local", ma, &t, NULL);
	CHECK("edits to different fields both survive", strcmp(t.title, "Buy oat milk") == 0 && t.priority == PRIO_HIGH);
	task_release(&t);
	/* The same field: the later edit wins everywhere. */
	set_field(a, ma, TF_DESC, "first");
	usleep(3000);
	set_field(b, mb, TF_DESC, "second");
	do_sync(b, &w), do_sync(a, &w), do_sync(b, &w);
	store_task_get(a, "local", ma, &t, NULL);
	CHECK("same field: the later edit wins", strcmp(t.description, "second") == 0);
	task_release(&t);
	/* Completion on one side, a title edit on the other: both kept. */
	set_field(a, ma, TF_COMPLETED, "1");
	set_field(b, mb, TF_TITLE, "Buy soy milk");
	do_sync(a, &w), do_sync(b, &w), do_sync(a, &w);
	store_task_get(b, "local", mb, &t, NULL);
	CHECK("completion and a title edit both kept", t.completed && strcmp(t.title, "Buy soy milk") == 0);
	task_release(&t);
	/* Update vs delete, in both orders: deleted everywhere. */
	int64_t ca = find(a, "Call mom"), cb = find(b, "Call mom");
	store_task_delete(a, "local", ca, NULL);
	usleep(3000);
	set_field(b, cb, TF_TITLE, "Call mom tonight");
	do_sync(b, &w), do_sync(a, &w), do_sync(b, &w);
	CHECK("a later edit does not bring a deleted task back", find(b, "Call mom") == 0 && find(a, "Call mom") == 0);
	int64_t x = add(a, "Water plants");
	do_sync(a, &w), do_sync(b, &w);
	set_field(a, x, TF_DUE, "2026-04-01");
	store_task_delete(b, "local", find(b, "Water plants"), NULL);
	do_sync(a, &w), do_sync(b, &w), do_sync(a, &w);
	CHECK("delete after edit: deleted on both", find(a, "Water plants") == 0 && find(b, "Water plants") == 0);
	/* Create and delete before the first sync: nothing appears anywhere. */
	int64_t y = add(a, "Ephemeral");
	store_task_delete(a, "local", y, NULL);
	do_sync(a, &w), do_sync(b, &w);
	CHECK("created and deleted before a sync: nowhere", find(b, "Ephemeral") == 0);

	/* The reply is lost after the server committed: the retry applies
	 * nothing twice. */
	add(a, "Exactly once");
	w.fail_next = 2;
	CHECK("a lost reply fails the sync", do_sync(a, &w) != TODO_OK);
	CHECK("the retry succeeds", do_sync(a, &w) == TODO_OK);
	do_sync(b, &w);
	char *snap_b = snapshot(b, "local");
	int count = 0;
	for (char *p = snap_b; (p = strstr(p, "|Exactly once|")); p++)
		count++;
	CHECK("exactly one task after a lost reply", count == 1);
	free(snap_b);
	/* The request is lost before the server: the retry applies it once. */
	add(b, "Sent twice");
	w.fail_next = 1;
	CHECK("a lost request fails the sync", do_sync(b, &w) != TODO_OK);
	do_sync(b, &w), do_sync(a, &w);
	CHECK("a lost request is sent again", find(a, "Sent twice") > 0);

	/* More than 100 ops go in several requests. */
	for (int i = 0; i < 250; i++) {
		char title[32];
		snprintf(title, sizeof title, "Bulk %d", i);
		add(a, title);
	}
	w.calls = 0;
	CHECK("250 ops sync", do_sync(a, &w) == TODO_OK);
	CHECK("in at least three requests", w.calls >= 3);
	w.calls = 0;
	do_sync(b, &w);
	sa = snapshot(a, "local"), sb = snapshot(b, "local");
	CHECK("both replicas converge after bulk", strcmp(sa, sb) == 0);
	free(sa), free(sb);

	/* A garbage cursor means a full sync, and the outbox is kept. */
	store_meta_set(b, "sync_cursor", "garbage", NULL);
	add(b, "Kept through a full sync");
	CHECK("garbage cursor: sync still works", do_sync(b, &w) == TODO_OK);
	do_sync(a, &w);
	CHECK("outbox kept through a full sync", find(a, "Kept through a full sync") > 0);

	/* Server side: one bad op does not stop the others; ids apply once;
	 * another user's uuid is refused without a change. */
	cJSON *req = cJSON_Parse("{\"protocol\":1,\"cursor\":\"*\",\"ops\":["
				 "{\"op_id\":\"op-1\",\"task_uuid\":\"11111111-1111-4111-8111-111111111111\",\"kind\":\"create\",\"ts_ms\":1,\"fields\":{\"title\":\"Bob's\"}},"
				 "{\"op_id\":\"op-2\",\"task_uuid\":\"22222222-2222-4222-8222-222222222222\",\"kind\":\"create\",\"ts_ms\":1,\"fields\":{\"title\":\"\"}},"
				 "{\"op_id\":\"op-3\",\"task_uuid\":\"33333333-3333-4333-8333-333333333333\",\"kind\":\"frob\",\"ts_ms\":1,\"fields\":{}}]}");
	int status;
	struct todo_err e;
	cJSON *rep = sync_serve(server, "bob", req, &status, &e);
	cJSON *res = cJSON_GetObjectItem(rep, "results");
	CHECK("per-op status: good op ok", cJSON_IsString(cJSON_GetObjectItem(res, "op-1")));
	CHECK("per-op status: empty title refused", cJSON_IsObject(cJSON_GetObjectItem(res, "op-2")));
	CHECK("per-op status: bad kind refused", cJSON_IsObject(cJSON_GetObjectItem(res, "op-3")));
	cJSON_Delete(rep);
	rep = sync_serve(server, "bob", req, &status, &e);
	cJSON_Delete(rep);
	char *bob = snapshot(server, "bob");
	count = 0;
	for (char *p = bob; (p = strstr(p, "|Bob's|")); p++)
		count++;
	CHECK("a repeated op id applies once", count == 1);
	free(bob);
	cJSON_Delete(req);
	req = cJSON_Parse("{\"protocol\":1,\"ops\":[{\"op_id\":\"op-9\",\"task_uuid\":\"11111111-1111-4111-8111-111111111111\","
			  "\"kind\":\"set\",\"ts_ms\":99999999999,\"fields\":{\"title\":\"hijacked\"}}]}");
	rep = sync_serve(server, "alice", req, &status, &e);
	res = cJSON_GetObjectItem(rep, "results");
	CHECK("another user's uuid is refused", cJSON_IsObject(cJSON_GetObjectItem(res, "op-9")));
	bob = snapshot(server, "bob");
	CHECK("and nothing changed", strstr(bob, "hijacked") == NULL);
	free(bob);
	cJSON_Delete(rep);
	cJSON_Delete(req);
	req = cJSON_Parse("{\"protocol\":7}");
	rep = sync_serve(server, "alice", req, &status, &e);
	CHECK("another protocol version is refused", status == 400);
	cJSON_Delete(rep);
	cJSON_Delete(req);
	/* Equal timestamps: the larger op id wins, in either order. */
	const char *o1 = "{\"op_id\":\"aaa\",\"task_uuid\":\"44444444-4444-4444-8444-444444444444\",\"kind\":\"create\",\"ts_ms\":5,\"fields\":{\"title\":\"A\"}}";
	const char *o2 = "{\"op_id\":\"zzz\",\"task_uuid\":\"44444444-4444-4444-8444-444444444444\",\"kind\":\"set\",\"ts_ms\":5,\"fields\":{\"title\":\"Z\"}}";
	const char *o3 = "{\"op_id\":\"mmm\",\"task_uuid\":\"44444444-4444-4444-8444-444444444444\",\"kind\":\"set\",\"ts_ms\":5,\"fields\":{\"title\":\"M\"}}";
	const char *seq[] = {o1, o2, o3};
	for (int i = 0; i < 3; i++) {
		cJSON *op = cJSON_Parse(seq[i]);
		cJSON *result = NULL;
		store_sync_apply(server, "carol", op, &result, &e);
		cJSON_Delete(result);
		cJSON_Delete(op);
	}
	char *carol = snapshot(server, "carol");
	CHECK("equal timestamps: the larger op id wins", strstr(carol, "|Z|") != NULL);
	free(carol);

	store_close(a);
	store_close(b);
}

/* A seeded random run: three replicas, a few hundred actions, random syncs
 * and lost messages; after syncing all twice they hold the same tasks. */
static void random_run(unsigned seed)
{
	char name[32];
	struct store *r[3];
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "rand%u_%d", seed, i);
		r[i] = open_db(name);
	}
	char user[32];
	snprintf(user, sizeof user, "rand%u", seed);
	struct wire w = {user, 0, 0};
	srand(seed);
	int made = 0;
	for (int step = 0; step < 300; step++) {
		struct store *s = r[rand() % 3];
		int what = rand() % 10;
		struct task_filter f;
		task_filter_init(&f);
		f.sort = SORT_ID;
		int64_t n = 0;
		store_task_count(s, "local", &f, &n, NULL);
		int64_t pick = 0;
		if (n > 0) {
			f.offset = rand() % n;
			f.limit = 1;
			store_task_list(s, "local", &f, find_cb, &pick, NULL);
		}
		char val[32];
		snprintf(val, sizeof val, "v%d", step);
		if (what < 3 || !pick) {
			snprintf(val, sizeof val, "Task %d", made++);
			add(s, val);
		} else if (what == 3) {
			set_field(s, pick, TF_TITLE, val);
		} else if (what == 4) {
			set_field(s, pick, TF_DESC, val);
		} else if (what == 5) {
			set_field(s, pick, TF_COMPLETED, rand() % 2 ? "1" : "0");
		} else if (what == 6) {
			set_field(s, pick, TF_PRIO, rand() % 2 ? "high" : "low");
		} else if (what == 7) {
			store_task_delete(s, "local", pick, NULL);
		} else {
			w.fail_next = rand() % 4 == 0 ? 1 + rand() % 2 : 0;
			do_sync(s, &w);
			w.fail_next = 0;
		}
	}
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 3; i++)
			do_sync(r[i], &w);
	char *s0 = snapshot(r[0], "local"), *s1 = snapshot(r[1], "local"), *s2 = snapshot(r[2], "local");
	char *sv = snapshot(server, user);
	char label[80];
	snprintf(label, sizeof label, "seed %u: three replicas converge", seed);
	CHECK(label, strcmp(s0, s1) == 0 && strcmp(s1, s2) == 0);
	snprintf(label, sizeof label, "seed %u: the server agrees", seed);
	CHECK(label, strcmp(s0, sv) == 0);
	/* No duplicates: every uuid once. */
	int lines = 0, dup = 0;
	for (char *p = s0; *p; p++)
		lines += *p == '\n';
	for (char *p = s0; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		char uuid[37];
		snprintf(uuid, sizeof uuid, "%.36s", p);
		int seen = 0;
		for (char *q = s0; (q = strstr(q, uuid)); q++)
			seen++;
		dup += seen > 1;
	}
	snprintf(label, sizeof label, "seed %u: no task twice (%d tasks)", seed, lines);
	CHECK(label, dup == 0);
	free(s0), free(s1), free(s2), free(sv);
	for (int i = 0; i < 3; i++)
		store_close(r[i]);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	server = open_db("server");
	scenarios();
	for (unsigned seed = 1; seed <= 5; seed++)
		random_run(seed);
	store_close(server);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return T_DONE();
}
