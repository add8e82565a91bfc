/* SPDX-License-Identifier: MIT */
/* Unit tests for core/date.c: phrases, due strings back to words, now. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "t.h"
#include "date.h"

/* want NULL: no match. len 0: the whole input is consumed. */
struct mcase {
	const char *in, *want;
	size_t len;
};

static void run_cases(const char *tag, const struct date_now *now,
		      const struct mcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[DATE_MAX] = "untouched", name[160];
		size_t got = date_match(c[i].in, now, out);
		snprintf(name, sizeof name, "%s: \"%s\"", tag, c[i].in);
		if (!c[i].want) {
			CHECK(name, got == 0 && strcmp(out, "untouched") == 0);
			continue;
		}
		size_t want_len = c[i].len ? c[i].len : strlen(c[i].in);
		CHECK_STR(name, got ? out : "(no match)", c[i].want);
		if (got != want_len) {
			printf("    consumed %zu, want %zu\n", got, want_len);
		}
		CHECK(name, got == want_len);
	}
}
#define RUN(tag, now, cases) run_cases((tag), (now), (cases), sizeof(cases) / sizeof((cases)[0]))

/* Tuesday 2026-03-10 09:00, the DESIGN's TODO_NOW. */
static const struct date_now TUE = {2026, 3, 10, 2, 9, 0};

