/* SPDX-License-Identifier: MIT */
/* The key table: dispatch, the bottom bar and the ? screen all read these
 * rows, so a binding cannot be documented in one place and missing in another. */
#include <stdio.h>
#include <string.h>
#include "tui.h"

#define L CTX_LIST
#define LD (CTX_LIST | CTX_DETAIL)

const struct key_def key_table[] = {
	{LD, ACT_DOWN, {'j', KF(KEY_DOWN)}, "j, Down", NULL, "next task"},
	{LD, ACT_UP, {'k', KF(KEY_UP)}, "k, Up", NULL, "previous task"},
	{LD, ACT_TOP, {'g', KF(KEY_HOME)}, "g, Home", NULL, "first task"},
	{LD, ACT_BOTTOM, {'G', KF(KEY_END)}, "G, End", NULL, "last task"},
	{LD, ACT_HALF_DOWN, {CTRL('d')}, "Ctrl-d", NULL, "half a page down"},
	{LD, ACT_HALF_UP, {CTRL('u')}, "Ctrl-u", NULL, "half a page up"},
	{LD, ACT_PAGE_DOWN, {KF(KEY_NPAGE), CTRL('f')}, "PgDn, Ctrl-f", NULL, "a page down"},
	{LD, ACT_PAGE_UP, {KF(KEY_PPAGE), CTRL('b')}, "PgUp, Ctrl-b", NULL, "a page up"},
	{L, ACT_DETAIL, {'\n', '\r', KF(KEY_ENTER)}, "Enter", NULL, "show the task in full"},
	{CTX_DETAIL, ACT_BACK, {'\n', '\r', KEY_ESC, 'h'}, "Enter, Esc, h", "Esc back", "back to the list"},
	{LD, ACT_ADD, {'a'}, "a", "a add", "add a task (type the title, Enter)"},
	{LD, ACT_EDIT, {'e'}, "e", "e edit", "edit the title"},
	{LD, ACT_TOGGLE, {' ', 'x'}, "Space, x", "x done", "mark done / not done"},
	{LD, ACT_DELETE, {'d', KF(KEY_DC)}, "d, Del", "d del", "delete the task"},
	{LD, ACT_UNDO, {'u'}, "u", "u undo", "undo the last change (brings a deleted task back)"},
	{LD, ACT_PRIO, {'p'}, "p", NULL, "cycle priority: none, low, medium, high"},
	{LD, ACT_TAGS, {'t'}, "t", NULL, "edit tags (words, '#' optional)"},
	{LD, ACT_DUE, {'D'}, "D", NULL, "due date: fri, tomorrow, in 3 days, 2026-03-15; none clears"},
	{L, ACT_SEARCH, {'/'}, "/", "/ search", "search titles and descriptions as you type (Esc restores)"},
	{L, ACT_FILTER, {'f'}, "f", "f filter", "show pending, done or all tasks"},
	{L, ACT_WHEN, {'w'}, "w", NULL, "due window: any, overdue, today, tomorrow, the next 7 days"},
	{L, ACT_TAG_FILTER, {'#'}, "#", NULL, "show one tag only (empty: all tags)"},
	{L, ACT_SORT, {'s'}, "s", "s sort", "sort by id, due date, priority or newest"},
	{LD, ACT_CHAT, {'c'}, "c", "c chat", "open or close the chat pane"},
	{LD | CTX_CHAT, ACT_FOCUS, {'\t'}, "Tab", NULL, "move between the list and the chat pane"},
	{CTX_CHAT, ACT_SEND, {'\n', '\r', KF(KEY_ENTER)}, "Enter", "\u23ce send", "send the message to the assistant"},
	{CTX_CHAT, ACT_BACK, {KEY_ESC}, "Esc", "Esc list", "back to the list (the pane stays open)"},
	{CTX_CHAT, ACT_PAGE_UP, {KF(KEY_PPAGE)}, "PgUp, PgDn", "PgUp/PgDn scroll", "scroll the conversation"},
	{CTX_CHAT, ACT_PAGE_DOWN, {KF(KEY_NPAGE)}, "", NULL, NULL},
	{CTX_PROMPT, ACT_SEND, {'\n'}, "Enter", "\u23ce ok", "accept the text"},
	{CTX_PROMPT, ACT_BACK, {KEY_ESC}, "Esc", "Esc cancel", "cancel"},
	{CTX_PROMPT, ACT_NONE, {0}, "Ctrl-a/e, Ctrl-w/u/k", NULL,
	 "start/end of line, delete word/to start/to end; arrows, Home, End, Del"},
	{LD, ACT_HELP, {'?'}, "?", "? help", "this screen"},
	{LD, ACT_QUIT, {'q'}, "q", "q quit", "quit (Ctrl-C too)"},
	{0, ACT_NONE, {0}, NULL, NULL, NULL},
};

