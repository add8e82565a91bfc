/* SPDX-License-Identifier: MIT */
/* The `openai` agent backend: any OpenAI-compatible Chat Completions server
 * (OpenAI, Ollama, llama.cpp, vLLM) picks tools, we run them and feed the
 * results back until it answers in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "llm.h"
#include "paths.h"

#define DEFAULT_BASE_URL "https://api.openai.com/v1"
#define DEFAULT_MODEL "gpt-4o-mini"
#define DEFAULT_TIMEOUT 60L
#define DEFAULT_RETRIES 2
/* Rounds of tool calls before we stop asking: a confused model could
 * otherwise loop (and spend) forever. */
#define MAX_ROUNDS 8

struct settings {
	char *base_url, *api_key, *model;
	long timeout;
	int retries;
	bool stream;
};

static long number_setting(const char *env, const char *key, long def, long min, long max)
{
	char *v = config_get(env, key);
	long n = def;
	if (v) {
		char *end;
		long x = strtol(v, &end, 10);
		if (end != v && !*end && x >= min && x <= max)
			n = x;
	}
	free(v);
	return n;
}

static void settings_load(struct settings *s)
{
	s->base_url = config_get("OPENAI_BASE_URL", "openai_base_url");
	if (!s->base_url)
		s->base_url = xstrdup(DEFAULT_BASE_URL);
	size_t n = strlen(s->base_url);
	while (n && s->base_url[n - 1] == '/')
		s->base_url[--n] = '\0';
	s->api_key = config_get("OPENAI_API_KEY", "openai_api_key");
	s->model = config_get("TODO_MODEL", "model");
	if (!s->model)
		s->model = xstrdup(DEFAULT_MODEL);
	s->timeout = number_setting("TODO_LLM_TIMEOUT", "llm_timeout", DEFAULT_TIMEOUT, 1, 3600);
	s->retries = (int)number_setting("TODO_LLM_RETRIES", "llm_retries", DEFAULT_RETRIES, 0, 10);
	s->stream = number_setting("TODO_LLM_STREAM", "llm_stream", 1, 0, 1) != 0;
}

static void settings_release(struct settings *s)
{
	free(s->base_url);
	free(s->api_key);
	free(s->model);
}

/* Text from several rounds ("Let me look." ... "Done.") is one reply; the
 * pieces of a new round start on a new line, on the terminal and in reply. */
struct text_sink {
	struct agent_turn *turn;
	bool round_started;
};

static void on_piece(const char *piece, void *ctx)
{
	struct text_sink *t = ctx;
	struct agent_turn *turn = t->turn;
	if (!t->round_started) {
		t->round_started = true;
		if (turn->reply.len) {
			buf_puts(&turn->reply, "\n");
			if (turn->on_text)
				turn->on_text("\n", turn->on_text_ctx);
		}
	}
	buf_puts(&turn->reply, piece);
	if (turn->on_text)
		turn->on_text(piece, turn->on_text_ctx);
}

/* A call whose arguments could not be read still gets a result (the model
 * must see one per call id) and a record, but no tool runs. */
static cJSON *bad_call(struct agent_turn *turn, const char *name, const char *why)
{
	cJSON *result = cJSON_CreateObject();
	cJSON_AddStringToObject(result, "status", "error");
	cJSON_AddStringToObject(result, "error", why);
	cJSON *call = cJSON_CreateObject();
	cJSON_AddStringToObject(call, "name", name);
	cJSON_AddItemToObject(call, "arguments", cJSON_CreateObject());
	cJSON_AddItemToObject(call, "result", result);
	cJSON_AddItemToArray(turn->calls, call);
	return result;
}

/* Runs the reply's calls in order and appends one tool message per call. */
static void run_calls(struct agent_turn *turn, struct llm_reply *r, cJSON *msgs)
{
	for (size_t i = 0; i < r->ncalls; i++) {
		struct llm_call *c = &r->calls[i];
		char why[128];
		cJSON *args = llm_parse_args(c->args.s, why, sizeof why);
		const cJSON *result = args ? agent_tool(turn, c->name, args) : bad_call(turn, c->name, why);
		char *text = cJSON_PrintUnformatted(result);
		cJSON *tm = cJSON_CreateObject();
		cJSON_AddStringToObject(tm, "role", "tool");
		cJSON_AddStringToObject(tm, "tool_call_id", c->id);
		cJSON_AddStringToObject(tm, "content", text);
		cJSON_AddItemToArray(msgs, tm);
		cJSON_free(text);
	}
}

int agent_openai_run(struct agent_turn *turn, struct todo_err *e)
{
	struct settings st;
	settings_load(&st);
	struct text_sink sink = {.turn = turn};
	struct llm_conn conn = {
		.base_url = st.base_url,
		.api_key = st.api_key,
		.model = st.model,
		.timeout = st.timeout,
		.retries = st.retries,
		.cancel = turn->cancel,
		.on_text = on_piece,
		.on_text_ctx = &sink,
	};
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "model", st.model);
	cJSON *msgs = llm_messages(turn);
	cJSON_AddItemToObject(req, "messages", msgs);
	cJSON_AddItemToObject(req, "tools", llm_tools());
	/* llama.cpp leaves parallel calls off unless asked; tool_choice and
	 * strict are left out because Ollama does not take them. */
	cJSON_AddBoolToObject(req, "parallel_tool_calls", 1);
	cJSON_AddBoolToObject(req, "stream", st.stream);
	int rc = TODO_OK;
	for (int round = 1;; round++) {
		if (turn->cancel && *turn->cancel) {
			rc = err_set(e, TODO_ENET, "cancelled");
			break;
		}
		char *body = cJSON_PrintUnformatted(req);
		struct llm_reply r;
		llm_reply_init(&r);
		sink.round_started = false;
		rc = llm_post(&conn, body, &r, e);
		cJSON_free(body);
		if (rc != TODO_OK) {
			llm_reply_release(&r);
			break;
		}
		if (!r.ncalls) {
			/* Say so rather than print an empty line. */
			int n = cJSON_GetArraySize(turn->calls);
			if (!turn->reply.len) {
				char *note = n ? xasprintf("(The model made %d tool %s and sent no text.)", n,
							   n == 1 ? "call" : "calls")
					       : xstrdup("(The model sent an empty answer.)");
				on_piece(note, &sink);
				free(note);
			}
			llm_reply_release(&r);
			break;
		}
		cJSON_AddItemToArray(msgs, llm_assistant_message(&r, round));
		run_calls(turn, &r, msgs);
		llm_reply_release(&r);
		if (round == MAX_ROUNDS) {
			sink.round_started = false;
			on_piece("(I stopped after 8 rounds of tool calls; ask again to go on.)", &sink);
			break;
		}
	}
	cJSON_Delete(req);
	settings_release(&st);
	return rc;
}
