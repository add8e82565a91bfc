/* SPDX-License-Identifier: MIT */
/* The board's line editor: emacs-style keys over a wide-character buffer. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include "tui.h"
#include "util.h"

/* Columns of one character as it is drawn: unprintable ones become '?'. */
static int cw(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

static void reserve(struct line_edit *le, size_t n)
{
	if (n + 1 <= le->cap)
		return;
	size_t cap = le->cap ? le->cap : 32;
	while (cap < n + 1)
		cap *= 2;
	le->buf = xrealloc(le->buf, cap * sizeof *le->buf);
	le->cap = cap;
}

void le_init(struct line_edit *le, const char *text)
{
	memset(le, 0, sizeof *le);
	le_set(le, text);
}

void le_release(struct line_edit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

void le_set(struct line_edit *le, const char *text)
{
	le->len = le->cur = le->scroll = 0;
	reserve(le, 0);
	le->buf[0] = 0;
	if (!text)
		return;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t left = strlen(text);
	while (left) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, text, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			/* Invalid bytes cannot be typed back; U+FFFD keeps the
			 * length visible instead of dropping them. */
			wc = 0xFFFD;
			n = 1;
			memset(&st, 0, sizeof st);
		}
		if (n == 0)
			break;
		if (wc == L'\n' || wc == L'\t')
			wc = L' ';
		reserve(le, le->len + 1);
		le->buf[le->len++] = wc;
		text += n;
		left -= n;
	}
	le->buf[le->len] = 0;
	le->cur = le->len;
}

char *le_text(const struct line_edit *le)
{
	struct buf b;
	buf_init(&b);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	char mb[MB_LEN_MAX];
	for (size_t i = 0; i < le->len; i++) {
		size_t n = wcrtomb(mb, le->buf[i], &st);
		if (n == (size_t)-1) {
			buf_puts(&b, "?");
			memset(&st, 0, sizeof st);
			continue;
		}
		buf_add(&b, mb, n);
	}
	return buf_take(&b);
}

static void erase_range(struct line_edit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->buf + from, le->buf + to, (le->len - to + 1) * sizeof *le->buf);
	le->len -= to - from;
	le->cur = from;
}

static size_t word_left(const struct line_edit *le, size_t i)
{
	while (i > 0 && iswspace((wint_t)le->buf[i - 1]))
		i--;
	while (i > 0 && !iswspace((wint_t)le->buf[i - 1]))
		i--;
	return i;
}

static size_t word_right(const struct line_edit *le, size_t i)
{
	while (i < le->len && iswspace((wint_t)le->buf[i]))
		i++;
	while (i < le->len && !iswspace((wint_t)le->buf[i]))
		i++;
	return i;
}

enum le_result le_key(struct line_edit *le, int key)
{
	size_t old = le->cur;
	switch (key) {
	case '\n':
	case '\r':
	case KF(KEY_ENTER):
		return LE_ENTER;
	case KEY_ESC:
	case CTRL('g'):
		return LE_CANCEL;
	case KF(KEY_LEFT):
	case CTRL('b'):
		if (le->cur > 0)
			le->cur--;
		break;
	case KF(KEY_RIGHT):
	case CTRL('f'):
		if (le->cur < le->len)
			le->cur++;
		break;
	case KF(KEY_HOME):
	case CTRL('a'):
		le->cur = 0;
		break;
	case KF(KEY_END):
	case CTRL('e'):
		le->cur = le->len;
		break;
	case KF(543):    /* ctrl-left in xterm's terminfo (kLFT5) */
		le->cur = word_left(le, le->cur);
		break;
	case KF(558):    /* ctrl-right (kRIT5) */
		le->cur = word_right(le, le->cur);
		break;
	case KF(KEY_BACKSPACE):
	case 127:
	case CTRL('h'):
		if (le->cur == 0)
			return LE_NONE;
		erase_range(le, le->cur - 1, le->cur);
		return LE_CHANGED;
	case KF(KEY_DC):
	case CTRL('d'):
		if (le->cur >= le->len)
			return LE_NONE;
		erase_range(le, le->cur, le->cur + 1);
		return LE_CHANGED;
	case CTRL('w'):
		if (le->cur == 0)
			return LE_NONE;
		erase_range(le, word_left(le, le->cur), le->cur);
		return LE_CHANGED;
	case CTRL('u'):
		if (le->cur == 0)
			return LE_NONE;
		erase_range(le, 0, le->cur);
		return LE_CHANGED;
	case CTRL('k'):
		if (le->cur == le->len)
			return LE_NONE;
		le->len = le->cur;
		le->buf[le->len] = 0;
		return LE_CHANGED;
	default:
		if (key & KF(0))
			return LE_NONE;
		/* Control characters would draw as garbage; a title keeps
		 * printable text only. */
		if (key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0) || !iswprint((wint_t)key))
			return LE_NONE;
		if (le->len >= 4000)
			return LE_NONE;
		reserve(le, le->len + 1);
		memmove(le->buf + le->cur + 1, le->buf + le->cur,
			(le->len - le->cur + 1) * sizeof *le->buf);
		le->buf[le->cur++] = (wchar_t)key;
		le->len++;
		return LE_CHANGED;
	}
	return le->cur != old ? LE_MOVED : LE_NONE;
}

int le_draw(struct line_edit *le, int y, int x, int w)
{
	if (w <= 0)
		return x;
	/* Scroll so the cursor (and one column for it after the text) fits. */
	if (le->cur < le->scroll)
		le->scroll = le->cur;
	for (;;) {
		int used = 0;
		for (size_t i = le->scroll; i < le->cur; i++)
			used += cw(le->buf[i]);
		if (used + 1 <= w || le->scroll >= le->cur)
			break;
		le->scroll++;
	}
	int col = 0, cur_col = -1;
	move(y, x);
	for (size_t i = le->scroll; i <= le->len; i++) {
		if (i == le->cur)
			cur_col = col;
		if (i == le->len)
			break;
		int cwid = cw(le->buf[i]);
		if (col + cwid > w)
			break;
		wchar_t c[2] = {le->buf[i], 0};
		if (wcwidth(c[0]) < 0)
			c[0] = L'?';
		mvaddnwstr(y, x + col, c, 1);
		col += cwid;
	}
	for (; col < w; col++)
		mvaddch(y, x + col, ' ');
	return x + (cur_col < 0 ? 0 : cur_col);
}
