/* SPDX-License-Identifier: MIT */
/* The board's model: counts, a window of rows fetched with LIMIT/OFFSET
 * around what is visible, the selection kept on a task id, and the edits
 * with a one-step undo. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "tools.h"
#include "tui.h"
#include "util.h"

/* Rows fetched around the visible ones, in screens: one above, one below,
 * so moving a line or a page rarely touches the database. */
#define WINDOW_SCREENS 3

void board_init(struct board *b, struct cli *c)
{
	memset(b, 0, sizeof *b);
	b->cli = c;
	b->status = STATUS_PENDING;
	b->sort = SORT_ID;
	b->list_h = 1;
	b->cur_y = -1;
	task_init(&b->undo);
	date_now_get(&b->now);
}

static void win_clear(struct board *b)
{
	for (int i = 0; i < b->nwin; i++)
		task_release(&b->win[i]);
	free(b->win);
	b->win = NULL;
	b->nwin = 0;
	b->win_off = 0;
}

void board_release(struct board *b)
{
	win_clear(b);
	task_release(&b->undo);
	free(b->query);
	free(b->tag);
	free(b->query_before);
	le_release(&b->le);
}

const char *board_when_name(int when)
{
	static const char *const names[WHEN_COUNT] = {NULL, "overdue", "today", "tomorrow", "week"};
	return when > WHEN_ANY && when < WHEN_COUNT ? names[when] : NULL;
}

void board_msg(struct board *b, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->msg, sizeof b->msg, fmt, ap);
	va_end(ap);
	b->msg_err = err;
}

/* The filter borrows the board's strings, so it lives no longer than they do. */
static void filter_of(struct board *b, struct task_filter *f)
{
	task_filter_init(f);
	f->status = b->status;
	f->query = b->query;
	f->tag = b->tag;
	f->sort = b->sort;
	const char *w = board_when_name(b->when);
	if (w && tool_due_window(w, &b->now, b->due_min, b->due_lim, b->overdue_at)) {
		f->due_min = b->due_min[0] ? b->due_min : NULL;
		f->due_lim = b->due_lim[0] ? b->due_lim : NULL;
		f->overdue_at = b->overdue_at[0] ? b->overdue_at : NULL;
	}
}

struct collect {
	struct task *rows;
	int n, cap;
};

static int collect_cb(const struct task *t, void *ctx)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->rows = xrealloc(c->rows, (size_t)c->cap * sizeof *c->rows);
	}
	task_copy(&c->rows[c->n++], t);
	return 0;
}

/* Fetches rows [off, off + n) of the filtered list into the window. Deep in
 * an id-ordered list the opposite order is asked for with a small offset
 * and reversed here: OFFSET costs a step per skipped row, so `G` on 100,000
 * tasks stays as quick as `g`. */
static bool fetch(struct board *b, int64_t off, int n)
{
	struct task_filter f;
	filter_of(b, &f);
	int64_t end = off + n < b->total ? off + n : b->total;
	if (end <= off) {
		win_clear(b);
		return true;
	}
	f.limit = end - off;
	f.offset = off;
	bool rev = (b->sort == SORT_ID || b->sort == SORT_NEWEST) && off > b->total / 2;
	if (rev) {
		f.sort = b->sort == SORT_ID ? SORT_NEWEST : SORT_ID;
		f.offset = b->total - end;
	}
	struct collect c = {0};
	struct todo_err e;
	if (store_task_list(b->cli->store, b->cli->user, &f, collect_cb, &c, &e) != TODO_OK) {
		for (int i = 0; i < c.n; i++)
			task_release(&c.rows[i]);
		free(c.rows);
		board_msg(b, true, "%s", e.msg);
		return false;
	}
	if (rev)
		for (int i = 0, j = c.n - 1; i < j; i++, j--) {
			struct task t = c.rows[i];
			c.rows[i] = c.rows[j];
			c.rows[j] = t;
		}
	win_clear(b);
	b->win = c.rows;
	b->nwin = c.n;
	b->win_off = off;
	return true;
}

void board_ensure(struct board *b, int64_t top, int n)
{
	if (n < 1)
		n = 1;
	int64_t end = top + n < b->total ? top + n : b->total;
	if (top >= b->win_off && end <= b->win_off + b->nwin)
		return;
	int64_t off = top - n > 0 ? top - n : 0;
	fetch(b, off, n * WINDOW_SCREENS);
}

