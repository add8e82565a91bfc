/* SPDX-License-Identifier: MIT */
/* The sync client loop, the login file and retry policy. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "http_client.h"
#include "paths.h"
#include "sync.h"
#include "util.h"

#define RETRIES 4

void sync_login_release(struct sync_login *l)
{
	free(l->server);
	free(l->token);
	free(l->remote_user);
	memset(l, 0, sizeof *l);
}

int sync_login_load(struct sync_login *l, struct todo_err *e)
{
	memset(l, 0, sizeof *l);
	char *path = path_config("login.json");
	FILE *f = fopen(path, "r");
	if (!f) {
		err_set(e, TODO_ENOTFOUND, "not logged in to a server; run: todo login --server URL --token TOKEN");
		free(path);
		return TODO_ENOTFOUND;
	}
	char buf[16384];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	cJSON *o = cJSON_Parse(buf);
	const char *srv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "server"));
	const char *tok = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "token"));
	const char *usr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "user"));
	int r = TODO_OK;
	if (!srv || !tok || !usr) {
		r = err_set(e, TODO_EINVAL, "%s is damaged; run todo login again", path);
	} else {
		l->server = xstrdup(srv);
		l->token = xstrdup(tok);
		l->remote_user = xstrdup(usr);
	}
	cJSON_Delete(o);
	free(path);
	return r;
}

int sync_login_save(const struct sync_login *l, struct todo_err *e)
{
	char *path = path_config("login.json");
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	char *p = dir;
	while ((p = strchr(p + 1, '/'))) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	mkdir(dir, 0700);
	free(dir);
	char *tmp = xasprintf("%s.tmp", path);
	/* 0600 from the start: the token must never be readable by others,
	 * not even for a moment. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int r = TODO_OK;
	if (fd < 0) {
		r = err_set(e, TODO_EIO, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fchmod(fd, 0600);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "server", l->server);
	cJSON_AddStringToObject(o, "token", l->token);
	cJSON_AddStringToObject(o, "user", l->remote_user);
	char *text = cJSON_Print(o);
	cJSON_Delete(o);
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	cJSON_free(text);
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		r = err_set(e, TODO_EIO, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	free(path);
	return r;
}

/* Decodes base64url (no padding needed) into out; returns the length or
 * -1 on a character outside the alphabet. out holds at least len*3/4+3. */
static long b64url_decode(const char *in, size_t len, unsigned char *out)
{
	unsigned acc = 0;
	int bits = 0;
	long n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
			: c >= '0' && c <= '9' ? c - '0' + 52 : c == '-' || c == '+' ? 62
			: c == '_' || c == '/' ? 63 : c == '=' ? -2 : -1;
		if (v == -2)
			break;
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

char *sync_token_subject(const char *token, struct todo_err *e)
{
	const char *dot1 = strchr(token, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot1 || !dot2 || dot2 - dot1 - 1 > 8000) {
		err_set(e, TODO_EINVAL, "that token is not a JWT (three parts separated by dots)");
		return NULL;
	}
	size_t n = (size_t)(dot2 - dot1 - 1);
	unsigned char *raw = xmalloc(n + 4);
	long len = b64url_decode(dot1 + 1, n, raw);
	char *sub = NULL;
	if (len > 0) {
		raw[len] = '\0';
		cJSON *o = cJSON_Parse((char *)raw);
		const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "sub"));
		if (s && *s)
			sub = xstrdup(s);
		cJSON_Delete(o);
	}
	free(raw);
	if (!sub)
		err_set(e, TODO_EINVAL, "that token names no user (no \"sub\" claim)");
	return sub;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* One request with the retry policy: network errors, 429 and 5xx are tried
 * again with growing, jittered waits (Retry-After honoured up to a minute);
 * 4xx answers are final. */
static int post_with_retry(const char *url, const struct sync_login *l, const char *body,
			   struct http_reply *r, struct todo_err *e)
{
	const char *t = getenv("TODO_SYNC_TIMEOUT");
	long timeout = t && atol(t) > 0 ? atol(t) : 60;
	long base = getenv("TODO_SYNC_BACKOFF_MS") ? atol(getenv("TODO_SYNC_BACKOFF_MS")) : 500;
	for (int attempt = 0;; attempt++) {
		int rc = http_post_json(url, l->token, body, timeout, r, e);
		bool again = rc != TODO_OK || r->status == 429 || r->status >= 500;
		if (!again || attempt == RETRIES)
			return rc;
		long wait = base << attempt;
		if (wait > 8000)
			wait = 8000;
		wait += wait > 3 ? rand() % (wait / 4 + 1) : 0;
		if (r->retry_after_s >= 0 && r->retry_after_s <= 60)
			wait = r->retry_after_s * 1000;
		http_reply_release(r);
		sleep_ms(wait);
	}
}

static int http_error(const struct sync_login *l, const struct http_reply *r, struct todo_err *e)
{
	cJSON *o = cJSON_Parse(r->body);
	const char *detail = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "detail"));
	char d[160];
	snprintf(d, sizeof d, "%s", detail ? detail : "");
	cJSON_Delete(o);
	if (r->status == 401)
		return err_set(e, TODO_EAUTH, "the server refused the token (expired or wrong); run todo login --server %s --token NEW_TOKEN",
			       l->server);
	if (r->status == 403)
		return err_set(e, TODO_EAUTH, "the token is not for user '%s'; run todo login again", l->remote_user);
	if (r->status == 404 || r->status == 405)
		return err_set(e, TODO_EVERSION, "%s has no sync endpoint; is it a todo-server?", l->server);
	return err_set(e, TODO_ENET, "the server answered %ld%s%s", r->status, d[0] ? ": " : "", d);
}

