/* SPDX-License-Identifier: MIT */
/* The task list view: draws the visible rows only, moves the selection, and
 * runs the edits, asking for text in the line editor (a title in its own
 * row, everything else on the bottom line). */
#include <stdlib.h>
#include <string.h>
#include "tui.h"
#include "util.h"

static void list_resize(struct view *v, struct board *b, struct rect r)
{
	v->r = r;
	b->list_h = r.h > 0 ? r.h : 1;
	if (b->total)
		board_select(b, b->sel);
}

/* Column widths for one screen width: the title takes what is left. */
struct cols {
	int idw, prio, due, tags, title;
};

static struct cols plan(int w, int idw)
{
	struct cols c = {.idw = idw};
	c.due = w >= 70 ? 16 : 11;
	c.prio = w >= 50 ? 4 : 0;
	c.tags = w >= 90 ? 18 : w >= 76 ? 12 : 0;
	int fixed = 2 + 4 + idw + 1;
	c.title = w - fixed - c.prio - c.due - c.tags;
	if (c.title < 10) {
		c.due = 0;
		c.title = w - fixed - c.prio - c.tags;
	}
	if (c.title < 1)
		c.title = 1;
	return c;
}

static const char *prio_mark(int p)
{
	return p == PRIO_HIGH ? "!!!" : p == PRIO_MEDIUM ? "!!" : p == PRIO_LOW ? "!" : "";
}

static void draw_row(struct board *b, int y, int x, int w, const struct task *t, bool sel,
		     const struct cols *c)
{
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	if (sel && b->focus == b->list)
		base |= A_BOLD;
	attrset(base);
	text_fill(y, x, w);
	text_put(y, x, sel ? ">" : " ", -1, 1, false);
	attrset(base | (t->completed ? tui_attr(b, CP_DONE) : 0));
	text_put(y, x + 2, t->completed ? "[x]" : "[ ]", -1, 3, false);
	attrset(base);
	char id[24];
	snprintf(id, sizeof id, "%*lld", c->idw, (long long)t->id);
	int col = x + 6;
	text_put(y, col, id, -1, c->idw, false);
	col += c->idw + 1;
	attrset(base | (t->completed ? A_DIM : 0));
	text_put(y, col, t->title, -1, c->title, true);
	col += c->title;
	if (c->prio) {
		attrset(base | tui_attr(b, CP_PRIO));
		text_put(y, col + 1, prio_mark(t->priority), -1, c->prio - 1, false);
		col += c->prio;
	}
	if (c->due && t->due) {
		char rel[48];
		date_relative(t->due, &b->now, rel, sizeof rel);
		int days = date_days_until(t->due, &b->now);
		attr_t a = 0;
		if (!t->completed)
			a = days < 0 ? tui_attr(b, CP_OVERDUE) : days == 0 ? tui_attr(b, CP_TODAY) : 0;
		attrset(base | a);
		text_put(y, col + 1, rel, -1, c->due - 1, true);
	}
	col += c->due;
	if (c->tags && t->ntags) {
		struct buf tb;
		buf_init(&tb);
		for (size_t i = 0; i < t->ntags; i++)
			buf_printf(&tb, "%s#%s", i ? " " : "", t->tags[i]);
		attrset(base | tui_attr(b, CP_TAG));
		text_put(y, col + 1, tb.s, -1, c->tags - 1, true);
		buf_free(&tb);
	}
	attrset(A_NORMAL);
}

static void draw_scrollbar(struct board *b, struct rect r)
{
	int64_t h = r.h;
	int64_t thumb = h * h / b->total;
	if (thumb < 1)
		thumb = 1;
	int64_t pos = (h - thumb) * b->top / (b->total - h > 0 ? b->total - h : 1);
	int x = r.x + r.w - 1;
	for (int64_t i = 0; i < h; i++) {
		bool on = i >= pos && i < pos + thumb;
		attrset(on ? A_REVERSE : A_DIM);
		if (on)
			mvaddch(r.y + (int)i, x, ' ');
		else
			text_vline(r.y + (int)i, x, 1);
	}
	attrset(A_NORMAL);
}

