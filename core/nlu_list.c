/* SPDX-License-Identifier: MIT */
/* List requests: status, due window, tag, priority and search words read
 * from anywhere in the clause ("show pending #work tasks due this week"). */
#include <stdio.h>
#include <string.h>
#include "nlu.h"
#include "store.h"
#include "util.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- list ---- */

static const struct lx_ent pending_words[] = {
	{"pending", 0}, {"left", 0}, {"open", 0}, {"unfinished", 0}, {"incomplete", 0},
	{"not done", 0}, {"haven't done", 0}, {"havent done", 0}, {"have not done", 0},
	{"haven't finished", 0}, {"not finished", 0}, {"not completed", 0}, {"undone", 0},
	{"outstanding", 0}, {"remaining", 0}, {"still to do", 0}, {"uncompleted", 0},
	{"active", 0}, {"not yet done", 0}, {"haven't completed", 0}, {"unchecked", 0},
	{"haven't", 0}, {"havent", 0}, {"have not", 0}, {"didn't", 0}, {"didnt", 0},
	{"not yet", 0}, {"still open", 0}, {"left to do", 0}, {"need to do", 0}, {"still have to do", 0},
	{"else", 0}, {"have to do", 0}, {"got to do", 0}, {"gotta do", 0},
};
static const struct lx_ent done_words[] = {
	{"completed", 0}, {"finished", 0}, {"done", 0}, {"finish", 0}, {"complete", 0},
	{"checked off", 0}, {"ticked off", 0}, {"closed", 0}, {"accomplished", 0},
	{"achieved", 0}, {"crossed off", 0},
};
static const struct lx_ent due_words[] = {
	{"overdue", 1}, {"past due", 1}, {"late", 1}, {"behind", 1}, {"missed", 1},
	{"today", 2}, {"tonight", 2}, {"this evening", 2}, {"tomorrow", 3}, {"tmrw", 3},
	{"this week", 4}, {"week", 4}, {"next 7 days", 4}, {"next seven days", 4},
	{"coming days", 4}, {"next few days", 4}, {"upcoming", 4}, {"soon", 4},
	{"today's", 2}, {"tonight's", 2}, {"tomorrow's", 3}, {"this week's", 4}, {"next", 4},
	{"coming up", 4},
};
static const struct lx_ent list_cues[] = {
	{"task", 0}, {"tasks", 0}, {"todo", 0}, {"todos", 0}, {"to-do", 0}, {"to do", 0},
	{"list", 0}, {"pending", 0}, {"due", 0}, {"overdue", 0}, {"completed", 0},
	{"finished", 0}, {"finish", 0}, {"done", 0}, {"left", 0}, {"open", 0}, {"unfinished", 0},
	{"incomplete", 0}, {"plate", 0}, {"agenda", 0}, {"priority", 0}, {"urgent", 0},
	{"remaining", 0}, {"outstanding", 0}, {"everything", 0}, {"tagged", 0}, {"schedule", 0},
	{"do i have", 0}, {"have i got", 0}, {"coming up", 0}, {"upcoming", 0}, {"reminders", 0}, {"items", 0}, {"complete", 0},
};

static bool has_any(const struct tx *t, const struct lx_ent *tab, int n, int *v)
{
	for (int i = t->b; i < t->e; i++) {
		if (i > t->b && lx_wordch(t->l, i - 1))
			continue;
		for (int k = 0; k < n; k++)
			if (lx_at(t->l, i, t->e, tab[k].ph) >= 0) {
				if (v)
					*v = tab[k].v;
				return true;
			}
	}
	return false;
}

/* "my work tasks": a bare word before "tasks" may be a tag; the agent keeps
 * it only when some task has that tag. Words that say something else about
 * the list are no tag. */
