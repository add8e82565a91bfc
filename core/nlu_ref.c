/* SPDX-License-Identifier: MIT */
/* Reference resolution: title words against the store (narrowed by the
 * store's substring query, so 10,000 tasks stay fast), pronouns and list
 * positions from the tool calls stored with earlier replies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nlu_ref.h"
#include "util.h"

#define MAXW 24

/* ---- history ---- */

static void scan_calls(struct nlu_ctx *c, const cJSON *calls, bool *task_done, bool *list_done)
{
	int n = cJSON_GetArraySize(calls);
	for (int i = n - 1; i >= 0; i--) {
		const cJSON *call = cJSON_GetArrayItem(calls, i);
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(call, "name");
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(call, "result");
		if (!cJSON_IsString(name) || !res)
			continue;
		if (strcmp(name->valuestring, "list_tasks") == 0 && cJSON_IsArray(res)) {
			int m = cJSON_GetArraySize(res);
			if (!*list_done) {
				*list_done = true;
				c->have_list = true;
				c->list_ids = xcalloc((size_t)m + 1, sizeof *c->list_ids);
				const cJSON *t;
				cJSON_ArrayForEach(t, res) {
					const cJSON *id = cJSON_GetObjectItemCaseSensitive(t, "id");
					if (cJSON_IsNumber(id))
						c->list_ids[c->nlist++] = (int64_t)id->valuedouble;
				}
			}
			if (!*task_done) {
				/* a list of one names that task; a longer one names none */
				*task_done = true;
				c->last_task = m == 1 && c->nlist == 1 ? c->list_ids[0] : -1;
			}
			continue;
		}
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(res, "task_id");
		if (!*task_done && cJSON_IsNumber(id) && !tool_result_is_error(res)) {
			*task_done = true;
			c->last_task = (int64_t)id->valuedouble;
		}
	}
}

/* The candidates a "Which one do you mean?" reply listed, one per line as
 * "<id> [ ] <title>": that question is the last list shown, so "the second"
 * answers it. False when the text lists none. */
static bool question_list(struct nlu_ctx *c, const char *text)
{
	int n = 0;
	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		const char *q = p;
		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p && q - p < 12 && strncmp(q, " [", 2) == 0)
			n++;
	}
	if (!n)
		return false;
	c->list_ids = xcalloc((size_t)n + 1, sizeof *c->list_ids);
	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		const char *q = p;
		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p && q - p < 12 && strncmp(q, " [", 2) == 0 && c->nlist < n)
			c->list_ids[c->nlist++] = strtoll(p, NULL, 10);
	}
	c->have_list = true;
	return true;
}

void nlu_ctx_init(struct nlu_ctx *c, const struct agent_turn *turn)
{
	memset(c, 0, sizeof *c);
	c->store = turn->tools->store;
	c->user = turn->tools->user;
	bool task_done = false, list_done = false;
	/* the last reply asked which task and changed nothing */
	if (turn->nhistory) {
		const struct message *m = &turn->history[turn->nhistory - 1];
		if (m->role && strcmp(m->role, "assistant") == 0 && m->content &&
		    (!m->tool_calls || strcmp(m->tool_calls, "[]") == 0) &&
		    strncmp(m->content, "Which", 5) == 0)
			list_done = question_list(c, m->content);
	}
	for (size_t i = turn->nhistory; i-- > 0 && !(task_done && list_done);) {
		const struct message *m = &turn->history[i];
		if (!m->tool_calls || !m->role || strcmp(m->role, "assistant") != 0)
			continue;
		cJSON *calls = cJSON_Parse(m->tool_calls);
		if (cJSON_IsArray(calls))
			scan_calls(c, calls, &task_done, &list_done);
		cJSON_Delete(calls);
	}
}

void nlu_ctx_free(struct nlu_ctx *c)
{
	free(c->list_ids);
	memset(c, 0, sizeof *c);
}

