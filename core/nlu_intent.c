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
	{"i want to remember to", V_ADDT}, {"gotta", V_ADDT}, {"i should really", V_ADDT},
	{"i really need to", V_ADDT}, {"i really have to", V_ADDT}, {"i really should", V_ADDT},
	{"i really must", V_ADDT}, {"adding", V_ADD}, {"put", V_PUT}, {"stick", V_PUT}, {"throw", V_PUT},
	{"complete", V_DONE}, {"finish", V_DONE}, {"finished", V_DONE}, {"completed", V_DONE},
	{"i finished", V_DONE}, {"i've finished", V_DONE}, {"i have finished", V_DONE},
	{"i just finished", V_DONE}, {"just finished", V_DONE}, {"i completed", V_DONE},
	{"i've completed", V_DONE}, {"i have completed", V_DONE}, {"i just completed", V_DONE},
	{"just completed", V_DONE}, {"done with", V_DONE}, {"i'm done with", V_DONE},
	{"im done with", V_DONE}, {"i am done with", V_DONE}, {"i'm finished with", V_DONE},
	{"finished with", V_DONE}, {"i did", V_DONE}, {"done:", V_DONE}, {"finished:", V_DONE}, {"completed:", V_DONE},
	{"i took care of", V_DONE}, {"took care of", V_DONE}, {"i've taken care of", V_DONE},
	{"i have taken care of", V_DONE}, {"i handled", V_DONE}, {"i sorted out", V_DONE}, {"i just did", V_DONE}, {"just did", V_DONE},
	{"i've just done", V_DONE}, {"i didn't finish", V_REOPEN}, {"i didnt finish", V_REOPEN},
	{"i haven't finished", V_REOPEN}, {"i didn't do", V_REOPEN}, {"i didn't complete", V_REOPEN},
	{"i haven't done", V_REOPEN}, {"i've done", V_DONE}, {"i have done", V_DONE},
	{"close", V_DONE}, {"close out", V_DONE}, {"wrap up", V_DONE}, {"i wrapped up", V_DONE},
	{"tick off", V_DONE}, {"check off", V_DONE}, {"cross off", V_DONE}, {"knock off", V_DONE},
	{"mark off", V_DONE}, {"tick", V_OFF}, {"check", V_OFF}, {"cross", V_OFF}, {"strike", V_OFF},
	{"mark", V_MARK}, {"flag", V_MARK},
	{"delete", V_DEL}, {"remove", V_DEL}, {"get rid of", V_DEL}, {"drop", V_DEL},
	{"scratch", V_DEL}, {"trash", V_DEL}, {"erase", V_DEL}, {"cancel", V_DEL}, {"discard", V_DEL},
	{"ditch", V_DEL}, {"scrap", V_DEL}, {"kill", V_DEL}, {"axe", V_DEL}, {"i don't need", V_DEL}, {"i dont need", V_DEL},
	{"i do not need", V_DEL}, {"i no longer need", V_DEL}, {"no need for", V_DEL}, {"toss", V_DEL}, {"forget about", V_DEL}, {"forget", V_DEL},
	{"throw away", V_DEL}, {"throw out", V_DEL}, {"nuke", V_DEL}, {"bin", V_DEL},
	{"clear", V_CLEAR}, {"clear out", V_CLEAR}, {"purge", V_CLEAR}, {"wipe", V_CLEAR},
	{"wipe out", V_CLEAR}, {"clean up", V_CLEAR}, {"clean out", V_CLEAR}, {"unset", V_CLEAR},
	{"reopen", V_REOPEN}, {"re-open", V_REOPEN}, {"uncheck", V_REOPEN}, {"unmark", V_REOPEN},
	{"untick", V_REOPEN}, {"undo", V_REOPEN}, {"uncomplete", V_REOPEN},
	{"un-complete", V_REOPEN}, {"restore", V_REOPEN}, {"revive", V_REOPEN},
	{"resurrect", V_REOPEN}, {"take", V_TAKE}, {"take away", V_TAKE}, {"take off", V_TAKE}, {"unfinish", V_REOPEN},
	{"move", V_MOVE}, {"push", V_MOVE}, {"push back", V_MOVE}, {"postpone", V_MOVE},
	{"reschedule", V_MOVE}, {"delay", V_MOVE}, {"defer", V_MOVE}, {"shift", V_MOVE},
	{"bring forward", V_MOVE}, {"bring", V_MOVE}, {"put off", V_MOVE}, {"snooze", V_MOVE}, {"pull forward", V_MOVE},
	{"set", V_SET}, {"change", V_SET}, {"update", V_SET}, {"edit", V_SET}, {"modify", V_SET},
	{"make", V_SET}, {"switch", V_SET}, {"give", V_SET}, {"assign", V_SET}, {"adjust", V_SET}, {"turn", V_SET},
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
	{"quick", 0}, {"quickly", 0}, {"agent", 0}, {"assistant", 0}, {"sure", 0},
	{"one more thing", 0}, {"btw", 0}, {"by the way", 0}, {"hmm", 0}, {"great", 0},
	{"cool", 0}, {"perfect", 0}, {"thanks", 0}, {"thank you", 0}, {"good", 0}, {"right", 0},
	{"instead", 0}, {"you can", 0}, {"you should", 0}, {"help me", 0}, {"i'd like", 0},
	{"i think", 0}, {"just", 0}, {"can u", 0}, {"could u", 0}, {"would you mind", 0}, {"yay", 0},
	{"woohoo", 0}, {"phew", 0}, {"finally", 0}, {"hey there", 0}, {"hiya", 0},
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
	{"on the shopping list", 0}, {"to the shopping list", 0}, {"on my grocery list", 0},
	{"to my grocery list", 0}, {"on the grocery list", 0}, {"to the grocery list", 0},
	{"to my to-dos", 0}, {"to the tasks", 0}, {"in my tasks", 0},
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