const struct task *board_row(struct board *b, int64_t i)
{
	if (i < 0 || i >= b->total)
		return NULL;
	if (i < b->win_off || i >= b->win_off + b->nwin)
		board_ensure(b, i, b->list_h);
	if (i < b->win_off || i >= b->win_off + b->nwin)
		return NULL;
	return &b->win[i - b->win_off];
}

const struct task *board_selected(struct board *b)
{
	return b->total ? board_row(b, b->sel) : NULL;
}

void board_select(struct board *b, int64_t i)
{
	int64_t h = b->list_h > 0 ? b->list_h : 1;
	if (b->total <= 0) {
		b->sel = b->top = b->sel_id = 0;
		return;
	}
	if (i >= b->total)
		i = b->total - 1;
	if (i < 0)
		i = 0;
	b->sel = i;
	if (b->sel < b->top)
		b->top = b->sel;
	if (b->sel >= b->top + h)
		b->top = b->sel - h + 1;
	if (b->top > b->total - h)
		b->top = b->total - h;
	if (b->top < 0)
		b->top = 0;
	board_ensure(b, b->top, (int)h);
	const struct task *t = board_row(b, b->sel);
	b->sel_id = t ? t->id : 0;
}

static bool count_filter(struct board *b, const struct task_filter *f, int64_t *n)
{
	struct todo_err e;
	if (store_task_count(b->cli->store, b->cli->user, f, n, &e) != TODO_OK) {
		board_msg(b, true, "%s", e.msg);
		return false;
	}
	return true;
}

static bool count(struct board *b, int status, int64_t *n)
{
	struct task_filter f;
	task_filter_init(&f);
	f.status = status;
	return count_filter(b, &f, n);
}

/* Rows the filter shows; without a search it follows from the two
 * counts, which saves a query on every reload. */
static bool count_shown(struct board *b)
{
	if (!b->query && !b->tag && !b->when) {
		b->total = b->status == STATUS_PENDING ? b->npending
			 : b->status == STATUS_COMPLETED ? b->ndone : b->npending + b->ndone;
		return true;
	}
	struct task_filter f;
	filter_of(b, &f);
	return count_filter(b, &f, &b->total);
}

void board_refilter(struct board *b)
{
	b->sel = b->top = b->sel_id = 0;
	if (!count_shown(b))
		b->total = 0;
	win_clear(b);
	board_select(b, 0);
}

bool board_reload(struct board *b)
{
	date_now_get(&b->now);
	store_data_version(b->cli->store, &b->version, NULL);
	bool ok = count(b, STATUS_PENDING, &b->npending) && count(b, STATUS_COMPLETED, &b->ndone) &&
		  count_shown(b);
	if (!ok)
		b->total = 0;
	int64_t old_id = b->sel_id, row = b->sel - b->top;
	int64_t h = b->list_h > 0 ? b->list_h : 1;
	win_clear(b);
	if (b->total == 0) {
		board_select(b, 0);
		return ok;
	}
	if (b->sel >= b->total)
		b->sel = b->total - 1;
	if (b->top > b->sel)
		b->top = b->sel;
	board_ensure(b, b->top, (int)h);
	/* Rows added or removed above the selection shift it by a few places;
	 * look for its id in the window fetched around it. */
	for (int i = 0; old_id && i < b->nwin; i++) {
		if (b->win[i].id != old_id)
			continue;
		b->sel = b->win_off + i;
		b->top = b->sel - row;
		if (b->top < 0)
			b->top = 0;
		break;
	}
	board_select(b, b->sel);
	return ok;
}

struct find {
	int64_t id, index;
	bool found;
};

static int find_cb(const struct task *t, void *ctx)
{
	struct find *f = ctx;
	if (t->id == f->id) {
		f->found = true;
		return 1;
	}
	f->index++;
	return 0;
}

bool board_select_id(struct board *b, int64_t id)
{
	for (int i = 0; i < b->nwin; i++)
		if (b->win[i].id == id) {
			board_select(b, b->win_off + i);
			return true;
		}
	struct task_filter f;
	filter_of(b, &f);
	struct find fd = {.id = id};
	if (store_task_list(b->cli->store, b->cli->user, &f, find_cb, &fd, NULL) != TODO_OK || !fd.found)
		return false;
	board_select(b, fd.index);
	return true;
}

