/* SPDX-License-Identifier: MIT */
/* The OpenAI-compatible Chat Completions client behind `--agent openai`:
 * SSE parsing and reply assembly (llm_sse.c, pure), request building
 * (llm_msg.c, pure) and the libcurl transport with retries (llm_http.c).
 * Wire format and server quirks: PROTOCOLS.md section 3. */
#ifndef TODO_LLM_H
#define TODO_LLM_H
#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>
#include "agent.h"
#include "err.h"
#include "util.h"

/* ---- Server-sent events (llm_sse.c) ---- */

/* Called once per complete event with its data (the "data:" lines joined
 * by '\n', NUL-terminated, borrowed for the call). Non-zero stops parsing. */
typedef int (*llm_sse_fn)(const char *data, size_t len, void *ctx);

/* A push parser: bytes may be split anywhere, even inside "\r\n". Init with
 * llm_sse_init, release with llm_sse_release (frees its buffers only). */
struct llm_sse {
	struct buf line;      /* the unfinished line */
	struct buf data;      /* data of the unfinished event */
	bool has_data;
	bool cr;              /* the last byte was '\r' (a following '\n' is part of it) */
	llm_sse_fn fn;
	void *ctx;
};
void llm_sse_init(struct llm_sse *p, llm_sse_fn fn, void *ctx);
void llm_sse_release(struct llm_sse *p);
/* Returns 0, or the callback's non-zero value (later bytes are not read). */
int llm_sse_feed(struct llm_sse *p, const char *bytes, size_t n);
/* End of stream: dispatches an event that lacked its closing blank line. */
int llm_sse_finish(struct llm_sse *p);

/* ---- One model reply, assembled from chunks or a whole response ---- */

struct llm_call {
	char *id;             /* as the server sent it, or NULL */
	char *name;           /* NULL until known */
	struct buf args;      /* argument JSON text, concatenated fragments */
	int index;            /* the stream's index for this call */
};

/* Everything one completion produced. Zero-init or llm_reply_init, then
 * llm_reply_release. All strings owned. */
struct llm_reply {
	struct buf text;
	struct llm_call *calls;
	size_t ncalls, cap;
	char *finish;         /* finish_reason, or NULL */
	char *error;          /* an error the server reported in the body/stream */
	bool done;            /* saw data: [DONE] */
	bool any;             /* saw at least one usable chunk */
};
void llm_reply_init(struct llm_reply *r);
void llm_reply_release(struct llm_reply *r);

/* Adds one chat.completion.chunk (already parsed). New text is also appended
 * to *piece when piece is non-NULL, so the caller can stream it. Returns
 * TODO_OK, or TODO_EIO with r->error set when the chunk is an error event. */
int llm_reply_chunk(struct llm_reply *r, const cJSON *chunk, struct buf *piece);
/* Fills r from a whole (non-streamed) chat.completion. TODO_EIO with
 * r->error set for an error body or one without choices. */
int llm_reply_whole(struct llm_reply *r, const cJSON *completion);
/* Data of one SSE event: "[DONE]", a chunk, or garbage (TODO_EIO, r->error). */
int llm_reply_event(struct llm_reply *r, const char *data, struct buf *piece);

/* ---- Requests (llm_msg.c) ---- */

/* How many of the newest history messages keep their tool calls on replay;
 * older ones are replayed as text, which keeps requests small. */
#define LLM_REPLAY_CALLS 8

/* The system prompt for a turn (today, the time zone, the date format).
 * Caller frees. */
char *llm_system_prompt(const struct date_now *now);
/* The messages array: system prompt, history (tool calls replayed as an
 * assistant message with tool_calls followed by one tool message per call,
 * ids "call_<message id>_<i>"), then the new user message. New array. */
cJSON *llm_messages(const struct agent_turn *turn);
/* The tool table as OpenAI `tools`. New array. */
cJSON *llm_tools(void);
/* The assistant message that carries r's calls (ids filled in where the
 * server sent none, so the tool results can refer to them). New object. */
cJSON *llm_assistant_message(struct llm_reply *r, int round);
/* Parses a call's argument text: an object (new, caller owns) or NULL with
 * a reason in why (size n). Empty text is an empty object. */
cJSON *llm_parse_args(const char *text, char *why, size_t n);

/* ---- Transport (llm_http.c) ---- */

struct llm_conn {
	const char *base_url;   /* e.g. https://api.openai.com/v1 (no trailing '/') */
	const char *api_key;    /* NULL: no Authorization header */
	const char *model;
	long timeout;           /* seconds without progress before giving up */
	int retries;            /* extra attempts for 408/409/429/5xx */
	volatile int *cancel;   /* non-zero aborts the transfer; may be NULL */
	void (*on_text)(const char *piece, void *ctx);
	void *on_text_ctx;
};

/* POSTs body (a chat completion request) to base_url/chat/completions and
 * assembles the reply, streamed or whole, into r (init'd by the caller).
 * Text pieces go to conn->on_text as they arrive. Retries per PROTOCOLS 3.4.
 * Returns TODO_OK, or TODO_ENET/TODO_EAUTH/TODO_ENOTFOUND/TODO_EIO/
 * TODO_EINVAL with a one-line message in e. */
int llm_post(const struct llm_conn *conn, const char *body, struct llm_reply *r,
	     struct todo_err *e);

/* The wait before retry n (0-based) when the server did not say: 0.5 s * 2^n
 * capped at 8 s, minus up to 25 % jitter (jitter01 in [0,1)). Milliseconds. */
long llm_backoff_ms(int n, double jitter01);
/* A Retry-After / retry-after-ms pair as milliseconds, or -1 when absent,
 * unreadable or over 60 s (then the default backoff applies). */
long llm_retry_after_ms(const char *retry_after, const char *retry_after_ms);

#endif
