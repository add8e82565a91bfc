/* SPDX-License-Identifier: MIT */
/* nlu_parse: clauses -> intent (verb tables) -> slots (title, due, priority,
 * tags, description, list filters) -> unresolved references. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nlu.h"
#include "store.h"
#include "util.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

enum verb {
	V_NONE = 0, V_ADD, V_ADDT, V_ADDN, V_PUT, V_DONE, V_OFF, V_MARK, V_DEL, V_CLEAR, V_REOPEN,
	V_MOVE, V_SET, V_RENAME, V_PRIO_UP, V_PRIO_DOWN, V_TAG, V_UNTAG, V_LIST, V_SEARCH,
	V_QUESTION,
};

/* Clause-initial verbs and what they mean. The longest phrase wins, so
 * "i need to remember to" beats "i need to". */
static const struct lx_ent verbs[] = {
	{"add", V_ADD}, {"create", V_ADD}, {"new", V_ADD}, {"make a new", V_ADD},
	{"make a", V_ADD}, {"set up a", V_ADD}, {"start a new", V_ADD},
	{"remind me to", V_ADDT}, {"remind me", V_ADDT}, {"remember to", V_ADDT},
	{"i need to remember to", V_ADDT}, {"i have to remember to", V_ADDT},
	{"i must remember to", V_ADDT}, {"please remember to", V_ADDT},
	{"don't let me forget to", V_ADDT}, {"dont let me forget to", V_ADDT},
	{"do not let me forget to", V_ADDT}, {"don't let me forget", V_ADDT},
	{"don't forget to", V_ADDT}, {"dont forget to", V_ADDT}, {"do not forget to", V_ADDT},
	{"make sure i", V_ADDT}, {"jot down", V_ADDT}, {"note down", V_ADDT}, {"write down", V_ADDT},
	{"note to self", V_ADDT}, {"note", V_ADDN}, {"todo", V_ADDN}, {"to do", V_ADDN},
	{"to-do", V_ADDN}, {"task", V_ADDN}, {"reminder", V_ADDN}, {"new task", V_ADDT}, {"new todo", V_ADDT},
	{"new to-do", V_ADDT}, {"new reminder", V_ADDT}, {"new item", V_ADDT},
	{"i need to", V_ADDT}, {"i have to", V_ADDT}, {"i must", V_ADDT}, {"i should", V_ADDT},
	{"i gotta", V_ADDT}, {"i've got to", V_ADDT}, {"i got to", V_ADDT}, {"need to", V_ADDT},
	{"i want to remember to", V_ADDT}, {"put", V_PUT}, {"stick", V_PUT}, {"throw", V_PUT},
	{"complete", V_DONE}, {"finish", V_DONE}, {"finished", V_DONE}, {"completed", V_DONE},
	{"i finished", V_DONE}, {"i've finished", V_DONE}, {"i have finished", V_DONE},
	{"i just finished", V_DONE}, {"just finished", V_DONE}, {"i completed", V_DONE},
	{"i've completed", V_DONE}, {"i have completed", V_DONE}, {"i just completed", V_DONE},
	{"just completed", V_DONE}, {"done with", V_DONE}, {"i'm done with", V_DONE},
	{"im done with", V_DONE}, {"i am done with", V_DONE}, {"i'm finished with", V_DONE},
	{"finished with", V_DONE}, {"i did", V_DONE}, {"i've done", V_DONE}, {"i have done", V_DONE},
	{"close", V_DONE}, {"close out", V_DONE}, {"wrap up", V_DONE}, {"i wrapped up", V_DONE},
	{"tick off", V_DONE}, {"check off", V_DONE}, {"cross off", V_DONE}, {"knock off", V_DONE},
	{"mark off", V_DONE}, {"tick", V_OFF}, {"check", V_OFF}, {"cross", V_OFF}, {"strike", V_OFF},
	{"mark", V_MARK}, {"flag", V_MARK},
	{"delete", V_DEL}, {"remove", V_DEL}, {"get rid of", V_DEL}, {"drop", V_DEL},
	{"scratch", V_DEL}, {"trash", V_DEL}, {"erase", V_DEL}, {"cancel", V_DEL}, {"discard", V_DEL},
	{"ditch", V_DEL}, {"toss", V_DEL}, {"forget about", V_DEL}, {"forget", V_DEL},
	{"throw away", V_DEL}, {"throw out", V_DEL}, {"nuke", V_DEL}, {"bin", V_DEL},
	{"clear", V_CLEAR}, {"clear out", V_CLEAR}, {"purge", V_CLEAR}, {"wipe", V_CLEAR},
	{"wipe out", V_CLEAR}, {"clean up", V_CLEAR}, {"clean out", V_CLEAR}, {"unset", V_CLEAR},
	{"reopen", V_REOPEN}, {"re-open", V_REOPEN}, {"uncheck", V_REOPEN}, {"unmark", V_REOPEN},
	{"untick", V_REOPEN}, {"undo", V_REOPEN}, {"uncomplete", V_REOPEN},
	{"un-complete", V_REOPEN}, {"restore", V_REOPEN}, {"revive", V_REOPEN},
	{"resurrect", V_REOPEN}, {"unfinish", V_REOPEN},
	{"move", V_MOVE}, {"push", V_MOVE}, {"push back", V_MOVE}, {"postpone", V_MOVE},
	{"reschedule", V_MOVE}, {"delay", V_MOVE}, {"defer", V_MOVE}, {"shift", V_MOVE},
	{"bring forward", V_MOVE}, {"put off", V_MOVE}, {"snooze", V_MOVE}, {"pull forward", V_MOVE},
	{"set", V_SET}, {"change", V_SET}, {"update", V_SET}, {"edit", V_SET}, {"modify", V_SET},
	{"make", V_SET}, {"switch", V_SET}, {"adjust", V_SET}, {"turn", V_SET},
	{"rename", V_RENAME}, {"re-name", V_RENAME}, {"retitle", V_RENAME}, {"reword", V_RENAME},
	{"prioritize", V_PRIO_UP}, {"prioritise", V_PRIO_UP}, {"bump", V_PRIO_UP},
	{"bump up", V_PRIO_UP}, {"raise", V_PRIO_UP}, {"upgrade", V_PRIO_UP}, {"escalate", V_PRIO_UP},
	{"deprioritize", V_PRIO_DOWN}, {"deprioritise", V_PRIO_DOWN}, {"lower", V_PRIO_DOWN},
	{"downgrade", V_PRIO_DOWN}, {"demote", V_PRIO_DOWN},
	{"tag", V_TAG}, {"label", V_TAG}, {"untag", V_UNTAG}, {"unlabel", V_UNTAG},
	{"show", V_LIST}, {"show me", V_LIST}, {"list", V_LIST}, {"display", V_LIST},
	{"view", V_LIST}, {"see", V_LIST}, {"give me", V_LIST}, {"print", V_LIST},
	{"let me see", V_LIST}, {"pull up", V_LIST}, {"bring up", V_LIST}, {"read me", V_LIST},
	{"get", V_LIST}, {"get me", V_LIST},
	{"search", V_SEARCH}, {"search for", V_SEARCH}, {"find", V_SEARCH}, {"look for", V_SEARCH},
	{"look up", V_SEARCH}, {"lookup", V_SEARCH}, {"grep", V_SEARCH},
	{"what", V_QUESTION}, {"what's", V_QUESTION}, {"whats", V_QUESTION},
	{"which", V_QUESTION}, {"any", V_QUESTION}, {"anything", V_QUESTION},
	{"do i have", V_QUESTION}, {"have i", V_QUESTION}, {"did i", V_QUESTION},
	{"is there", V_QUESTION}, {"are there", V_QUESTION}, {"how many", V_QUESTION},
	{"is anything", V_QUESTION}, {"got anything", V_QUESTION}, {"where", V_QUESTION},
	{"tell me", V_QUESTION}, {"how", V_QUESTION}, {"when", V_QUESTION}, {"who", V_QUESTION},
	{"why", V_QUESTION}, {"can i see", V_LIST}, {"my", V_QUESTION}, {"all", V_QUESTION},
	{"pending", V_QUESTION}, {"overdue", V_QUESTION}, {"tasks", V_QUESTION},
};