/* ---- words ---- */

static bool wch(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch >= 0x80;
}

/* Lower-cased words of s with a possessive "'s" and a plural "s" dropped. */
static int words_of(const char *s, char w[][32], int max)
{
	int n = 0;
	while (*s && n < max) {
		while (*s && !wch((unsigned char)*s))
			s++;
		if (!*s)
			break;
		int k = 0;
		while (*s && (wch((unsigned char)*s) || (*s == '\'' && wch((unsigned char)s[1])))) {
			if (k < 31)
				w[n][k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
			s++;
		}
		w[n][k] = '\0';
		if (k > 2 && w[n][k - 2] == '\'' && w[n][k - 1] == 's')
			w[n][k -= 2] = '\0';
		char *ap = strchr(w[n], '\'');
		if (ap)
			*ap = '\0', k = (int)(ap - w[n]);
		if (k > 3 && w[n][k - 1] == 's' && w[n][k - 2] != 's')
			w[n][--k] = '\0';
		if (k)
			n++;
	}
	return n;
}

static bool stop_word(const char *w)
{
	static const char *const stop[] = {
		"the", "a", "an", "task", "one", "thing", "item", "todo", "to-do", "my", "called",
		"named", "titled", "entry", "reminder", "of", "for", "to", "with", "on", "in", "at",
		"and", "about", "that", "this", "please", "from", "list", "off", "is", "it", "i",
		"me", "our", "your", "just", "whole", "entire", "whatever", "so", "up",
	};
	for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
		if (strcmp(w, stop[i]) == 0)
			return true;
	return false;
}

static bool word_match(const char *r, const char *t)
{
	if (strcmp(r, t) == 0)
		return true;
	size_t n = strlen(r);
	return n >= 4 && strncmp(t, r, n) == 0;
}

struct scan {
	char rw[MAXW][32];
	int nrw;
	const char *exact;          /* the phrase lower-cased, for exact titles */
	int best;                   /* most ref words matched so far */
	int bestn;                  /* tasks with that many */
	bool best_exact;
	struct nlu_cand cand[NLU_MAX_CAND];
	int ncand;
	int prefer;
	int npending, ncompleted;   /* among the best */
	int64_t pick_pending, pick_completed;
	const char *seen[MAXW];     /* words queried before (partial search) */
	int nseen;
	int rows, limit;            /* rows seen by this query; 0: no limit */
	bool overflow;
};

static bool same_text(const char *a, const char *b)
{
	while (*a && *b) {
		int x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;
		if (x != y)
			return false;
		a++, b++;
	}
	return !*a && !*b;
}

/* ASCII case-insensitive substring test, as the store's query filter does. */
static bool has_sub(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i]) {
			int x = hay[i] >= 'A' && hay[i] <= 'Z' ? hay[i] + 32 : hay[i];
			if (x != needle[i])
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return false;
}

static int scan_cb(const struct task *t, void *ctx)
{
	struct scan *s = ctx;
	if (s->limit && ++s->rows > s->limit) {
		s->overflow = true;
		return 1;
	}
	/* a task an earlier query of this search already returned */
	for (int i = 0; i < s->nseen; i++)
		if (has_sub(t->title, s->seen[i]) || has_sub(t->description, s->seen[i]))
			return 0;
	char tw[64][32];
	int ntw = words_of(t->title, tw, 64);
	int hit = 0;
	for (int i = 0; i < s->nrw; i++)
		for (int j = 0; j < ntw; j++)
			if (word_match(s->rw[i], tw[j])) {
				hit++;
				break;
			}
	bool exact = same_text(t->title, s->exact);
	if (!hit)
		return 0;
	/* an exact title beats everything; else more words matched win */
	if (s->best_exact && !exact)
		return 0;
	if ((exact && !s->best_exact) || hit > s->best) {
		s->best = hit;
		s->bestn = 0;
		s->ncand = 0;
		s->npending = s->ncompleted = 0;
		s->best_exact = exact;
	} else if (hit < s->best) {
		return 0;
	}
	s->bestn++;
	if (t->completed) {
		if (!s->ncompleted++)
			s->pick_completed = t->id;
	} else if (!s->npending++) {
		s->pick_pending = t->id;
	}
	if (s->ncand < NLU_MAX_CAND) {
		struct nlu_cand *c = &s->cand[s->ncand++];
		c->id = t->id;
		c->completed = t->completed;
		snprintf(c->title, sizeof c->title, "%s", t->title);
	}
	return 0;
}

