/* SPDX-License-Identifier: MIT */
/* Unit tests: the board's line editor and its text cutting by display width
 * (drawn into a curses screen on /dev/null and read back). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
/* The board's sources are built into ./todo, not into libtodo; the two
 * small files under test are compiled in here. */
#include "../../tui/line_edit.c"
#include "../../tui/text.c"
#include "t.h"

static void type(struct line_edit *le, const char *s)
{
	struct line_edit tmp;
	le_init(&tmp, s);
	for (size_t i = 0; i < tmp.len; i++)
		le_key(le, (int)tmp.buf[i]);
	le_release(&tmp);
}

static void check_text(const char *name, struct line_edit *le, const char *want)
{
	char *got = le_text(le);
	CHECK_STR(name, got, want);
	free(got);
}

static void editing(void)
{
	struct line_edit le;
	le_init(&le, "Café 漢字");
	check_text("UTF-8 in and out", &le, "Café 漢字");
	CHECK("cursor starts at the end", le.cur == le.len && le.len == 7);
	le_key(&le, KF(KEY_LEFT));
	le_key(&le, KF(KEY_LEFT));
	CHECK("insert between wide characters", le_key(&le, '!') == LE_CHANGED);
	check_text("inserted at the cursor", &le, "Café !漢字");
	le_key(&le, KF(KEY_BACKSPACE));
	le_key(&le, KF(KEY_BACKSPACE));
	check_text("backspace removes one character, not one byte", &le, "Café漢字");
	le_key(&le, CTRL('a'));
	CHECK("Ctrl-a to the start", le.cur == 0);
	CHECK("backspace at the start does nothing", le_key(&le, 127) == LE_NONE);
	le_key(&le, KF(KEY_DC));
	check_text("Del removes the character under the cursor", &le, "afé漢字");
	le_key(&le, CTRL('e'));
	type(&le, " two words");
	le_key(&le, CTRL('w'));
	check_text("Ctrl-w deletes the last word", &le, "afé漢字 two ");
	le_key(&le, KF(KEY_HOME));
	le_key(&le, KF(KEY_RIGHT));
	le_key(&le, CTRL('k'));
	check_text("Ctrl-k kills to the end", &le, "a");
	le_key(&le, CTRL('u'));
	check_text("Ctrl-u kills to the start", &le, "");
	CHECK("control characters are not inserted", le_key(&le, 0x01) == LE_NONE && le.len == 0);
	CHECK("a tab is not inserted", le_key(&le, '\t') == LE_NONE);
	CHECK("Enter accepts", le_key(&le, '\r') == LE_ENTER && le_key(&le, '\n') == LE_ENTER);
	CHECK("Esc cancels", le_key(&le, 27) == LE_CANCEL);
	CHECK("a curses code that is no edit", le_key(&le, KF(KEY_F(5))) == LE_NONE);
	le_set(&le, "bad \xff byte");
	check_text("invalid UTF-8 kept visible as U+FFFD", &le, "bad \xef\xbf\xbd byte");
	le_set(&le, NULL);
	check_text("le_set(NULL) empties", &le, "");
	le_release(&le);
}

struct lines {
	char got[8][64];
	int n;
};

static void collect(const char *p, int len, void *ctx)
{
	struct lines *l = ctx;
	if (l->n < 8)
		snprintf(l->got[l->n++], 64, "%.*s", len, p);
}

static void widths(void)
{
	CHECK("ASCII width", text_width("abc", -1) == 3);
	CHECK("wide characters count two", text_width("漢字a", -1) == 5);
	CHECK("combining mark counts zero", text_width("e\xcc\x81", -1) == 1);
	CHECK("control characters count one ('?')", text_width("a\tb", -1) == 3);
	CHECK("length limits the bytes", text_width("漢字", 3) == 2);
	struct lines l = {0};
	int n = text_wrap("hello world foo", 11, collect, &l);
	CHECK("wrap at a space", n == 2 && !strcmp(l.got[0], "hello world") && !strcmp(l.got[1], "foo"));
	memset(&l, 0, sizeof l);
	n = text_wrap("漢字漢字漢", 4, collect, &l);
	CHECK("wrap wide characters by width", n == 3 && !strcmp(l.got[0], "漢字") && !strcmp(l.got[2], "漢"));
	memset(&l, 0, sizeof l);
	n = text_wrap("a\n\nb", 10, collect, &l);
	CHECK("newlines break lines, empty ones kept", n == 3 && !strcmp(l.got[1], "") && !strcmp(l.got[2], "b"));
	memset(&l, 0, sizeof l);
	n = text_wrap("abcdefghij", 4, collect, &l);
	CHECK("a long word is cut", n == 3 && !strcmp(l.got[0], "abcd") && !strcmp(l.got[2], "ij"));
}

/* The screen row y as UTF-8, trailing spaces dropped. */
static void row(int y, char *out, size_t n)
{
	wchar_t w[256] = {0};
	mvinnwstr(y, 0, w, 255);
	size_t k = wcstombs(out, w, n - 1);
	out[k == (size_t)-1 ? 0 : k] = '\0';
	for (k = strlen(out); k > 0 && out[k - 1] == ' '; k--)
		out[k - 1] = '\0';
}

static void drawing(void)
{
	FILE *o = fopen("/dev/null", "w"), *i = fopen("/dev/null", "r");
	SCREEN *s = o && i ? newterm("xterm-256color", o, i) : NULL;
	CHECK("a curses screen for drawing", s != NULL);
	if (!s)
		goto out;
	char buf[512];
	CHECK("fits: drawn whole", text_put(0, 0, "漢字 ok", -1, 10, true) == 7);
	row(0, buf, sizeof buf);
	CHECK_STR("fits: as it was", buf, "漢字 ok");
	CHECK("cut: ellipsis inside the width", text_put(1, 0, "漢字漢字", -1, 5, true) == 5);
	row(1, buf, sizeof buf);
	CHECK_STR("cut: whole wide characters and …", buf, "漢字…");
	CHECK("never half a wide character", text_put(2, 0, "a漢字", -1, 4, true) == 4);
	row(2, buf, sizeof buf);
	CHECK_STR("cut: a漢…", buf, "a漢…");
	text_put(3, 0, "tab\there", -1, 20, true);
	row(3, buf, sizeof buf);
	CHECK_STR("control characters drawn as ?", buf, "tab?here");
	struct line_edit le;
	le_init(&le, "0123456789abcdefghij");
	int cx = le_draw(&le, 4, 0, 10);
	row(4, buf, sizeof buf);
	CHECK("editor scrolls to keep the cursor in view", cx == 9);
	CHECK_STR("editor shows the end of a long text", buf, "bcdefghij");
	le_key(&le, KF(KEY_HOME));
	cx = le_draw(&le, 4, 0, 10);
	row(4, buf, sizeof buf);
	CHECK("Home scrolls back", cx == 0);
	CHECK_STR("editor shows the start again", buf, "0123456789");
	le_set(&le, "漢字漢字漢字");
	cx = le_draw(&le, 5, 0, 7);
	CHECK("wide text: the cursor column counts two per character", cx == 6);
	le_release(&le);
	endwin();
	delscreen(s);
out:
	if (o)
		fclose(o);
	if (i)
		fclose(i);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	editing();
	widths();
	drawing();
	return T_DONE();
}
