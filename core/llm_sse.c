/* SPDX-License-Identifier: MIT */
/* Server-sent events and Chat Completions replies: chunks or whole responses
 * to text plus tool calls. Pure (no I/O), so the unit tests drive it byte by
 * byte. Parsing is defensive on purpose (PROTOCOLS 3.5, 3.6): servers differ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "llm.h"

void llm_sse_init(struct llm_sse *p, llm_sse_fn fn, void *ctx)
{
	memset(p, 0, sizeof *p);
	buf_init(&p->line);
	buf_init(&p->data);
	p->fn = fn;
	p->ctx = ctx;
}

void llm_sse_release(struct llm_sse *p)
{
	buf_free(&p->line);
	buf_free(&p->data);
}

static int dispatch(struct llm_sse *p)
{
	if (!p->has_data)
		return 0;
	p->has_data = false;
	buf_add(&p->data, "", 0);   /* make sure .s exists and is terminated */
	size_t len = p->data.len;
	int r = p->fn(p->data.s, len, p->ctx);
	p->data.len = 0;
	p->data.s[0] = '\0';
	return r;
}

/* One complete line (without its terminator). Only data lines matter to
 * us; event/id/retry fields and ':' comments (keep-alives) are skipped. */
static int sse_line(struct llm_sse *p, const char *s, size_t n)
{
	if (n == 0)
		return dispatch(p);
	if (s[0] == ':')
		return 0;
	if (n >= 5 && memcmp(s, "data", 4) == 0 && (s[4] == ':')) {
		s += 5;
		n -= 5;
		if (n && *s == ' ') {
			s++;
			n--;
		}
		if (p->has_data)
			buf_add(&p->data, "\n", 1);
		buf_add(&p->data, s, n);
		p->has_data = true;
	}
	return 0;
}

int llm_sse_feed(struct llm_sse *p, const char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = bytes[i];
		if (c == '\n' && p->cr) {
			/* the second half of "\r\n": the line ended at '\r' */
			p->cr = false;
			continue;
		}
		p->cr = c == '\r';
		if (c == '\r' || c == '\n') {
			buf_add(&p->line, "", 0);
			int r = sse_line(p, p->line.s, p->line.len);
			p->line.len = 0;
			if (r)
				return r;
		} else {
			buf_add(&p->line, &c, 1);
		}
	}
	return 0;
}

int llm_sse_finish(struct llm_sse *p)
{
	int r = 0;
	if (p->line.len) {
		buf_add(&p->line, "", 0);
		r = sse_line(p, p->line.s, p->line.len);
		p->line.len = 0;
	}
	return r ? r : dispatch(p);
}

void llm_reply_init(struct llm_reply *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->text);
}

void llm_reply_release(struct llm_reply *r)
{
	buf_free(&r->text);
	for (size_t i = 0; i < r->ncalls; i++) {
		free(r->calls[i].id);
		free(r->calls[i].name);
		buf_free(&r->calls[i].args);
	}
	free(r->calls);
	free(r->finish);
	free(r->error);
	memset(r, 0, sizeof *r);
}

static struct llm_call *new_call(struct llm_reply *r, int index)
{
	if (r->ncalls == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4;
		r->calls = xrealloc(r->calls, r->cap * sizeof *r->calls);
	}
	struct llm_call *c = &r->calls[r->ncalls++];
	memset(c, 0, sizeof *c);
	buf_init(&c->args);
	c->index = index;
	return c;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Arguments come as a JSON string (the standard) or, from some servers, as
 * an object; either way we keep text. */
static void add_args(struct llm_call *c, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		buf_puts(&c->args, v->valuestring);
	} else if (v && !cJSON_IsNull(v)) {
		char *s = cJSON_PrintUnformatted(v);
		buf_puts(&c->args, s);
		cJSON_free(s);
	}
}

/* One tool-call fragment, OpenAI-nested {index, id, function:{name,
 * arguments}} or flat {name, arguments} (old llama.cpp). Fragments with the
 * same index extend one call; Ollama sends whole calls, sometimes all with
 * index 0, so a fragment whose id differs from the call it would extend
 * starts a new one. */