void nlu_ask(struct nlu_action *a, const char *q)
{
	a->intent = NLU_ASK;
	a->ask = q;
}

void nlu_eat_lead(struct tx *t)
{
	for (;;) {
		lx_trim(t);
		if (lx_eat_table(t, lead_fill, N(lead_fill)) < 0)
			break;
	}
}

void nlu_eat_tail(struct tx *t)
{
	for (;;) {
		lx_trim(t);
		if (lx_eat_end_table(t, tail_fill, N(tail_fill)) < 0)
			break;
	}
	lx_trim(t);
}

/* A quoted phrase at the start: inner span in *in, the rest after it. */
bool nlu_quoted_head(const struct tx *t, struct tx *in, struct tx *rest)
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
char *nlu_make_title(struct tx t, struct nlu_action *a, bool keep_tags)
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
	if (nlu_quoted_head(&t, &in, &rest)) {
		t = rest;   /* the quoted part is the title, the rest only slots */
	} else {
		in = t;
		in.e = in.b;
	}
	bool changed = true;
	for (int round = 0; changed && round < 12; round++) {
		changed = false;
		struct tx before = t;
		nlu_eat_tail(&t);
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
	/* "tomorrow to call the vet" (after "remind me", "a reminder for") */
	int to = lx_find(&t, t.b, "to");
	struct tx dh = {t.o, t.l, t.b, to};
	char hd[DATE_MAX];
	if (to > t.b && !a->due[0] && nlu_date_all(&dh, now, hd)) {
		memcpy(a->due, hd, DATE_MAX);
		t.b = lx_at(t.l, to, t.e, "to");
		lx_trim(&t);
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
	a->title = nlu_make_title(t, a, in.e > in.b);
	if (!a->title[0])
		nlu_ask(a, "What should the task say? For example: \"add buy milk tomorrow\".");
}

static void parse_add(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	/* "add to my list: buy stamps": the list named before the title */
	struct tx c = t;
	if (lx_eat_table(&c, list_tail, N(list_tail)) >= 0) {
		lx_trim(&c);
		if (!lx_empty(&c))
			t = c;
		c = t;
	}
	/* "add the work tag to task 6" */
	if ((lx_find(&t, t.b, "tag") >= 0 || lx_find(&t, t.b, "label") >= 0) &&
	    (lx_at(t.l, t.b, t.e, "the") >= 0 || lx_at(t.l, t.b, t.e, "a") >= 0)) {
		struct tx nt = t;
		(void)(lx_eat(&nt, "the") || lx_eat(&nt, "a"));
		struct tx w = nt;
		if (lx_eat_table(&w, nlu_attrs, nlu_nattrs) < 0 && nlu_named_tag(nt, a, true))
			return;
		a->ntags = 0;
		a->intent = 0;
		a->set = 0;
		for (int i = 0; i < a->nrefs; i++)
			free(a->refs[i].words);
		a->nrefs = 0;
	}
	/* "add the tag #x to R", "add a description to R: D" */
	lx_eat_table(&c, add_article, N(add_article));
	int at = lx_eat_table(&c, nlu_attrs, nlu_nattrs);
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
	if (v == V_TAKE) {
		/* "take the due date off task 1", "take call mom off my list";
		 * "take out the trash" is no verb */
		struct tx d = c;
		(void)(lx_eat(&d, "the") || lx_eat(&d, "its"));
		struct tx o = c;
		nlu_eat_tail(&o);
		if (lx_eat_table(&d, nlu_attrs, nlu_nattrs) >= 0)
			v = V_CLEAR;
		else if (lx_eat_end(&o, "off my list") || lx_eat_end(&o, "off the list") ||
			 lx_eat_end(&o, "off my todo list") || lx_eat_end(&o, "off my to-do list"))
			v = V_DEL;
		else
			return V_NONE;
	}
	*t = c;
	return v;
}

static void clause(struct tx t, const struct date_now *now, struct nlu_result *res)
{
	struct nlu_action *a = new_act(res);
	if (!a)
		return;
	/* "no due date for task 3", "no priority on the report": clears */
	struct tx z = t, za;
	lx_trim(&z);
	if (lx_eat(&z, "no") && (za = z, lx_eat_table(&za, nlu_attrs, nlu_nattrs) > 0)) {
		nlu_eat_tail(&z);
		nlu_parse_delete(V_CLEAR, z, now, a);
		return;
	}
	nlu_eat_lead(&t);
	nlu_eat_tail(&t);
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
			nlu_ask(a, "What should the task say? For example: \"add buy milk tomorrow\".");
			return;
		}
		parse_add(c, now, a);
		return;
	case V_ADDT: {
		/* "remind me tomorrow to call the bank": the date before "to" */
		int to = lx_find(&c, c.b, "to");
		struct tx d = {c.o, c.l, c.b, to};
		char due[DATE_MAX];
		if (to > c.b && nlu_date_all(&d, now, due)) {
			memcpy(a->due, due, DATE_MAX);
			c.b = to;
		}
		(void)(lx_eat(&c, "to") || lx_eat(&c, "about") || lx_eat(&c, "that i need to") ||
		       lx_eat(&c, "that i have to") || lx_eat(&c, "of") || lx_eat(&c, "that"));
		if (lx_empty(&c)) {
			nlu_ask(a, "What should I remind you about?");
			return;
		}
		add_title(c, now, a);
		return;
	}
	case V_PUT: {
		/* "put a due date of friday on task 2" */
		struct tx pa = c;
		(void)(lx_eat(&pa, "a") || lx_eat(&pa, "the"));
		if (lx_eat_table(&pa, nlu_attrs, nlu_nattrs) > 0) {
			nlu_parse_change(V_SET, c, now, a);
			return;
		}
		struct tx d = c;
		nlu_eat_tail(&d);
		/* "put X on the list for next week": the date after the list */
		for (int i = d.b + 1; i < d.e && !a->due[0]; i++) {
			struct tx l = {d.o, d.l, i, d.e};
			if (!lx_wordch(d.l, i) || lx_wordch(d.l, i - 1) ||
			    lx_eat_table(&l, list_tail, N(list_tail)) < 0 || lx_empty(&l))
				continue;
			if (nlu_date_all(&l, now, a->due))
				d.e = l.b;
		}
		if (lx_eat_end_table(&d, list_tail, N(list_tail)) >= 0 && !lx_empty(&d)) {
			/* "put the bill back on my list": it was done */
			struct tx r = d;
			if (lx_eat_end(&r, "back") && !lx_empty(&r)) {
				a->intent = NLU_UPDATE;
				a->set = SET_REOPEN;
				nlu_set_refs(r, a, "Which task do you mean?");
				return;
			}
			add_title(d, now, a);
			return;
		}
		break;
	}
	case V_DONE:
		nlu_parse_done(c, a);
		return;
	case V_OFF: {
		struct tx d = c;
		nlu_eat_tail(&d);
		static const struct lx_ent off_list[] = {
			{"off my list", 0}, {"off the list", 0}, {"off my todo list", 0},
			{"off my to-do list", 0}, {"off my tasks", 0}, {"off", 0},
		};
		if (lx_eat_end_table(&d, off_list, N(off_list)) >= 0 || lx_eat(&d, "off")) {
			nlu_parse_done(d, a);
			return;
		}
		break;
	}
	case V_MARK:
		nlu_parse_mark(c, now, a);
		return;
	case V_DEL:
	case V_CLEAR:
		if (lx_empty(&c)) {
			nlu_ask(a, "Which task should I delete? Tell me its number or some words of its title.");
			return;
		}
		nlu_parse_delete(v, c, now, a);
		return;
	case V_REOPEN:
	case V_MOVE:
	case V_SET:
	case V_RENAME:
	case V_PRIO_UP:
	case V_PRIO_DOWN:
		nlu_parse_change(v, c, now, a);
		return;
	case V_TAG:
	case V_UNTAG:
		nlu_parse_tag(v, c, a);
		return;
	case V_LIST:
		nlu_parse_list(t, a, false);
		return;
	case V_SEARCH:
		nlu_parse_list(t, a, true);
		if (!a->query)
			nlu_ask(a, "What should I search for? For example: \"search for dentist\".");
		return;
	case V_QUESTION:
		if (nlu_list_cue(&t) || nlu_list_when(&t) || t.l[t.b] == '#' ||
		    lx_find(&t, t.b, "in #") >= 0) {
			nlu_parse_list(t, a, false);
			return;
		}
		a->intent = NLU_HELP;
		return;
	default:
		break;
	}
	nlu_parse_verbless(t, now, a);
}

