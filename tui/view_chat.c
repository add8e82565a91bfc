/* SPDX-License-Identifier: MIT */
/* The chat pane: the same agent and the same stored conversation as
 * `todo chat`; the list reloads after every reply, since the agent may
 * have changed tasks. */
#include <stdlib.h>
#include <string.h>
#include "agent.h"
#include "chat.h"
#include "tui.h"
#include "util.h"

#define CHAT_HISTORY 100   /* messages shown; older ones stay in the store */

struct chat_msg {
	bool user;
	char *text;          /* owned */
};

struct chat_view {
	struct view base;
	struct line_edit le;
	int64_t conv;        /* 0 until the first message starts one */
	struct chat_msg *msgs;
	int nmsgs, cap;
	int scroll;          /* lines scrolled back from the newest */
	bool busy;
	struct buf partial;  /* the reply so far, while a backend streams it */
	int64_t version;     /* b->version when the messages were loaded */
	struct board *b;     /* for redrawing from the streaming callback */
};

static void push(struct chat_view *cv, bool user, const char *text)
{
	if (cv->nmsgs == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 16;
		cv->msgs = xrealloc(cv->msgs, (size_t)cv->cap * sizeof *cv->msgs);
	}
	cv->msgs[cv->nmsgs].user = user;
	cv->msgs[cv->nmsgs++].text = xstrdup(text);
}

static void clear_msgs(struct chat_view *cv)
{
	for (int i = 0; i < cv->nmsgs; i++)
		free(cv->msgs[i].text);
	cv->nmsgs = 0;
}

static int load_cb(const struct message *m, void *ctx)
{
	/* Tool messages are the agent's bookkeeping; the reply says what
	 * they did. */
	if (m->role && m->content && (!strcmp(m->role, "user") || !strcmp(m->role, "assistant")))
		push(ctx, !strcmp(m->role, "user"), m->content);
	return 0;
}

static void load(struct chat_view *cv, struct board *b)
{
	clear_msgs(cv);
	cv->version = b->version;
	if (cv->conv)
		store_msg_list(b->cli->store, b->cli->user, cv->conv, CHAT_HISTORY, load_cb, cv, NULL);
}

/* Wrapped lines of the whole conversation, oldest first. */
struct wline {
	const char *p;
	int len;
	bool user;
};
struct wrap {
	struct wline *l;
	int n, cap;
	bool user;
};

static void wrap_cb(const char *p, int len, void *ctx)
{
	struct wrap *w = ctx;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->l = xrealloc(w->l, (size_t)w->cap * sizeof *w->l);
	}
	w->l[w->n++] = (struct wline){p, len, w->user};
}

static void chat_draw(struct view *v, struct board *b)
{
	struct chat_view *cv = (struct chat_view *)v;
	struct rect r = v->r;
	if (r.h <= 0 || r.w <= 2)
		return;
	/* Another process (`todo chat`, the server) may have continued the
	 * conversation: the board's reload after its commit shows here too. */
	if (!cv->busy && cv->version != b->version)
		load(cv, b);
	/* A rule on the side that touches the list: left when the pane is on
	 * the right, top when it is below. */
	int x = r.x, y = r.y, w = r.w, h = r.h;
	bool focused = b->focus == v;
	attrset(focused ? A_BOLD : A_DIM);
	if (r.x > 0) {
		text_vline(r.y, r.x, r.h);
		x++, w--;
	} else {
		text_hline(r.y, r.x, r.w);
	}
	char title[80];
	if (cv->conv)
		snprintf(title, sizeof title, " chat \u00b7 conversation %lld ", (long long)cv->conv);
	else
		snprintf(title, sizeof title, " chat \u00b7 new conversation ");
	if (r.x > 0) {
		text_put(y, x + 1, title, -1, w - 1, true);
		y++, h--;
	} else {
		text_put(y, x + 2, title, -1, w - 2, true);
		y++, h--;
	}
	attrset(A_NORMAL);
	if (h <= 0)
		return;
	/* The input line is the last row; messages fill the rows above it,
	 * newest at the bottom. */
	int area = h - 1, tw = w - 2;
	struct wrap wr = {0};
	for (int i = 0; i < cv->nmsgs; i++) {
		wr.user = cv->msgs[i].user;
		if (i)
			wrap_cb("", 0, &wr);
		text_wrap(cv->msgs[i].text, tw, wrap_cb, &wr);
	}
	if (cv->busy) {
		wr.user = false;
		wrap_cb("", 0, &wr);
		if (cv->partial.len)
			text_wrap(cv->partial.s, tw, wrap_cb, &wr);
		else
			wrap_cb("\u2026 thinking", (int)strlen("\u2026 thinking"), &wr);
	}
	if (cv->scroll > wr.n - area)
		cv->scroll = wr.n - area > 0 ? wr.n - area : 0;
	int last = wr.n - cv->scroll;
	int first = last - area > 0 ? last - area : 0;
	if (!cv->nmsgs && !cv->busy && area > 0) {
		attrset(A_DIM);
		text_put(y, x + 1, "Ask for anything: \"add call mom tomorrow\",", -1, tw, true);
		if (area > 1)
			text_put(y + 1, x + 1, "\"what's due this week?\"; Enter sends.", -1, tw, true);
		attrset(A_NORMAL);
	}
	for (int i = first; i < last; i++) {
		attrset(wr.l[i].user ? tui_attr(b, CP_USER) | A_BOLD : A_NORMAL);
		text_put(y + (i - first), x + 1, wr.l[i].p, wr.l[i].len, tw, true);
	}
	attrset(A_NORMAL);
	free(wr.l);
	int iy = y + h - 1;
	attrset(A_BOLD);
	text_put(iy, x, "> ", -1, 2, false);
	attrset(A_NORMAL);
	int cx = le_draw(&cv->le, iy, x + 2, w - 2);
	if (focused) {
		b->cur_y = iy;
		b->cur_x = cx;
	}
}

