/* SPDX-License-Identifier: MIT */
/* Slot readers for the NLU: priority phrases, date phrases at the edges of a
 * title, relative moves ("back a week"), #tags, and references ("task 3", "2
 * and 6", "the second one", an answer to "which one?", "I called mom"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nlu.h"
#include "util.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Phrases that name a priority wherever they stand. */
static const struct lx_ent prio_strong[] = {
	{"high priority", PRIO_HIGH}, {"high-priority", PRIO_HIGH}, {"top priority", PRIO_HIGH},
	{"priority high", PRIO_HIGH}, {"urgent", PRIO_HIGH}, {"urgently", PRIO_HIGH},
	{"important", PRIO_HIGH}, {"asap", PRIO_HIGH}, {"a.s.a.p.", PRIO_HIGH}, {"p1", PRIO_HIGH},
	{"priority 1", PRIO_HIGH}, {"as soon as possible", PRIO_HIGH}, {"critical", PRIO_HIGH},
	{"medium priority", PRIO_MEDIUM}, {"medium-priority", PRIO_MEDIUM},
	{"priority medium", PRIO_MEDIUM}, {"normal priority", PRIO_MEDIUM}, {"p2", PRIO_MEDIUM},
	{"priority 2", PRIO_MEDIUM}, {"mid priority", PRIO_MEDIUM},
	{"low priority", PRIO_LOW}, {"low-priority", PRIO_LOW}, {"priority low", PRIO_LOW},
	{"someday", PRIO_LOW}, {"some day", PRIO_LOW}, {"p3", PRIO_LOW}, {"priority 3", PRIO_LOW},
	{"no rush", PRIO_LOW}, {"whenever", PRIO_LOW}, {"not urgent", PRIO_LOW},
	{"no priority", PRIO_NONE}, {"without priority", PRIO_NONE},
	{"high prio", PRIO_HIGH}, {"prio high", PRIO_HIGH}, {"highest priority", PRIO_HIGH},
	{"medium prio", PRIO_MEDIUM}, {"prio medium", PRIO_MEDIUM},
	{"low prio", PRIO_LOW}, {"prio low", PRIO_LOW}, {"lowest priority", PRIO_LOW},
	{"a priority", PRIO_HIGH}, {"a top priority", PRIO_HIGH}, {"top prio", PRIO_HIGH},
	{"it can wait", PRIO_LOW}, {"can wait", PRIO_LOW}, {"sometime", PRIO_LOW},
	{"eventually", PRIO_LOW}, {"no hurry", PRIO_LOW}, {"not important", PRIO_LOW},
	{"when i have time", PRIO_LOW}, {"when i get a chance", PRIO_LOW},
	{"one day", PRIO_LOW}, {"at some point", PRIO_LOW},
	{"priority: high", PRIO_HIGH}, {"priority: medium", PRIO_MEDIUM}, {"priority: low", PRIO_LOW},
	{"prio: high", PRIO_HIGH}, {"prio: medium", PRIO_MEDIUM}, {"prio: low", PRIO_LOW},
	{"less urgent", PRIO_MEDIUM}, {"more urgent", PRIO_HIGH}, {"more important", PRIO_HIGH},
	{"less important", PRIO_LOW},
};

/* Bare level words: a priority only where one is expected ("to high"). */
static const struct lx_ent prio_weak[] = {
	{"high", PRIO_HIGH}, {"medium", PRIO_MEDIUM}, {"low", PRIO_LOW}, {"none", PRIO_NONE},
	{"normal", PRIO_MEDIUM}, {"top", PRIO_HIGH},
};

/* Words that may come before a priority phrase and go with it. */
static const struct lx_ent prio_lead[] = {
	{"with", 0}, {"as", 0}, {"a", 0}, {"an", 0}, {"at", 0}, {"to", 0}, {"and", 0}, {"it's", 0},
	{"its", 0}, {"is", 0}, {"make it", 0}, {"set", 0},
};

int nlu_prio_at(struct tx *t, bool strict)
{
	struct tx c = *t;
	int v = lx_eat_table(&c, prio_strong, N(prio_strong));
	if (v < 0 && !strict)
		v = lx_eat_table(&c, prio_weak, N(prio_weak));
	if (v >= 0)
		*t = c;
	return v;
}