static void guess_tag(const struct tx *t, struct nlu_action *a)
{
	static const struct lx_ent nouns[] = {
		{"tasks", 0}, {"todos", 0}, {"to-dos", 0}, {"items", 0}, {"stuff", 0}, {"things", 0},
		{"task", 0}, {"reminders", 0},
	};
	static const struct lx_ent lead[] = {
		{"my", 0}, {"the", 0}, {"all", 0}, {"all my", 0}, {"all the", 0}, {"any", 0},
		{"show", 0}, {"list", 0}, {"show me", 0}, {"show my", 0}, {"see", 0}, {"our", 0},
		{"priority", 0}, {"pending", 0}, {"open", 0}, {"completed", 0}, {"done", 0},
		{"overdue", 0}, {"urgent", 0}, {"important", 0}, {"finished", 0}, {"unfinished", 0},
		{"remaining", 0}, {"outstanding", 0}, {"high", 0}, {"low", 0}, {"today's", 0},
	};
	static const char *const known[] = {
		"all", "open", "new", "old", "other", "current", "recent", "latest", "first",
		"last", "few", "main", "big", "small", "daily", "weekly", "some", "any", "your",
		"our", "these", "those", "next", "the", "my", "more", "many", "much", "important",
		"today", "tomorrow", "week", "done", "pending", "urgent", "high", "low", "medium",
		"priority", "overdue", "upcoming", "finished", "unfinished", "active", "completed",
		"remaining", "outstanding", "incomplete", "due", "late", "closed", "every", "what",
		"which", "left", "still", "open", "normal", "top", "soon", "tonight", "such",
		"similar", "same", "different", "easy", "hard", "quick", "short", "long", "tagged",
		"show", "list", "see", "me", "of", "to", "do", "checked", "ticked", "archived",
		"todo", "to-do", "todos", "task", "tasks", "item", "items", "reminder", "my",
		"entire", "whole", "full", "complete", "every", "individual", "single", "each",
	};
	for (int i = t->b; i < t->e; i++) {
		if (!lx_wordch(t->l, i) || (i > t->b && lx_wordch(t->l, i - 1)))
			continue;
		int j = i;
		while (j < t->e && (lx_wordch(t->l, j) || t->l[j] == '-'))
			j++;
		struct tx after = {t->o, t->l, j, t->e};
		/* "... for work" at the end names it too */
		struct tx pre = {t->o, t->l, t->b, i};
		lx_trim(&after);
		bool tail = lx_empty(&after) && (lx_eat_end(&pre, "for") || lx_eat_end(&pre, "in"));
		if ((!tail && lx_eat_table(&after, nouns, N(nouns)) < 0) || j - i > TAG_MAX)
			continue;
		/* a lead word right before it, or the clause start */
		struct tx before = {t->o, t->l, t->b, i};
		lx_trim(&before);
		if (!tail && !lx_empty(&before) && lx_eat_end_table(&before, lead, N(lead)) < 0)
			continue;
		char w[TAG_MAX + 1];
		memcpy(w, t->l + i, (size_t)(j - i));
		w[j - i] = '\0';
		for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
			if (strcmp(w, known[k]) == 0)
				return;
		if (w[0] >= '0' && w[0] <= '9')
			return;
		/* a word the other filters read: "today's", "low-priority" */
		struct tx word = {t->o, t->l, i, j}, pw = word;
		if (has_any(&word, due_words, N(due_words), NULL) ||
		    has_any(&word, pending_words, N(pending_words), NULL) ||
		    has_any(&word, done_words, N(done_words), NULL) || nlu_prio_at(&pw, false) >= 0)
			return;
		memcpy(a->list_tag, w, (size_t)(j - i) + 1);
		a->tag_guess = true;
		return;
	}
}