static const struct mcase tue_cases[] = {
	{"today", "2026-03-10", 0}, {"TODAY", "2026-03-10", 0},
	{"tonight", "2026-03-10", 0}, {"tomorrow", "2026-03-11", 0},
	{"Tomorrow", "2026-03-11", 0}, {"tmrw", "2026-03-11", 0},
	{"tomorrow at 3pm", "2026-03-11T15:00", 0},
	{"on friday", "2026-03-13", 0}, {"by tuesday", "2026-03-17", 0},
	{"tuesday", "2026-03-17", 0}, {"tue", "2026-03-17", 0}, {"tues", "2026-03-17", 0},
	{"wednesday", "2026-03-11", 0}, {"wed", "2026-03-11", 0},
	{"thursday", "2026-03-12", 0}, {"thu", "2026-03-12", 0},
	{"thur", "2026-03-12", 0}, {"thurs", "2026-03-12", 0},
	{"friday", "2026-03-13", 0}, {"fri", "2026-03-13", 0}, {"FRIDAY", "2026-03-13", 0},
	{"saturday", "2026-03-14", 0}, {"sat", "2026-03-14", 0},
	{"sunday", "2026-03-15", 0}, {"sun", "2026-03-15", 0},
	{"monday", "2026-03-16", 0}, {"mon", "2026-03-16", 0},
	{"next friday", "2026-03-13", 0}, {"this friday", "2026-03-13", 0},
	{"next tuesday", "2026-03-17", 0},
	{"today at 12:30", "2026-03-10T12:30", 0},
	{"today at 8am", "2026-03-10T08:00", 0},
	{"this weekend", "2026-03-14", 0}, {"the weekend", "2026-03-14", 0},
	{"weekend", "2026-03-14", 0}, {"on the weekend", "2026-03-14", 0},
	{"on March 15", "2026-03-15", 0}, {"March 15", "2026-03-15", 0},
	{"Mar 15", "2026-03-15", 0}, {"March 15th", "2026-03-15", 0},
	{"15 March", "2026-03-15", 0}, {"15th of March", "2026-03-15", 0},
	{"15 Mar", "2026-03-15", 0}, {"on 20 March", "2026-03-20", 0},
	{"by April 15", "2026-04-15", 0}, {"on March 1", "2027-03-01", 0},
	{"March 10", "2026-03-10", 0}, {"March 9", "2027-03-09", 0},
	{"sept 1st", "2026-09-01", 0}, {"1st of june", "2026-06-01", 0},
	{"March 15 2027", "2027-03-15", 0}, {"March 15, 2027", "2027-03-15", 0},
	{"15 March 2027", "2027-03-15", 0}, {"15th of March, 2025", "2025-03-15", 0},
	{"Feb 29", "2028-02-29", 0}, {"29 February 2028", "2028-02-29", 0},
	{"3/15", "2026-03-15", 0}, {"3/1", "2027-03-01", 0}, {"12/25", "2026-12-25", 0},
	{"3/15/2027", "2027-03-15", 0}, {"on 4/1", "2026-04-01", 0},
	{"in 2 weeks", "2026-03-24", 0}, {"in 3 days", "2026-03-13", 0},
	{"in a week", "2026-03-17", 0}, {"in two days", "2026-03-12", 0},
	{"in 1 day", "2026-03-11", 0}, {"in 0 days", "2026-03-10", 0},
	{"in an week", "2026-03-17", 0}, {"in twelve months", "2027-03-10", 0},
	{"in 1 month", "2026-04-10", 0}, {"in a month", "2026-04-10", 0},
	{"in ten days", "2026-03-20", 0}, {"In 100 days", "2026-06-18", 0},
	{"next week", "2026-03-16", 0}, {"next month", "2026-04-01", 0},
	{"by end of month", "2026-03-31", 0}, {"end of month", "2026-03-31", 0},
	{"end of the month", "2026-03-31", 0}, {"by the end of the month", "2026-03-31", 0},
	{"end of week", "2026-03-15", 0}, {"end of the week", "2026-03-15", 0},
	{"2026-04-01", "2026-04-01", 0}, {"2026-04-01T17:30", "2026-04-01T17:30", 0},
	{"due 2026-04-01", "2026-04-01", 0}, {"2026-4-1", "2026-04-01", 0},
	{"2028-02-29", "2028-02-29", 0}, {"2000-02-29", "2000-02-29", 0},
	{"thursday at 17:30", "2026-03-12T17:30", 0},
	{"saturday at 10am", "2026-03-14T10:00", 0},
	{"monday at 2pm", "2026-03-16T14:00", 0},
	{"friday at 7:45am", "2026-03-13T07:45", 0},
	{"friday at 5 pm", "2026-03-13T17:00", 0}, {"friday 5pm", "2026-03-13T17:00", 0},
	{"friday at 5 p.m.", "2026-03-13T17:00", 0}, {"friday 17:30", "2026-03-13T17:30", 0},
	{"friday at noon", "2026-03-13T12:00", 0}, {"friday noon", "2026-03-13T12:00", 0},
	{"friday at midnight", "2026-03-13T00:00", 0},
	{"friday at 12am", "2026-03-13T00:00", 0}, {"friday at 12pm", "2026-03-13T12:00", 0},
	{"friday at 3", "2026-03-13T15:00", 0}, {"friday at 6", "2026-03-13T18:00", 0},
	{"friday at 7", "2026-03-13T07:00", 0}, {"friday at 12", "2026-03-13T12:00", 0},
	{"friday at 17", "2026-03-13T17:00", 0}, {"Friday AT 5PM", "2026-03-13T17:00", 0},
	{"tonight at 8", "2026-03-10T20:00", 0}, {"tonight at 11", "2026-03-10T23:00", 0},
	{"tonight at 8pm", "2026-03-10T20:00", 0}, {"tonight 9pm", "2026-03-10T21:00", 0},
	{"next week at 9am", "2026-03-16T09:00", 0},
	{"in 2 days at 17:30", "2026-03-12T17:30", 0},
	{"March 15 at 5pm", "2026-03-15T17:00", 0},
	/* a lone time: today, or tomorrow once past (09:00 now) */
	{"at 5pm", "2026-03-10T17:00", 0}, {"at 8am", "2026-03-11T08:00", 0},
	{"at 9am", "2026-03-10T09:00", 0}, {"at 8:59", "2026-03-11T08:59", 0},
	{"at 3", "2026-03-10T15:00", 0}, {"5pm", "2026-03-10T17:00", 0},
	{"7:45am", "2026-03-11T07:45", 0}, {"at noon", "2026-03-10T12:00", 0},
	{"at midnight", "2026-03-11T00:00", 0}, {"by 5pm", "2026-03-10T17:00", 0},
	{"at 5pm tomorrow", "2026-03-11T17:00", 0}, {"at 8 tonight", "2026-03-10T20:00", 0},
	{"at 10am on friday", "2026-03-13T10:00", 0}, {"5pm friday", "2026-03-13T17:00", 0},
	/* prepositions */
	{"by 5pm tomorrow", "2026-03-11T17:00", 0}, {"till friday", "2026-03-13", 0},
	{"due tomorrow at 5pm", "2026-03-11T17:00", 0},
	{"due friday", "2026-03-13", 0}, {"due on friday", "2026-03-13", 0},
	{"due by friday", "2026-03-13", 0}, {"before friday", "2026-03-13", 0},
	{"until friday", "2026-03-13", 0}, {"for friday", "2026-03-13", 0},
	{"On Friday", "2026-03-13", 0}, {"by  friday", "2026-03-13", 0},
	/* consumed lengths: trailing words, spaces and punctuation stay */
	{"friday, urgent", "2026-03-13", 6}, {"tomorrow at 3pm please", "2026-03-11T15:00", 15},
	{"tomorrow.", "2026-03-11", 8}, {"friday!", "2026-03-13", 6},
	{"friday?", "2026-03-13", 6}, {"today   ", "2026-03-10", 5},
	{"on friday at 5pm and more", "2026-03-13T17:00", 16},
	{"tomorrow  at  3pm", "2026-03-11T15:00", 0},
	{"March 15, urgent", "2026-03-15", 8}, {"friday at Luigi's", "2026-03-13", 6},
	{"tomorrow 5 apples", "2026-03-11", 8}, {"friday 3/4 done", "2026-03-13", 6},
	{"friday at 45 Main St", "2026-03-13", 6}, {"'friday'", NULL, 0},
	{"friday'", "2026-03-13", 6}, {"tomorrow at 5 amazing", "2026-03-11T17:00", 13},
	{"friday\ttomorrow", "2026-03-13", 6}, {"monday (maybe)", "2026-03-16", 6},
	/* non-matches */
	{"Monday's", NULL, 0}, {"Monday's paper", NULL, 0}, {"monday\xe2\x80\x99s", NULL, 0},
	{"todays", NULL, 0}, {"tomorrowland", NULL, 0}, {"for 4 at Luigi's", NULL, 0},
	{"for 4", NULL, 0}, {"on the table", NULL, 0}, {"march", NULL, 0},
	{"friday2", NULL, 0}, {"", NULL, 0}, {"2026-02-30", NULL, 0}, {"the", NULL, 0},
	{"at", NULL, 0}, {"at Luigi's", NULL, 0}, {"at 25:00", NULL, 0},
	{"tomorrow at 25:00", NULL, 0}, {"at 13pm", NULL, 0}, {"friday at 9:60", NULL, 0},
	{"February 30", NULL, 0}, {"Feb 30", NULL, 0}, {"30 feb", NULL, 0},
	{"2/30", NULL, 0}, {"13/1", NULL, 0}, {"2026-13-01", NULL, 0},
	{"2026-04-01T24:00", NULL, 0}, {"2026-04-01T17", NULL, 0}, {"2027-02-29", NULL, 0},
	{"2100-02-29", NULL, 0}, {"2026-04-01x", NULL, 0}, {"in days", NULL, 0},
	{"in 3", NULL, 0}, {"in 3 hours", NULL, 0}, {"in 12345 days", NULL, 0},
	{"in 3days", NULL, 0}, {"next", NULL, 0}, {"this", NULL, 0}, {"on", NULL, 0},
	{"due", NULL, 0}, {"on ", NULL, 0}, {"John 3:16", NULL, 0}, {"3:16", NULL, 0},
	{"midnight snack", NULL, 0}, {"17:30", NULL, 0}, {"noon", NULL, 0},
	{"xfriday", NULL, 0}, {" friday", NULL, 0}, {"4 at 5", NULL, 0},
	{"March 32", NULL, 0}, {"March 0", NULL, 0}, {"march 150", NULL, 0},
	{"15 of", NULL, 0}, {"friday-ish", NULL, 0}, {"onfriday", NULL, 0},
	{"on,friday", NULL, 0}, {"at 0", NULL, 0}, {"12345-01-01", NULL, 0},
	{"9999-12-31", "9999-12-31", 0}, {"0000-01-01", NULL, 0},
};

