/* SPDX-License-Identifier: MIT */
/* Date phrases to due strings and due strings back to words (DESIGN section 4). */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct ymd { int y, m, d; };

/* What a phrase resolved to. Day numbers (not y/m/d) so that "in 3 days"
 * across a year end is plain addition; hh < 0 when no time was named. */
struct when { long day; int hh, mm; bool tonight; };

/* ---- calendar ---- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Years stop at 9999 so every due string keeps its fixed width. */
static bool ymd_ok(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil): exact for the whole
 * Gregorian calendar and free of time zones and DST, unlike mktime. */
static long day_num(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct ymd from_day_num(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct ymd r;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

/* 1970-01-01 was a Thursday. */
static int wday_of(long z)
{
	long w = (z + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* Days from weekday `from` to the next `to` strictly after it: 1..7. */
static int ahead(int from, int to) { return (to - from + 6) % 7 + 1; }

static long today_of(const struct date_now *now) { return day_num(now->y, now->m, now->d); }

static const char *const wday_names[7] = {"Sunday", "Monday", "Tuesday", "Wednesday",
					  "Thursday", "Friday", "Saturday"};
static const char *const mon_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- scanning ----
 * ASCII-only helpers: <ctype.h> follows the locale and would let a UTF-8
 * byte count as a letter or a space. */

static int lc(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return lc(c) >= 'a' && lc(c) <= 'z'; }
static bool is_sp(int c) { return c == ' ' || c == '\t'; }
static bool is_ws(int c) { return is_sp(c) || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/* A phrase ends at a blank, the end, or punctuation; an apostrophe only ends
 * it when no letter follows, so "Monday's paper" is no date but "'friday'" is. */
static bool at_boundary(const char *p)
{
	unsigned char c = (unsigned char)*p;
	if (c == 0 || is_ws(c) || strchr(",.!?;:)]}\"", c))
		return true;
	if (c == '\'')
		return !is_alpha((unsigned char)p[1]);
	if (c == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99) /* ’ */
		return !is_alpha((unsigned char)p[3]);
	return false;
}

static const char *skip_sp(const char *p) { while (is_sp(*p)) p++; return p; }

/* One or more blanks, as between the words of a phrase; NULL in, NULL out so
 * that steps chain without a check after each. */
static const char *gap(const char *p)
{
	return p && is_sp(*p) ? skip_sp(p) : NULL;
}

/* Phrase w (lowercase; a space stands for any run of blanks) at p, ending on a
 * boundary: its end, or NULL. */
static const char *word(const char *p, const char *w)
{
	if (!p)
		return NULL;
	for (; *w; w++) {
		if (*w == ' ') {
			if (!(p = gap(p)))
				return NULL;
		} else if (lc((unsigned char)*p++) != *w) {
			return NULL;
		}
	}
	return at_boundary(p) ? p : NULL;
}

struct kw { const char *w; int v; };

/* The first entry of t found at p: its value in *v, its end returned. */
static const char *lookup(const char *p, const struct kw *t, size_t n, int *v)
{
	for (size_t i = 0; p && i < n; i++) {
		const char *e = word(p, t[i].w);
		if (e) {
			*v = t[i].v;
			return e;
		}
	}
	return NULL;
}
#define LOOKUP(p, t, v) lookup((p), (t), COUNT(t), (v))

/* min..max digits and no more: "12345" is not a 4-digit year. */
static const char *digits(const char *p, int min, int max, int *v)
{
	int n = 0, x = 0;
	if (!p)
		return NULL;
	for (; is_digit(*p); p++) {
		if (++n > max)
			return NULL;
		x = x * 10 + (*p - '0');
	}
	if (n < min)
		return NULL;
	*v = x;
	return p;
}

/* ---- words ---- */

enum { K_TODAY, K_TONIGHT, K_TOMORROW, K_NEXT_WEEK, K_NEXT_MONTH, K_WEEKEND,
       K_END_MONTH, K_END_WEEK };

static const struct kw fixed_words[] = {
	{"today", K_TODAY}, {"tonight", K_TONIGHT}, {"tomorrow", K_TOMORROW},
	{"tmrw", K_TOMORROW}, {"next week", K_NEXT_WEEK}, {"next month", K_NEXT_MONTH},
	{"weekend", K_WEEKEND}, {"this weekend", K_WEEKEND}, {"the weekend", K_WEEKEND},
	{"end of month", K_END_MONTH}, {"end of the month", K_END_MONTH},
	{"end of this month", K_END_MONTH}, {"the end of the month", K_END_MONTH},
	{"end of week", K_END_WEEK}, {"end of the week", K_END_WEEK},
	{"end of this week", K_END_WEEK}, {"the end of the week", K_END_WEEK},
};

static const struct kw weekdays[] = {
	{"sunday", 0}, {"sun", 0}, {"monday", 1}, {"mon", 1},
	{"tuesday", 2}, {"tue", 2}, {"tues", 2}, {"wednesday", 3}, {"wed", 3},
	{"thursday", 4}, {"thu", 4}, {"thur", 4}, {"thurs", 4},
	{"friday", 5}, {"fri", 5}, {"saturday", 6}, {"sat", 6},
};

static const struct kw months[] = {
	{"january", 1}, {"jan", 1}, {"february", 2}, {"feb", 2}, {"march", 3},
	{"mar", 3}, {"april", 4}, {"apr", 4}, {"may", 5}, {"june", 6}, {"jun", 6},
	{"july", 7}, {"jul", 7}, {"august", 8}, {"aug", 8}, {"september", 9},
	{"sept", 9}, {"sep", 9}, {"october", 10}, {"oct", 10}, {"november", 11},
	{"nov", 11}, {"december", 12}, {"dec", 12},
};

static const struct kw counts[] = {
	{"a", 1}, {"an", 1}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4},
	{"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9},
	{"ten", 10}, {"eleven", 11}, {"twelve", 12},
};

enum { U_DAY, U_WEEK, U_MONTH };
static const struct kw units[] = {
	{"day", U_DAY}, {"days", U_DAY}, {"week", U_WEEK}, {"weeks", U_WEEK},
	{"month", U_MONTH}, {"months", U_MONTH},
};

static const struct kw ordinals[] = {{"st", 0}, {"nd", 0}, {"rd", 0}, {"th", 0}};

/* Value: hours to add to a 1..12 hour. */
static const struct kw meridiems[] = {
	{"am", 0}, {"a.m.", 0}, {"a.m", 0}, {"pm", 12}, {"p.m.", 12}, {"p.m", 12},
};

/* Value: minutes after midnight. */
static const struct kw named_times[] = {{"noon", 720}, {"midday", 720}, {"midnight", 0}};

/* Tried after no preposition, then after each of these. */
static const char *const prepositions[] = {
	"due on", "due by", "due", "on", "by", "before", "until", "till", "for",
};

/* ---- dates ---- */

/* The next m/d that is not in the past, or the one in year y when given.
 * Feb 29 may be up to eight years off (2096 -> 2104). */
static bool month_day(int m, int d, int y, long today, struct when *w)
{
	if (y) {
		if (!ymd_ok(y, m, d))
			return false;
		w->day = day_num(y, m, d);
		return true;
	}
	int y0 = from_day_num(today).y;
	for (y = y0; y <= y0 + 8; y++) {
		if (ymd_ok(y, m, d) && day_num(y, m, d) >= today) {
			w->day = day_num(y, m, d);
			return true;
		}
	}
	return false;
}

/* "15", "15th"; the suffix is not checked against the number ("1th"). */
static const char *day_of_month(const char *p, int *d)
{
	int unused;
	const char *q = digits(p, 1, 2, d);
	if (!q)
		return NULL;
	const char *e = LOOKUP(q, ordinals, &unused);
	return e ? e : at_boundary(q) ? q : NULL;
}

/* An optional " 2027" or ", 2027" after a day and month; 0 in *y without. */
static const char *opt_year(const char *p, int *y)
{
	const char *q = skip_sp(*p == ',' ? p + 1 : p);
	const char *e = digits(q, 4, 4, y);
	if (q != p && e && at_boundary(e))
		return e;
	*y = 0;
	return p;
}

static const char *m_fixed(const char *p, long today, struct when *w)
{
	int k;
	const char *e = LOOKUP(p, fixed_words, &k);
	if (!e)
		return NULL;
	int wd = wday_of(today);
	struct ymd t = from_day_num(today);
	switch (k) {
	case K_TODAY: w->day = today; break;
	case K_TONIGHT: w->day = today; w->tonight = true; break;
	case K_TOMORROW: w->day = today + 1; break;
	case K_NEXT_WEEK: w->day = today + ahead(wd, 1); break;
	case K_NEXT_MONTH:
		w->day = t.m == 12 ? day_num(t.y + 1, 1, 1) : day_num(t.y, t.m + 1, 1);
		break;
	/* Today when already Saturday: "this weekend" is still this one. */
	case K_WEEKEND: w->day = wd == 6 ? today : today + ahead(wd, 6); break;
	case K_END_MONTH: w->day = day_num(t.y, t.m, mdays(t.y, t.m)); break;
	case K_END_WEEK: w->day = today + (7 - wd) % 7; break;
	}
	return e;
}

/* "friday", "next friday", "this fri": all the next one strictly after today. */
static const char *m_weekday(const char *p, long today, struct when *w)
{
	const char *q = word(p, "next");
	if (!q)
		q = word(p, "this");
	q = q ? gap(q) : p;
	int wd;
	const char *e = LOOKUP(q, weekdays, &wd);
	if (e)
		w->day = today + ahead(wday_of(today), wd);
	return e;
}

/* "in 3 days", "in two weeks", "in a month" (the same day number, or the
 * month's last day when it has fewer). */
static const char *m_in(const char *p, long today, struct when *w)
{
	const char *q = gap(word(p, "in"));
	int n, unit;
	const char *e = digits(q, 1, 4, &n);
	if (!e || !at_boundary(e))
		e = LOOKUP(q, counts, &n);
	e = LOOKUP(gap(e), units, &unit);
	if (!e)
		return NULL;
	if (unit == U_DAY || unit == U_WEEK) {
		w->day = today + (long)n * (unit == U_WEEK ? 7 : 1);
		return e;
	}
	struct ymd t = from_day_num(today);
	long mi = (long)t.y * 12 + (t.m - 1) + n;
	int y = (int)(mi / 12), m = (int)(mi % 12) + 1;
	if (y > 9999)
		return NULL;
	w->day = day_num(y, m, t.d < mdays(y, m) ? t.d : mdays(y, m));
	return e;
}

/* "2026-03-15" or "2026-03-15T17:30" (single-digit month and day allowed). */
static const char *m_iso(const char *p, long today, struct when *w)
{
	int y, m, d, hh, mm;
	const char *e = digits(p, 4, 4, &y);
	if (!e || *e != '-' || !(e = digits(e + 1, 1, 2, &m)) || *e != '-' ||
	    !(e = digits(e + 1, 1, 2, &d)))
		return NULL;
	if (lc(*e) == 't') {
		e = digits(e + 1, 2, 2, &hh);
		if (!e || *e != ':' || !(e = digits(e + 1, 2, 2, &mm)) || hh > 23 || mm > 59)
			return NULL;
		w->hh = hh;
		w->mm = mm;
	}
	if (!at_boundary(e) || !ymd_ok(y, m, d))
		return NULL;
	w->day = day_num(y, m, d);
	return e;
}

/* "March 15", "Mar 15th", "15 March", "15th of March", each with an optional
 * year ("March 15, 2027", "15 Mar 2027"). */
static const char *m_day_month(const char *p, long today, struct when *w)
{
	int m = 0, d = 0, y;
	const char *e = day_of_month(gap(LOOKUP(p, months, &m)), &d);
	if (!e) {
		const char *q = gap(day_of_month(p, &d));
		const char *of = gap(word(q, "of"));
		e = LOOKUP(of ? of : q, months, &m);
	}
	if (!e)
		return NULL;
	e = opt_year(e, &y);
	return month_day(m, d, y, today, w) ? e : NULL;
}

/* "3/15" month/day (the US order, as DESIGN asks), optionally "/2027". */
static const char *m_slash(const char *p, long today, struct when *w)
{
	int m, d, y = 0;
	const char *e = digits(p, 1, 2, &m);
	if (!e || *e != '/' || !(e = digits(e + 1, 1, 2, &d)))
		return NULL;
	if (*e == '/' && !(e = digits(e + 1, 4, 4, &y)))
		return NULL;
	if (!at_boundary(e))
		return NULL;
	return month_day(m, d, y, today, w) ? e : NULL;
}

typedef const char *(*date_matcher)(const char *p, long today, struct when *w);

static const char *core_date(const char *p, long today, struct when *w)
{
	static const date_matcher all[] = {
		m_fixed, m_weekday, m_in, m_iso, m_day_month, m_slash,
	};
	for (size_t i = 0; p && i < COUNT(all); i++) {
		w->hh = -1;
		w->tonight = false;
		const char *e = all[i](p, today, w);
		if (e)
			return e;
	}
	return NULL;
}

/* ---- times ---- */

enum { T_NONE, T_OK, T_BAD };
enum { C_BARE, C_COLON, C_MERIDIEM, C_NAMED };

struct clock { int h, m, kind; };

/* "5pm", "5 pm", "7:45am", "17:30", "noon", "3". T_BAD for what is clearly a
 * time but no real one ("25:00", "13pm"): the caller then rejects the phrase
 * rather than leave "at 25:00" in a title. */
static int clock_time(const char *p, struct clock *c, const char **end)
{
	int v, h, m = 0;
	const char *e = LOOKUP(p, named_times, &v);
	if (e) {
		*c = (struct clock){v / 60, v % 60, C_NAMED};
		*end = e;
		return T_OK;
	}
	const char *q = digits(p, 1, 2, &h);
	if (!q)
		return T_NONE;
	c->kind = C_BARE;
	if (*q == ':' && is_digit(q[1])) {
		if (!(q = digits(q + 1, 2, 2, &m)))
			return T_BAD;
		c->kind = C_COLON;
	}
	if ((e = LOOKUP(skip_sp(q), meridiems, &v))) {
		if (h < 1 || h > 12 || m > 59)
			return T_BAD;
		*c = (struct clock){h % 12 + v, m, C_MERIDIEM};
		*end = e;
		return T_OK;
	}
	if (!at_boundary(q))
		return T_NONE;
	if (c->kind == C_COLON && (h > 23 || m > 59))
		return T_BAD;
	/* A bare number is only a time after "at", and "at 45" is more likely
	 * an address than a mistake. */
	if (c->kind == C_BARE && (h < 1 || h > 23))
		return T_NONE;
	c->h = h;
	c->m = m;
	*end = q;
	return T_OK;
}

/* A time with or without "at". Without it, only forms no plain number has:
 * "5pm" anywhere; "17:30" and "noon" only after a date, since "John 3:16"
 * or "midnight snack" alone are no due times. */
static int read_time(const char *p, bool after_date, struct clock *c, const char **end)
{
	const char *q = gap(word(p, "at"));
	int r = clock_time(q ? q : p, c, end);
	if (r != T_OK || q)
		return r;
	if (c->kind == C_BARE || (!after_date && c->kind != C_MERIDIEM))
		return T_NONE;
	return T_OK;
}

/* A bare "at 3" means business hours (1-6 pm); tonight, any hour before 12. */
static void set_clock(struct when *w, const struct clock *c)
{
	int h = c->h;
	if (c->kind == C_BARE && h <= 12 && (w->tonight ? h < 12 : h <= 6))
		h += 12;
	w->hh = h;
	w->mm = c->m;
}

/* A date with an optional time after it, or a time with an optional date. */
static const char *match_at(const char *p, const struct date_now *now, struct when *w)
{
	long today = today_of(now);
	struct clock c;
	const char *te;
	const char *e = core_date(p, today, w);
	if (e) {
		const char *q = gap(e);
		int r = w->hh >= 0 || !q ? T_NONE : read_time(q, true, &c, &te);
		if (r == T_BAD)
			return NULL;
		if (r == T_OK) {
			set_clock(w, &c);
			e = te;
		}
		return e;
	}
	if (read_time(p, false, &c, &te) != T_OK)
		return NULL;
	/* "at 5pm tomorrow", "at 8 tonight", "5pm on friday" */
	const char *q = gap(te);
	const char *on = gap(word(q, "on"));
	e = core_date(on ? on : q, today, w);
	if (e && w->hh < 0) {
		set_clock(w, &c);
		return e;
	}
	w->day = today;
	w->tonight = false;
	set_clock(w, &c);
	if (w->hh * 60 + w->mm < now->hour * 60 + now->min)
		w->day++;
	return te;
}

static bool format_when(const struct when *w, char out[DATE_MAX])
{
	struct ymd t = from_day_num(w->day);
	if (!ymd_ok(t.y, t.m, t.d))
		return false;
	char tmp[48];
	if (w->hh >= 0)
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d", t.y, t.m, t.d, w->hh, w->mm);
	else
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", t.y, t.m, t.d);
	memcpy(out, tmp, strlen(tmp) + 1); /* at most 16 bytes: the year is checked */
	return true;
}

size_t date_match(const char *s, const struct date_now *now, char out[DATE_MAX])
{
	if (!s || !now || !out)
		return 0;
	struct when w;
	const char *e = match_at(s, now, &w);
	for (size_t i = 0; !e && i < COUNT(prepositions); i++) {
		const char *q = gap(word(s, prepositions[i]));
		if (q)
			e = match_at(q, now, &w);
	}
	if (!e || !format_when(&w, out))
		return 0;
	return (size_t)(e - s);
}

int date_parse(const char *s, const struct date_now *now, char out[DATE_MAX],
	       struct todo_err *e)
{
	const char *b = s ? s : "";
	while (is_ws((unsigned char)*b))
		b++;
	size_t n = strlen(b);
	while (n && is_ws((unsigned char)b[n - 1]))
		n--;
	char *t = xstrndup(b, n);
	char tmp[DATE_MAX];
	int rc = TODO_OK;
	if (n && date_match(t, now, tmp) == n)
		memcpy(out, tmp, DATE_MAX);
	else
		rc = err_set(e, TODO_EINVAL, "cannot understand the date '%.200s'", t);
	free(t);
	return rc;
}

/* ---- due strings ---- */

/* Reads a due string of a real date (and time); *hh = -1 when untimed. */
static bool parse_due(const char *s, struct ymd *t, int *hh, int *mm)
{
	static const char shape[] = "dddd-dd-ddTdd:dd";
	size_t n = s ? strlen(s) : 0;
	if (n != 10 && n != 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return false;
	*t = (struct ymd){atoi(s), atoi(s + 5), atoi(s + 8)};
	*hh = n == 16 ? atoi(s + 11) : -1;
	*mm = n == 16 ? atoi(s + 14) : 0;
	return ymd_ok(t->y, t->m, t->d) && *hh <= 23 && *mm <= 59;
}

bool date_valid_due(const char *s)
{
	struct ymd t;
	int hh, mm;
	return parse_due(s, &t, &hh, &mm);
}

int date_days_until(const char *due, const struct date_now *now)
{
	struct ymd t;
	int hh, mm;
	if (!now || !parse_due(due, &t, &hh, &mm))
		return 0;
	return (int)(day_num(t.y, t.m, t.d) - today_of(now));
}

/* date_relative (short, for lists) and date_words (for replies) differ only
 * beyond yesterday..tomorrow. */
static void describe(const char *due, const struct date_now *now, char *buf, size_t n,
		     bool words)
{
	static const char *const near[3] = {"yesterday", "today", "tomorrow"};
	struct ymd t;
	int hh, mm;
	if (!buf || !n)
		return;
	if (!now || !parse_due(due, &t, &hh, &mm)) {
		snprintf(buf, n, "%s", due ? due : "");
		return;
	}
	long day = day_num(t.y, t.m, t.d), diff = day - today_of(now);
	const char *wd = wday_names[wday_of(day)], *mon = mon_names[t.m - 1];
	char d[48], tm[24] = "";
	if (diff >= -1 && diff <= 1) {
		snprintf(d, sizeof d, "%s", near[diff + 1]);
	} else if (words && diff <= 6 && diff > 0) {
		snprintf(d, sizeof d, "%s (%s %d)", wd, mon, t.d);
	} else if (!words && diff < 0) {
		snprintf(d, sizeof d, "overdue %ldd", -diff);
	} else if (!words && diff <= 6) {
		snprintf(d, sizeof d, "in %ldd", diff);
	} else {
		if (words)
			snprintf(d, sizeof d, "%s %d", mon, t.d);
		else
			snprintf(d, sizeof d, "%.3s %d %s", wd, t.d, mon);
		if (t.y != now->y)
			snprintf(d + strlen(d), sizeof d - strlen(d), words ? ", %d" : " %d", t.y);
	}
	if (hh >= 0)
		snprintf(tm, sizeof tm, words ? " at %02d:%02d" : " %02d:%02d", hh, mm);
	snprintf(buf, n, "%s%s", d, tm);
}

void date_relative(const char *due, const struct date_now *now, char *buf, size_t n)
{
	describe(due, now, buf, n, false);
}

void date_words(const char *due, const struct date_now *now, char *buf, size_t n)
{
	describe(due, now, buf, n, true);
}

/* ---- now ---- */

/* TODO_NOW: "YYYY-MM-DDTHH:MM[:SS]" (or the date alone); false unless real. */
static bool parse_now(const char *s, struct date_now *now)
{
	struct when w = {0, -1, 0, false};
	int ss = 0;
	const char *e = m_iso(s, 0, &w);
	if (e && *e == ':')
		e = digits(e + 1, 2, 2, &ss);
	if (!e || *e || ss > 60)
		return false;
	struct ymd t = from_day_num(w.day);
	*now = (struct date_now){t.y, t.m, t.d, wday_of(w.day), w.hh < 0 ? 0 : w.hh, w.mm};
	return true;
}

void date_now_get(struct date_now *now)
{
	const char *env = getenv("TODO_NOW");
	if (env && *env && parse_now(env, now))
		return;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	*now = (struct date_now){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday,
				 tm.tm_hour, tm.tm_min};
}

void date_today(const struct date_now *now, char out[DATE_MAX])
{
	date_add_days(now, 0, out);
}

void date_add_days(const struct date_now *now, int days, char out[DATE_MAX])
{
	struct when w = {today_of(now) + days, -1, 0, false};
	if (!format_when(&w, out))
		out[0] = '\0';
}