/* Matches phrase against titles: RES_OK (one id), RES_AMBIG, RES_NONE. */
static int match_words(struct nlu_ctx *c, const char *phrase, int prefer, bool partial,
		       struct nlu_found *out, int64_t *id)
{
	struct scan s;
	memset(&s, 0, sizeof s);
	char all[MAXW][32];
	int n = words_of(phrase, all, MAXW);
	for (int i = 0; i < n; i++)
		if (!stop_word(all[i]))
			memcpy(s.rw[s.nrw++], all[i], 32);
	if (!s.nrw)
		return RES_EMPTY;
	/* the longest word narrows the search; titles hold it as a substring */
	int longest = 0;
	for (int i = 1; i < s.nrw; i++)
		if (strlen(s.rw[i]) > strlen(s.rw[longest]))
			longest = i;
	char *lower = xstrdup(phrase);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	s.exact = lower;
	s.prefer = prefer;
	struct task_filter f;
	task_filter_init(&f);
	f.query = s.rw[longest];
	struct todo_err e;
	int r = store_task_list(c->store, c->user, &f, scan_cb, &s, &e);
	/* a partial match need not hold the longest word ("finished reading
	 * Dune"): query the other words too, each once, longest first */
	bool used[MAXW] = {false};
	used[longest] = true;
	s.seen[s.nseen++] = s.rw[longest];
	/* only when the longest word is in no title at all (a task holding
	 * every word holds the longest one), and at most two more queries */
	for (int round = 1; partial && !s.bestn && r == TODO_OK && round < s.nrw && round <= 2; round++) {
		int k = -1;
		for (int i = 0; i < s.nrw; i++)
			if (!used[i] && (k < 0 || strlen(s.rw[i]) > strlen(s.rw[k])))
				k = i;
		used[k] = true;
		bool dup = false;
		for (int i = 0; i < s.nseen; i++)
			dup |= strcmp(s.seen[i], s.rw[k]) == 0;
		if (dup || strlen(s.rw[k]) < 3)
			continue;
		f.query = s.rw[k];
		/* a word in hundreds of titles cannot single a task out: stop
		 * early so a vague reference stays cheap at 10,000 tasks */
		s.rows = 0;
		s.limit = 256;
		f.limit = s.limit + 1;
		r = store_task_list(c->store, c->user, &f, scan_cb, &s, &e);
		if (s.overflow)
			break;
		s.seen[s.nseen++] = s.rw[k];
	}
	free(lower);
	if (r != TODO_OK)
		return RES_ERR;
	bool full = s.best == s.nrw || s.best_exact;
	if (!s.bestn || (!full && (s.overflow || !(partial && s.best * 2 >= s.nrw))))
		return RES_NONE;
	int count = s.bestn;
	if (prefer == PREFER_PENDING && s.npending && s.ncompleted) {
		count = s.npending;
		*id = s.pick_pending;
	} else if (prefer == PREFER_COMPLETED && s.ncompleted && s.npending) {
		count = s.ncompleted;
		*id = s.pick_completed;
	} else {
		*id = s.cand[0].id;
	}
	if (count == 1)
		return RES_OK;
	out->ncand = 0;
	for (int i = 0; i < s.ncand; i++) {
		if (prefer == PREFER_PENDING && s.npending && s.ncompleted && s.cand[i].completed)
			continue;
		if (prefer == PREFER_COMPLETED && s.npending && s.ncompleted && !s.cand[i].completed)
			continue;
		out->cand[out->ncand++] = s.cand[i];
	}
	out->total = count;
	return RES_AMBIG;
}