static void add_call_fragment(struct llm_reply *r, const cJSON *tc)
{
	if (!cJSON_IsObject(tc))
		return;
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(tc, "function");
	const cJSON *src = cJSON_IsObject(fn) ? fn : tc;
	const cJSON *ix = cJSON_GetObjectItemCaseSensitive(tc, "index");
	int index = cJSON_IsNumber(ix) ? ix->valueint : -1;
	const char *id = str_of(tc, "id");
	const char *name = str_of(src, "name");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(src, "arguments");
	if (!args)
		args = cJSON_GetObjectItemCaseSensitive(src, "parameters");
	struct llm_call *c = NULL;
	if (index >= 0) {
		for (size_t i = r->ncalls; i-- > 0;)
			if (r->calls[i].index == index) {
				c = &r->calls[i];
				break;
			}
	} else if (r->ncalls) {
		c = &r->calls[r->ncalls - 1];
		if (name && c->name)
			c = NULL;   /* no index, a new name: a new call */
	}
	if (c && id && *id && c->id && strcmp(c->id, id) != 0)
		c = NULL;
	if (!c)
		c = new_call(r, index >= 0 ? index : (int)r->ncalls);
	if (id && *id && !c->id)
		c->id = xstrdup(id);
	if (name && *name && !c->name)
		c->name = xstrdup(name);
	add_args(c, args);
}

static void add_calls(struct llm_reply *r, const cJSON *holder)
{
	const cJSON *tcs = cJSON_GetObjectItemCaseSensitive(holder, "tool_calls");
	const cJSON *tc;
	cJSON_ArrayForEach(tc, tcs)
		add_call_fragment(r, tc);
	/* The deprecated single function_call, still sent by a few servers. */
	const cJSON *fc = cJSON_GetObjectItemCaseSensitive(holder, "function_call");
	if (cJSON_IsObject(fc))
		add_call_fragment(r, fc);
}

static void set_finish(struct llm_reply *r, const cJSON *choice)
{
	const char *f = str_of(choice, "finish_reason");
	if (f) {
		free(r->finish);
		r->finish = xstrdup(f);
	}
}

/* {"error":{"message":...}} or {"error":"..."}: the message, or NULL. */
static bool take_error(struct llm_reply *r, const cJSON *o)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
	if (!err || cJSON_IsNull(err))
		return false;
	const char *msg = cJSON_IsString(err) ? err->valuestring : str_of(err, "message");
	free(r->error);
	r->error = xstrdup(msg && *msg ? msg : "unknown error");
	return true;
}

int llm_reply_chunk(struct llm_reply *r, const cJSON *chunk, struct buf *piece)
{
	if (!cJSON_IsObject(chunk)) {
		free(r->error);
		r->error = xstrdup("a stream chunk is not a JSON object");
		return TODO_EIO;
	}
	if (take_error(r, chunk))
		return TODO_EIO;
	r->any = true;
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(chunk, "choices");
	const cJSON *choice = cJSON_GetArrayItem(choices, 0);   /* [] in a usage chunk */
	if (!cJSON_IsObject(choice))
		return TODO_OK;
	const cJSON *delta = cJSON_GetObjectItemCaseSensitive(choice, "delta");
	if (!cJSON_IsObject(delta))
		delta = cJSON_GetObjectItemCaseSensitive(choice, "message");
	if (cJSON_IsObject(delta)) {
		const char *text = str_of(delta, "content");
		if (text && *text) {
			buf_puts(&r->text, text);
			if (piece)
				buf_puts(piece, text);
		}
		add_calls(r, delta);
	}
	set_finish(r, choice);
	return TODO_OK;
}

int llm_reply_whole(struct llm_reply *r, const cJSON *completion)
{
	if (take_error(r, completion))
		return TODO_EIO;
	const cJSON *choice = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(completion, "choices"), 0);
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(choice, "message");
	if (!cJSON_IsObject(msg)) {
		free(r->error);
		r->error = xstrdup("the reply has no choices[0].message");
		return TODO_EIO;
	}
	r->any = true;
	const char *text = str_of(msg, "content");
	if (text)
		buf_puts(&r->text, text);
	add_calls(r, msg);
	set_finish(r, choice);
	return TODO_OK;
}

int llm_reply_event(struct llm_reply *r, const char *data, struct buf *piece)
{
	while (*data == ' ' || *data == '\t' || *data == '\n')
		data++;
	if (strncmp(data, "[DONE]", 6) == 0) {
		r->done = true;
		return TODO_OK;
	}
	if (!*data)
		return TODO_OK;
	cJSON *chunk = cJSON_Parse(data);
	if (!chunk) {
		free(r->error);
		r->error = xasprintf("the stream held something that is not JSON: '%.40s'", data);
		return TODO_EIO;
	}
	int rc = llm_reply_chunk(r, chunk, piece);
	cJSON_Delete(chunk);
	return rc;
}