/* Keeps `before` (moved in) as what u brings back. */
static void set_undo(struct board *b, enum undo_kind kind, struct task *before)
{
	task_release(&b->undo);
	b->undo = *before;
	task_init(before);
	b->undo_kind = kind;
}

static bool copy_selected(struct board *b, struct task *t)
{
	const struct task *s = board_selected(b);
	if (!s) {
		board_msg(b, true, "no task selected");
		return false;
	}
	task_copy(t, s);
	return true;
}

/* Writes `fields` of t (a changed copy of the selected task); consumes t. */
static bool save_edit(struct board *b, struct task *t, unsigned fields, const char *verb)
{
	struct task before;
	if (!copy_selected(b, &before)) {
		task_release(t);
		return false;
	}
	struct todo_err e;
	bool ok = store_task_update(b->cli->store, t, fields, &e) == TODO_OK;
	if (ok) {
		board_msg(b, false, "%s task %lld: %s  (u undoes)", verb, (long long)t->id, t->title);
		set_undo(b, UNDO_UPDATE, &before);
	} else {
		board_msg(b, true, "%s", e.msg);
	}
	task_release(&before);
	task_release(t);
	board_reload(b);
	return ok;
}

bool board_add(struct board *b, const char *title)
{
	struct todo_err e;
	struct task t;
	task_init(&t);
	if (task_check_title(title, &t.title, &e) != TODO_OK) {
		board_msg(b, true, "%s", e.msg);
		return false;
	}
	t.user_id = xstrdup(b->cli->user);
	if (store_task_add(b->cli->store, &t, &e) != TODO_OK) {
		board_msg(b, true, "%s", e.msg);
		task_release(&t);
		return false;
	}
	board_msg(b, false, "added task %lld: %s", (long long)t.id, t.title);
	struct task undo;
	task_init(&undo);
	undo.id = t.id;
	set_undo(b, UNDO_ADD, &undo);
	board_reload(b);
	/* A new task has no due date and no priority, so it sorts last in
	 * every order but newest-first: try there before searching. */
	board_select(b, b->sort == SORT_NEWEST ? 0 : b->total - 1);
	if (b->sel_id != t.id && !board_select_id(b, t.id))
		board_msg(b, false, "added task %lld: %s (hidden by the filter)", (long long)t.id, t.title);
	task_release(&t);
	return true;
}

bool board_toggle(struct board *b)
{
	struct task t;
	if (!copy_selected(b, &t))
		return false;
	t.completed = !t.completed;
	return save_edit(b, &t, TF_COMPLETED, t.completed ? "completed" : "reopened");
}

bool board_cycle_prio(struct board *b)
{
	struct task t;
	if (!copy_selected(b, &t))
		return false;
	t.priority = (t.priority + 1) % 4;
	char verb[40];
	snprintf(verb, sizeof verb, "priority %s for", prio_name(t.priority));
	return save_edit(b, &t, TF_PRIO, verb);
}

bool board_set_title(struct board *b, const char *title)
{
	struct task t;
	struct todo_err e;
	char *clean;
	if (task_check_title(title, &clean, &e) != TODO_OK) {
		board_msg(b, true, "%s", e.msg);
		return false;
	}
	if (!copy_selected(b, &t)) {
		free(clean);
		return false;
	}
	free(t.title);
	t.title = clean;
	return save_edit(b, &t, TF_TITLE, "renamed");
}

bool board_set_tags(struct board *b, const char *text)
{
	struct task t;
	if (!copy_selected(b, &t))
		return false;
	task_clear_tags(&t);
	char *s = xstrdup(text);
	for (char *save = NULL, *w = strtok_r(s, " ,\t", &save); w; w = strtok_r(NULL, " ,\t", &save)) {
		char *tag;
		struct todo_err e;
		if (task_check_tag(w, &tag, &e) != TODO_OK) {
			board_msg(b, true, "%s", e.msg);
			free(s);
			task_release(&t);
			return false;
		}
		task_add_tag(&t, tag);
		free(tag);
	}
	free(s);
	return save_edit(b, &t, TF_TAGS, "tagged");
}

