/* SPDX-License-Identifier: MIT */
/* A one-line UTF-8 editor for curses: cursor movement, word and line kills,
 * wide characters, horizontal scrolling that keeps the cursor in view. */
#ifndef TODO_LINE_EDIT_H
#define TODO_LINE_EDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* The text is kept as wide characters so the cursor moves by character and
 * widths come from wcwidth. Embedded in its owner: le_init / le_release. */
struct line_edit {
	wchar_t *buf;     /* owned, len characters plus a terminating 0 */
	size_t len, cap;
	size_t cur;       /* cursor: index of the character it stands before */
	size_t scroll;    /* first character shown */
};

/* What a key did. */
enum le_result { LE_NONE = 0, LE_MOVED, LE_CHANGED, LE_ENTER, LE_CANCEL };

/* Starts with text (UTF-8, may be NULL), the cursor at its end. */
void le_init(struct line_edit *le, const char *text);
void le_release(struct line_edit *le);
void le_set(struct line_edit *le, const char *text);
/* Feeds one key (a character, or KF(KEY_...) for a curses key code). */
enum le_result le_key(struct line_edit *le, int key);
/* The text as a new UTF-8 string; the caller frees it. */
char *le_text(const struct line_edit *le);
/* Draws the visible part in w columns at y, x (padding with spaces) and
 * returns the screen column of the cursor. */
int le_draw(struct line_edit *le, int y, int x, int w);

#endif