/* "the groceries and the report": each part on its own. */
static int split_match(struct nlu_ctx *c, const char *phrase, int prefer, struct nlu_found *out)
{
	char *copy = xstrdup(phrase);
	char *parts[NLU_MAX_REFS];
	int n = 0;
	char *p = copy;
	parts[n++] = p;
	while (*p && n < NLU_MAX_REFS) {
		if (*p == ',') {
			*p = '\0';
			parts[n++] = p + 1;
		} else if ((p[0] == ' ' && (p[1] == 'a' || p[1] == 'A') && (p[2] == 'n' || p[2] == 'N') &&
			    (p[3] == 'd' || p[3] == 'D') && p[4] == ' ')) {
			*p = '\0';
			parts[n++] = p + 5;
			p += 4;
		}
		p++;
	}
	int r = RES_NONE;
	if (n > 1) {
		int start = out->nids;
		for (int i = 0; i < n; i++) {
			int64_t id;
			r = match_words(c, parts[i], prefer, false, out, &id);
			if (r == RES_EMPTY)
				continue;
			if (r != RES_OK)
				break;
			if (out->nids < NLU_MAX_REFS)
				out->ids[out->nids++] = id;
		}
		if (r != RES_OK && r != RES_EMPTY)
			out->nids = start;
		else
			r = out->nids > start ? RES_OK : RES_NONE;
	}
	free(copy);
	return r;
}

int nlu_resolve(struct nlu_ctx *c, const struct nlu_ref *r, int prefer, struct nlu_found *out)
{
	int64_t id = 0;
	int st;
	switch (r->kind) {
	case REF_ID:
		id = r->id;
		break;
	case REF_PRONOUN:
		if (c->last_task <= 0)
			return out->status = RES_NOCTX;
		id = c->last_task;
		break;
	case REF_POS:
		if (!c->have_list)
			return out->status = RES_NOLIST;
		if (r->pos == 0) {
			/* "all of them", "both": every task of that list */
			if (!c->nlist)
				return out->status = RES_RANGE;
			for (int i = 0; i < c->nlist && out->nids < NLU_MAX_REFS; i++)
				out->ids[out->nids++] = c->list_ids[i];
			return out->status = RES_OK;
		}
		if (r->pos > 0 && r->pos <= c->nlist)
			id = c->list_ids[r->pos - 1];
		else if (r->pos < 0 && -r->pos <= c->nlist)
			id = c->list_ids[c->nlist + r->pos];
		else
			return out->status = RES_RANGE;
		break;
	case REF_WORDS:
		bool several = strchr(r->words, ',') || strstr(r->words, " and ") ||
			       strstr(r->words, " AND ") || strstr(r->words, " And ");
		/* without a list to split, the partial search does the whole
		 * search in one go (it tries the full match first) */
		st = match_words(c, r->words, prefer, !several || r->quoted, out, &id);
		if ((st == RES_NONE || st == RES_AMBIG) && !r->quoted && several) {
			if (split_match(c, r->words, prefer, out) == RES_OK)
				return out->status = RES_OK;
			/* the split left its own candidates: look again */
			if (st == RES_AMBIG)
				st = match_words(c, r->words, prefer, false, out, &id);
		}
		if (st == RES_NONE && several && !r->quoted)
			st = match_words(c, r->words, prefer, true, out, &id);
		if (st != RES_OK)
			return out->status = st;
		break;
	default:
		return out->status = RES_EMPTY;
	}
	if (out->nids < NLU_MAX_REFS)
		out->ids[out->nids++] = id;
	return out->status = RES_OK;
}