void nlu_parse_list(struct tx t, struct nlu_action *a, bool search)
{
	a->intent = NLU_LIST;
	static const struct lx_ent query_lead[] = {
		{"search for", 0}, {"search", 0}, {"search my tasks for", 0}, {"search tasks for", 0},
		{"search the list for", 0}, {"search my list for", 0}, {"tasks about", 0},
		{"tasks mentioning", 0}, {"tasks containing", 0}, {"tasks matching", 0},
		{"tasks with", 0}, {"anything about", 0}, {"anything mentioning", 0},
		{"tasks that mention", 0}, {"tasks related to", 0}, {"containing", 0},
		{"mentioning", 0}, {"matching", 0}, {"with the word", 0}, {"about", 0},
		{"that mention", 0}, {"related to", 0}, {"look for", 0}, {"find", 0}, {"look up", 0},
	};
	/* "search ... for Q": Q runs to the end */
	for (int i = t.b; i < t.e; i++) {
		if (i > t.b && lx_wordch(t.l, i - 1))
			continue;
		struct tx q = {t.o, t.l, i, t.e};
		if (!search && lx_at(t.l, i, t.e, "about") < 0 && lx_at(t.l, i, t.e, "mentioning") < 0 &&
		    lx_at(t.l, i, t.e, "containing") < 0 && lx_at(t.l, i, t.e, "matching") < 0)
			continue;
		if (lx_eat_table(&q, query_lead, N(query_lead)) < 0 && !search)
			continue;
		if (search) {
			static const struct lx_ent obj[] = {
				{"my tasks for", 0}, {"tasks for", 0}, {"my list for", 0}, {"the list for", 0},
				{"for tasks about", 0}, {"for tasks with", 0}, {"for", 0}, {"my tasks", 0},
				{"for tasks", 0}, {"tasks", 0}, {"todos for", 0}, {"for anything about", 0},
				{"for the task", 0}, {"the task", 0}, {"task", 0}, {"for the word", 0},
				{"for anything with", 0}, {"everything about", 0}, {"my todos for", 0},
				{"anything about", 0}, {"tasks about", 0}, {"anything with", 0},
				{"anything mentioning", 0}, {"the", 0}, {"tasks mentioning", 0},
				{"the word", 0}, {"word", 0}, {"for the word", 0}, {"the term", 0},
				{"for the term", 0}, {"for the phrase", 0}, {"tasks with", 0},
				{"tasks containing", 0}, {"tasks that have", 0}, {"tasks that mention", 0},
				{"anything containing", 0}, {"items with", 0}, {"with", 0},
			};
			lx_eat_table(&q, obj, N(obj));
		}
		static const struct lx_ent qtail[] = {
			{"in my tasks", 0}, {"in my list", 0}, {"on my list", 0}, {"tasks", 0},
			{"in the list", 0}, {"in my todo list", 0}, {"task", 0}, {"one", 0},
			{"thing", 0}, {"item", 0}, {"items", 0}, {"in the title", 0}, {"in the name", 0},
			{"in their title", 0}, {"in the description", 0}, {"in it", 0}, {"in them", 0},
		};
		lx_trim(&q);
		lx_eat_end_table(&q, qtail, N(qtail));
		lx_trim(&q);
		lx_unquote(&q);
		/* "about the report" searches for "report" */
		struct tx q2 = q;
		if ((lx_eat(&q2, "the") || lx_eat(&q2, "a") || lx_eat(&q2, "an") || lx_eat(&q2, "my")) &&
		    !lx_empty(&q2))
			q = q2;
		if (q.b < q.e) {
			a->query = lx_dup(&q);
			t.e = i;
		}
		break;
	}
	int v;
	struct nlu_action tags;
	memset(&tags, 0, sizeof tags);
	for (int i = t.b; i < t.e; i++) {
		if (t.l[i] == '#' && (i == t.b || !lx_wordch(t.l, i - 1))) {
			struct tx w = {t.o, t.l, i, t.e};
			int j = i + 1;
			while (j < t.e && (lx_wordch(t.l, j) || t.l[j] == '-'))
				j++;
			w.e = j;
			nlu_take_tags(&w, &tags);
		}
	}
	if (!tags.ntags) {
		int p = lx_find(&t, t.b, "tagged");
		int len = 6;
		if (p < 0 && (p = lx_find(&t, t.b, "labeled")) >= 0)
			len = 7;
		if (p < 0 && (p = lx_find(&t, t.b, "with tag")) >= 0)
			len = 8;
		if (p < 0 && (p = lx_find(&t, t.b, "with the tag")) >= 0)
			len = 12;
		if (p >= 0) {
			struct tx w = {t.o, t.l, p + len, t.e};
			lx_trim(&w);
			int j = w.b;
			if (j < w.e && w.l[j] == '#')
				j++;
			int s = j;
			while (j < w.e && (lx_wordch(w.l, j) || w.l[j] == '-'))
				j++;
			if (j > s && j - s <= TAG_MAX) {
				memcpy(tags.tags[0], w.l + s, (size_t)(j - s));
				tags.tags[0][j - s] = '\0';
				tags.ntags = 1;
			}
		}
	}
	if (!tags.ntags && !a->query)
		guess_tag(&t, a);
	if (tags.ntags)
		memcpy(a->list_tag, tags.tags[0], sizeof a->list_tag);
	if (has_any(&t, pending_words, N(pending_words), NULL)) {
		a->status = STATUS_PENDING;
	} else if (has_any(&t, done_words, N(done_words), NULL)) {
		if (lx_find(&t, t.b, "including") < 0 && lx_find(&t, t.b, "incl") < 0 &&
		    lx_find(&t, t.b, "even") < 0 && lx_find(&t, t.b, "as well as") < 0 &&
		    lx_find(&t, t.b, "and completed") < 0 && lx_find(&t, t.b, "with completed") < 0)
			a->status = STATUS_COMPLETED;
	}
	if (has_any(&t, due_words, N(due_words), &v)) {
		static const char *const names[] = {"", "overdue", "today", "tomorrow", "week"};
		snprintf(a->list_due, sizeof a->list_due, "%s", names[v]);
	}
	struct tx c = t;
	for (int i = t.b; i < t.e; i++) {
		if (i > t.b && lx_wordch(t.l, i - 1))
			continue;
		c.b = i;
		int p = nlu_prio_at(&c, true);
		if (p < 0) {
			c.b = i;
			p = nlu_prio_at(&c, false);
			/* "high tasks" is a priority, "low battery" in a query is not */
			if (p >= 0 && !(lx_eat(&c, "priority") || lx_eat(&c, "tasks") ||
					lx_eat(&c, "task") || lx_eat(&c, "prio") || lx_eat(&c, "ones") ||
					lx_eat(&c, "items")))
				p = -1;
		}
		if (p > PRIO_NONE) {
			a->prio = p;
			break;
		}
	}
}

