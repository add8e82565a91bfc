/* SPDX-License-Identifier: MIT */
/* The agent runner: one user message in, tool calls and a reply out, with
 * the conversation loaded from and saved to the store (nothing is kept in
 * memory between runs, so any process can continue any conversation). */
#ifndef TODO_AGENT_H
#define TODO_AGENT_H
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "store.h"
#include "tools.h"
#include "util.h"

/* How many earlier messages a backend sees. */
#define AGENT_HISTORY 40

/* One turn as a backend sees it. The backend calls agent_tool() for every
 * tool it runs and writes its answer into reply. */
struct agent_turn {
	struct tool_ctx *tools;
	struct message *history;    /* earlier messages, oldest first (borrowed) */
	size_t nhistory;
	const char *message;        /* the new user message */
	struct buf reply;           /* the backend's answer text */
	cJSON *calls;               /* [{name, arguments, result}] so far (owned by the runner) */
	/* Called with each piece of reply text as it is produced (streaming);
	 * may be NULL. */
	void (*on_text)(const char *piece, void *ctx);
	void *on_text_ctx;
	/* Set by the front end (e.g. Ctrl-C); backends stop early when it is. */
	volatile int *cancel;
};

/* Runs tool `name` with args (ownership of args passes to the turn), records
 * {name, arguments, result} in turn->calls and returns the result, borrowed
 * from turn->calls. */
const cJSON *agent_tool(struct agent_turn *turn, const char *name, cJSON *args);

/* A backend: fills turn->reply (and runs tools); returns TODO_OK or an error
 * whose message is shown to the user. */
typedef int (*agent_backend_fn)(struct agent_turn *turn, struct todo_err *e);
int agent_local_run(struct agent_turn *turn, struct todo_err *e);
/* Any OpenAI-compatible Chat Completions server (agent_openai.c). */
int agent_openai_run(struct agent_turn *turn, struct todo_err *e);

struct agent_opts {
	const char *backend;         /* "local" (default) or "openai" */
	void (*on_text)(const char *piece, void *ctx);
	void *on_text_ctx;
	volatile int *cancel;
};

/* What one run produced; release with agent_result_release. */
struct agent_result {
	int64_t conversation_id;
	char *response;
	cJSON *tool_calls;          /* array, owned */
};
void agent_result_release(struct agent_result *r);
/* {"conversation_id", "response", "tool_calls"} as a new cJSON object. */
cJSON *agent_result_json(const struct agent_result *r);

/* Runs one message. *conversation: an existing id to continue (TODO_ENOTFOUND
 * when it is not this user's), or 0 to start a new one; set to the id used. */
int agent_run(struct store *s, const char *user, const struct date_now *now,
	      int64_t *conversation, const char *message, const struct agent_opts *opts,
	      struct agent_result *out, struct todo_err *e);

#endif
