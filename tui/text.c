/* SPDX-License-Identifier: MIT */
/* UTF-8 text on the board by display width: cutting, padding, wrapping. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tui.h"

/* Decodes one character; invalid bytes come back as U+FFFD, one at a time. */
static size_t next_char(const char *p, size_t left, wchar_t *wc)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(wc, p, left, &st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		*wc = 0xFFFD;
		return 1;
	}
	return n == 0 ? 1 : n;
}

/* Columns a character takes when drawn: control characters and anything
 * wcwidth does not know are drawn as '?', one column. */
static int draw_width(wchar_t wc)
{
	if (wc < 0x20 || wc == 0x7f)
		return 1;
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int text_width(const char *s, int len)
{
	size_t left = len < 0 ? strlen(s) : (size_t)len;
	int w = 0;
	while (left) {
		wchar_t wc;
		size_t n = next_char(s, left, &wc);
		w += draw_width(wc);
		s += n;
		left -= n;
	}
	return w;
}

void text_fill(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
}

int text_put(int y, int x, const char *s, int len, int w, bool ellipsis)
{
	if (w <= 0 || !s)
		return 0;
	size_t left = len < 0 ? strlen(s) : (size_t)len;
	bool cut = text_width(s, (int)left) > w;
	int limit = cut && ellipsis ? w - 1 : w;
	/* Characters go out in small batches: one mvaddnwstr per batch keeps
	 * combining marks attached to the character before them. */
	wchar_t out[128];
	int nout = 0, used = 0, col = x;
	while (left) {
		wchar_t wc;
		size_t n = next_char(s, left, &wc);
		int cwid = draw_width(wc);
		if (used + cwid > limit)
			break;
		if (wc < 0x20 || wc == 0x7f || wcwidth(wc) < 0)
			wc = L'?';
		if (cwid == 0 && used == 0)
			wc = L' ', cwid = 1;   /* a lone combining mark has nothing to sit on */
		out[nout++] = wc;
		used += cwid;
		if (nout == (int)(sizeof out / sizeof out[0]) - 1) {
			mvaddnwstr(y, col, out, nout);
			col = x + used;
			nout = 0;
		}
		s += n;
		left -= n;
	}
	if (nout)
		mvaddnwstr(y, col, out, nout);
	if (cut && ellipsis && used < w) {
		mvaddwstr(y, x + used, L"\x2026");
		used++;
	}
	return used;
}

int text_wrap(const char *s, int w, void (*fn)(const char *p, int len, void *ctx), void *ctx)
{
	int lines = 0;
	if (w < 1)
		w = 1;
	while (*s) {
		const char *p = s, *brk = NULL;
		int used = 0;
		while (*p && *p != '\n') {
			wchar_t wc;
			size_t n = next_char(p, strlen(p), &wc);
			int cwid = draw_width(wc);
			if (used + cwid > w)
				break;
			if (wc == L' ')
				brk = p;
			used += cwid;
			p += n;
		}
		const char *end = p;
		if (*p && *p != '\n' && *p != ' ' && brk && brk > s)
			end = brk;          /* break at the last space that fits */
		if (end == s && *p && *p != '\n')
			end = s + next_char(s, strlen(s), &(wchar_t){0});   /* w too small: one char */
		if (fn)
			fn(s, (int)(end - s), ctx);
		lines++;
		s = end;
		if (*s == '\n')
			s++;
		else
			while (*s == ' ')
				s++;
	}
	return lines;
}

/* Box lines as Unicode characters: the alternate character set (ACS) is
 * not translated by every terminal and multiplexer in UTF-8 mode. */
void text_hline(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		mvaddwstr(y, x + i, L"\x2500");
}

void text_vline(int y, int x, int h)
{
	for (int i = 0; i < h; i++)
		mvaddwstr(y + i, x, L"\x2502");
}