/* Politeness and discourse words before the verb. */
static const struct lx_ent lead_fill[] = {
	{"hey", 0}, {"hi", 0}, {"hello", 0}, {"ok", 0}, {"okay", 0}, {"so", 0}, {"please", 0},
	{"pls", 0}, {"plz", 0}, {"could you", 0}, {"can you", 0}, {"would you", 0}, {"will you", 0},
	{"oops", 0}, {"actually", 0}, {"and", 0}, {"also", 0}, {"now", 0}, {"never mind", 0},
	{"nevermind", 0}, {"wait", 0}, {"oh", 0}, {"um", 0}, {"uh", 0}, {"well", 0}, {"then", 0},
	{"i want you to", 0}, {"i'd like you to", 0}, {"i would like you to", 0}, {"i want to", 0},
	{"i'd like to", 0}, {"i would like to", 0}, {"let's", 0}, {"lets", 0}, {"go ahead and", 0},
	{"kindly", 0}, {"yes", 0}, {"yeah", 0}, {"alright", 0}, {"sorry", 0}, {"no", 0},
	{"quick", 0}, {"quickly", 0}, {"todo", 0}, {"agent", 0}, {"assistant", 0}, {"sure", 0},
	{"one more thing", 0}, {"btw", 0}, {"by the way", 0}, {"hmm", 0}, {"great", 0},
	{"cool", 0}, {"perfect", 0}, {"thanks", 0}, {"thank you", 0}, {"good", 0}, {"right", 0},
	{"instead", 0}, {"you can", 0}, {"you should", 0}, {"help me", 0}, {"i'd like", 0},
};

static const struct lx_ent tail_fill[] = {
	{"please", 0}, {"pls", 0}, {"plz", 0}, {"for me", 0}, {"thanks", 0}, {"thank you", 0},
	{"thx", 0}, {"ok", 0}, {"okay", 0}, {"now", 0}, {"right now", 0}, {"if you can", 0},
	{"if possible", 0}, {"for me please", 0}, {"too", 0}, {"as well", 0}, {"instead", 0},
};

/* "to my list" after an added title. */
static const struct lx_ent list_tail[] = {
	{"to my list", 0}, {"on my list", 0}, {"to the list", 0}, {"on the list", 0},
	{"to my todo list", 0}, {"on my todo list", 0}, {"to my to-do list", 0},
	{"on my to-do list", 0}, {"to my to do list", 0}, {"on my to do list", 0},
	{"to my tasks", 0}, {"to the todo list", 0}, {"to my todos", 0}, {"to the to-do list", 0},
	{"as a task", 0}, {"as a todo", 0}, {"as a new task", 0}, {"on the todo list", 0},
	{"to list", 0}, {"to todo list", 0}, {"to my list of tasks", 0}, {"in my list", 0},
	{"to my shopping list", 0}, {"on my shopping list", 0}, {"on there", 0},
};

/* After "add"/"create"/"new": articles, the noun and its link to the title. */
static const struct lx_ent add_article[] = {
	{"a", 0}, {"an", 0}, {"another", 0}, {"one more", 0}, {"the", 0}, {"new", 0}, {"a new", 0},
	{"an extra", 0}, {"some", 0},
};
static const struct lx_ent add_noun[] = {
	{"task", 0}, {"tasks", 0}, {"todo", 0}, {"to-do", 0}, {"to do", 0}, {"reminder", 0},
	{"item", 0}, {"entry", 0}, {"note", 0}, {"todo item", 0}, {"task item", 0}, {"one", 0},
};
static const struct lx_ent add_link[] = {
	{"to", 0}, {"called", 0}, {"named", 0}, {"titled", 0}, {"that says", 0}, {"saying", 0},
	{"for", 0}, {"about", 0}, {"that reads", 0}, {"which says", 0}, {"with the title", 0},
	{"with title", 0}, {":", 0}, {"-", 0}, {"for me to", 0}, {"to remind me to", 0},
	{"reminding me to", 0}, {"that i need to", 0}, {"that i have to", 0},
};

static const struct lx_ent desc_link[] = {
	{"with description", 0}, {"with the description", 0}, {"with a description", 0},
	{"with description:", 0}, {"description:", 0}, {"desc:", 0}, {"with notes", 0},
	{"with note", 0}, {"with the note", 0}, {"with a note", 0}, {"with details", 0},
	{"notes:", 0}, {"details:", 0}, {"described as", 0},
};

