/* SPDX-License-Identifier: MIT */
/* The route table and the router: 404/405/401/403 and id checks come from
 * the table's flags, so no handler can forget them. Also the reply helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "server.h"

static const struct route routes[] = {
	{"GET", "/health", 0, route_health},
	{"GET", "/", 0, route_web_index},
	{"GET", "/app.js", 0, route_web_js},
	{"GET", "/app.css", 0, route_web_css},
	{"GET", "/dev/login", R_DEV, route_dev_login_info},
	{"POST", "/dev/login", R_DEV | R_BODY, route_dev_login},
	{"GET", "/api/{user}/tasks", R_AUTH | R_SELF, route_tasks_list},
	{"POST", "/api/{user}/tasks", R_AUTH | R_SELF | R_BODY, route_tasks_create},
	{"GET", "/api/{user}/tasks/{id}", R_AUTH | R_SELF, route_task_get},
	{"PUT", "/api/{user}/tasks/{id}", R_AUTH | R_SELF | R_BODY, route_task_put},
	{"DELETE", "/api/{user}/tasks/{id}", R_AUTH | R_SELF, route_task_delete},
	{"PATCH", "/api/{user}/tasks/{id}/complete", R_AUTH | R_SELF, route_task_complete},
	{"POST", "/api/{user}/chat", R_AUTH | R_SELF | R_BODY | R_WRITE | R_AGENT, route_chat},
	{"POST", "/api/{user}/chat/session", R_AUTH | R_SELF, route_chat_session},
	{"GET", "/api/{user}/conversations", R_AUTH | R_SELF, route_conversations},
	{"GET", "/api/{user}/conversations/{id}/messages", R_AUTH | R_SELF, route_messages},
	{"POST", "/api/{user}/sync", R_AUTH | R_SELF | R_BODY | R_WRITE, route_sync},
	{"POST", "/mcp", R_AUTH | R_WRITE, route_mcp_post},
	{"DELETE", "/mcp", R_AUTH, route_mcp_delete},
};
#define NROUTES (sizeof routes / sizeof routes[0])

/* ---- replies ---- */

void reply_raw(struct req *r, int status, char *body, size_t len)
{
	free(r->out);
	r->status = status;
	r->out = body;
	r->out_len = len;
	r->content_type = body ? "application/json" : NULL;
}

void reply_json(struct req *r, int status, cJSON *j)
{
	char *s = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	/* cJSON allocates with its own hooks; hand the HTTP layer a malloc'd copy. */
	char *body = xstrdup(s ? s : "null");
	cJSON_free(s);
	reply_raw(r, status, body, strlen(body));
}

void reply_empty(struct req *r, int status)
{
	reply_raw(r, status, NULL, 0);
}

void reply_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr < sizeof r->hdr / sizeof r->hdr[0]) {
		r->hdr[r->nhdr][0] = name;
		r->hdr[r->nhdr][1] = value;
		r->nhdr++;
	}
}

void reply_detail(struct req *r, int status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "detail", msg);
	reply_json(r, status, o);
}

void reply_err(struct req *r, const struct todo_err *e)
{
	switch (e->code) {
	case TODO_EINVAL:
		reply_detail(r, 422, "%s", e->msg);
		break;
	case TODO_ENOTFOUND:
		reply_detail(r, 404, "%s", e->msg);
		break;
	case TODO_EAUTH:
		r->www_auth = true;
		reply_detail(r, 401, "%s", e->msg);
		break;
	case TODO_ECONFLICT:
		reply_detail(r, 409, "%s", e->msg);
		break;
	default:
		/* Database trouble: say so, log it, and do not hand this
		 * connection to the next request. */
		srv_log(LOG_QUIET, "error: %s %s: %s", r->method, r->path, e->msg);
		r->store_broken = true;
		reply_detail(r, 500, "%s", e->msg);
	}
}

struct store *req_store(struct req *r)
{
	if (r->store)
		return r->store;
	struct todo_err e;
	if (pool_acquire(&r->store, &e) != TODO_OK) {
		r->store = NULL;
		srv_log(LOG_QUIET, "error: cannot open the store: %s", e.msg);
		reply_detail(r, 503, "the database is not available: %s", e.msg);
		return NULL;
	}
	return r->store;
}

/* Scans JSON text for a \u0000 escape inside a string: cJSON would cut the
 * string there and store less than was sent, silently. */
static bool json_has_nul_escape(const char *s, size_t n)
{
	bool in_str = false;
	for (size_t i = 0; i < n; i++) {
		if (!in_str) {
			if (s[i] == '"')
				in_str = true;
			continue;
		}
		if (s[i] == '"') {
			in_str = false;
		} else if (s[i] == '\\' && i + 1 < n) {
			if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0)
				return true;
			i++;
		}
	}
	return false;
}

cJSON *req_json_object(struct req *r)
{
	if (!r->body || r->body_len == 0) {
		reply_detail(r, 422, "a JSON object body is required");
		return NULL;
	}
	if (memchr(r->body, 0, r->body_len)) {
		reply_detail(r, 400, "the body holds a NUL byte");
		return NULL;
	}
	if (json_has_nul_escape(r->body, r->body_len)) {
		reply_detail(r, 422, "text may not contain NUL characters (\\u0000)");
		return NULL;
	}
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(r->body, r->body_len, &end, false);
	if (j) {
		/* Only white space may follow the value. */
		while (end && end < r->body + r->body_len && strchr(" \t\r\n", *end))
			end++;
		if (end != r->body + r->body_len) {
			cJSON_Delete(j);
			j = NULL;
		}
	}
	if (!j) {
		reply_detail(r, 400, "the body is not valid JSON");
		return NULL;
	}
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		reply_detail(r, 422, "the body must be a JSON object");
		return NULL;
	}
	return j;
}

