/* SPDX-License-Identifier: MIT */
/* Word-level scanning for the NLU: phrase tables matched on word boundaries
 * over a lower-cased copy that keeps the original's byte offsets. */
#include <string.h>
#include "nlu.h"
#include "util.h"

static bool alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Letters, digits, any non-ASCII byte (part of a UTF-8 letter, most likely)
 * and an apostrophe between letters ("don't", "Monday's") make up words. */
bool lx_wordch(const char *l, int i)
{
	unsigned char c = (unsigned char)l[i];
	if (alnum(c) || c >= 0x80 || c == '_')
		return true;
	if (c == '\'' && i > 0 && alnum((unsigned char)l[i - 1]) && alnum((unsigned char)l[i + 1]))
		return true;
	return false;
}

int lx_at(const char *l, int i, int e, const char *ph)
{
	int p = i;
	for (const char *w = ph; *w; w++) {
		if (*w == ' ') {
			if (p >= e || !blank((unsigned char)l[p]))
				return -1;
			while (p < e && blank((unsigned char)l[p]))
				p++;
		} else {
			if (p >= e || l[p] != *w)
				return -1;
			p++;
		}
	}
	size_t n = strlen(ph);
	if (n && alnum((unsigned char)ph[n - 1]) && p < e && lx_wordch(l, p))
		return -1;
	return p;
}

static bool sep(unsigned char c)
{
	return blank(c) || c == ',' || c == ';' || c == ':' || c == '-' || c == '.' || c == '!' ||
	       c == '?';
}

void lx_trim(struct tx *t)
{
	while (t->b < t->e && sep((unsigned char)t->l[t->b]))
		t->b++;
	while (t->e > t->b && sep((unsigned char)t->l[t->e - 1]))
		t->e--;
}

void lx_trim_sp(struct tx *t)
{
	while (t->b < t->e && blank((unsigned char)t->l[t->b]))
		t->b++;
	while (t->e > t->b && blank((unsigned char)t->l[t->e - 1]))
		t->e--;
}

bool lx_eat(struct tx *t, const char *ph)
{
	lx_trim_sp(t);
	int p = lx_at(t->l, t->b, t->e, ph);
	if (p < 0)
		return false;
	t->b = p;
	lx_trim_sp(t);
	return true;
}

/* Word starts only: the phrase must not continue a longer word. */
static bool word_start(const struct tx *t, int i)
{
	return i <= t->b || !lx_wordch(t->l, i - 1) || !lx_wordch(t->l, i);
}

bool lx_eat_end(struct tx *t, const char *ph)
{
	lx_trim_sp(t);
	int n = (int)strlen(ph);
	/* a phrase with blanks may match more bytes than its length; scan back
	 * over a few starts, which is plenty for table phrases */
	for (int i = t->e - n; i >= t->b && i >= t->e - n - 8; i--) {
		if (!word_start(t, i))
			continue;
		if (lx_at(t->l, i, t->e, ph) == t->e) {
			t->e = i;
			lx_trim_sp(t);
			return true;
		}
	}
	return false;
}

int lx_eat_table(struct tx *t, const struct lx_ent *tab, int n)
{
	lx_trim_sp(t);
	int best = -1, bend = -1;
	for (int i = 0; i < n; i++) {
		int p = lx_at(t->l, t->b, t->e, tab[i].ph);
		if (p > bend)
			bend = p, best = i;
	}
	if (best < 0)
		return -1;
	t->b = bend;
	lx_trim_sp(t);
	return tab[best].v;
}

int lx_eat_end_table(struct tx *t, const struct lx_ent *tab, int n)
{
	struct tx best = *t;
	int v = -1;
	for (int i = 0; i < n; i++) {
		struct tx c = *t;
		if (lx_eat_end(&c, tab[i].ph) && (v < 0 || c.e < best.e))
			best = c, v = tab[i].v;
	}
	if (v >= 0)
		*t = best;
	return v;
}

int lx_find(const struct tx *t, int from, const char *ph)
{
	for (int i = from < t->b ? t->b : from; i < t->e; i++)
		if (word_start(t, i) && lx_at(t->l, i, t->e, ph) >= 0)
			return i;
	return -1;
}

bool lx_empty(const struct tx *t)
{
	struct tx c = *t;
	lx_trim(&c);
	return c.b >= c.e;
}

bool lx_is(const struct tx *t, const char *ph)
{
	struct tx c = *t;
	lx_trim(&c);
	return lx_at(c.l, c.b, c.e, ph) == c.e;
}

char *lx_dup(const struct tx *t)
{
	return xstrndup(t->o + t->b, (size_t)(t->e > t->b ? t->e - t->b : 0));
}

static bool quote_at(const char *s, int i, int e, int *len)
{
	unsigned char c = (unsigned char)s[i];
	if (c == '\'' || c == '"' || c == '`') {
		*len = 1;
		return true;
	}
	/* curly quotes ‘ ’ “ ” */
	if (c == 0xE2 && i + 2 < e && (unsigned char)s[i + 1] == 0x80) {
		unsigned char d = (unsigned char)s[i + 2];
		if (d == 0x98 || d == 0x99 || d == 0x9C || d == 0x9D) {
			*len = 3;
			return true;
		}
	}
	return false;
}

bool lx_unquote(struct tx *t)
{
	lx_trim_sp(t);
	int a, z;
	if (t->e - t->b < 2 || !quote_at(t->l, t->b, t->e, &a))
		return false;
	/* find a closing quote at the very end */
	for (int i = t->e - 1; i > t->b + a - 1 && i >= t->e - 3; i--) {
		if (quote_at(t->l, i, t->e, &z) && i + z == t->e && i >= t->b + a) {
			if (a == 1 && z == 1 && t->l[t->b] != t->l[i])
				return false;
			t->b += a;
			t->e = i;
			lx_trim_sp(t);
			return true;
		}
	}
	return false;
}

int lx_next_word(const struct tx *t, int i)
{
	while (i < t->e && lx_wordch(t->l, i))
		i++;
	while (i < t->e && !lx_wordch(t->l, i))
		i++;
	return i;
}