/* Completion states at the end of a clause: 1 done, 2 not done. */
static const struct lx_ent states[] = {
	{"done", 1}, {"complete", 1}, {"completed", 1}, {"finished", 1}, {"as done", 1},
	{"as complete", 1}, {"as completed", 1}, {"as finished", 1}, {"off", 1}, {"as off", 1},
	{"checked", 1}, {"ticked", 1}, {"crossed off", 1}, {"checked off", 1}, {"ticked off", 1},
	{"closed", 1}, {"sorted", 1}, {"taken care of", 1}, {"all done", 1}, {"is done", 1},
	{"not done", 2}, {"undone", 2}, {"incomplete", 2}, {"not complete", 2},
	{"not completed", 2}, {"unfinished", 2}, {"not finished", 2}, {"pending", 2}, {"open", 2},
	{"uncompleted", 2}, {"as not done", 2}, {"as undone", 2}, {"as incomplete", 2},
	{"as pending", 2}, {"as open", 2}, {"as unfinished", 2}, {"as not completed", 2},
	{"as to do", 2}, {"as todo", 2}, {"unchecked", 2}, {"not done yet", 2},
	{"as not complete", 2}, {"as not finished", 2}, {"active", 2}, {"as active", 2},
};

/* Words joining a reference to the value after it. */
static const struct lx_ent value_link[] = {
	{"to", 0}, {"as", 0}, {"for", 0}, {"until", 0}, {"till", 0}, {"due", 0}, {"be due", 0},
	{"up to", 0}, {"down to", 0}, {"back to", 0}, {"out to", 0}, {"up", 0}, {"down", 0},
	{"back", 0}, {"is", 0}, {"be", 0}, {"now", 0}, {"is now", 0}, {"is now due", 0},
	{"is due", 0}, {"now due", 0}, {"should be due", 0}, {"should be", 0}, {"to be", 0},
	{"to be due", 0}, {"so it's due", 0}, {"so it is due", 0}, {"into", 0}, {"over to", 0},
	{"forward to", 0}, {"out", 0}, {"with", 0}, {"'s due date to", 0}, {"'s deadline to", 0},
};

enum attr { A_NONE = 0, A_TITLE, A_DUE, A_PRIO, A_DESC, A_TAGS };
static const struct lx_ent attrs[] = {
	{"title", A_TITLE}, {"name", A_TITLE}, {"wording", A_TITLE}, {"text", A_TITLE},
	{"due date", A_DUE}, {"deadline", A_DUE}, {"date", A_DUE}, {"due", A_DUE},
	{"due time", A_DUE}, {"priority", A_PRIO}, {"priority level", A_PRIO},
	{"description", A_DESC}, {"notes", A_DESC}, {"note", A_DESC}, {"details", A_DESC},
	{"desc", A_DESC}, {"tags", A_TAGS}, {"tag", A_TAGS}, {"labels", A_TAGS}, {"label", A_TAGS},
};
static const struct lx_ent attr_link[] = {
	{"of", 0}, {"on", 0}, {"for", 0}, {"from", 0}, {"in", 0}, {"to", 0}, {"off", 0},
};

static struct nlu_action *new_act(struct nlu_result *r)
{
	if (r->nact >= NLU_MAX_ACTIONS)
		return NULL;
	struct nlu_action *a = &r->act[r->nact++];
	memset(a, 0, sizeof *a);
	a->prio = -1;
	a->status = STATUS_ALL;
	return a;
}

static void ask(struct nlu_action *a, const char *q)
{
	a->intent = NLU_ASK;
	a->ask = q;
}

static void eat_lead(struct tx *t)
{
	for (;;) {
		lx_trim(t);
		if (lx_eat_table(t, lead_fill, N(lead_fill)) < 0)
			break;
	}
}

static void eat_tail(struct tx *t)
{
	for (;;) {
		lx_trim(t);
		if (lx_eat_end_table(t, tail_fill, N(tail_fill)) < 0)
			break;
	}
	lx_trim(t);
}

/* A quoted phrase at the start: inner span in *in, the rest after it. */
static bool quoted_head(const struct tx *t, struct tx *in, struct tx *rest)
{
	struct tx c = *t;
	lx_trim_sp(&c);
	if (c.b >= c.e)
		return false;
	char q = c.l[c.b];
	if (q != '\'' && q != '"')
		return false;
	for (int i = c.b + 1; i < c.e; i++) {
		if (c.l[i] != q)
			continue;
		/* a closing quote is followed by a blank, punctuation or the end */
		if (i + 1 < c.e && lx_wordch(c.l, i + 1))
			continue;
		if (i + 1 < c.e && c.l[i + 1] == '\'' )
			continue;
		*in = (struct tx){c.o, c.l, c.b + 1, i};
		*rest = (struct tx){c.o, c.l, i + 1, c.e};
		return in->e > in->b;
	}
	return false;
}

/* Copies the span as a title: #tags in the middle go to a, blanks collapse,
 * quotes around it go, the first letter is capitalised. */
static char *make_title(struct tx t, struct nlu_action *a, bool keep_tags)
{
	lx_trim(&t);
	struct tx q = t;
	if (lx_unquote(&q))
		t = q;
	struct buf b;
	buf_init(&b);
	for (int i = t.b; i < t.e;) {
		if (!keep_tags && t.l[i] == '#' && (i == t.b || t.l[i - 1] == ' ')) {
			struct tx w = {t.o, t.l, i, t.e};
			struct nlu_action tmp;
			tmp.ntags = 0;
			int j = i + 1;
			while (j < t.e && t.l[j] != ' ')
				j++;
			w.e = j;
			nlu_take_tags(&w, &tmp);
			if (tmp.ntags && w.b >= w.e) {
				for (int k = 0; k < tmp.ntags && a->ntags < NLU_MAX_TAGS; k++)
					memcpy(a->tags[a->ntags++], tmp.tags[k], sizeof tmp.tags[k]);
				i = j;
				continue;
			}
		}
		unsigned char c = (unsigned char)t.o[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (b.len && b.s[b.len - 1] != ' ')
				buf_add(&b, " ", 1);
			i++;
			continue;
		}
		buf_add(&b, t.o + i, 1);
		i++;
	}
	char *s = buf_take(&b);
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == '.' || s[n - 1] == '!' ||
		     s[n - 1] == '?' || s[n - 1] == ';' || s[n - 1] == ':'))
		s[--n] = '\0';
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 32);
	return s;
}

/* Title with its slots: description, then tags, priority and date phrases
 * peeled off both ends until none is left. */
