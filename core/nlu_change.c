/* SPDX-License-Identifier: MIT */
/* Changes to existing tasks: values peeled off the end ("to friday", "high
 * priority", "as done"), attribute forms ("the due date of R to D"), renames,
 * deletes, tags, verbless clauses ("task 2 is urgent"); what is left names
 * the task. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nlu.h"
#include "util.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

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
	{"isn't done", 2}, {"is not done", 2}, {"isn't finished", 2}, {"isn't complete", 2},
	{"isn't completed", 2}, {"is not finished", 2}, {"wasn't done", 2}, {"not actually done", 2},
	{"isn't done yet", 2}, {"isnt done", 2}, {"wasn't finished", 2}, {"is not complete", 2},
	{"aren't done", 2}, {"are not done", 2}, {"aren't finished", 2}, {"weren't done", 2},
	{"aren't done yet", 2}, {"arent done", 2},
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

const struct lx_ent nlu_attrs[] = {
	{"title", A_TITLE}, {"name", A_TITLE}, {"wording", A_TITLE}, {"text", A_TITLE},
	{"due date", A_DUE}, {"deadline", A_DUE}, {"date", A_DUE}, {"due", A_DUE},
	{"due time", A_DUE}, {"priority", A_PRIO}, {"priority level", A_PRIO},
	{"description", A_DESC}, {"notes", A_DESC}, {"note", A_DESC}, {"details", A_DESC},
	{"desc", A_DESC}, {"tags", A_TAGS}, {"tag", A_TAGS}, {"labels", A_TAGS}, {"label", A_TAGS},
};
static const struct lx_ent attr_link[] = {
	{"of", 0}, {"on", 0}, {"for", 0}, {"from", 0}, {"in", 0}, {"to", 0}, {"off", 0},
};
const int nlu_nattrs = N(nlu_attrs);

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
int nlu_ref_head(const struct tx *t)
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
	if (nlu_quoted_head(&t, &in, &rest)) {
		*ref = t;
		ref->e = rest.b;
		*val = rest;
	} else if ((h = nlu_ref_head(&t)) >= 0) {
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

void nlu_set_refs(struct tx r, struct nlu_action *a, const char *question)
{
	for (;;) {
		lx_trim(&r);
		if (lx_eat_end_table(&r, value_link, N(value_link)) < 0)
			break;
	}
	/* "the kids task priority", "task 4 priority from none", "the report
	 * deadline": the attribute named after the task is no part of it */
	static const char *const attr[] = {"priority", "due date", "deadline", "prio"};
	for (size_t k = 0; k < sizeof attr / sizeof attr[0]; k++) {
		int p = lx_find(&r, r.b + 1, attr[k]);
		if (p < 0)
			continue;
		struct tx rest = {r.o, r.l, lx_at(r.l, p, r.e, attr[k]), r.e};
		lx_trim(&rest);
		if (lx_empty(&rest) || lx_eat(&rest, "from")) {
			r.e = p;
			lx_trim(&r);
			break;
		}
	}
	if (!nlu_refs(r, a))
		nlu_ask(a, question);
}