bool board_set_due(struct board *b, const char *text)
{
	struct task t;
	char due[DATE_MAX];
	char *w = str_trim_dup(text);
	bool clear = !*w || str_ieq(w, "none");
	struct todo_err e;
	date_now_get(&b->now);
	if (!clear && date_parse(w, &b->now, due, &e) != TODO_OK) {
		board_msg(b, true, "%s", e.msg);
		free(w);
		return false;
	}
	free(w);
	if (!copy_selected(b, &t))
		return false;
	free(t.due);
	t.due = clear ? NULL : xstrdup(due);
	char verb[64] = "no due date for";
	if (!clear) {
		char words[48];
		date_words(due, &b->now, words, sizeof words);
		snprintf(verb, sizeof verb, "due %s:", words);
	}
	return save_edit(b, &t, TF_DUE, verb);
}

bool board_delete(struct board *b)
{
	struct task t;
	if (!copy_selected(b, &t))
		return false;
	struct todo_err e;
	if (store_task_delete(b->cli->store, b->cli->user, t.id, &e) != TODO_OK) {
		board_msg(b, true, "%s", e.msg);
		task_release(&t);
		board_reload(b);
		return false;
	}
	board_msg(b, false, "deleted task %lld: %s  (u brings it back)", (long long)t.id, t.title);
	set_undo(b, UNDO_DELETE, &t);
	board_reload(b);
	return true;
}

/* Undo swaps: what it replaces becomes the next undo, so u twice redoes. */
bool board_undo(struct board *b)
{
	struct todo_err e;
	struct store *s = b->cli->store;
	const char *user = b->cli->user;
	struct task cur;
	int64_t id = b->undo.id;
	bool ok = false;
	switch (b->undo_kind) {
	case UNDO_NONE:
		board_msg(b, false, "nothing to undo");
		return false;
	case UNDO_UPDATE:
		if (store_task_get(s, user, id, &cur, &e) != TODO_OK)
			break;
		if (store_task_update(s, &b->undo, TF_TITLE | TF_DESC | TF_DUE | TF_PRIO | TF_TAGS |
				      TF_COMPLETED, &e) != TODO_OK) {
			task_release(&cur);
			break;
		}
		board_msg(b, false, "undone: task %lld is back to '%s'", (long long)id, b->undo.title);
		set_undo(b, UNDO_UPDATE, &cur);
		ok = true;
		break;
	case UNDO_DELETE: {
		/* The deleted row stays as a tombstone (for sync), so the task
		 * comes back as a new row: same fields, new id and uuid. */
		struct task t;
		task_copy(&t, &b->undo);
		t.uuid[0] = '\0';
		free(t.updated_at);
		t.updated_at = now_iso_utc();
		if (store_task_add(s, &t, &e) != TODO_OK) {
			task_release(&t);
			break;
		}
		board_msg(b, false, "restored task %lld as task %lld: %s", (long long)id, (long long)t.id,
			  t.title);
		id = t.id;
		struct task undo;
		task_init(&undo);
		undo.id = t.id;
		task_release(&t);
		set_undo(b, UNDO_ADD, &undo);
		ok = true;
		break;
	}
	case UNDO_ADD:
		if (store_task_get(s, user, id, &cur, &e) != TODO_OK)
			break;
		if (store_task_delete(s, user, id, &e) != TODO_OK) {
			task_release(&cur);
			break;
		}
		board_msg(b, false, "removed task %lld again: %s", (long long)id, cur.title);
		set_undo(b, UNDO_DELETE, &cur);
		ok = true;
		break;
	}
	if (!ok) {
		board_msg(b, true, "cannot undo: %s", e.msg);
		task_release(&b->undo);
		task_init(&b->undo);
		b->undo_kind = UNDO_NONE;
	}
	board_reload(b);
	if (ok && b->undo_kind != UNDO_DELETE)
		board_select_id(b, id);
	return ok;
}

void board_set_tag_filter(struct board *b, const char *tag)
{
	char *t = str_trim_dup(tag ? tag : "");
	free(b->tag);
	b->tag = NULL;
	if (*t) {
		struct todo_err e;
		if (task_check_tag(t, &b->tag, &e) != TODO_OK)
			board_msg(b, true, "%s", e.msg);
	}
	free(t);
	board_refilter(b);
}

void board_set_query(struct board *b, const char *q)
{
	free(b->query);
	b->query = q && *q ? xstrdup(q) : NULL;
	b->search_dirty = false;
	board_refilter(b);
}
