/* SPDX-License-Identifier: MIT */
/* The agent runner: loads history, stores the user message, lets a backend
 * decide and run tools, stores the reply with its tool calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agent.h"

#define MESSAGE_MAX (64 * 1024)

const cJSON *agent_tool(struct agent_turn *turn, const char *name, cJSON *args)
{
	if (!args)
		args = cJSON_CreateObject();
	cJSON *result = tool_call(turn->tools, name, args);
	cJSON *call = cJSON_CreateObject();
	cJSON_AddStringToObject(call, "name", name);
	cJSON_AddItemToObject(call, "arguments", args);
	cJSON_AddItemToObject(call, "result", result);
	cJSON_AddItemToArray(turn->calls, call);
	return result;
}

void agent_result_release(struct agent_result *r)
{
	free(r->response);
	cJSON_Delete(r->tool_calls);
	memset(r, 0, sizeof *r);
}

cJSON *agent_result_json(const struct agent_result *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "conversation_id", (double)r->conversation_id);
	cJSON_AddStringToObject(o, "response", r->response ? r->response : "");
	cJSON_AddItemToObject(o, "tool_calls", r->tool_calls ? cJSON_Duplicate(r->tool_calls, 1)
							     : cJSON_CreateArray());
	return o;
}

/* Invalid UTF-8 would make the stored text and the JSON output unreadable;
 * each bad byte becomes U+FFFD. */
static char *clean_utf8(const char *s)
{
	struct buf b;
	buf_init(&b);
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t len = 1;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (len == 0 || i + len > n || !utf8_valid(s + i, len)) {
			buf_puts(&b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (c < 0x20 && c != '\n' && c != '\t')
			buf_puts(&b, " ");
		else
			buf_add(&b, s + i, len);
		i += len;
	}
	return buf_take(&b);
}

struct history {
	struct message *m;
	size_t n, cap;
};

static int keep_msg(const struct message *m, void *ctx)
{
	struct history *h = ctx;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->m = xrealloc(h->m, h->cap * sizeof *h->m);
	}
	struct message *d = &h->m[h->n++];
	d->id = m->id;
	d->conversation_id = m->conversation_id;
	d->user_id = xstrdup(m->user_id);
	d->role = xstrdup(m->role);
	d->content = xstrdup(m->content);
	d->tool_calls = xstrdup(m->tool_calls);
	d->created_at = xstrdup(m->created_at);
	return 0;
}

/* Appends the assistant message with its [{name, arguments, result}]. */
static int store_reply(struct store *s, const char *user, int64_t conv, const char *content,
		       cJSON *calls, struct todo_err *e)
{
	char *calls_text = cJSON_PrintUnformatted(calls);
	struct message am = {
		.conversation_id = conv,
		.user_id = (char *)user,
		.role = "assistant",
		.content = (char *)(content ? content : ""),
		.tool_calls = cJSON_GetArraySize(calls) ? calls_text : NULL,
	};
	int r = store_msg_add(s, &am, e);
	free(am.created_at);
	cJSON_free(calls_text);
	return r;
}

static agent_backend_fn pick_backend(const char *name, struct todo_err *e)
{
	if (!name || strcmp(name, "local") == 0)
		return agent_local_run;
	if (strcmp(name, "openai") == 0)
		return agent_openai_run;
	err_set(e, TODO_EINVAL, "the '%s' agent is not available in this build; use --agent local", name);
	return NULL;
}

int agent_run(struct store *s, const char *user, const struct date_now *now,
	      int64_t *conversation, const char *message, const struct agent_opts *opts,
	      struct agent_result *out, struct todo_err *e)
{
	struct agent_opts none = {0};
	if (!opts)
		opts = &none;
	memset(out, 0, sizeof *out);
	if (!message)
		message = "";
	if (strlen(message) > MESSAGE_MAX)
		return err_set(e, TODO_EINVAL, "that message is %zu bytes long; the limit is %d",
			       strlen(message), MESSAGE_MAX);
	agent_backend_fn backend = pick_backend(opts->backend, e);
	if (!backend)
		return TODO_EINVAL;
	bool local = backend == agent_local_run;
	struct tool_ctx tctx = {s, user, *now};
	struct history h = {0};
	struct agent_turn turn = {
		.tools = &tctx,
		.on_text = opts->on_text,
		.on_text_ctx = opts->on_text_ctx,
		.cancel = opts->cancel,
	};
	char *text = clean_utf8(message);
	int r;
	/* The local agent is quick, so its whole turn is one transaction: the
	 * user message, the task changes and the reply land together or not
	 * at all. A remote model may take seconds; it must not hold the lock. */
	if (local && (r = store_begin(s, e)) != TODO_OK)
		goto done;
	if (*conversation) {
		if ((r = store_conv_get(s, user, *conversation, NULL, e)) != TODO_OK)
			goto fail;
		if ((r = store_msg_list(s, user, *conversation, AGENT_HISTORY, keep_msg, &h, e)) != TODO_OK)
			goto fail;
	} else if ((r = store_conv_create(s, user, conversation, e)) != TODO_OK) {
		goto fail;
	}
	struct message um = {
		.conversation_id = *conversation,
		.user_id = (char *)user,
		.role = "user",
		.content = text,
	};
	r = store_msg_add(s, &um, e);
	free(um.created_at);
	if (r != TODO_OK)
		goto fail;
	turn.history = h.m;
	turn.nhistory = h.n;
	turn.message = text;
	turn.calls = cJSON_CreateArray();
	buf_init(&turn.reply);
	if ((r = backend(&turn, e)) != TODO_OK) {
		/* A remote turn can fail after its tools ran (say the server
		 * times out in round two); those task changes are already
		 * committed, so the history records the calls, each with its
		 * result, and what went wrong. Nothing is stored when no tool
		 * ran. The local turn is rolled back whole instead. */
		if (!local && cJSON_GetArraySize(turn.calls)) {
			char *note = xasprintf("(stopped: %s)", e ? e->msg : "error");
			store_reply(s, user, *conversation, note, turn.calls, NULL);
			free(note);
		}
		goto fail;
	}
	if ((r = store_reply(s, user, *conversation, turn.reply.s, turn.calls, e)) != TODO_OK)
		goto fail;
	if (local && (r = store_commit(s, e)) != TODO_OK)
		goto fail;
	out->conversation_id = *conversation;
	out->response = buf_take(&turn.reply);
	out->tool_calls = turn.calls;
	turn.calls = NULL;
	goto done;
fail:
	if (local)
		store_rollback(s);
done:
	for (size_t i = 0; i < h.n; i++)
		msg_release(&h.m[i]);
	free(h.m);
	buf_free(&turn.reply);
	cJSON_Delete(turn.calls);
	free(text);
	return r;
}