static void list_draw(struct view *v, struct board *b)
{
	struct rect r = v->r;
	if (r.h <= 0 || r.w <= 0)
		return;
	if (b->total == 0) {
		const char *what = b->query ? "no task matches the search (Esc in / clears it)"
			: b->tag || b->when ? "no task matches the filter (# and w change it)"
			: b->status == STATUS_COMPLETED ? "nothing done yet (f shows pending tasks)"
			: b->status == STATUS_PENDING && b->ndone ? "all done! (a adds a task, f shows done ones)"
			: "no tasks yet: press a to add one";
		attrset(A_DIM);
		text_put(r.y + (r.h > 2 ? 1 : 0), r.x + 2, what, -1, r.w - 2, true);
		attrset(A_NORMAL);
		return;
	}
	board_ensure(b, b->top, r.h);
	bool bar = b->total > r.h && r.w >= 20;
	int w = r.w - (bar ? 1 : 0);
	int64_t maxid = 0;
	for (int i = 0; i < r.h; i++) {
		const struct task *t = board_row(b, b->top + i);
		if (t && t->id > maxid)
			maxid = t->id;
	}
	int idw = 2;
	for (int64_t m = maxid; m >= 100; m /= 10)
		idw++;
	struct cols c = plan(w, idw);
	for (int i = 0; i < r.h; i++) {
		const struct task *t = board_row(b, b->top + i);
		if (!t)
			break;
		draw_row(b, r.y + i, r.x, w, t, b->top + i == b->sel, &c);
	}
	if (bar)
		draw_scrollbar(b, r);
	/* A title is edited where it stands, over the rest of its row. */
	int srow = (int)(b->sel - b->top);
	if (b->prompt == PROMPT_EDIT && srow >= 0 && srow < r.h) {
		int x0 = r.x + 6 + c.idw + 1;
		attrset(A_UNDERLINE);
		b->cur_x = le_draw(&b->le, r.y + srow, x0, r.x + w - x0);
		attrset(A_NORMAL);
		b->cur_y = r.y + srow;
		b->edit_inline = true;
	}
}

static void open_prompt(struct board *b, enum prompt p, const char *text)
{
	le_release(&b->le);
	le_init(&b->le, text);
	b->prompt = p;
	b->prompt_id = b->sel_id;
}

/* A live refresh may have moved the selection while the user typed: the
 * edit goes to the task it was started on, if that still exists. */
static bool back_to_prompt_task(struct board *b)
{
	if (b->sel_id == b->prompt_id || board_select_id(b, b->prompt_id))
		return true;
	board_msg(b, true, "task %lld was deleted or filtered out meanwhile", (long long)b->prompt_id);
	return false;
}

static int prompt_key(struct board *b, int key)
{
	enum le_result r = le_key(&b->le, key);
	enum prompt p = b->prompt;
	if (r == LE_CANCEL) {
		b->prompt = PROMPT_NONE;
		if (p == PROMPT_SEARCH) {
			board_set_query(b, b->query_before);
			free(b->query_before);
			b->query_before = NULL;
		}
		return KR_REDRAW;
	}
	if (r == LE_CHANGED && p == PROMPT_SEARCH) {
		/* The loop searches once typing pauses: a search is a scan of
		 * every title, too slow to repeat for each key on a big list. */
		b->search_dirty = true;
		return KR_REDRAW;
	}
	if (r != LE_ENTER)
		return KR_REDRAW;
	char *text = le_text(&b->le);
	b->prompt = PROMPT_NONE;
	switch (p) {
	case PROMPT_ADD:
		if (*text)
			board_add(b, text);
		break;
	case PROMPT_EDIT:
		if (back_to_prompt_task(b))
			board_set_title(b, text);
		break;
	case PROMPT_TAGS:
		if (back_to_prompt_task(b))
			board_set_tags(b, text);
		break;
	case PROMPT_DUE:
		if (back_to_prompt_task(b))
			board_set_due(b, text);
		break;
	case PROMPT_TAG_FILTER:
		board_set_tag_filter(b, text);
		break;
	case PROMPT_SEARCH:
		if (b->search_dirty)
			board_set_query(b, text);
		free(b->query_before);
		b->query_before = NULL;
		board_msg(b, false, "%lld match%s for '%s'", (long long)b->total, b->total == 1 ? "" : "es",
			  b->query ? b->query : "");
		if (!b->query)
			b->msg[0] = '\0';
		break;
	case PROMPT_NONE:
		break;
	}
	free(text);
	return KR_REDRAW;
}