/* ---- matching ---- */

/* Matches path against pattern, filling captures into r. */
static bool match(const char *pat, const char *path, struct req *r)
{
	while (*pat && *path) {
		if (*pat == '{') {
			const char *pe = strchr(pat, '}');
			const char *seg_end = strchr(path, '/');
			size_t n = seg_end ? (size_t)(seg_end - path) : strlen(path);
			if (n == 0)
				return false;
			if (strncmp(pat, "{user}", 6) == 0) {
				if (n > USER_MAX)
					return false;
				memcpy(r->user, path, n);
				r->user[n] = '\0';
			} else {
				r->id_text = path;
				r->id_len = n;
			}
			pat = pe + 1;
			path += n;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	/* One trailing slash is forgiven ("/api/u/tasks/"). */
	if (!*pat && path[0] == '/' && !path[1])
		return true;
	return !*pat && !*path;
}

bool cors_allowed(const char *origin)
{
	if (!origin)
		return false;
	for (int i = 0; i < cfg.ncors; i++)
		if (strcmp(cfg.cors[i], "*") == 0 || strcmp(cfg.cors[i], origin) == 0)
			return true;
	return false;
}

/* Parses the {id} capture. Non-numbers (abc, -1, 1.5) are 422 as the web
 * backend does; numbers no task can have (0, beyond 64 bits) are 404. */
static bool parse_id(struct req *r)
{
	char buf[32];
	bool digits = r->id_len > 0;
	for (size_t i = 0; i < r->id_len; i++)
		if (r->id_text[i] < '0' || r->id_text[i] > '9')
			digits = false;
	if (!digits) {
		reply_detail(r, 422, "the id must be a positive whole number");
		return false;
	}
	int64_t v = 0;
	if (r->id_len >= sizeof buf) {
		reply_detail(r, 404, "not found");
		return false;
	}
	memcpy(buf, r->id_text, r->id_len);
	buf[r->id_len] = '\0';
	if (!str_to_id(buf, &v)) {
		reply_detail(r, 404, "not found");
		return false;
	}
	r->id = v;
	return true;
}

static void check_auth_and_run(struct req *r, const struct route *rt)
{
	if (rt->flags & R_AUTH) {
		struct todo_err e;
		char sub[USER_MAX + 1];
		const char *tok = bearer_token(r->auth);
		if (!tok) {
			r->www_auth = true;
			reply_detail(r, 401, r->auth ? "the Authorization header must be 'Bearer <token>'"
						     : "missing bearer token");
			return;
		}
		if (jwt_verify_cached(tok, cfg.secret, cfg.secret_len, (long long)time(NULL), &cfg.jwt, sub, &e) != TODO_OK) {
			srv_log(LOG_DEBUG, "auth: %s", e.msg);
			r->www_auth = true;
			reply_detail(r, 401, "invalid token: %s", e.msg);
			return;
		}
		/* Routes without {user} in the path act for the token's user. */
		if (!r->user[0])
			snprintf(r->user, sizeof r->user, "%s", sub);
		if ((rt->flags & R_SELF) && strcmp(sub, r->user) != 0) {
			reply_detail(r, 403, "this token may not act for that user");
			return;
		}
	}
	if (r->id_text && !parse_id(r))
		return;
	cJSON *body = NULL;
	if (rt->flags & R_BODY) {
		body = req_json_object(r);
		if (!body)
			return;
	}
	/* SQLite has one writer at a time; writers that meet in SQLite wait
	 * in its busy handler, which sleeps and retries (tens of ms each).
	 * Queueing them hands the lock over at once. Task writes queue their
	 * store work themselves (write_op), so that it can share a commit;
	 * these handlers (chat, sync, MCP) queue whole, except a chat with a
	 * remote model: it takes seconds per turn, and its few short writes
	 * meet the others in SQLite's busy timeout instead. Other processes
	 * on the same file meet that timeout too. */
	bool remote = (rt->flags & R_AGENT) && strcmp(cfg.agent, "local") != 0;
	if ((rt->flags & R_WRITE) && cfg.serial_writes && !remote)
		write_run(r, rt->handler, body);
	else
		rt->handler(r, body);
	cJSON_Delete(body);
}

void route_request(struct req *r)
{
	char allow[96] = "";
	const struct route *hit = NULL;
	bool any = false;
	/* HEAD is GET without the body (libmicrohttpd drops it). */
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	for (size_t i = 0; i < NROUTES; i++) {
		struct req probe = {0};
		if ((routes[i].flags & R_DEV) && !cfg.dev_login)
			continue;
		if (!match(routes[i].pattern, r->path, &probe))
			continue;
		any = true;
		size_t n = strlen(allow);
		snprintf(allow + n, sizeof allow - n, "%s%s", n ? ", " : "", routes[i].method);
		if (!hit && strcmp(routes[i].method, method) == 0) {
			hit = &routes[i];
			match(routes[i].pattern, r->path, r);
		}
	}
	if (!any) {
		reply_detail(r, 404, "not found");
		return;
	}
	size_t n = strlen(allow);
	snprintf(allow + n, sizeof allow - n, ", OPTIONS");
	if (strcmp(r->method, "OPTIONS") == 0) {
		/* A CORS preflight (or a plain OPTIONS): never authenticated,
		 * since browsers send no credentials with it. */
		memcpy(r->allow, allow, sizeof allow);
		r->preflight = cors_allowed(r->origin);
		reply_empty(r, 204);
		return;
	}
	if (!hit) {
		memcpy(r->allow, allow, sizeof allow);
		reply_detail(r, 405, "method %s not allowed here", r->method);
		return;
	}
	check_auth_and_run(r, hit);
}
