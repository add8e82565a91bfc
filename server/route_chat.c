/* SPDX-License-Identifier: MIT */
/* /api/{user}/chat (the agent), /chat/session (hosted ChatKit token
 * exchange) and the conversation history routes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include "agent.h"
#include "date.h"
#include "server.h"

#define SESSION_TIMEOUT_S 30
#define UPSTREAM_MAX (256 * 1024)

void route_chat(struct req *r, const cJSON *body)
{
	struct todo_err e;
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(body, "message");
	const cJSON *cid = cJSON_GetObjectItemCaseSensitive(body, "conversation_id");
	int64_t conv = 0;
	if (!msg) {
		reply_detail(r, 422, "message is required");
		return;
	}
	if (!cJSON_IsString(msg)) {
		reply_detail(r, 422, "message must be a string");
		return;
	}
	if (cid && !cJSON_IsNull(cid)) {
		double d = cJSON_IsNumber(cid) ? cid->valuedouble : NAN;
		if (!cJSON_IsNumber(cid) || !isfinite(d) || floor(d) != d) {
			reply_detail(r, 422, "conversation_id must be a whole number or null");
			return;
		}
		/* Zero, negative or too big for any row: no such conversation. */
		if (d < 1 || d > 9007199254740991.0) {
			reply_detail(r, 404, "no conversation %.0f", d);
			return;
		}
		conv = (int64_t)d;
	}
	struct store *s = req_store(r);
	if (!s)
		return;
	struct date_now now;
	date_now_get(&now);
	struct agent_opts opts = {.backend = cfg.agent};
	struct agent_result res;
	if (agent_run(s, r->user, &now, &conv, msg->valuestring, &opts, &res, &e) != TODO_OK) {
		reply_err(r, &e);
		return;
	}
	reply_json(r, 200, agent_result_json(&res));
	agent_result_release(&res);
}

/* ---- ChatKit session (PROTOCOLS section 4) ---- */

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	if (b->len + size * n > UPSTREAM_MAX)
		return 0;   /* makes curl fail with a write error */
	buf_add(b, p, size * n);
	return size * n;
}

void route_chat_session(struct req *r, const cJSON *body)
{
	const char *key = getenv("OPENAI_API_KEY");
	const char *wf = getenv("CHATKIT_WORKFLOW_ID");
	if (!key || !*key || !wf || !*wf) {
		reply_detail(r, 503, "ChatKit is not configured on this server (set OPENAI_API_KEY and "
				     "CHATKIT_WORKFLOW_ID); use POST /api/{user_id}/chat instead");
		return;
	}
	const char *base = getenv("OPENAI_BASE_URL");
	if (!base || !*base)
		base = "https://api.openai.com/v1";
	size_t bl = strlen(base);
	char *url = xasprintf("%.*s/chatkit/sessions", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl), base);
	/* The end user is the token's subject, never a value from the client. */
	cJSON *rq = cJSON_CreateObject();
	cJSON_AddStringToObject(cJSON_AddObjectToObject(rq, "workflow"), "id", wf);
	cJSON_AddStringToObject(rq, "user", r->user);
	char *payload = cJSON_PrintUnformatted(rq);
	cJSON_Delete(rq);
	char *auth = xasprintf("Authorization: Bearer %s", key);
	struct curl_slist *hdrs = NULL;
	hdrs = curl_slist_append(hdrs, auth);
	hdrs = curl_slist_append(hdrs, "OpenAI-Beta: chatkit_beta=v1");
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	struct buf resp;
	buf_init(&resp);
	long code = 0;
	CURL *c = curl_easy_init();
	CURLcode cc = CURLE_FAILED_INIT;
	if (c) {
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SESSION_TIMEOUT_S);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);   /* we are threaded */
		cc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		curl_easy_cleanup(c);
	}
	curl_slist_free_all(hdrs);
	free(auth);
	free(url);
	cJSON_free(payload);
	cJSON *j = resp.s ? cJSON_Parse(resp.s) : NULL;
	const cJSON *secret = cJSON_GetObjectItemCaseSensitive(j, "client_secret");
	if (cc != CURLE_OK) {
		reply_detail(r, 502, "ChatKit session request failed: %s", curl_easy_strerror(cc));
	} else if (code / 100 != 2 || !cJSON_IsString(secret)) {
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(err, "message");
		reply_detail(r, 502, "ChatKit session request failed: HTTP %ld%s%s", code,
			     cJSON_IsString(m) ? ": " : "", cJSON_IsString(m) ? m->valuestring : "");
	} else {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "client_secret", secret->valuestring);
		reply_json(r, 200, o);
	}
	cJSON_Delete(j);
	buf_free(&resp);
}

/* ---- history ---- */

static int conv_row(const struct conversation *c, void *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "user_id", c->user_id);
	cJSON_AddStringToObject(o, "created_at", c->created_at);
	cJSON_AddStringToObject(o, "updated_at", c->updated_at);
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

void route_conversations(struct req *r, const cJSON *body)
{
	struct todo_err e;
	struct store *s = req_store(r);
	if (!s)
		return;
	cJSON *a = cJSON_CreateArray();
	if (store_conv_list(s, r->user, conv_row, a, &e) != TODO_OK) {
		cJSON_Delete(a);
		reply_err(r, &e);
		return;
	}
	reply_json(r, 200, a);
}

static int msg_row(const struct message *m, void *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddNumberToObject(o, "conversation_id", (double)m->conversation_id);
	cJSON_AddStringToObject(o, "user_id", m->user_id ? m->user_id : "");
	cJSON_AddStringToObject(o, "role", m->role ? m->role : "");
	cJSON_AddStringToObject(o, "content", m->content ? m->content : "");
	cJSON_AddStringToObject(o, "created_at", m->created_at ? m->created_at : "");
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

void route_messages(struct req *r, const cJSON *body)
{
	struct todo_err e;
	struct store *s = req_store(r);
	if (!s)
		return;
	/* Another user's conversation is "not found", and says nothing more. */
	if (store_conv_get(s, r->user, r->id, NULL, &e) != TODO_OK) {
		reply_err(r, &e);
		return;
	}
	cJSON *a = cJSON_CreateArray();
	if (store_msg_list(s, r->user, r->id, 0, msg_row, a, &e) != TODO_OK) {
		cJSON_Delete(a);
		reply_err(r, &e);
		return;
	}
	reply_json(r, 200, a);
}