/* Values at the end of "R ... V": completion state, priority, due. */
unsigned nlu_take_values(struct tx *t, const struct date_now *now, struct nlu_action *a,
			    int *state)
{
	static const struct lx_ent no_due[] = {
		{"no due date", 0}, {"no date", 0}, {"no deadline", 0}, {"undated", 0},
		{"doesn't need a due date", 0}, {"does not need a due date", 0},
		{"doesn't need a deadline", 0}, {"needs no due date", 0}, {"without a due date", 0},
		{"has no due date", 0}, {"shouldn't have a due date", 0}, {"without due date", 0},
	};
	unsigned got = 0;
	for (int round = 0; round < 4; round++) {
		struct tx c = *t;
		/* "urgent and due tomorrow": values joined by "and" */
		if (round && got) {
			lx_trim(&c);
			if (lx_eat_end(&c, "and") && c.b < c.e)
				*t = c;
		}
		c = *t;
		nlu_eat_tail(&c);
		int v;
		if (!*state && (v = lx_eat_end_table(&c, states, N(states))) >= 0 && c.b < c.e) {
			*state = v;
			while (lx_eat_end_table(&c, state_link, N(state_link)) >= 0)
				;
			lx_trim(&c);
			if (c.e - c.b > 2 && c.l[c.e - 2] == '\'' && c.l[c.e - 1] == 's')
				c.e -= 2;   /* "the first one's done" */
			*t = c;
			continue;
		}
		c = *t;
		nlu_eat_tail(&c);
		if (!(got & SET_PRIO) && (v = nlu_prio_end(&c, false)) >= 0 && c.b < c.e) {
			a->prio = v;
			got |= SET_PRIO;
			*t = c;
			continue;
		}
		c = *t;
		nlu_eat_tail(&c);
		if (!(got & SET_DUE) && nlu_date_end(&c, now, a->due) && c.b < c.e) {
			got |= SET_DUE;
			*t = c;
			continue;
		}
		c = *t;
		nlu_eat_tail(&c);
		if (!(got & SET_DUE) && lx_eat_end_table(&c, no_due, N(no_due)) >= 0 && c.b < c.e) {
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
	bool it = false;   /* "change the title to X": the task talked about */
	(void)(lx_eat(&c, "all the") || lx_eat(&c, "all") || lx_eat(&c, "the") || lx_eat(&c, "its") ||
	       lx_eat(&c, "a") || lx_eat(&c, "an"));
	if ((at = lx_eat_table(&c, nlu_attrs, nlu_nattrs)) > 0) {
		struct nlu_action tmp;
		memset(&tmp, 0, sizeof tmp);
		if (at == A_TAGS)
			nlu_take_tags(&c, &tmp);
		it = !clear && at != A_TAGS && lx_at(c.l, c.b, c.e, "to") >= 0;
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
		/* the value first: "a due date of friday on task 2" */
		int on = -1;
		if (!clear && (at == A_DUE || at == A_PRIO)) {
			static const char *const joins[] = {"on", "for", "to"};
			for (int j = 0; j < 3 && on < 0; j++)
				for (int p = lx_find(&c, c.b + 1, joins[j]); p > 0 && on < 0;
				     p = lx_find(&c, p + 1, joins[j])) {
					struct tx v = {c.o, c.l, c.b, p}, r2 = {c.o, c.l, p, c.e};
					char d[DATE_MAX];
					struct tx pv = v;
					lx_trim(&pv);
					int pr = nlu_prio_at(&pv, false);
					lx_trim(&pv);
					lx_eat(&r2, joins[j]);
					if (lx_empty(&r2))
						continue;
					if ((at == A_DUE && nlu_date_all(&v, now, d)) ||
					    (at == A_PRIO && pr >= 0 && lx_empty(&pv)))
						on = p, ref = r2, val = v;
				}
		}
		if (on >= 0) {
			it = false;   /* "set priority to high for task 2" names it */
		} else if (it) {
			ref = c;
			ref.e = ref.b;
			val = c;
		} else if (clear) {
			ref = c;
			val = c;
			val.b = val.e;
		} else if (at == A_TITLE || at == A_DESC) {
			if (!split_title(c, &ref, &val)) {
				nlu_ask(a, at == A_TITLE ? "What should the new title be?"
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
				if ((at = lx_eat_table(&d, nlu_attrs, nlu_nattrs)) > 0) {
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
				nlu_ask(a, "I didn't catch the date. Try e.g. \"friday\", \"March 15\" or \"in 3 days\".");
				return true;
			}
		} else if (!nlu_date_end(&ref, now, a->due)) {
			nlu_ask(a, "Which date should it be due?");
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
				nlu_ask(a, "Which priority: high, medium, low or none?");
				return true;
			}
		} else if ((a->prio = nlu_prio_end(&ref, false)) < 0) {
			/* "raise the priority of call mom" */
			if (verb == V_PRIO_UP || verb == V_PRIO_DOWN) {
				a->prio = verb == V_PRIO_UP ? PRIO_HIGH : PRIO_LOW;
			} else {
				nlu_ask(a, "Which priority: high, medium, low or none?");
				return true;
			}
		}
		a->set |= SET_PRIO;
		break;
	case A_TITLE:
	case A_DESC:
		if (clear && at == A_TITLE) {
			nlu_ask(a, "A task needs a title. What should it be called?");
			return true;
		}
		lx_unquote(&val);
		if (at == A_TITLE) {
			a->title = nlu_make_title(val, a, true);
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
	if (it) {
		a->refs[0] = (struct nlu_ref){.kind = REF_PRONOUN};
		a->nrefs = 1;
		return true;
	}
	nlu_set_refs(ref, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
	return true;
}

void nlu_parse_done(struct tx t, struct nlu_action *a)
{
	a->intent = NLU_COMPLETE;
	nlu_eat_tail(&t);
	struct tx c = t;
	if (lx_eat_end_table(&c, states, N(states)) >= 0 && c.b < c.e) {
		while (lx_eat_end_table(&c, state_link, N(state_link)) >= 0)
			;
		t = c;
	}
	if (!nlu_refs(t, a))
		nlu_ask(a, "Which task did you finish? Tell me its number or some words of its title.");
}

void nlu_parse_change(int verb, struct tx t, const struct date_now *now, struct nlu_action *a)
{
	a->intent = NLU_UPDATE;
	nlu_eat_tail(&t);
	if (lx_empty(&t)) {
		nlu_ask(a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
		return;
	}
	if (attr_form(verb, t, now, a))
		return;
	struct tx ref, val;
	bool quoted_val = t.e > t.b && (t.l[t.e - 1] == '\'' || t.l[t.e - 1] == '"');
	if (verb == V_RENAME || (verb == V_SET && quoted_val)) {
		if (split_title(t, &ref, &val)) {
			a->title = nlu_make_title(val, a, true);
			a->set |= SET_TITLE;
			nlu_set_refs(ref, a, "Which task should I rename?");
		} else if (verb == V_RENAME) {
			nlu_ask(a, "What should the new title be? For example: \"rename task 2 to Call mom\".");
		} else {
			nlu_ask(a, "What should I change it to?");
		}
		return;
	}
	int state = 0;
	struct tx r = t;
	a->set |= nlu_take_values(&r, now, a, &state);
	if (state == 1 && !a->set) {
		a->intent = NLU_COMPLETE;
		nlu_set_refs(r, a, "Which task is done?");
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
		int h = nlu_ref_head(&r);
		struct tx rest = r;
		if (h >= 0 && verb == V_SET) {
			rest.b = h;
			lx_trim(&rest);
			if (lx_eat(&rest, "to") && !lx_empty(&rest)) {
				a->title = nlu_make_title(rest, a, true);
				a->set |= SET_TITLE;
				r.e = h;
			}
		}
		nlu_set_refs(r, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
		return;
	}
	struct tx s = t;
	if ((verb == V_MOVE || verb == V_SET || verb == V_PRIO_UP || verb == V_PRIO_DOWN) &&
	    nlu_shift_end(&s, &a->shift)) {
		/* "push the groceries back a week": from the task's own due date */
		if (verb == V_PRIO_DOWN || lx_find(&t, t.b, "forward") >= 0)
			a->shift = a->shift > 0 ? -a->shift : a->shift;
		a->set |= SET_SHIFT;
		nlu_set_refs(s, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
		return;
	}
	if (verb == V_MOVE) {
		nlu_ask(a, "When should it be due? For example: \"move it to friday\".");
		return;
	}
	if (split_title(t, &ref, &val)) {
		a->title = nlu_make_title(val, a, true);
		a->set |= SET_TITLE;
		nlu_set_refs(ref, a, "Which task do you mean?");
		return;
	}
	nlu_ask(a, "What should I change? I can set the title, due date, priority, tags or description.");
}

void nlu_parse_mark(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	nlu_eat_tail(&t);
	int state = 0;
	struct tx r = t;
	a->intent = NLU_UPDATE;
	a->set |= nlu_take_values(&r, now, a, &state);
	if (state == 1 && !a->set) {
		a->intent = NLU_COMPLETE;
	} else if (state == 2) {
		a->set |= SET_REOPEN;
	} else if (!a->set) {
		nlu_ask(a, "Mark it as what: done, not done, or a priority like high?");
		return;
	}
	nlu_set_refs(r, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
}

/* "completed", "all my finished tasks", "everything I've completed" */
static bool completed_set(struct tx t)
{
	static const struct lx_ent filler[] = {
		{"all", 0}, {"my", 0}, {"the", 0}, {"out", 0}, {"of", 0}, {"every", 0},
		{"everything", 0}, {"i've", 0}, {"i", 0}, {"have", 0}, {"that", 0}, {"which", 0},
		{"are", 0}, {"is", 0}, {"were", 0}, {"tasks", 0}, {"task", 0}, {"ones", 0},
		{"items", 0}, {"things", 0}, {"stuff", 0}, {"already", 0}, {"been", 0}, {"away", 0},
		{"todos", 0}, {"from", 0}, {"that's", 0}, {"thats", 0}, {"which", 0}, {"i'm", 0},
		{"we", 0}, {"we've", 0}, {"you", 0}, {"marked", 0}, {"as", 0}, {"now", 0}, {"list", 0}, {"my list", 0}, {"off", 0}, {"up", 0},
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

/* "the work tag from task 4", "tag #work off the report": one tag goes;
 * with add, "the work tag to task 6" one comes. */
bool nlu_named_tag(struct tx t, struct nlu_action *a, bool add)
{
	(void)(lx_eat(&t, "the") || lx_eat(&t, "tag") || lx_eat(&t, "label"));
	if (t.b < t.e && t.l[t.b] == '#')
		t.b++;
	int b = t.b;
	while (t.b < t.e && (lx_wordch(t.l, t.b) || t.l[t.b] == '-'))
		t.b++;
	int e = t.b;
	if (e == b || e - b > TAG_MAX)
		return false;
	bool named = lx_eat(&t, "tag") || lx_eat(&t, "label");
	if (add && !named)
		return false;   /* "add the milk to my list" is a new task */
	bool link = add ? (lx_eat(&t, "to") || lx_eat(&t, "on") || lx_eat(&t, "for"))
			: (lx_eat(&t, "from") || lx_eat(&t, "off") || lx_eat(&t, "on"));
	if (!link || lx_empty(&t))
		return false;
	memcpy(a->tags[0], t.l + b, (size_t)(e - b));
	a->tags[0][e - b] = '\0';
	a->ntags = 1;
	a->intent = NLU_UPDATE;
	a->set |= add ? SET_TAGS_ADD : SET_TAGS_DEL;
	nlu_set_refs(t, a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
	return true;
}

void nlu_parse_delete(int verb, struct tx t, const struct date_now *now, struct nlu_action *a)
{
	nlu_eat_tail(&t);
	if (attr_form(verb, t, now, a))
		return;
	struct tx c = t;
	if (lx_find(&t, t.b, "tag") >= 0 || lx_find(&t, t.b, "label") >= 0) {
		if (nlu_named_tag(t, a, false))
			return;
		a->ntags = 0;
	}
	if (c.b < c.e && c.l[c.b] == '#') {
		nlu_take_tags(&c, a);
		if (a->ntags && (lx_eat(&c, "from") || lx_eat(&c, "on") || lx_eat(&c, "off"))) {
			a->intent = NLU_UPDATE;
			a->set |= SET_TAGS_DEL;
			nlu_set_refs(c, a, "Which task should lose that tag?");
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
		{"every task", 0}, {"the list", 0}, {"my list", 0}, {"all of my tasks", 0},
	};
	c = t;
	if (lx_eat_table(&c, all, N(all)) >= 0 && lx_empty(&c)) {
		nlu_ask(a, "I won't delete every task at once. Name the tasks to delete, or say \"clear completed\".");
		return;
	}
	a->intent = NLU_DELETE;
	if (!nlu_refs(t, a))
		nlu_ask(a, "Which task should I delete? Tell me its number or some words of its title.");
}

void nlu_parse_tag(int verb, struct tx t, struct nlu_action *a)
{
	a->intent = NLU_UPDATE;
	a->set |= verb == V_UNTAG ? SET_TAGS_DEL : SET_TAGS_ADD;
	nlu_eat_tail(&t);
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
			/* "tag the dentist appointment health": no link, the
			 * last word is the tag when a reference is left */
			if (lx_eat_end_table(&r, links, N(links)) < 0 && lx_find(&t, t.b, "tag") >= 0)
				break;
			lx_trim(&r);
			if (lx_empty(&r) || !(w.l[w.b] >= 'a' && w.l[w.b] <= 'z'))
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
		nlu_ask(a, "Which tag? For example: \"tag task 2 #family\".");
		return;
	}
	if (!nlu_refs(t, a))
		nlu_ask(a, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
}

static void pronoun_ref(struct nlu_action *a)
{
	a->refs[0] = (struct nlu_ref){.kind = REF_PRONOUN};
	a->nrefs = 1;
}

/* A clause without a verb: "groceries done", "task 2 is urgent", "due
 * tomorrow", "priority of task 4 should be high", or a list question. */
void nlu_parse_verbless(struct tx t, const struct date_now *now, struct nlu_action *a)
{
	/* "groceries done", "task 1 is done", "the report is now due March 18" */
	/* "priority of task 4 should be high", "due date for task 6: march 25" */
	struct tx c = t;
	(void)(lx_eat(&c, "the") || lx_eat(&c, "its"));
	if (lx_eat_table(&c, nlu_attrs, nlu_nattrs) > 0 &&
	    (lx_at(c.l, c.b, c.e, "of") >= 0 || lx_at(c.l, c.b, c.e, "for") >= 0 ||
	     lx_at(c.l, c.b, c.e, "on") >= 0)) {
		nlu_parse_change(V_SET, t, now, a);
		return;
	}
	/* "done!" on its own: the task just talked about */
	if (lx_is(&t, "done") || lx_is(&t, "all done") || lx_is(&t, "finished") ||
	    lx_is(&t, "done with it") || lx_is(&t, "did it") || lx_is(&t, "i did it")) {
		a->intent = NLU_COMPLETE;
		pronoun_ref(a);
		return;
	}
	/* "due tomorrow" (not asked) after adding a task: its due date */
	if (lx_at(t.l, t.b, t.e, "due") >= 0 && !strchr(t.l + t.b, '?') &&
	    nlu_date_all(&t, now, a->due)) {
		a->intent = NLU_UPDATE;
		a->set = SET_DUE;
		pronoun_ref(a);
		return;
	}
	/* "at 9am" after "remind me to call the garage tomorrow": the time */
	if (lx_at(t.l, t.b, t.e, "at") >= 0 && !strchr(t.l + t.b, '?') && nlu_date_all(&t, now, a->due)) {
		a->intent = NLU_UPDATE;
		a->set = SET_DUE | SET_TIME;
		pronoun_ref(a);
		return;
	}
	/* "priority high on the dentist appointment", "high priority for task 6" */
	struct tx pf = t;
	int pp = nlu_prio_at(&pf, true);
	if (pp >= 0 && (lx_eat(&pf, "on") || lx_eat(&pf, "for") || lx_eat(&pf, "to")) && !lx_empty(&pf)) {
		a->intent = NLU_UPDATE;
		a->set = SET_PRIO;
		a->prio = pp;
		nlu_set_refs(pf, a, "Which task do you mean?");
		return;
	}
	/* "oh and it's urgent" about the task just talked about */
	struct tx ip = t;
	if (lx_eat(&ip, "it's") || lx_eat(&ip, "it is") || lx_eat(&ip, "its") ||
	    lx_eat(&ip, "that's") || lx_eat(&ip, "that is")) {
		int p = nlu_prio_at(&ip, true);
		lx_trim(&ip);
		if (p >= 0 && lx_empty(&ip)) {
			a->intent = NLU_UPDATE;
			a->set = SET_PRIO;
			a->prio = p;
			pronoun_ref(a);
			return;
		}
	}
	int state = 0;
	struct tx r = t;
	unsigned got = nlu_take_values(&r, now, a, &state);
	if (state == 1 && !got && !lx_empty(&r)) {
		nlu_parse_done(r, a);
		return;
	}
	bool linked = lx_find(&t, t.b, "is") >= 0 || lx_find(&t, t.b, "are") >= 0 ||
		      lx_find(&t, t.b, "should be") >= 0 || lx_find(&t, t.b, "needs to be") >= 0 ||
		      lx_find(&t, t.b, "must be") >= 0;
	if (got == SET_PRIO && !state && linked && !lx_empty(&r)) {
		/* "task 2 is urgent", "call mom is high priority" */
		a->intent = NLU_UPDATE;
		a->set = SET_PRIO;
		nlu_set_refs(r, a, "Which task do you mean?");
		return;
	}
	if (got == SET_DUE && !state && (lx_empty(&r) || lx_is(&r, "due")) &&
	    lx_find(&t, t.b, "due") >= 0) {
		/* "due tomorrow" after adding a task */
		a->intent = NLU_UPDATE;
		a->set = SET_DUE;
		pronoun_ref(a);
		return;
	}
	if (state == 2 && !got && !lx_empty(&r)) {
		a->intent = NLU_UPDATE;
		a->set = SET_REOPEN;
		nlu_set_refs(r, a, "Which task do you mean?");
		return;
	}
	/* "task 7 priority high", "the dentist appointment should be on friday" */
	int h = nlu_ref_head(&r);
	bool by_id = h >= 0 && (lx_trim(&r), h >= r.e) && lx_at(r.l, r.b, r.e, "it") < 0 &&
		     lx_at(r.l, r.b, r.e, "that") < 0 && lx_at(r.l, r.b, r.e, "this") < 0;
	if ((got == SET_PRIO || got == SET_DUE) && !state && by_id) {
		a->intent = NLU_UPDATE;
		a->set = got;
		nlu_set_refs(r, a, "Which task do you mean?");
		return;
	}
	if (got == SET_DUE && !state && (lx_find(&t, t.b, "due") >= 0 || linked) && !lx_empty(&r)) {
		a->intent = NLU_UPDATE;
		a->set = SET_DUE;
		nlu_set_refs(r, a, "Which task do you mean?");
		return;
	}
	a->due[0] = '\0';
	a->prio = -1;
	if (!got && !state && nlu_past_done(t, a))
		return;
	if (nlu_list_cue(&t) || nlu_list_when(&t)) {
		/* a phrase that is all about the list: "pending tasks?" */
		nlu_parse_list(t, a, false);
		return;
	}
	a->intent = NLU_HELP;
}