int nlu_prio_end(struct tx *t, bool strict)
{
	struct tx c = *t;
	lx_trim(&c);
	int v = lx_eat_end_table(&c, prio_strong, N(prio_strong));
	if (v < 0 && !strict) {
		/* a bare "high" only after a linking word: "to high", "as low" */
		v = lx_eat_end_table(&c, prio_weak, N(prio_weak));
		struct tx d = c;
		lx_trim(&d);
		/* "task 4 priority: high" names the attribute right before it */
		if (v >= 0 && (lx_eat_end(&d, "priority") || lx_eat_end(&d, "prio"))) {
			c = d;
		} else if (v >= 0 && !lx_eat_end(&d, "to") && !lx_eat_end(&d, "as") &&
			   !lx_eat_end(&d, "be") && !lx_eat_end(&d, "at") && !lx_eat_end(&d, "is")) {
			return -1;
		}
	}
	if (v < 0)
		return -1;
	lx_trim(&c);
	while (lx_eat_end_table(&c, prio_lead, N(prio_lead)) >= 0)
		lx_trim(&c);
	*t = c;
	return v;
}

/* Words people put before a date that date_match does not take itself:
 * "due date april 10", "deadline: friday", "with a due date of the 20th". */
static const struct lx_ent date_lead[] = {
	{"due date", 0}, {"due date:", 0}, {"due date is", 0}, {"due date of", 0},
	{"with a due date of", 0}, {"with the due date", 0}, {"with due date", 0},
	{"deadline", 0}, {"deadline:", 0}, {"deadline is", 0}, {"with a deadline of", 0},
	{"with deadline", 0}, {"due:", 0}, {"on the", 0}, {"by the", 0}, {"for the", 0},
	{"due on the", 0}, {"due by the", 0}, {"due the", 0}, {"until the", 0}, {"the", 0},
	{"to the", 0}, {"till the", 0}, {"before", 0}, {"before the", 0}, {"no later than", 0},
	{"no later than the", 0}, {"not later than", 0},
};

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
};

/* "15th", "1st" (after "the"): that day of this month, or of the next one
 * once it has passed; an optional time may follow. Returns the bytes read. */
static size_t day_of_month(const char *s, const struct date_now *now, char out[DATE_MAX])
{
	int n = 0, i = 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 2)
		n = n * 10 + (s[i++] - '0');
	if (!i || n < 1 || n > 31)
		return 0;
	const char *suf = s + i;
	if (strncmp(suf, "st", 2) && strncmp(suf, "nd", 2) && strncmp(suf, "rd", 2) &&
	    strncmp(suf, "th", 2))
		return 0;
	i += 2;
	if (lx_wordch(s, i))
		return 0;
	int m = now->m, y = now->y;
	if (n < now->d && ++m > 12)
		m = 1, y++;
	(void)y;   /* date_match rolls "March 1" into the next year itself */
	char tmp[160];
	snprintf(tmp, sizeof tmp, "%s %d%s", month_names[m - 1], n, s + i);
	size_t got = date_match(tmp, now, out);
	size_t base = strlen(month_names[m - 1]) + 1 + (size_t)(n > 9 ? 2 : 1);
	if (got < base)
		return 0;
	return (size_t)i + (got - base);
}

/* Phrases date_match does not know, said as ones it does; what follows the
 * phrase (a time) is kept. Part-of-day words only narrow the day. */