/* Saturday 2026-03-14 10:00 */
static const struct date_now SAT = {2026, 3, 14, 6, 10, 0};
static const struct mcase sat_cases[] = {
	{"saturday", "2026-03-21", 0}, {"this weekend", "2026-03-14", 0},
	{"end of week", "2026-03-15", 0}, {"next week", "2026-03-16", 0},
	{"sunday", "2026-03-15", 0}, {"friday", "2026-03-20", 0},
};

/* Sunday 2026-03-15 */
static const struct date_now SUN = {2026, 3, 15, 0, 12, 0};
static const struct mcase sun_cases[] = {
	{"this weekend", "2026-03-21", 0}, {"end of week", "2026-03-15", 0},
	{"sunday", "2026-03-22", 0}, {"next week", "2026-03-16", 0},
	{"monday", "2026-03-16", 0},
};

/* Wednesday 2026-12-30 */
static const struct date_now DEC30 = {2026, 12, 30, 3, 9, 0};
static const struct mcase dec30_cases[] = {
	{"in 3 days", "2027-01-02", 0}, {"January 5", "2027-01-05", 0},
	{"next month", "2027-01-01", 0}, {"in 2 months", "2027-02-28", 0},
	{"end of month", "2026-12-31", 0}, {"Dec 30", "2026-12-30", 0},
	{"Dec 29", "2027-12-29", 0}, {"1/1", "2027-01-01", 0},
	{"next week", "2027-01-04", 0}, {"tomorrow", "2026-12-31", 0},
	{"in 2 weeks", "2027-01-13", 0},
};