static int list_mouse(struct view *v, struct board *b)
{
	MEVENT *m = &b->mouse;
	if (m->bstate & BUTTON4_PRESSED) {
		board_select(b, b->sel - 3);
		return KR_REDRAW;
	}
#ifdef BUTTON5_PRESSED
	if (m->bstate & BUTTON5_PRESSED) {
		board_select(b, b->sel + 3);
		return KR_REDRAW;
	}
#endif
	int row = m->y - v->r.y;
	if (row < 0 || row >= v->r.h || b->top + row >= b->total)
		return KR_HANDLED;
	board_select(b, b->top + row);
	/* A click on the [ ] box toggles; anywhere else only selects. */
	if (m->x >= v->r.x + 2 && m->x < v->r.x + 5)
		board_toggle(b);
	return KR_REDRAW;
}

static char *tags_text(const struct task *t)
{
	struct buf tb;
	buf_init(&tb);
	for (size_t i = 0; i < t->ntags; i++)
		buf_printf(&tb, "%s%s", i ? " " : "", t->tags[i]);
	return buf_take(&tb);
}

static int list_key(struct view *v, struct board *b, int key)
{
	if (b->prompt)
		return prompt_key(b, key);
	if (key == KF(KEY_MOUSE))
		return list_mouse(v, b);
	int64_t h = b->list_h;
	const struct task *t;
	switch (keys_action(CTX_LIST, key)) {
	case ACT_DOWN: board_select(b, b->sel + 1); break;
	case ACT_UP: board_select(b, b->sel - 1); break;
	case ACT_TOP: board_select(b, 0); break;
	case ACT_BOTTOM: board_select(b, b->total - 1); break;
	case ACT_HALF_DOWN:
	case ACT_HALF_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP: {
		enum action a = keys_action(CTX_LIST, key);
		int64_t step = a == ACT_HALF_DOWN || a == ACT_HALF_UP ? (h + 1) / 2 : h;
		if (a == ACT_HALF_UP || a == ACT_PAGE_UP)
			step = -step;
		/* Like vi: the view scrolls with the selection. */
		b->top += step;
		if (b->top > b->total - h)
			b->top = b->total - h;
		if (b->top < 0)
			b->top = 0;
		board_select(b, b->sel + step);
		break;
	}
	case ACT_ADD: open_prompt(b, PROMPT_ADD, NULL); break;
	case ACT_EDIT:
		if (!(t = board_selected(b)))
			return board_msg(b, true, "no task selected"), KR_REDRAW;
		open_prompt(b, PROMPT_EDIT, t->title);
		break;
	case ACT_TAGS: {
		if (!(t = board_selected(b)))
			return board_msg(b, true, "no task selected"), KR_REDRAW;
		char *s = tags_text(t);
		open_prompt(b, PROMPT_TAGS, s);
		free(s);
		break;
	}
	case ACT_DUE:
		if (!(t = board_selected(b)))
			return board_msg(b, true, "no task selected"), KR_REDRAW;
		open_prompt(b, PROMPT_DUE, t->due);
		break;
	case ACT_SEARCH:
		free(b->query_before);
		b->query_before = b->query ? xstrdup(b->query) : NULL;
		open_prompt(b, PROMPT_SEARCH, b->query);
		break;
	case ACT_TOGGLE: board_toggle(b); break;
	case ACT_DELETE: board_delete(b); break;
	case ACT_UNDO: board_undo(b); break;
	case ACT_PRIO: board_cycle_prio(b); break;
	case ACT_FILTER:
		b->status = b->status == STATUS_PENDING ? STATUS_COMPLETED
			  : b->status == STATUS_COMPLETED ? STATUS_ALL : STATUS_PENDING;
		board_refilter(b);
		break;
	case ACT_WHEN:
		b->when = (b->when + 1) % WHEN_COUNT;
		board_refilter(b);
		break;
	case ACT_TAG_FILTER:
		open_prompt(b, PROMPT_TAG_FILTER, b->tag);
		break;
	case ACT_SORT:
		b->sort = (b->sort + 1) % 4;
		board_refilter(b);
		break;
	default:
		return KR_UNHANDLED;
	}
	return KR_REDRAW;
}

static void list_free(struct view *v)
{
	free(v);
}

static const struct view_ops list_ops = {
	.draw = list_draw,
	.key = list_key,
	.resize = list_resize,
	.free = list_free,
};

struct view *view_list_new(void)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = &list_ops;
	return v;
}