static const struct {
	const char *ph, *as;
} date_alias[] = {
	{"the day after tomorrow", "in 2 days"}, {"day after tomorrow", "in 2 days"},
	{"a week from now", "in 1 week"}, {"a week from today", "in 1 week"},
	{"one week from now", "in 1 week"}, {"in a couple of days", "in 2 days"},
	{"in a couple days", "in 2 days"}, {"in a few days", "in 3 days"},
	{"in a fortnight", "in 2 weeks"}, {"a fortnight from now", "in 2 weeks"},
	{"tomorrow morning", "tomorrow"}, {"tomorrow afternoon", "tomorrow"},
	{"tomorrow evening", "tomorrow"}, {"tomorrow night", "tomorrow"},
	{"this morning", "today"}, {"this afternoon", "today"}, {"this evening", "today"},
	{"later today", "today"}, {"by tonight", "tonight"}, {"end of day", "today"},
	{"by the end of the day", "today"}, {"the end of the day", "today"},
	{"end of the day", "today"}, {"by end of day", "today"}, {"eod", "today"},
	{"by eod", "today"}, {"first thing tomorrow", "tomorrow"},
	{"monday morning", "monday"}, {"tuesday morning", "tuesday"},
	{"wednesday morning", "wednesday"}, {"thursday morning", "thursday"},
	{"friday morning", "friday"}, {"saturday morning", "saturday"},
	{"sunday morning", "sunday"}, {"friday afternoon", "friday"},
	{"friday evening", "friday"}, {"friday night", "friday"}, {"within", "in"},
};

/* Tries the aliases at the start of s (lower case): bytes read or 0. */
static size_t alias_match(const char *s, const struct date_now *now, char out[DATE_MAX])
{
	for (size_t i = 0; i < sizeof date_alias / sizeof date_alias[0]; i++) {
		const char *p = s;
		(void)(strncmp(p, "on ", 3) == 0 ? p += 3 : strncmp(p, "by ", 3) == 0 ? p += 3
			: strncmp(p, "for ", 4) == 0 ? p += 4 : strncmp(p, "to ", 3) == 0 ? p += 3 : 0);
		size_t k = strlen(date_alias[i].ph);
		if (strncmp(p, date_alias[i].ph, k) != 0 || lx_wordch(p, (int)k))
			continue;
		char tmp[160];
		snprintf(tmp, sizeof tmp, "%s%s", date_alias[i].as, p + k);
		size_t got = date_match(tmp, now, out);
		size_t base = strlen(date_alias[i].as);
		if (got >= base)
			return (size_t)(p - s) + k + (got - base);
	}
	return 0;
}

/* Tries date_match on [i, e) copied out, so that it cannot read past e. */
static bool date_span(const struct tx *t, int i, const struct date_now *now, char out[DATE_MAX])
{
	int n = t->e - i;
	if (n <= 0 || n > 120)
		return false;
	char tmp[128];
	memcpy(tmp, t->o + i, (size_t)n);
	tmp[n] = '\0';
	char d[DATE_MAX];
	size_t got = date_match(tmp, now, d);
	if (got == 0 || (int)got != n) {
		char low[128];
		memcpy(low, t->l + i, (size_t)n);
		low[n] = '\0';
		got = alias_match(low, now, d);
	}
	if (got == 0 || (int)got != n) {
		/* "thursday night", "monday morning at 9": the part of the day
		 * goes, the day stays */
		char low[128];
		int m = 0;
		for (int k = 0; k < n;) {
			static const char *const part[] = {" morning", " afternoon", " evening", " night"};
			bool cut = false;
			for (int p = 0; p < 4 && !cut; p++) {
				int pl = (int)strlen(part[p]);
				if (k + pl <= n && strncmp(t->l + i + k, part[p], (size_t)pl) == 0 &&
				    (k + pl == n || !lx_wordch(t->l, i + k + pl)) && m > 0) {
					k += pl;
					cut = true;
				}
			}
			if (!cut)
				low[m++] = t->l[i + k++];
		}
		low[m] = '\0';
		if (m < n && m > 0) {
			got = date_match(low, now, d);
			if (got == 0 || (int)got != m)
				got = alias_match(low, now, d);
			if (got && (int)got == m)
				got = (size_t)n;
			else
				got = 0;
		}
	}
	if (got == 0 || (int)got != n) {
		/* the lead words, then a date or a day of the month */
		struct tx c = {t->o, t->l, i, t->e};
		if (lx_eat_table(&c, date_lead, (int)(sizeof date_lead / sizeof date_lead[0])) < 0)
			return false;
		lx_trim(&c);
		int k = c.e - c.b;
		if (k <= 0)
			return false;
		memcpy(tmp, t->l + c.b, (size_t)k);
		tmp[k] = '\0';
		got = date_match(tmp, now, d);
		if (got == 0 || (int)got != k)
			got = day_of_month(tmp, now, d);
		if (got == 0 || (int)got != k)
			got = alias_match(tmp, now, d);
		if (got == 0 || (int)got != k)
			return false;
	}
	memcpy(out, d, DATE_MAX);
	return true;
}