/* Acknowledges ops, merges changes and moves the cursor in one transaction,
 * so a crash leaves either all of it or none. */
static int apply_reply(struct store *s, const char *user, const cJSON *ops, const cJSON *reply,
		       struct sync_stats *st, int *acked, struct todo_err *e)
{
	const cJSON *results = cJSON_GetObjectItemCaseSensitive(reply, "results");
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(reply, "changes");
	const char *cursor = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(reply, "cursor"));
	if (!cursor || (changes && !cJSON_IsArray(changes)))
		return err_set(e, TODO_ENET, "the server's sync reply is malformed");
	int r = store_begin(s, e);
	if (r != TODO_OK)
		return r;
	const cJSON *op;
	cJSON_ArrayForEach(op, ops) {
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(op, "op_id"));
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(results, id);
		if (!res)
			continue;   /* not answered: sent again next time */
		const char *err = NULL;
		if (!cJSON_IsString(res) || strcmp(res->valuestring, "ok") != 0) {
			err = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "error"));
			if (!err)
				err = "refused by the server";
		}
		if ((r = store_outbox_done(s, id, err, e)) != TODO_OK)
			goto fail;
		(*acked)++;
		if (err)
			st->failed++;
		else
			st->pushed++;
	}
	const cJSON *c;
	cJSON_ArrayForEach(c, changes) {
		bool changed = false;
		if ((r = store_sync_merge(s, user, c, &changed, e)) != TODO_OK)
			goto fail;
		st->pulled += changed;
	}
	if ((r = store_meta_set(s, "sync_cursor", cursor, e)) != TODO_OK)
		goto fail;
	char stamp[32];
	time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if ((r = store_meta_set(s, "sync_last", stamp, e)) != TODO_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return r;
}

struct http_ctx {
	const char *url;
	const struct sync_login *login;
};

static int http_post(void *ctx, const char *body, struct http_reply *r, struct todo_err *e)
{
	struct http_ctx *h = ctx;
	return post_with_retry(h->url, h->login, body, r, e);
}

int sync_run(struct store *s, const char *user, const struct sync_login *login,
	     struct sync_stats *st, struct todo_err *e)
{
	char *url = xasprintf("%s/api/%s/sync", login->server, login->remote_user);
	struct http_ctx h = {url, login};
	int r = sync_run_with(s, user, login, http_post, &h, st, e);
	free(url);
	return r;
}

int sync_run_with(struct store *s, const char *user, const struct sync_login *login,
		  sync_post_fn post, void *ctx, struct sync_stats *st, struct todo_err *e)
{
	memset(st, 0, sizeof *st);
	int r = store_sync_enable(s, user, e);
	if (r != TODO_OK)
		return r;
	char *client_id = NULL;
	if ((r = store_meta_get(s, "client_id", &client_id, e)) != TODO_OK)
		return r;
	if (!client_id) {
		char u[37];
		uuid_new(u);
		client_id = xstrdup(u);
		if ((r = store_meta_set(s, "client_id", client_id, e)) != TODO_OK)
			goto out;
	}
	for (int stalled = 0; stalled < 3;) {
		cJSON *ops = NULL;
		char *cursor = NULL;
		if ((r = store_outbox_list(s, user, SYNC_MAX_OPS, &ops, &st->waiting, e)) != TODO_OK ||
		    (r = store_meta_get(s, "sync_cursor", &cursor, e)) != TODO_OK) {
			cJSON_Delete(ops);
			break;
		}
		int nops = cJSON_GetArraySize(ops);
		cJSON *req = cJSON_CreateObject();
		cJSON_AddNumberToObject(req, "protocol", SYNC_PROTOCOL);
		cJSON_AddStringToObject(req, "client_id", client_id);
		cJSON_AddStringToObject(req, "cursor", cursor ? cursor : "*");
		cJSON_AddItemReferenceToObject(req, "ops", ops);
		char *body = cJSON_PrintUnformatted(req);
		cJSON_Delete(req);
		free(cursor);
		struct http_reply hr;
		r = post(ctx, body, &hr, e);
		cJSON_free(body);
		st->requests++;
		cJSON *reply = NULL;
		if (r == TODO_OK && hr.status != 200)
			r = http_error(login, &hr, e);
		if (r == TODO_OK) {
			reply = cJSON_Parse(hr.body);
			const cJSON *proto = cJSON_GetObjectItemCaseSensitive(reply, "protocol");
			if (!cJSON_IsObject(reply))
				r = err_set(e, TODO_ENET, "the server's sync reply is not JSON");
			else if (!cJSON_IsNumber(proto) || proto->valueint != SYNC_PROTOCOL)
				r = err_set(e, TODO_EVERSION, "%s speaks sync protocol %d, this todo speaks %d; upgrade the older one",
					    login->server, cJSON_IsNumber(proto) ? proto->valueint : 0, SYNC_PROTOCOL);
		}
		int acked = 0;
		bool more = false;
		if (r == TODO_OK) {
			st->full |= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "full_sync"));
			more = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "has_more"));
			r = apply_reply(s, user, ops, reply, st, &acked, e);
		}
		cJSON_Delete(reply);
		cJSON_Delete(ops);
		http_reply_release(&hr);
		if (r != TODO_OK)
			break;
		if (nops == 0 && !more)
			break;
		/* A server that answers none of our ops would loop forever. */
		stalled = (nops > 0 && acked == 0 && !more) ? stalled + 1 : 0;
	}
	int64_t left = 0;
	cJSON *rest = NULL;
	if (store_outbox_list(s, user, 1, &rest, &left, NULL) == TODO_OK)
		st->waiting = left;
	cJSON_Delete(rest);
out:
	free(client_id);
	return r;
}