/* Monday 2028-02-28, a leap year */
static const struct date_now LEAP = {2028, 2, 28, 1, 9, 0};
static const struct mcase leap_cases[] = {
	{"tomorrow", "2028-02-29", 0}, {"Feb 29", "2028-02-29", 0},
	{"in 1 day", "2028-02-29", 0}, {"in 2 days", "2028-03-01", 0},
	{"end of month", "2028-02-29", 0}, {"tuesday", "2028-02-29", 0},
	{"Feb 28", "2028-02-28", 0}, {"Feb 27", "2029-02-27", 0},
};

static const struct date_now FEB10 = {2028, 2, 10, 4, 9, 0};
static const struct mcase feb10_cases[] = {
	{"end of month", "2028-02-29", 0}, {"end of the month", "2028-02-29", 0},
	{"in a month", "2028-03-10", 0},
};

/* Month ends clamp; a late evening pushes lone times to tomorrow. */
static const struct date_now JAN31 = {2026, 1, 31, 6, 23, 30};
static const struct mcase jan31_cases[] = {
	{"in 1 month", "2026-02-28", 0}, {"in 3 months", "2026-04-30", 0},
	{"at 5pm", "2026-02-01T17:00", 0}, {"at 11:45pm", "2026-01-31T23:45", 0},
	{"feb 29", "2028-02-29", 0}, {"tonight", "2026-01-31", 0},
};

/* Friday 2097-03-01: no Feb 29 until 2104 (2100 is no leap year). */
static const struct date_now Y2097 = {2097, 3, 1, 5, 9, 0};
static const struct mcase y2097_cases[] = {
	{"feb 29", "2104-02-29", 0}, {"2100-02-28", "2100-02-28", 0},
	{"2/29/2100", NULL, 0}, {"in 12 months", "2098-03-01", 0},
};