/* Verbs that may start a second clause after "and" / "then". */
static bool clause_verb(int v)
{
	return v == V_ADD || v == V_ADDT || v == V_DONE || v == V_MARK || v == V_DEL || v == V_CLEAR ||
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
	nlu_eat_lead(&head);
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
		nlu_eat_lead(&r);
		int v = verb_at(&r);
		if (!clause_verb(v))
			continue;
		/* "add X and add Y", "... and remind me to Y": a second task */
		bool again = (v == V_ADD && lx_at(j.l, j.b, j.e, "add") >= 0) ||
			     (v == V_ADDT && (lx_at(j.l, j.b, j.e, "remind me") >= 0 ||
					      lx_at(j.l, j.b, j.e, "remember") >= 0));
		if (!add_verb(first) && v == V_ADDT && !again)
			continue;   /* "call mom and need to ..." */
		if (add_verb(first) && k == 1 && !again) {
			/* "add milk and eggs" stays one title; "add X and make it
			 * urgent" goes on about the new task */
			lx_trim(&r);
			int h = nlu_ref_head(&r);
			if (h < 0)
				continue;
			/* "add X and delete task 7": another verb needs a bare id */
			struct tx rest = {r.o, r.l, h, r.e};
			nlu_eat_tail(&rest);
			bool by_id = lx_empty(&rest) && ((r.l[r.b] >= '0' && r.l[r.b] <= '9') ||
							r.l[r.b] == '#' || lx_at(r.l, r.b, r.e, "task") >= 0 ||
							lx_at(r.l, r.b, r.e, "number") >= 0);
			if (v != V_SET && v != V_TAG && v != V_MOVE && v != V_MARK && v != V_PRIO_UP &&
			    v != V_PRIO_DOWN && !by_id)
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