bool nlu_date_end(struct tx *t, const struct date_now *now, char out[DATE_MAX])
{
	lx_trim(t);
	/* a date phrase is a handful of words: try the starts of the last few,
	 * earliest (longest phrase) first */
	int starts[10], n = 0;
	for (int i = t->e - 1; i >= t->b && n < N(starts); i--)
		if (lx_wordch(t->l, i) && (i == t->b || !lx_wordch(t->l, i - 1)))
			starts[n++] = i;
	for (int k = n - 1; k >= 0; k--) {
		if (date_span(t, starts[k], now, out)) {
			t->e = starts[k];
			lx_trim(t);
			return true;
		}
	}
	return false;
}

bool nlu_date_all(const struct tx *t, const struct date_now *now, char out[DATE_MAX])
{
	struct tx c = *t;
	lx_trim(&c);
	return c.b < c.e && date_span(&c, c.b, now, out);
}

static bool tag_char(const char *l, int i)
{
	unsigned char c = (unsigned char)l[i];
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c >= 0x80;
}

/* "#word" at i (a letter first, so "#3" stays an id): its end, or -1. */
static int tag_at(const struct tx *t, int i)
{
	if (t->l[i] != '#' || i + 1 >= t->e)
		return -1;
	unsigned char c = (unsigned char)t->l[i + 1];
	if (!((c >= 'a' && c <= 'z') || c >= 0x80))
		return -1;
	int j = i + 1;
	while (j < t->e && tag_char(t->l, j) && j - i - 1 < TAG_MAX)
		j++;
	if (j < t->e && tag_char(t->l, j))
		return -1;   /* longer than a tag may be */
	return j;
}

static void add_tag(struct nlu_action *a, const char *l, int b, int e)
{
	char tag[TAG_MAX + 1];
	int n = e - b;
	if (n <= 0 || n > TAG_MAX || a->ntags >= NLU_MAX_TAGS)
		return;
	memcpy(tag, l + b, (size_t)n);
	tag[n] = '\0';
	while (n > 0 && tag[n - 1] == '-')
		tag[--n] = '\0';
	if (!n)
		return;
	for (int i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], tag) == 0)
			return;
	memcpy(a->tags[a->ntags++], tag, (size_t)n + 1);
}

void nlu_take_tags(struct tx *t, struct nlu_action *a)
{
	for (;;) {
		lx_trim(t);
		int j;
		if (t->b < t->e && (j = tag_at(t, t->b)) > 0) {
			add_tag(a, t->l, t->b + 1, j);
			t->b = j;
			continue;
		}
		/* the last word */
		int i = t->e - 1;
		while (i > t->b && t->l[i] != '#' && t->l[i] != ' ')
			i--;
		if (i >= t->b && t->l[i] == '#' && (j = tag_at(t, i)) == t->e) {
			add_tag(a, t->l, i + 1, j);
			t->e = i;
			continue;
		}
		break;
	}
}

/* ---- references ---- */

static const struct lx_ent ordinals[] = {
	{"first", 101}, {"second", 102}, {"third", 103}, {"fourth", 104}, {"fifth", 105}, {"sixth", 106},
	{"seventh", 107}, {"eighth", 108}, {"ninth", 109}, {"tenth", 110}, {"eleventh", 111},
	{"twelfth", 112}, {"last", 99}, {"top", 101}, {"final", 99}, {"last but one", 98},
	{"second to last", 98}, {"second-to-last", 98}, {"penultimate", 98},
};

static const struct lx_ent pronouns[] = {
	{"it", 0}, {"that", 0}, {"this", 0}, {"that one", 0}, {"this one", 0}, {"that task", 0},
	{"this task", 0}, {"the same one", 0}, {"the same task", 0}, {"same one", 0},
	{"that too", 0}, {"it too", 0}, {"that item", 0}, {"the one i just added", 0},
	{"the last one i added", 0}, {"the task i just added", 0}, {"the new one", 0},
	{"that one too", 0}, {"the latter", 0},
};