static void test_parse(void)
{
	char out[DATE_MAX] = "untouched";
	struct todo_err e = {0, ""};
	CHECK("parse trims", date_parse("  tomorrow at 3pm \n", &TUE, out, &e) == TODO_OK);
	CHECK_STR("parse trims out", out, "2026-03-11T15:00");
	CHECK("parse iso", date_parse("2026-04-01", &TUE, out, &e) == 0);
	CHECK_STR("parse iso out", out, "2026-04-01");
	strcpy(out, "untouched");
	CHECK("parse rest", date_parse("tomorrow please", &TUE, out, &e) == TODO_EINVAL);
	CHECK_STR("parse rest msg", e.msg, "cannot understand the date 'tomorrow please'");
	CHECK("parse rest code", e.code == TODO_EINVAL);
	CHECK_STR("parse rest out untouched", out, "untouched");
	CHECK("parse punct", date_parse("friday.", &TUE, out, &e) == TODO_EINVAL);
	CHECK("parse empty", date_parse("   ", &TUE, out, &e) == TODO_EINVAL);
	CHECK_STR("parse empty msg", e.msg, "cannot understand the date ''");
	CHECK("parse null", date_parse(NULL, &TUE, out, &e) == TODO_EINVAL);
	CHECK("parse null err", date_parse("nope", &TUE, out, NULL) == TODO_EINVAL);
	CHECK("parse bad day", date_parse("2026-02-30", &TUE, out, &e) == TODO_EINVAL);
	CHECK_STR("parse out still untouched", out, "untouched");
}

static void test_valid(void)
{
	static const struct { const char *s; bool ok; } v[] = {
		{"2026-03-10", true}, {"2026-03-10T17:30", true}, {"2028-02-29", true},
		{"2026-03-10T00:00", true}, {"2026-03-10T23:59", true},
		{"2026-02-30", false}, {"2027-02-29", false}, {"2026-03-10T24:00", false},
		{"2026-03-10T12:60", false}, {"2026-3-10", false}, {"2026-03-10T17:3", false},
		{"", false}, {"2026-03-10 17:30", false}, {"2026-03-10T17:30Z", false},
		{"2026-00-10", false}, {"2026-03-00", false}, {"0000-03-10", false},
		{"2026/03/10", false}, {"+026-03-10", false}, {"2026-03-1a", false},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char name[64];
		snprintf(name, sizeof name, "valid \"%s\"", v[i].s);
		CHECK(name, date_valid_due(v[i].s) == v[i].ok);
	}
	CHECK("valid NULL", !date_valid_due(NULL));
}

struct wcase {
	const char *due, *rel, *words;
	int days;
};

static void test_words(void)
{
	static const struct wcase w[] = {
		{"2026-03-10", "today", "today", 0},
		{"2026-03-10T17:30", "today 17:30", "today at 17:30", 0},
		{"2026-03-11", "tomorrow", "tomorrow", 1},
		{"2026-03-11T09:00", "tomorrow 09:00", "tomorrow at 09:00", 1},
		{"2026-03-09", "yesterday", "yesterday", -1},
		{"2026-03-08", "overdue 2d", "Mar 8", -2},
		{"2026-03-07T08:00", "overdue 3d 08:00", "Mar 7 at 08:00", -3},
		{"2025-12-01", "overdue 99d", "Dec 1, 2025", -99},
		{"2026-03-12", "in 2d", "Thursday (Mar 12)", 2},
		{"2026-03-13", "in 3d", "Friday (Mar 13)", 3},
		{"2026-03-16", "in 6d", "Monday (Mar 16)", 6},
		{"2026-03-17", "Tue 17 Mar", "Mar 17", 7},
		{"2026-03-20T17:30", "Fri 20 Mar 17:30", "Mar 20 at 17:30", 10},
		{"2027-03-13", "Sat 13 Mar 2027", "Mar 13, 2027", 368},
		{"2027-03-20T08:05", "Sat 20 Mar 2027 08:05", "Mar 20, 2027 at 08:05", 375},
		{"2028-03-10", "Fri 10 Mar 2028", "Mar 10, 2028", 731},
		{"garbage", "garbage", "garbage", 0},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		char buf[64], name[96];
		snprintf(name, sizeof name, "relative %s", w[i].due);
		date_relative(w[i].due, &TUE, buf, sizeof buf);
		CHECK_STR(name, buf, w[i].rel);
		snprintf(name, sizeof name, "words %s", w[i].due);
		date_words(w[i].due, &TUE, buf, sizeof buf);
		CHECK_STR(name, buf, w[i].words);
		snprintf(name, sizeof name, "days_until %s", w[i].due);
		CHECK(name, date_days_until(w[i].due, &TUE) == w[i].days);
	}
	char small[4] = "xyz";
	date_relative("2026-03-10", &TUE, small, sizeof small);
	CHECK_STR("relative truncates", small, "tod");
	date_words("2026-03-13", &TUE, small, 0);
	CHECK_STR("words n=0 untouched", small, "tod");
	char buf[32];
	date_words(NULL, &TUE, buf, sizeof buf);
	CHECK_STR("words NULL", buf, "");
}