static void add_title(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	a->intent = NLU_ADD;
	lx_trim(&t);
	for (int i = 0; i < N(desc_link); i++) {
		int p = lx_find(&t, t.b, desc_link[i].ph);
		if (p > t.b) {
			struct tx d = {t.o, t.l, lx_at(t.l, p, t.e, desc_link[i].ph), t.e};
			lx_trim(&d);
			struct tx dq = d;
			if (lx_unquote(&dq))
				d = dq;
			if (d.b < d.e) {
				free(a->desc);
				a->desc = lx_dup(&d);
			}
			t.e = p;
			break;
		}
	}
	struct tx in, rest;
	if (quoted_head(&t, &in, &rest)) {
		t = rest;   /* the quoted part is the title, the rest only slots */
	} else {
		in = t;
		in.e = in.b;
	}
	bool changed = true;
	for (int round = 0; changed && round < 12; round++) {
		changed = false;
		struct tx before = t;
		eat_tail(&t);
		lx_eat_end_table(&t, list_tail, N(list_tail));
		nlu_take_tags(&t, a);
		int p = nlu_prio_end(&t, true);
		if (p >= 0 && a->prio < 0)
			a->prio = p;
		if (!a->due[0])
			nlu_date_end(&t, now, a->due);
		if (t.b != before.b || t.e != before.e)
			changed = true;
	}
	/* slots at the start: "#errands return books", "urgent: fix the sink" */
	for (int round = 0; round < 4; round++) {
		struct tx before = t;
		nlu_take_tags(&t, a);
		struct tx c = t;
		int p = nlu_prio_at(&c, true);
		if (p >= 0 && a->prio < 0 && c.b < c.e && (c.l[c.b] == ':' || c.l[c.b] == ',' || c.l[c.b] == '-')) {
			a->prio = p;
			t = c;
		}
		if (!a->due[0]) {
			/* "tomorrow: call the bank" */
			for (int i = t.b; i < t.e; i++) {
				if (t.l[i] != ':' && t.l[i] != ',')
					continue;
				struct tx d = {t.o, t.l, t.b, i};
				if (nlu_date_all(&d, now, a->due))
					t.b = i + 1;
				break;
			}
		}
		lx_trim(&t);
		if (t.b == before.b && t.e == before.e)
			break;
	}
	if (in.e > in.b)
		t = in;
	free(a->title);
	a->title = make_title(t, a, in.e > in.b);
	if (!a->title[0])
		ask(a, "What should the task say? For example: \"add buy milk tomorrow\".");
}

static void parse_add(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	/* "add the tag #x to R", "add a description to R: D" */
	struct tx c = t;
	lx_eat_table(&c, add_article, N(add_article));
	int at = lx_eat_table(&c, attrs, N(attrs));
	if (at == A_TAGS || (at < 0 && c.b < c.e && c.l[c.b] == '#')) {
		struct tx r = c;
		struct nlu_action tmp;
		memset(&tmp, 0, sizeof tmp);
		nlu_take_tags(&r, &tmp);
		if (tmp.ntags && (lx_eat(&r, "to") || lx_eat(&r, "on") || lx_eat(&r, "for")) &&
		    nlu_refs(r, a)) {
			a->intent = NLU_UPDATE;
			a->set |= SET_TAGS_ADD;
			memcpy(a->tags, tmp.tags, sizeof tmp.tags);
			a->ntags = tmp.ntags;
			return;
		}
	} else if (at == A_DESC && (lx_eat(&c, "to") || lx_eat(&c, "for") || lx_eat(&c, "on"))) {
		int p = -1;
		for (int i = c.b; i < c.e; i++)
			if (c.l[i] == ':') {
				p = i;
				break;
			}
		struct tx r = c, d = c;
		if (p < 0) {
			p = lx_find(&c, c.b, "saying");
			if (p < 0)
				p = lx_find(&c, c.b, "that says");
			if (p >= 0) {
				d.b = lx_next_word(&c, p);
				if (lx_at(c.l, p, c.e, "that says") > 0)
					d.b = lx_at(c.l, p, c.e, "that says");
			}
		} else {
			d.b = p + 1;
		}
		if (p >= 0) {
			r.e = p;
			lx_trim(&d);
			lx_unquote(&d);
			if (d.b < d.e && nlu_refs(r, a)) {
				a->intent = NLU_UPDATE;
				a->set |= SET_DESC;
				a->desc = lx_dup(&d);
				return;
			}
		}
	}
	/* "a high priority task to", "an urgent task:", "urgent:" */
	c = t;
	lx_eat_table(&c, add_article, N(add_article));
	struct tx p0 = c;
	int p = nlu_prio_at(&c, true);
	if (p >= 0) {
		struct tx c2 = c;
		lx_eat_table(&c2, add_article, N(add_article));
		if (lx_eat_table(&c2, add_noun, N(add_noun)) >= 0 || (c2.b < c2.e && c2.l[c2.b] == ':')) {
			a->prio = p;
			c = c2;
		} else {
			c = p0;
		}
	}
	lx_eat_table(&c, add_article, N(add_article));
	struct tx c3 = c;
	if (lx_eat_table(&c3, add_noun, N(add_noun)) >= 0) {
		if (lx_eat_table(&c3, add_link, N(add_link)) >= 0 || lx_empty(&c3) || c3.b == c.b ||
		    c3.l[c3.b - 1] == ' ')
			c = c3;
		lx_eat_table(&c, add_link, N(add_link));
	} else if (p >= 0) {
		lx_eat_table(&c, add_link, N(add_link));
	} else {
		c = t;
	}
	lx_trim(&c);
	add_title(c, now, a);
}

/* ---- list ---- */

static const struct lx_ent pending_words[] = {
	{"pending", 0}, {"left", 0}, {"open", 0}, {"unfinished", 0}, {"incomplete", 0},
	{"not done", 0}, {"haven't done", 0}, {"havent done", 0}, {"have not done", 0},
	{"haven't finished", 0}, {"not finished", 0}, {"not completed", 0}, {"undone", 0},
	{"outstanding", 0}, {"remaining", 0}, {"still to do", 0}, {"uncompleted", 0},
	{"active", 0}, {"not yet done", 0}, {"haven't completed", 0}, {"unchecked", 0},
	{"haven't", 0}, {"havent", 0}, {"have not", 0}, {"didn't", 0}, {"didnt", 0},
	{"not yet", 0}, {"still open", 0}, {"left to do", 0}, {"need to do", 0}, {"still have to do", 0},
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
};
static const struct lx_ent list_cues[] = {
	{"task", 0}, {"tasks", 0}, {"todo", 0}, {"todos", 0}, {"to-do", 0}, {"to do", 0},
	{"list", 0}, {"pending", 0}, {"due", 0}, {"overdue", 0}, {"completed", 0},
	{"finished", 0}, {"finish", 0}, {"done", 0}, {"left", 0}, {"open", 0}, {"unfinished", 0},
	{"incomplete", 0}, {"plate", 0}, {"agenda", 0}, {"priority", 0}, {"urgent", 0},
	{"remaining", 0}, {"outstanding", 0}, {"everything", 0}, {"tagged", 0}, {"schedule", 0},
	{"do i have", 0}, {"have i got", 0}, {"reminders", 0}, {"items", 0}, {"complete", 0},
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

static void parse_list(struct tx t, struct nlu_action *a, bool search)
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
			};
			lx_eat_table(&q, obj, N(obj));
		}
		static const struct lx_ent qtail[] = {
			{"in my tasks", 0}, {"in my list", 0}, {"on my list", 0}, {"tasks", 0},
			{"in the list", 0}, {"in my todo list", 0}, {"task", 0},
		};
		lx_trim(&q);
		lx_eat_end_table(&q, qtail, N(qtail));
		lx_trim(&q);
		lx_unquote(&q);
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

