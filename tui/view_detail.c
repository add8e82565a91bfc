/* SPDX-License-Identifier: MIT */
/* The detail view: the selected task in full, as a pane under the list or
 * over the whole list area after Enter. */
#include <stdlib.h>
#include <string.h>
#include "tui.h"
#include "util.h"

struct lines {
	int y, x, w, end;
};

static void put_line(const char *p, int len, void *ctx)
{
	struct lines *l = ctx;
	if (l->y < l->end)
		text_put(l->y++, l->x, p, len, l->w, true);
}

static void detail_draw(struct view *v, struct board *b)
{
	struct rect r = v->r;
	if (r.h <= 0 || r.w <= 0)
		return;
	const struct task *t = board_selected(b);
	attrset(A_DIM);
	text_hline(r.y, r.x, r.w);
	attrset(A_BOLD);
	char head[64];
	if (t)
		snprintf(head, sizeof head, " task %lld ", (long long)t->id);
	else
		snprintf(head, sizeof head, " no task ");
	text_put(r.y, r.x + 2, head, -1, r.w - 2, false);
	attrset(A_NORMAL);
	if (!t)
		return;
	bool full = b->detail_full;
	struct lines l = {r.y + 1, r.x + 1, r.w - 2, r.y + r.h};
	attrset(A_BOLD);
	if (full)
		text_wrap(t->title, l.w, put_line, &l);
	else
		put_line(t->title, -1, &l);
	attrset(A_NORMAL);
	struct buf s;
	buf_init(&s);
	buf_printf(&s, "%s", t->completed ? "done" : "pending");
	if (t->priority != PRIO_NONE)
		buf_printf(&s, " \u00b7 priority %s", prio_name(t->priority));
	if (t->due) {
		char words[48];
		date_words(t->due, &b->now, words, sizeof words);
		buf_printf(&s, " \u00b7 due %s (%s)", words, t->due);
	}
	for (size_t i = 0; i < t->ntags; i++)
		buf_printf(&s, "%s#%s", i ? " " : " \u00b7 ", t->tags[i]);
	if (l.y < l.end)
		text_put(l.y++, l.x, s.s, -1, l.w, true);
	buf_free(&s);
	buf_init(&s);
	buf_printf(&s, "created %s \u00b7 updated %s", t->created_at ? t->created_at : "?",
		   t->updated_at ? t->updated_at : "?");
	if (t->completed_at)
		buf_printf(&s, " \u00b7 completed %s", t->completed_at);
	attrset(A_DIM);
	if (l.y < l.end)
		text_put(l.y++, l.x, s.s, -1, l.w, true);
	attrset(A_NORMAL);
	buf_free(&s);
	if (t->description && *t->description)
		text_wrap(t->description, l.w, put_line, &l);
	else if (full && l.y < l.end) {
		attrset(A_DIM);
		put_line("(no description; `todo edit ID --desc ...` sets one)", -1, &l);
		attrset(A_NORMAL);
	}
}

/* Keys in the full view fall through to the loop (Enter/Esc go back) and
 * then to the list (j/k pick another task while it stays open). */
static int detail_key(struct view *v, struct board *b, int key)
{
	return KR_UNHANDLED;
}

static void detail_resize(struct view *v, struct board *b, struct rect r)
{
	v->r = r;
}

static void detail_free(struct view *v)
{
	free(v);
}

static const struct view_ops detail_ops = {
	.draw = detail_draw,
	.key = detail_key,
	.resize = detail_resize,
	.free = detail_free,
};

struct view *view_detail_new(void)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = &detail_ops;
	return v;
}