static const struct lx_ent id_lead[] = {
	{"tasks", 0}, {"task", 0}, {"numbers", 0}, {"number", 0}, {"no.", 0}, {"nos.", 0},
	{"item", 0}, {"items", 0}, {"todo", 0}, {"id", 0}, {"the", 0}, {"task number", 0},
	{"task no.", 0}, {"task id", 0}, {"nr", 0}, {"nr.", 0}, {"num", 0},
};

/* "3", "#3", "3rd" is an ordinal so digits must end the word. */
static bool item_id(struct tx t, int64_t *id)
{
	lx_trim(&t);
	int start = t.b;
	lx_eat_table(&t, id_lead, N(id_lead));
	lx_eat_table(&t, id_lead, N(id_lead));
	if (t.b < t.e && t.l[t.b] == '#')
		t.b++;
	/* "task three": a number word, but only after "task" or "number" */
	static const struct lx_ent words[] = {
		{"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6},
		{"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12},
	};
	struct tx w = t;
	int wv;
	bool named = lx_at(t.l, start, t.e, "task") >= 0 || lx_at(t.l, start, t.e, "number") >= 0 ||
		     lx_at(t.l, start, t.e, "item") >= 0;
	if (named && (wv = lx_eat_table(&w, words, N(words))) > 0 && (lx_trim(&w), lx_empty(&w))) {
		*id = wv;
		return true;
	}
	if (t.b >= t.e || t.e - t.b > 12)
		return false;
	int64_t v = 0;
	for (int i = t.b; i < t.e; i++) {
		if (t.l[i] < '0' || t.l[i] > '9')
			return false;
		v = v * 10 + (t.l[i] - '0');
	}
	if (v < 1)
		return false;
	*id = v;
	return true;
}

/* The whole last list: "all of them", "both", "those". */
static const struct lx_ent all_items[] = {
	{"all of them", 0}, {"all of those", 0}, {"all of these", 0}, {"them all", 0},
	{"both", 0}, {"both of them", 0}, {"both of those", 0}, {"them", 0}, {"those", 0},
	{"these", 0}, {"all those", 0}, {"all these", 0}, {"those ones", 0}, {"these ones", 0},
	{"all three", 0}, {"all the ones you listed", 0}, {"each of them", 0},
	{"every one of them", 0}, {"both tasks", 0}, {"those tasks", 0}, {"these tasks", 0},
	{"all of the above", 0},
};

static bool item_pos(struct tx t, int *pos)
{
	lx_trim(&t);
	struct tx c = t;
	if (lx_eat_table(&c, all_items, N(all_items)) >= 0 && (lx_trim(&c), lx_empty(&c))) {
		*pos = 0;
		return true;
	}
	lx_eat(&t, "the");
	int v = lx_eat_table(&t, ordinals, N(ordinals));
	if (v >= 0) {
		v -= 100;   /* table values are offset so "last" (-1) is no miss */
	} else {
		/* "1st", "2nd", "3rd", "4th" */
		int n = 0, i = t.b;
		while (i < t.e && t.l[i] >= '0' && t.l[i] <= '9' && n < 1000)
			n = n * 10 + (t.l[i++] - '0');
		if (i == t.b || n < 1 || i + 2 > t.e)
			return false;
		const char *suf = t.l + i;
		if (strncmp(suf, "st", 2) && strncmp(suf, "nd", 2) && strncmp(suf, "rd", 2) &&
		    strncmp(suf, "th", 2))
			return false;
		t.b = i + 2;
		if (t.b < t.e && lx_wordch(t.l, t.b))
			return false;
		v = n;
	}
	static const struct lx_ent tail[] = {
		{"one", 0}, {"task", 0}, {"item", 0}, {"entry", 0}, {"on the list", 0},
		{"in the list", 0}, {"one on the list", 0}, {"one in the list", 0}, {"on my list", 0},
		{"one on my list", 0}, {"task on the list", 0}, {"of them", 0}, {"one there", 0},
	};
	lx_eat_table(&t, tail, N(tail));
	lx_trim(&t);
	if (t.b < t.e)
		return false;
	*pos = v;
	return true;
}

/* "the first two", "the last 3 ones": several positions; their count. */
static int item_run(struct tx t, struct nlu_ref *out, int max)
{
	static const struct lx_ent end[] = {{"first", 1}, {"top", 1}, {"last", 2}, {"final", 2}};
	static const struct lx_ent num[] = {
		{"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"2", 2}, {"3", 3},
		{"4", 4}, {"5", 5}, {"6", 6}, {"couple", 2}, {"couple of", 2}, {"few", 3},
	};
	static const struct lx_ent tail[] = {
		{"ones", 0}, {"tasks", 0}, {"items", 0}, {"of them", 0}, {"on the list", 0},
		{"ones on the list", 0}, {"tasks on the list", 0}, {"of those", 0},
	};
	lx_trim(&t);
	lx_eat(&t, "the");
	int side = lx_eat_table(&t, end, N(end));
	if (side < 0)
		return 0;
	lx_eat(&t, "a");
	int n = lx_eat_table(&t, num, N(num));
	if (n < 2 || n > max)
		return 0;
	lx_eat_table(&t, tail, N(tail));
	lx_trim(&t);
	if (!lx_empty(&t))
		return 0;
	for (int i = 0; i < n; i++)
		out[i] = (struct nlu_ref){.kind = REF_POS, .pos = side == 1 ? i + 1 : -(n - i)};
	return n;
}

static bool item_pronoun(struct tx t)
{
	lx_trim(&t);
	return lx_eat_table(&t, pronouns, N(pronouns)) >= 0 && lx_empty(&t);
}

/* Splits on commas, "and", "&": the item spans (at most max). */
static int split_items(struct tx t, struct tx *items, int max)
{
	int n = 0, start = t.b;
	for (int i = t.b; i <= t.e && n < max; i++) {
		int skip = 0;
		if (i == t.e)
			skip = 0;
		else if (t.l[i] == ',' || t.l[i] == '&' || t.l[i] == '+')
			skip = 1;
		else if ((i == t.b || t.l[i - 1] == ' ') && lx_at(t.l, i, t.e, "and") > 0)
			skip = 3;
		else
			continue;
		struct tx it = {t.o, t.l, start, i};
		lx_trim(&it);
		if (it.b < it.e)
			items[n++] = it;
		start = i + (skip ? skip : 1);
		i = start - 1;
	}
	return n;
}

bool nlu_refs(struct tx t, struct nlu_action *a)
{
	static const struct lx_ent tail[] = {
		{"from my list", 0}, {"off my list", 0}, {"from the list", 0}, {"off the list", 0},
		{"from my todo list", 0}, {"from my to-do list", 0}, {"off", 0}, {"please", 0},
		{"for me", 0}, {"from my tasks", 0}, {"from the todo list", 0}, {"already", 0},
		{"too", 0}, {"as well", 0}, {"now", 0}, {"finally", 0},
	};
	lx_trim(&t);
	while (lx_eat_end_table(&t, tail, N(tail)) >= 0)
		lx_trim(&t);
	/* "both the report and the prep": "both" only counts them */
	struct tx both = t;
	if ((lx_eat(&both, "both") || lx_eat(&both, "either")) && lx_find(&both, both.b, "and") > both.b)
		t = both;
	if (t.b >= t.e)
		return false;
	/* "1 2 and 3": numbers with only blanks, commas, # and "and" around */
	bool nums = true;
	for (int i = t.b; i < t.e && nums; i++) {
		if (lx_at(t.l, i, t.e, "and") > 0)
			i += 2;
		else
			nums = (t.l[i] >= '0' && t.l[i] <= '9') || t.l[i] == ' ' || t.l[i] == ',' ||
			       t.l[i] == '#';
	}
	if (nums) {
		int before = a->nrefs;
		for (int i = t.b; i < t.e && a->nrefs < NLU_MAX_REFS; i++) {
			if (t.l[i] < '0' || t.l[i] > '9' || (i > t.b && t.l[i - 1] >= '0' && t.l[i - 1] <= '9'))
				continue;
			int64_t v = 0;
			int j = i;
			while (j < t.e && t.l[j] >= '0' && t.l[j] <= '9' && j - i < 12)
				v = v * 10 + (t.l[j++] - '0');
			if (v > 0)
				a->refs[a->nrefs++] = (struct nlu_ref){.kind = REF_ID, .id = v};
		}
		if (a->nrefs > before)
			return true;
	}
	struct tx q = t;
	if (lx_unquote(&q)) {
		if (q.b >= q.e)
			return false;
		struct nlu_ref *r = &a->refs[a->nrefs++];
		r->kind = REF_WORDS;
		r->words = lx_dup(&q);
		r->quoted = true;
		return true;
	}
	struct tx items[NLU_MAX_REFS];
	int n = split_items(t, items, NLU_MAX_REFS);
	struct nlu_ref got[NLU_MAX_REFS];
	int k = 0, understood = 0;
	for (int i = 0; i < n; i++, understood++) {
		struct nlu_ref r = {0};
		int run = item_run(items[i], got + k, NLU_MAX_REFS - k - (n - i - 1));
		if (run) {
			k += run;
			continue;
		}
		if (item_id(items[i], &r.id))
			r.kind = REF_ID;
		else if (item_pos(items[i], &r.pos))
			r.kind = REF_POS;
		else if (item_pronoun(items[i]))
			r.kind = REF_PRONOUN;
		else
			break;
		got[k++] = r;
	}
	if (n > 0 && understood == n) {
		for (int i = 0; i < k && a->nrefs < NLU_MAX_REFS; i++)
			a->refs[a->nrefs++] = got[i];
		return true;
	}
	/* title words; the resolver splits on "and" itself when the whole
	 * phrase names no task */
	struct nlu_ref *r = &a->refs[a->nrefs++];
	r->kind = REF_WORDS;
	r->words = lx_dup(&t);
	return true;
}

bool nlu_parse_answer(const char *msg, struct nlu_ref *r)
{
	static const struct lx_ent lead[] = {
		{"i mean", 0}, {"i meant", 0}, {"i'm talking about", 0}, {"im talking about", 0},
		{"i was talking about", 0}, {"it's", 0}, {"its", 0}, {"it is", 0}, {"that's", 0},
		{"go with", 0}, {"pick", 0}, {"choose", 0}, {"make it", 0}, {"the one called", 0},
		{"number", 0},
	};
	memset(r, 0, sizeof *r);
	size_t n = strnlen(msg ? msg : "", 512);
	if (!n || n >= 512)
		return false;
	char o[512], l[512];
	memcpy(o, msg, n);
	o[n] = '\0';
	for (size_t i = 0; i <= n; i++)
		l[i] = (char)(o[i] >= 'A' && o[i] <= 'Z' ? o[i] + 32 : o[i]);
	struct tx t = {o, l, 0, (int)n};
	nlu_eat_lead(&t);
	lx_eat_table(&t, lead, N(lead));
	nlu_eat_tail(&t);
	if (lx_empty(&t))
		return false;
	struct nlu_action a;
	memset(&a, 0, sizeof a);
	if (!nlu_refs(t, &a) || a.nrefs != 1) {
		for (int i = 0; i < a.nrefs; i++)
			free(a.refs[i].words);
		return false;
	}
	*r = a.refs[0];
	return true;
}

/* "back a week", "by 2 days", "forward a day" at the end: eats it, sets the
 * days (negative when earlier). */
bool nlu_shift_end(struct tx *t, int *days)
{
	static const struct lx_ent unit[] = {
		{"day", 1}, {"days", 1}, {"week", 7}, {"weeks", 7}, {"month", 30}, {"months", 30},
	};
	static const struct lx_ent count[] = {
		{"a", 1}, {"an", 1}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
		{"six", 6}, {"seven", 7}, {"a couple of", 2}, {"a couple", 2}, {"a few", 3},
		{"another", 1}, {"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"5", 5}, {"6", 6}, {"7", 7},
		{"8", 8}, {"9", 9}, {"10", 10}, {"14", 14},
	};
	static const struct lx_ent dir[] = {
		{"back", 1}, {"back by", 1}, {"out", 1}, {"out by", 1}, {"by", 1}, {"later by", 1},
		{"forward", -1}, {"forward by", -1}, {"ahead", -1}, {"ahead by", -1},
		{"earlier by", -1}, {"up by", -1}, {"up", -1},
	};
	struct tx c = *t;
	lx_trim(&c);
	int u = lx_eat_end_table(&c, unit, N(unit));
	if (u < 0)
		return false;
	lx_trim(&c);
	int n = lx_eat_end_table(&c, count, N(count));
	if (n < 0)
		return false;
	lx_trim(&c);
	int sign = lx_eat_end_table(&c, dir, N(dir));
	if (sign < 0 && lx_eat_end(&c, "earlier"))
		sign = -1;
	if (u == 30)
		u = 0;   /* months have no fixed length: not a shift */
	if (!u || c.b >= c.e)
		return false;
	*days = (sign == -1 ? -1 : 1) * n * u;
	*t = c;
	return true;
}

/* "I called mom", "bought the groceries": a past tense first (after "i",
 * "just") says that task is done; the verb goes back to the form titles use
 * ("Call mom", "Buy groceries"). Only for clauses nothing else read. */
bool nlu_past_done(struct tx t, struct nlu_action *a)
{
	static const struct lx_ent irregular[] = {
		{"bought", 0}, {"paid", 1}, {"sent", 2}, {"wrote", 3}, {"took", 4}, {"did", 5},
		{"made", 6}, {"got", 7}, {"read", 8}, {"met", 9}, {"went to", 10}, {"gave", 11},
		{"found", 12}, {"sold", 13}, {"built", 14}, {"swept", 15}, {"brought", 16},
		{"fed", 17}, {"ran", 18}, {"drove", 19}, {"threw out", 20}, {"hung", 21},
		{"told", 22}, {"spoke to", 23}, {"put", 24}, {"ate", 25}, {"set up", 26},
		{"picked", 27}, {"dropped", 28},
	};
	static const char *const base[] = {
		"buy", "pay", "send", "write", "take", "do", "make", "get", "read", "meet", "go to",
		"give", "find", "sell", "build", "sweep", "bring", "feed", "run", "drive", "throw out",
		"hang", "tell", "speak to", "put", "eat", "set up", "pick", "drop",
	};
	static const char *const not_done[] = {
		"needed", "wanted", "tried", "planned", "hoped", "wished", "decided", "used",
		"forgot", "missed", "asked", "wondered", "started", "added", "created", "listed",
		"scheduled", "moved", "changed", "deleted", "removed", "renamed", "tagged",
	};
	lx_trim(&t);
	(void)(lx_eat(&t, "i just") || lx_eat(&t, "i already") || lx_eat(&t, "i finally") ||
	       lx_eat(&t, "i've") || lx_eat(&t, "i have") || lx_eat(&t, "i") || lx_eat(&t, "just") ||
	       lx_eat(&t, "already") || lx_eat(&t, "finally"));
	struct tx c = t;
	int k = lx_eat_table(&c, irregular, N(irregular));
	char verb[40];
	if (k >= 0) {
		snprintf(verb, sizeof verb, "%s", base[k]);
	} else {
		int e = t.b;
		while (e < t.e && lx_wordch(t.l, e))
			e++;
		int n = e - t.b;
		if (n < 5 || n > 30 || strncmp(t.l + e - 2, "ed", 2) != 0)
			return false;
		char w[40];
		memcpy(w, t.l + t.b, (size_t)n);
		w[n] = '\0';
		for (size_t i = 0; i < sizeof not_done / sizeof not_done[0]; i++)
			if (strcmp(w, not_done[i]) == 0)
				return false;
		n -= 2;   /* called -> call, emailed -> email, replied -> reply */
		if (n > 2 && w[n - 1] == 'i')
			w[n - 1] = 'y';
		else if (n > 3 && w[n - 1] == w[n - 2] && w[n - 1] != 'l' && w[n - 1] != 's')
			n--;   /* dropped -> drop */
		w[n] = '\0';
		snprintf(verb, sizeof verb, "%s", w);
		c.b = e;
	}
	lx_trim(&c);
	if (lx_empty(&c) || lx_at(c.l, c.b, c.e, "to") >= 0)
		return false;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s ", verb);
	buf_add(&b, c.o + c.b, (size_t)(c.e - c.b));
	a->intent = NLU_COMPLETE;
	a->refs[0] = (struct nlu_ref){.kind = REF_WORDS, .words = buf_take(&b)};
	a->nrefs = 1;
	return true;
}