/* ---- changes ---- */

static const struct lx_ent state_link[] = {
	{"is", 0}, {"are", 0}, {"was", 0}, {"as", 0}, {"now", 0}, {"finally", 0}, {"all", 0},
	{"been", 0}, {"has been", 0}, {"have been", 0}, {"completely", 0}, {"totally", 0},
	{"is finally", 0}, {"is now", 0}, {"is all", 0}, {"'s", 0}, {"got", 0}, {"is already", 0},
	{"already", 0}, {"just", 0}, {"to", 0}, {"be", 0},
};

static const struct lx_ent pronoun_head[] = {
	{"it", 0}, {"that", 0}, {"this", 0}, {"that one", 0}, {"this one", 0}, {"that task", 0},
	{"this task", 0},
};
static const struct lx_ent id_head[] = {
	{"task", 0}, {"number", 0}, {"no.", 0}, {"item", 0}, {"task number", 0}, {"task #", 0},
	{"#", 0}, {"task no.", 0},
};

/* End of an id or pronoun reference at the start of t, or -1. */
static int ref_head(const struct tx *t)
{
	struct tx c = *t;
	lx_trim_sp(&c);
	struct tx d = c;
	lx_eat_table(&d, id_head, N(id_head));
	if (d.b < d.e && d.l[d.b] == '#')
		d.b++;
	int i = d.b;
	while (i < d.e && d.l[i] >= '0' && d.l[i] <= '9')
		i++;
	if (i > d.b && (i >= d.e || !lx_wordch(d.l, i)))
		return i;
	d = c;
	if (lx_eat_table(&d, pronoun_head, N(pronoun_head)) >= 0)
		return d.b;
	return -1;
}

/* "R to T": the reference and the new text. */
static bool split_title(struct tx t, struct tx *ref, struct tx *val)
{
	static const struct lx_ent links[] = {
		{"to say", 0}, {"so it says", 0}, {"so it reads", 0},
		{"so that it says", 0}, {"to", 0}, {"as", 0}, {":", 0}, {"into", 0}, {"=", 0},
		{"to be", 0}, {"-", 0}, {"with", 0},
	};
	lx_trim(&t);
	struct tx in, rest;
	int h;
	if (quoted_head(&t, &in, &rest)) {
		*ref = t;
		ref->e = rest.b;
		*val = rest;
	} else if ((h = ref_head(&t)) >= 0) {
		*ref = t;
		ref->e = h;
		*val = t;
		val->b = h;
	} else {
		int p = lx_find(&t, t.b + 1, "to");
		if (p < 0)
			p = lx_find(&t, t.b + 1, "as");
		for (int i = t.b; p < 0 && i < t.e; i++)
			if (t.l[i] == ':')
				p = i;
		if (p < 0)
			return false;
		*ref = t;
		ref->e = p;
		*val = t;
		val->b = p;
	}
	lx_trim_sp(val);
	lx_eat_table(val, links, N(links));
	lx_trim(val);
	lx_trim(ref);
	return ref->b < ref->e && val->b < val->e;
}

static void set_refs(struct tx r, struct nlu_action *a, const char *question)
{
	for (;;) {
		lx_trim(&r);
		if (lx_eat_end_table(&r, value_link, N(value_link)) < 0)
			break;
	}
	if (!nlu_refs(r, a))
		ask(a, question);
}

/* Values at the end of "R ... V": completion state, priority, due. */
static unsigned take_values(struct tx *t, const struct date_now *now, struct nlu_action *a,
			    int *state)
{
	unsigned got = 0;
	for (int round = 0; round < 4; round++) {
		struct tx c = *t;
		eat_tail(&c);
		int v;
		if (!*state && (v = lx_eat_end_table(&c, states, N(states))) >= 0 && c.b < c.e) {
			*state = v;
			while (lx_eat_end_table(&c, state_link, N(state_link)) >= 0)
				;
			*t = c;
			continue;
		}
		c = *t;
		eat_tail(&c);
		if (!(got & SET_PRIO) && (v = nlu_prio_end(&c, false)) >= 0 && c.b < c.e) {
			a->prio = v;
			got |= SET_PRIO;
			*t = c;
			continue;
		}
		c = *t;
		eat_tail(&c);
		if (!(got & SET_DUE) && nlu_date_end(&c, now, a->due) && c.b < c.e) {
			got |= SET_DUE;
			*t = c;
			continue;
		}
		c = *t;
		eat_tail(&c);
		if (!(got & SET_DUE) && (lx_eat_end(&c, "no due date") || lx_eat_end(&c, "no date") ||
					 lx_eat_end(&c, "no deadline") || lx_eat_end(&c, "undated"))) {
			a->due[0] = '\0';
			got |= SET_DUE;
			*t = c;
			continue;
		}
		break;
	}
	return got;
}