/* Streaming backends hand the reply over in pieces: show each at once. */
static void on_text(const char *piece, void *ctx)
{
	struct chat_view *cv = ctx;
	buf_puts(&cv->partial, piece);
	tui_draw(cv->b);
}

static int send(struct chat_view *cv, struct board *b)
{
	char *raw = le_text(&cv->le);
	char *msg = str_trim_dup(raw);
	free(raw);
	if (!*msg) {
		free(msg);
		return KR_HANDLED;
	}
	le_set(&cv->le, NULL);
	push(cv, true, msg);
	cv->busy = true;
	cv->scroll = 0;
	/* The agent may take a while (an LLM); show the question first. */
	tui_draw(b);
	struct agent_result res;
	struct todo_err e;
	cv->b = b;
	buf_free(&cv->partial);
	buf_init(&cv->partial);
	struct agent_opts opts = {
		.backend = b->cli->agent, .on_text = on_text, .on_text_ctx = cv,
		.cancel = tui_cancel_begin(),
	};
	struct date_now now;
	date_now_get(&now);
	int rc = agent_run(b->cli->store, b->cli->user, &now, &cv->conv, msg, &opts, &res, &e);
	tui_cancel_end();
	cv->busy = false;
	buf_free(&cv->partial);
	buf_init(&cv->partial);
	if (rc == TODO_OK) {
		agent_result_release(&res);
		load(cv, b);
	} else {
		char *m = xasprintf("(error: %s)", e.msg);
		push(cv, false, m);
		free(m);
	}
	free(msg);
	return KR_RELOAD;
}

static int chat_key(struct view *v, struct board *b, int key)
{
	struct chat_view *cv = (struct chat_view *)v;
	if (key == KF(KEY_MOUSE))
		return KR_REDRAW;
	switch (keys_action(CTX_CHAT, key)) {
	case ACT_FOCUS:
	case ACT_BACK:
		return KR_UNHANDLED;
	case ACT_SEND:
		return send(cv, b);
	case ACT_PAGE_UP:
		cv->scroll += v->r.h / 2 > 0 ? v->r.h / 2 : 1;
		return KR_REDRAW;
	case ACT_PAGE_DOWN:
		cv->scroll -= v->r.h / 2 > 0 ? v->r.h / 2 : 1;
		if (cv->scroll < 0)
			cv->scroll = 0;
		return KR_REDRAW;
	default:
		break;
	}
	le_key(&cv->le, key);
	return KR_REDRAW;
}

static void chat_resize(struct view *v, struct board *b, struct rect r)
{
	v->r = r;
}

static void chat_free(struct view *v)
{
	struct chat_view *cv = (struct chat_view *)v;
	clear_msgs(cv);
	free(cv->msgs);
	le_release(&cv->le);
	buf_free(&cv->partial);
	free(cv);
}

static const struct view_ops chat_ops = {
	.draw = chat_draw,
	.key = chat_key,
	.resize = chat_resize,
	.free = chat_free,
};

struct view *view_chat_new(struct board *b)
{
	struct chat_view *cv = xcalloc(1, sizeof *cv);
	cv->base.ops = &chat_ops;
	le_init(&cv->le, NULL);
	buf_init(&cv->partial);
	/* Like a one-shot `todo chat`: go on with the latest conversation when
	 * it was used in the last hour. */
	cv->conv = chat_recent_conversation(b->cli);
	load(cv, b);
	return &cv->base;
}
