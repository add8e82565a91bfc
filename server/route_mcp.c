/* SPDX-License-Identifier: MIT */
/* /mcp: the task tools over MCP's Streamable HTTP transport (JSON replies,
 * no server-sent stream), for the token's user. Sessions are optional: an
 * initialize answer carries Mcp-Session-Id, later requests may send it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "mcp.h"
#include "server.h"

#define SESSIONS 256

struct mcp_slot {
	char id[33];
	char user[USER_MAX + 1];
	char protocol[16];
	time_t used;
};

static struct mcp_slot slots[SESSIONS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

/* Finds a session of this user; copies it out. */
static bool session_get(const char *id, const char *user, struct mcp_slot *out)
{
	bool found = false;
	pthread_mutex_lock(&slots_lock);
	for (int i = 0; i < SESSIONS; i++) {
		if (slots[i].id[0] && strcmp(slots[i].id, id) == 0 && strcmp(slots[i].user, user) == 0) {
			slots[i].used = time(NULL);
			*out = slots[i];
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&slots_lock);
	return found;
}

/* Keeps a new session, replacing the least recently used one when full. */
static void session_put(const struct mcp_slot *s)
{
	pthread_mutex_lock(&slots_lock);
	int victim = 0;
	for (int i = 0; i < SESSIONS; i++) {
		if (!slots[i].id[0]) {
			victim = i;
			break;
		}
		if (slots[i].used < slots[victim].used)
			victim = i;
	}
	slots[victim] = *s;
	pthread_mutex_unlock(&slots_lock);
}

static void session_drop(const char *id, const char *user)
{
	pthread_mutex_lock(&slots_lock);
	for (int i = 0; i < SESSIONS; i++)
		if (strcmp(slots[i].id, id) == 0 && strcmp(slots[i].user, user) == 0)
			memset(&slots[i], 0, sizeof slots[i]);
	pthread_mutex_unlock(&slots_lock);
}

static void rpc_error(struct req *r, int status, int code, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "jsonrpc", "2.0");
	cJSON_AddNullToObject(o, "id");
	cJSON *err = cJSON_AddObjectToObject(o, "error");
	cJSON_AddNumberToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", msg);
	reply_json(r, status, o);
}

/* A browser page of another site must not drive the tools with a token it
 * got hold of: an Origin, when sent, must be a configured one. */
static bool origin_ok(struct req *r)
{
	return !r->origin || cors_allowed(r->origin);
}

void route_mcp_post(struct req *r, const cJSON *unused)
{
	if (!origin_ok(r)) {
		reply_detail(r, 403, "origin %s may not use /mcp", r->origin);
		return;
	}
	const char *end = NULL;
	cJSON *msg = cJSON_ParseWithLengthOpts(r->body ? r->body : "", r->body_len, &end, 0);
	if (!msg) {
		rpc_error(r, 400, MCP_PARSE_ERROR, "Parse error: the body is not JSON");
		return;
	}
	struct mcp_slot slot = {0};
	const char *sid = req_header(r, "Mcp-Session-Id");
	if (sid && !session_get(sid, r->user, &slot)) {
		cJSON_Delete(msg);
		rpc_error(r, 404, MCP_INVALID_REQUEST, "unknown or expired session; initialize again");
		return;
	}
	struct store *s = req_store(r);
	if (!s) {
		cJSON_Delete(msg);
		return;
	}
	struct mcp_session ms;
	mcp_session_init(&ms, s, r->user);
	if (sid) {
		ms.initialized = true;
		snprintf(ms.protocol, sizeof ms.protocol, "%s", slot.protocol);
	}
	const char *method = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(msg, "method"));
	bool init = method && strcmp(method, "initialize") == 0;
	cJSON *resp = mcp_handle_json(&ms, msg);
	cJSON_Delete(msg);
	if (!resp) {
		reply_empty(r, 202);
		return;
	}
	if (init && !cJSON_GetObjectItemCaseSensitive(resp, "error")) {
		unsigned char raw[16];
		if (getrandom(raw, sizeof raw, 0) == (ssize_t)sizeof raw) {
			struct mcp_slot fresh = {.used = time(NULL)};
			for (int i = 0; i < 16; i++)
				snprintf(fresh.id + 2 * i, 3, "%02x", raw[i]);
			snprintf(fresh.user, sizeof fresh.user, "%s", r->user);
			snprintf(fresh.protocol, sizeof fresh.protocol, "%s", ms.protocol);
			session_put(&fresh);
			snprintf(r->hdr_value, sizeof r->hdr_value, "%s", fresh.id);
			reply_header(r, "Mcp-Session-Id", r->hdr_value);
		}
	}
	reply_json(r, 200, resp);
}

void route_mcp_delete(struct req *r, const cJSON *unused)
{
	const char *sid = req_header(r, "Mcp-Session-Id");
	if (!sid) {
		reply_detail(r, 400, "Mcp-Session-Id is required");
		return;
	}
	session_drop(sid, r->user);
	reply_empty(r, 204);
}