enum action keys_action(int ctx, int key)
{
	for (const struct key_def *k = key_table; k->names; k++) {
		if (!(k->ctx & ctx))
			continue;
		for (int i = 0; i < 4 && k->keys[i]; i++)
			if (k->keys[i] == key)
				return k->act;
	}
	return ACT_NONE;
}

/* "? help" comes first so it survives a narrow screen; the rest follow in
 * table order while they fit. */
void keys_draw_bar(int ctx, int y, int x, int w)
{
	int col = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (const struct key_def *k = key_table; k->names && col < w; k++) {
			if (!(k->ctx & ctx) || !k->bar || (k->act == ACT_HELP) != (pass == 0))
				continue;
			int need = text_width(k->bar, -1);
			if (col + need > w)
				break;
			/* The key itself stands out; the label stays plain. */
			const char *sp = strchr(k->bar, ' ');
			int klen = sp ? (int)(sp - k->bar) : (int)strlen(k->bar);
			attron(A_BOLD);
			int kw = text_put(y, x + col, k->bar, klen, w - col, false);
			attroff(A_BOLD);
			text_put(y, x + col + kw, k->bar + klen, -1, w - col - kw, false);
			col += need + 2;
		}
	}
}

/* Lines of the ? screen: section titles and key rows, in order. */
static int help_items(const struct key_def **rows, const char **titles, int max)
{
	static const struct {
		int ctx;
		const char *title;
	} sections[] = {
		{CTX_LIST, "Task list"},
		{CTX_DETAIL, "Details (after Enter)"},
		{CTX_CHAT, "Chat pane (c)"},
		{CTX_PROMPT, "Typing a title, tags, a date or a search"},
	};
	int n = 0;
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		if (n < max) {
			rows[n] = NULL;
			titles[n++] = sections[s].title;
		}
		for (const struct key_def *k = key_table; k->names && n < max; k++) {
			if (!(k->ctx & sections[s].ctx) || !k->help)
				continue;
			/* In the detail section only what differs from the list. */
			if (sections[s].ctx == CTX_DETAIL && (k->ctx & CTX_LIST))
				continue;
			rows[n] = k;
			titles[n++] = NULL;
		}
	}
	return n;
}

void keys_draw_help(struct rect r)
{
	const struct key_def *rows[96];
	const char *titles[96];
	int n = help_items(rows, titles, 96);
	for (int y = 0; y < r.h; y++)
		text_fill(r.y + y, r.x, r.w);
	attron(A_BOLD);
	text_put(r.y, r.x + 1, "todo tui - keys (any key closes this)", -1, r.w - 2, true);
	attroff(A_BOLD);
	/* Two columns when one would not fit and the screen is wide. */
	int avail = r.h - 2;
	int ncols = n > avail && r.w >= 80 ? 2 : 1;
	int colw = r.w / ncols, namew = ncols == 2 ? 14 : 22;
	int col = 0, y = r.y + 2;
	for (int i = 0; i < n; i++) {
		if (y >= r.y + r.h || (titles[i] && y + 1 >= r.y + r.h)) {
			if (++col >= ncols)
				break;
			y = r.y + 2;
		}
		int x = r.x + col * colw;
		if (titles[i]) {
			if (y > r.y + 2)
				y++;
			attron(A_UNDERLINE);
			text_put(y++, x + 1, titles[i], -1, colw - 2, true);
			attroff(A_UNDERLINE);
			continue;
		}
		attron(A_BOLD);
		text_put(y, x + 2, rows[i]->names, -1, namew, true);
		attroff(A_BOLD);
		text_put(y, x + 3 + namew, rows[i]->help, -1, colw - namew - 4, true);
		y++;
	}
}

void keys_name(int key, char *buf, size_t n)
{
	if (key & KF(0)) {
		const char *k = keyname(key & ~KF(0));
		snprintf(buf, n, "%s", k ? k : "?");
	} else if (key == ' ') {
		snprintf(buf, n, "space");
	} else if (key < 0x20) {
		snprintf(buf, n, "^%c", key + '@');
	} else if (key < 0x80) {
		snprintf(buf, n, "%c", key);
	} else {
		snprintf(buf, n, "U+%04X", (unsigned)key);
	}
}