static void fmt_tm(const struct tm *tm, char *out)
{
	strftime(out, DATE_MAX, "%Y-%m-%d", tm);
}

static void test_days(void)
{
	char out[DATE_MAX];
	date_today(&TUE, out);
	CHECK_STR("today", out, "2026-03-10");
	date_add_days(&TUE, 22, out);
	CHECK_STR("add 22", out, "2026-04-01");
	date_add_days(&TUE, -10, out);
	CHECK_STR("add -10", out, "2026-02-28");
	date_add_days(&TUE, 365, out);
	CHECK_STR("add 365", out, "2027-03-10");
	date_add_days(&LEAP, 1, out);
	CHECK_STR("add leap", out, "2028-02-29");

	/* Against libc over +-20 years (noon dodges DST gaps). */
	int bad = 0;
	for (int i = -7400; i <= 7400; i += 3) {
		struct tm tm = {.tm_year = 126, .tm_mon = 2, .tm_mday = 10 + i, .tm_hour = 12,
				.tm_isdst = -1};
		char want[DATE_MAX];
		mktime(&tm);
		fmt_tm(&tm, want);
		date_add_days(&TUE, i, out);
		if (strcmp(out, want) != 0 && bad++ < 3)
			printf("    add %d: got %s want %s\n", i, out, want);
		char due[DATE_MAX];
		memcpy(due, want, DATE_MAX);
		if (date_days_until(due, &TUE) != i && bad++ < 3)
			printf("    days_until %s != %d\n", due, i);
	}
	CHECK("add_days and days_until agree with mktime", bad == 0);
}

static void test_now(void)
{
	struct date_now n;
	setenv("TODO_NOW", "2026-03-10T09:00:00", 1);
	date_now_get(&n);
	CHECK("now env", n.y == 2026 && n.m == 3 && n.d == 10 && n.wday == 2 && n.hour == 9 && n.min == 0);
	setenv("TODO_NOW", "2026-03-14T10:30", 1);
	date_now_get(&n);
	CHECK("now env no seconds", n.d == 14 && n.wday == 6 && n.hour == 10 && n.min == 30);
	setenv("TODO_NOW", "2028-02-29T23:59:59", 1);
	date_now_get(&n);
	CHECK("now env leap", n.m == 2 && n.d == 29 && n.wday == 2 && n.hour == 23 && n.min == 59);

	setenv("TODO_NOW", "2026-03-15", 1);
	date_now_get(&n);
	CHECK("now env date only", n.d == 15 && n.wday == 0 && n.hour == 0 && n.min == 0);

	/* wday over 3000 days against mktime */
	int bad = 0;
	for (int i = 0; i < 3000; i++) {
		struct tm tm = {.tm_year = 120, .tm_mon = 0, .tm_mday = 1 + i, .tm_hour = 12,
				.tm_isdst = -1};
		char env[32];
		mktime(&tm);
		strftime(env, sizeof env, "%Y-%m-%dT12:00", &tm);
		setenv("TODO_NOW", env, 1);
		date_now_get(&n);
		if (n.wday != tm.tm_wday || n.d != tm.tm_mday)
			bad++;
	}
	CHECK("now wday agrees with mktime", bad == 0);

	time_t t = time(NULL);
	struct tm lt;
	localtime_r(&t, &lt);
	setenv("TODO_NOW", "2026-02-30T09:00", 1);
	date_now_get(&n);
	CHECK("now bad env falls back", n.y == lt.tm_year + 1900 && n.wday == lt.tm_wday);
	unsetenv("TODO_NOW");
	date_now_get(&n);
	CHECK("now real", n.y == lt.tm_year + 1900 && n.m == lt.tm_mon + 1 && n.wday == lt.tm_wday);
}