/* "the due date of R to D", "R's title to T", "the priority on R". */
static bool attr_form(int verb, struct tx t, const struct date_now *now, struct nlu_action *a)
{
	struct tx c = t, ref, val;
	bool clear = verb == V_DEL || verb == V_CLEAR;
	int at = -1;
	(void)(lx_eat(&c, "the") || lx_eat(&c, "its") || lx_eat(&c, "a") || lx_eat(&c, "an"));
	if ((at = lx_eat_table(&c, attrs, N(attrs))) > 0) {
		struct nlu_action tmp;
		memset(&tmp, 0, sizeof tmp);
		if (at == A_TAGS)
			nlu_take_tags(&c, &tmp);
		if (lx_eat_table(&c, attr_link, N(attr_link)) < 0) {
			if (!clear && lx_empty(&c))
				return false;
			if (!clear)
				return false;
		}
		if (at == A_TAGS) {
			memcpy(a->tags, tmp.tags, sizeof tmp.tags);
			a->ntags = tmp.ntags;
		}
		if (clear) {
			ref = c;
			val = c;
			val.b = val.e;
		} else if (at == A_TITLE || at == A_DESC) {
			if (!split_title(c, &ref, &val)) {
				ask(a, at == A_TITLE ? "What should the new title be?"
						     : "What should the description say?");
				return true;
			}
		} else {
			ref = c;
			val = c;
			val.b = val.e;
		}
	} else {
		/* possessive: "task 6's due date to tuesday" */
		int p = -1;
		for (int i = t.b; i + 2 < t.e; i++)
			if (t.l[i] == '\'' && t.l[i + 1] == 's' && t.l[i + 2] == ' ') {
				struct tx d = {t.o, t.l, i + 2, t.e};
				if ((at = lx_eat_table(&d, attrs, N(attrs))) > 0) {
					p = i;
					val = d;
					break;
				}
			}
		if (p < 0)
			return false;
		ref = t;
		ref.e = p;
		static const struct lx_ent links[] = {{"to", 0}, {"as", 0}, {":", 0}, {"to say", 0}, {"be", 0}};
		lx_eat_table(&val, links, N(links));
		lx_trim(&val);
		if (clear)
			val.b = val.e;
	}
	a->intent = NLU_UPDATE;
	switch (at) {
	case A_DUE:
		if (clear || lx_is(&val, "none") || lx_is(&val, "nothing")) {
			a->due[0] = '\0';
		} else if (val.b < val.e) {
			if (!nlu_date_all(&val, now, a->due)) {
				ask(a, "I didn't catch the date. Try e.g. \"friday\", \"March 15\" or \"in 3 days\".");
				return true;
			}
		} else if (!nlu_date_end(&ref, now, a->due)) {
			ask(a, "Which date should it be due?");
			return true;
		}
		a->set |= SET_DUE;
		break;
	case A_PRIO:
		if (clear) {
			a->prio = PRIO_NONE;
		} else if (val.b < val.e) {
			struct tx v = val;
			if ((a->prio = nlu_prio_at(&v, false)) < 0) {
				ask(a, "Which priority: high, medium, low or none?");
				return true;
			}
		} else if ((a->prio = nlu_prio_end(&ref, false)) < 0) {
			ask(a, "Which priority: high, medium, low or none?");
			return true;
		}
		a->set |= SET_PRIO;
		break;
	case A_TITLE:
	case A_DESC:
		if (clear && at == A_TITLE) {
			ask(a, "A task needs a title. What should it be called?");
			return true;
		}
		lx_unquote(&val);
		if (at == A_TITLE) {
			a->title = make_title(val, a, true);
			a->set |= SET_TITLE;
		} else {
			a->desc = lx_dup(&val);
			a->set |= SET_DESC;
		}
		break;
	case A_TAGS:
		if (!clear && !a->ntags)
			nlu_take_tags(&val, a);
		a->set |= clear ? SET_TAGS_DEL : SET_TAGS_ADD;
		break;
	}
	set_refs(ref, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
	return true;
}

static void parse_done(struct tx t, struct nlu_action *a)
{
	a->intent = NLU_COMPLETE;
	eat_tail(&t);
	struct tx c = t;
	if (lx_eat_end_table(&c, states, N(states)) >= 0 && c.b < c.e) {
		while (lx_eat_end_table(&c, state_link, N(state_link)) >= 0)
			;
		t = c;
	}
	if (!nlu_refs(t, a))
		ask(a, "Which task did you finish? Tell me its number or some words of its title.");
}

static void parse_change(int verb, struct tx t, const struct date_now *now, struct nlu_action *a)
{
	a->intent = NLU_UPDATE;
	eat_tail(&t);
	if (lx_empty(&t)) {
		ask(a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
		return;
	}
	if (attr_form(verb, t, now, a))
		return;
	struct tx ref, val;
	bool quoted_val = t.e > t.b && (t.l[t.e - 1] == '\'' || t.l[t.e - 1] == '"');
	if (verb == V_RENAME || (verb == V_SET && quoted_val)) {
		if (split_title(t, &ref, &val)) {
			a->title = make_title(val, a, true);
			a->set |= SET_TITLE;
			set_refs(ref, a, "Which task should I rename?");
		} else if (verb == V_RENAME) {
			ask(a, "What should the new title be? For example: \"rename task 2 to Call mom\".");
		} else {
			ask(a, "What should I change it to?");
		}
		return;
	}
	int state = 0;
	struct tx r = t;
	a->set |= take_values(&r, now, a, &state);
	if (state == 1 && !a->set) {
		a->intent = NLU_COMPLETE;
		set_refs(r, a, "Which task is done?");
		return;
	}
	if (state == 2 || verb == V_REOPEN)
		a->set |= SET_REOPEN;
	if (!(a->set & SET_PRIO) && (verb == V_PRIO_UP || verb == V_PRIO_DOWN)) {
		a->prio = verb == V_PRIO_UP ? PRIO_HIGH : PRIO_LOW;
		a->set |= SET_PRIO;
	}
	if (a->set) {
		/* "change task 2 to buy milk tomorrow": a head, then a new title */
		int h = ref_head(&r);
		struct tx rest = r;
		if (h >= 0 && verb == V_SET) {
			rest.b = h;
			lx_trim(&rest);
			if (lx_eat(&rest, "to") && !lx_empty(&rest)) {
				a->title = make_title(rest, a, true);
				a->set |= SET_TITLE;
				r.e = h;
			}
		}
		set_refs(r, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
		return;
	}
	if (verb == V_MOVE) {
		ask(a, "When should it be due? For example: \"move it to friday\".");
		return;
	}
	if (split_title(t, &ref, &val)) {
		a->title = make_title(val, a, true);
		a->set |= SET_TITLE;
		set_refs(ref, a, "Which task do you mean?");
		return;
	}
	ask(a, "What should I change? I can set the title, due date, priority, tags or description.");
}

static void parse_mark(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	eat_tail(&t);
	int state = 0;
	struct tx r = t;
	a->intent = NLU_UPDATE;
	a->set |= take_values(&r, now, a, &state);
	if (state == 1 && !a->set) {
		a->intent = NLU_COMPLETE;
	} else if (state == 2) {
		a->set |= SET_REOPEN;
	} else if (!a->set) {
		ask(a, "Mark it as what: done, not done, or a priority like high?");
		return;
	}
	set_refs(r, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
}

/* "completed", "all my finished tasks", "everything I've completed" */
static bool completed_set(struct tx t)
{
	static const struct lx_ent filler[] = {
		{"all", 0}, {"my", 0}, {"the", 0}, {"out", 0}, {"of", 0}, {"every", 0},
		{"everything", 0}, {"i've", 0}, {"i", 0}, {"have", 0}, {"that", 0}, {"which", 0},
		{"are", 0}, {"is", 0}, {"were", 0}, {"tasks", 0}, {"task", 0}, {"ones", 0},
		{"items", 0}, {"things", 0}, {"stuff", 0}, {"already", 0}, {"been", 0}, {"away", 0},
		{"todos", 0}, {"from", 0}, {"list", 0}, {"my list", 0}, {"off", 0}, {"up", 0},
	};
	static const struct lx_ent done[] = {
		{"completed", 0}, {"finished", 0}, {"done", 0}, {"complete", 0}, {"checked", 0},
		{"ticked", 0}, {"closed", 0}, {"checked off", 0}, {"ticked off", 0},
	};
	bool seen = false;
	lx_trim(&t);
	while (t.b < t.e) {
		if (lx_eat_table(&t, done, N(done)) >= 0)
			seen = true;
		else if (lx_eat_table(&t, filler, N(filler)) < 0)
			return false;
		lx_trim(&t);
	}
	return seen;
}

static void parse_delete(int verb, struct tx t, const struct date_now *now, struct nlu_action *a)
{
	eat_tail(&t);
	if (attr_form(verb, t, now, a))
		return;
	struct tx c = t;
	if (c.b < c.e && c.l[c.b] == '#') {
		nlu_take_tags(&c, a);
		if (a->ntags && (lx_eat(&c, "from") || lx_eat(&c, "on") || lx_eat(&c, "off"))) {
			a->intent = NLU_UPDATE;
			a->set |= SET_TAGS_DEL;
			set_refs(c, a, "Which task should lose that tag?");
			return;
		}
		a->ntags = 0;
	}
	if (completed_set(t)) {
		a->intent = NLU_CLEAR_COMPLETED;
		return;
	}
	static const struct lx_ent all[] = {
		{"everything", 0}, {"all", 0}, {"all tasks", 0}, {"all my tasks", 0},
		{"every task", 0}, {"all of them", 0}, {"the list", 0}, {"my list", 0},
		{"all of my tasks", 0}, {"them all", 0},
	};
	c = t;
	if (lx_eat_table(&c, all, N(all)) >= 0 && lx_empty(&c)) {
		ask(a, "I won't delete every task at once. Name the tasks to delete, or say \"clear completed\".");
		return;
	}
	a->intent = NLU_DELETE;
	if (!nlu_refs(t, a))
		ask(a, "Which task should I delete? Tell me its number or some words of its title.");
}

static void parse_tag(int verb, struct tx t, struct nlu_action *a)
{
	a->intent = NLU_UPDATE;
	a->set |= verb == V_UNTAG ? SET_TAGS_DEL : SET_TAGS_ADD;
	eat_tail(&t);
	/* every #tag in the message; the words left name the task */
	struct buf b;
	buf_init(&b);
	nlu_take_tags(&t, a);
	static const struct lx_ent links[] = {
		{"with", 0}, {"as", 0}, {"using", 0}, {"under", 0}, {"in", 0}, {"to", 0}, {"on", 0},
		{"with the tag", 0}, {"with tag", 0}, {"as tag", 0},
	};
	if (!a->ntags && verb == V_TAG) {
		/* "tag task 2 as family": the word after the link */
		for (int i = t.e - 1; i > t.b; i--) {
			if (t.l[i - 1] != ' ')
				continue;
			struct tx w = {t.o, t.l, i, t.e};
			struct tx r = t;
			r.e = i;
			if (lx_eat_end_table(&r, links, N(links)) < 0)
				break;
			int n = w.e - w.b;
			if (n > 0 && n <= TAG_MAX) {
				memcpy(a->tags[0], w.l + w.b, (size_t)n);
				a->tags[0][n] = '\0';
				a->ntags = 1;
				t = r;
			}
			break;
		}
	}
	buf_free(&b);
	lx_eat_end_table(&t, links, N(links));
	if (!a->ntags && verb == V_TAG) {
		ask(a, "Which tag? For example: \"tag task 2 #family\".");
		return;
	}
	if (!nlu_refs(t, a))
		ask(a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
}

/* ---- clauses ---- */

static int verb_at(struct tx *t)
{
	struct tx c = *t;
	int v = lx_eat_table(&c, verbs, N(verbs));
	if (v < 0)
		return V_NONE;
	if (v == V_ADDN) {
		/* "task: buy milk", but "task 3 is done" is no new task */
		if (c.b > t->b && (c.l[c.b - 1] == ':' || (c.b < c.e && (c.l[c.b] == ':' || c.l[c.b] == '-'))))
			v = V_ADDT;
		else
			return V_NONE;
	}
	*t = c;
	return v;
}

static void no_verb(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	/* "groceries done", "task 1 is done", "the report is now due March 18" */
	int state = 0;
	struct tx r = t;
	unsigned got = take_values(&r, now, a, &state);
	if (state == 1 && !got && !lx_empty(&r)) {
		parse_done(r, a);
		return;
	}
	if (state == 2 && !got && !lx_empty(&r)) {
		a->intent = NLU_UPDATE;
		a->set = SET_REOPEN;
		set_refs(r, a, "Which task do you mean?");
		return;
	}
	if (got == SET_DUE && !state && lx_find(&t, t.b, "due") >= 0 && !lx_empty(&r)) {
		a->intent = NLU_UPDATE;
		a->set = SET_DUE;
		set_refs(r, a, "Which task do you mean?");
		return;
	}
	a->due[0] = '\0';
	a->prio = -1;
	if (has_any(&t, list_cues, N(list_cues), NULL) && !has_any(&t, verbs, 0, NULL)) {
		struct tx c = t;
		lx_trim(&c);
		/* a short phrase that is all about the list: "pending tasks?" */
		parse_list(t, a, false);
		return;
	}
	a->intent = NLU_HELP;
}

static void clause(struct tx t, const struct date_now *now, struct nlu_result *res)
{
	struct nlu_action *a = new_act(res);
	if (!a)
		return;
	eat_lead(&t);
	eat_tail(&t);
	if (lx_empty(&t)) {
		a->intent = NLU_HELP;
		return;
	}
	struct tx c = t;
	int v = verb_at(&c);
	lx_trim(&c);
	switch (v) {
	case V_ADD:
		if (lx_empty(&c) || lx_is(&c, "a task") || lx_is(&c, "task") || lx_is(&c, "a todo") ||
		    lx_is(&c, "something") || lx_is(&c, "a reminder") || lx_is(&c, "one") ||
		    lx_is(&c, "a new task") || lx_is(&c, "new task") || lx_is(&c, "an item")) {
			ask(a, "What should the task say? For example: \"add buy milk tomorrow\".");
			return;
		}
		parse_add(c, now, a);
		return;
	case V_ADDT:
		(void)(lx_eat(&c, "to") || lx_eat(&c, "about") || lx_eat(&c, "that i need to") ||
		       lx_eat(&c, "that i have to") || lx_eat(&c, "of") || lx_eat(&c, "that"));
		if (lx_empty(&c)) {
			ask(a, "What should I remind you about?");
			return;
		}
		add_title(c, now, a);
		return;
	case V_PUT: {
		struct tx d = c;
		eat_tail(&d);
		if (lx_eat_end_table(&d, list_tail, N(list_tail)) >= 0 && !lx_empty(&d)) {
			add_title(d, now, a);
			return;
		}
		break;
	}
	case V_DONE:
		parse_done(c, a);
		return;
	case V_OFF: {
		struct tx d = c;
		eat_tail(&d);
		if (lx_eat_end(&d, "off") || lx_eat(&d, "off")) {
			parse_done(d, a);
			return;
		}
		break;
	}
	case V_MARK:
		parse_mark(c, now, a);
		return;
	case V_DEL:
	case V_CLEAR:
		if (lx_empty(&c)) {
			ask(a, "Which task should I delete? Tell me its number or some words of its title.");
			return;
		}
		parse_delete(v, c, now, a);
		return;
	case V_REOPEN:
	case V_MOVE:
	case V_SET:
	case V_RENAME:
	case V_PRIO_UP:
	case V_PRIO_DOWN:
		parse_change(v, c, now, a);
		return;
	case V_TAG:
	case V_UNTAG:
		parse_tag(v, c, a);
		return;
	case V_LIST:
		parse_list(t, a, false);
		return;
	case V_SEARCH:
		parse_list(t, a, true);
		if (!a->query)
			ask(a, "What should I search for? For example: \"search for dentist\".");
		return;
	case V_QUESTION:
		if (has_any(&t, list_cues, N(list_cues), NULL) || t.l[t.b] == '#' ||
		    lx_find(&t, t.b, "in #") >= 0) {
			parse_list(t, a, false);
			return;
		}
		a->intent = NLU_HELP;
		return;
	default:
		break;
	}
	no_verb(t, now, a);
}

/* Verbs that may start a second clause after "and" / "then". */
static bool clause_verb(int v)
{
	return v == V_ADD || v == V_DONE || v == V_MARK || v == V_DEL || v == V_CLEAR ||
	       v == V_REOPEN || v == V_MOVE || v == V_SET || v == V_RENAME || v == V_PRIO_UP ||
	       v == V_PRIO_DOWN || v == V_TAG || v == V_UNTAG || v == V_LIST || v == V_SEARCH;
}

static bool add_verb(int v) { return v == V_ADD || v == V_ADDT || v == V_PUT; }

/* Splits "mark task 2 done and delete task 7" where a new verb starts. */
static int split_clauses(struct tx t, struct tx *out, int max)
{
	static const struct lx_ent joins[] = {
		{"and then", 2}, {"then", 2}, {"and also", 1}, {"also", 1}, {"and", 1}, {";", 3},
		{". ", 3}, {", then", 2}, {", and", 1}, {"plus", 1}, {", also", 1},
	};
	int n = 0, start = t.b;
	struct tx head = t;
	eat_lead(&head);
	int first = verb_at(&head);
	for (int i = t.b + 1; i < t.e && n < max - 1; i++) {
		if (lx_wordch(t.l, i - 1) && lx_wordch(t.l, i))
			continue;
		struct tx j = {t.o, t.l, i, t.e};
		lx_trim_sp(&j);
		int k = lx_eat_table(&j, joins, N(joins));
		if (k < 0)
			continue;
		struct tx r = j;
		eat_lead(&r);
		int v = verb_at(&r);
		if (!clause_verb(v))
			continue;
		if (add_verb(first) && k == 1) {
			/* "add milk and eggs" stays one title; "add X and make it
			 * urgent" goes on about the new task */
			lx_trim(&r);
			if (ref_head(&r) < 0 || (v != V_SET && v != V_TAG && v != V_MOVE &&
						 v != V_MARK && v != V_PRIO_UP && v != V_PRIO_DOWN))
				continue;
		}
		out[n++] = (struct tx){t.o, t.l, start, i};
		start = j.b;
		i = j.b;
		first = v;
	}
	out[n++] = (struct tx){t.o, t.l, start, t.e};
	return n;
}

#define MSG_CAP (70 * 1024)

int nlu_parse(const char *msg, const struct date_now *now, struct nlu_result *out)
{
	memset(out, 0, sizeof *out);
	if (!msg)
		msg = "";
	/* curly quotes become straight ones so the tables need one spelling */
	size_t n = strnlen(msg, MSG_CAP);
	char *o = xmalloc(n + 1), *l = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)msg + i;
		if (p[0] == 0xE2 && i + 2 < n && p[1] == 0x80 &&
		    (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0x9C || p[2] == 0x9D)) {
			o[k++] = p[2] <= 0x99 ? '\'' : '"';
			i += 2;
			continue;
		}
		o[k++] = (char)(p[0] < 0x20 && p[0] != '\t' ? ' ' : p[0]);
	}
	o[k] = '\0';
	for (size_t i = 0; i <= k; i++)
		l[i] = (char)(o[i] >= 'A' && o[i] <= 'Z' ? o[i] + 32 : o[i]);
	struct tx all = {o, l, 0, (int)k};
	struct tx parts[NLU_MAX_ACTIONS];
	int np = split_clauses(all, parts, NLU_MAX_ACTIONS);
	for (int i = 0; i < np; i++)
		clause(parts[i], now, out);
	/* a clause we did not understand next to ones we did is noise */
	int keep = 0;
	for (int i = 0; i < out->nact; i++)
		if (out->act[i].intent != NLU_HELP)
			keep++;
	if (keep && keep < out->nact) {
		int j = 0;
		for (int i = 0; i < out->nact; i++) {
			if (out->act[i].intent == NLU_HELP)
				continue;
			out->act[j++] = out->act[i];
		}
		out->nact = j;
	}
	if (!out->nact) {
		struct nlu_action *a = new_act(out);
		a->intent = NLU_HELP;
	}
	free(o);
	free(l);
	return out->nact;
}

void nlu_result_free(struct nlu_result *r)
{
	for (int i = 0; i < r->nact; i++) {
		struct nlu_action *a = &r->act[i];
		for (int j = 0; j < a->nrefs; j++)
			free(a->refs[j].words);
		free(a->title);
		free(a->desc);
		free(a->query);
	}
	memset(r, 0, sizeof *r);
}