bool nlu_list_when(const struct tx *t)
{
	static const struct lx_ent filler[] = {
		{"what", 0}, {"what's", 0}, {"whats", 0}, {"is", 0}, {"are", 0}, {"there", 0},
		{"on", 0}, {"for", 0}, {"happening", 0}, {"planned", 0}, {"scheduled", 0},
		{"have", 0}, {"i", 0}, {"do", 0}, {"got", 0}, {"anything", 0}, {"any", 0},
		{"me", 0}, {"my", 0}, {"the", 0}, {"going", 0}, {"up", 0}, {"stuff", 0},
		{"things", 0}, {"something", 0}, {"due", 0}, {"in store", 0}, {"lined up", 0},
		{"else", 0}, {"we", 0}, {"so", 0}, {"far", 0}, {"again", 0}, {"then", 0},
		{"like", 0}, {"look", 0}, {"looking", 0}, {"does", 0}, {"did", 0}, {"how", 0},
		{"should", 0}, {"need to", 0}, {"can", 0}, {"must", 0}, {"to", 0},
	};
	struct tx c = *t;
	bool when = false;
	for (;;) {
		lx_trim(&c);
		if (lx_empty(&c))
			return when;
		if (lx_eat_table(&c, due_words, N(due_words)) >= 0)
			when = true;
		else if (lx_eat_table(&c, filler, N(filler)) < 0)
			return false;
	}
}

bool nlu_list_cue(const struct tx *t)
{
	return has_any(t, list_cues, N(list_cues), NULL);
}