/* Whatever comes in: no crash, a valid due, a match inside the string and
 * ending on something that is not a letter or digit. */
static bool sane(const char *s, size_t got, const char *out)
{
	if (!got)
		return true;
	unsigned char c = (unsigned char)s[got];
	bool alnum = (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
	return got <= strlen(s) && date_valid_due(out) && !alnum && s[got - 1] != ' ';
}

static void test_fuzz(void)
{
	static const char *const tok[] = {
		"on", "by", "due", "friday", "fri", "at", "5", "pm", ":", "30", "march", "15",
		"th", "of", "in", "a", "week", "2026", "-", "/", " ", "  ", "'s", ",", "noon",
		"tonight", "the", "end", "month", "12", "am", "p.m.", "29", "feb", "T", "99",
		"next", "\xe2\x80\x99", ".", "days", "0", "2028-02-29", "24:00", "\t",
	};
	srand(12345);
	int bad = 0, hits = 0;
	char s[512], out[DATE_MAX];
	for (int i = 0; i < 200000; i++) {
		size_t n = 0;
		int k = rand() % 8;
		s[0] = '\0';
		for (int j = 0; j < k; j++) {
			const char *t = tok[rand() % (sizeof tok / sizeof tok[0])];
			size_t l = strlen(t);
			if (n + l + 1 >= sizeof s)
				break;
			memcpy(s + n, t, l + 1);
			n += l;
			if (rand() % 2)
				s[n++] = ' ', s[n] = '\0';
		}
		size_t got = date_match(s, &TUE, out);
		hits += got > 0;
		if (!sane(s, got, out) && bad++ < 3)
			printf("    insane: \"%s\" -> %zu %s\n", s, got, out);
	}
	CHECK("fuzz tokens", bad == 0 && hits > 1000);

	bad = 0;
	for (int i = 0; i < 100000; i++) {
		size_t n = (size_t)(rand() % 40);
		for (size_t j = 0; j < n; j++)
			s[j] = (char)(1 + rand() % 255);
		s[n] = '\0';
		size_t got = date_match(s, &TUE, out);
		if (!sane(s, got, out))
			bad++;
	}
	CHECK("fuzz bytes", bad == 0);

	size_t big = 1 << 20;
	char *p = malloc(big + 16);
	struct todo_err e = {0, ""};
	memset(p, 'a', big);
	p[big] = '\0';
	CHECK("long letters", date_match(p, &TUE, out) == 0);
	CHECK("long parse", date_parse(p, &TUE, out, &e) == TODO_EINVAL && strlen(e.msg) < sizeof e.msg);
	memset(p, '9', big);
	CHECK("long digits", date_match(p, &TUE, out) == 0);
	memcpy(p, "in ", 3);
	memcpy(p + big - 5, " days", 6);
	CHECK("in long number", date_match(p, &TUE, out) == 0);
	memset(p, ' ', big);
	memcpy(p + big - 6, "friday", 7);
	CHECK("long spaces then friday", date_match(p, &TUE, out) == 0);
	CHECK("parse long spaces then friday", date_parse(p, &TUE, out, &e) == 0);
	memcpy(p, "friday", 6);
	memcpy(p + big - 6, "      ", 7);
	CHECK("friday then long spaces", date_match(p, &TUE, out) == 6);
	memcpy(p, "on ", 3);
	memset(p + 3, ' ', big - 3);
	CHECK("on then long spaces", date_match(p, &TUE, out) == 0);
	free(p);
	CHECK("NULL input", date_match(NULL, &TUE, out) == 0);
}

int main(void)
{
	RUN("tue", &TUE, tue_cases);
	RUN("sat", &SAT, sat_cases);
	RUN("sun", &SUN, sun_cases);
	RUN("dec30", &DEC30, dec30_cases);
	RUN("leap", &LEAP, leap_cases);
	RUN("feb10", &FEB10, feb10_cases);
	RUN("jan31", &JAN31, jan31_cases);
	RUN("y2097", &Y2097, y2097_cases);
	test_parse();
	test_valid();
	test_words();
	test_days();
	test_now();
	test_fuzz();
	return T_DONE();
}
