/* SPDX-License-Identifier: MIT */
/* The local agent's understanding step: a message in, actions with unresolved
 * references out. Pure (no store, no I/O) so it can be unit-tested and fuzzed;
 * agent_local.c resolves the references and runs the tools. */
#ifndef TODO_NLU_H
#define TODO_NLU_H
#include <stdbool.h>
#include <stdint.h>
#include "date.h"
#include "task.h"

enum nlu_intent {
	NLU_HELP = 0,       /* greetings, questions we cannot answer, unknown */
	NLU_ASK,            /* understood but incomplete: ask (text in .ask) */
	NLU_ADD,
	NLU_LIST,
	NLU_COMPLETE,
	NLU_DELETE,
	NLU_UPDATE,
	NLU_CLEAR_COMPLETED,
};

enum nlu_ref_kind {
	REF_NONE = 0,
	REF_ID,             /* "task 3", "#3", "number 3", a bare number */
	REF_WORDS,          /* title words: "the report", 'Call mom' */
	REF_PRONOUN,        /* "it", "that one": the task last talked about */
	REF_POS,            /* "the second one": in the last list shown */
};

struct nlu_ref {
	int kind;
	int64_t id;         /* REF_ID */
	int pos;            /* REF_POS: 1-based; -1 = the last one */
	char *words;        /* REF_WORDS (owned); quoted text is matched whole */
	bool quoted;
};

#define NLU_MAX_REFS 16
#define NLU_MAX_TAGS 8
#define NLU_MAX_ACTIONS 4

/* Fields an update sets (an update may set several). */
enum nlu_set {
	SET_TITLE = 1 << 0,
	SET_DESC = 1 << 1,
	SET_DUE = 1 << 2,        /* due[0] == 0 clears */
	SET_PRIO = 1 << 3,
	SET_TAGS_ADD = 1 << 4,
	SET_TAGS_DEL = 1 << 5,
	SET_REOPEN = 1 << 6,     /* completed: false */
	SET_SHIFT = 1 << 7,      /* due moves by .shift days from the task's own */
	SET_TIME = 1 << 8,       /* with SET_DUE: only the time; a due task keeps its day */
};

struct nlu_action {
	int intent;
	struct nlu_ref refs[NLU_MAX_REFS];
	int nrefs;
	unsigned set;            /* enum nlu_set, for NLU_UPDATE */
	char *title;             /* ADD, or the new title (owned) */
	char *desc;              /* owned */
	char due[DATE_MAX];      /* ADD / SET_DUE */
	int prio;                /* enum task_prio, or -1 when not named */
	int shift;               /* SET_SHIFT: days, negative = earlier */
	char tags[NLU_MAX_TAGS][TAG_MAX + 1];
	int ntags;
	/* NLU_LIST filters ("" / -1 when unset) */
	int status;              /* enum filter_status; STATUS_ALL when not named */
	char list_due[12];       /* overdue | today | tomorrow | week */
	char list_tag[TAG_MAX + 1];
	bool tag_guess;          /* list_tag is a bare word ("my work tasks"):
				    a tag only when some task has it */
	char *query;             /* owned */
	const char *ask;         /* NLU_ASK: the question (static text) */
};

struct nlu_result {
	struct nlu_action act[NLU_MAX_ACTIONS];
	int nact;
};

/* Understands msg (any bytes; NUL-terminated). Always fills out with at least
 * one action (NLU_HELP when nothing was understood); returns out->nact.
 * Release with nlu_result_free. */
int nlu_parse(const char *msg, const struct date_now *now, struct nlu_result *out);
void nlu_result_free(struct nlu_result *r);
/* Reads an answer to "which task?": a message that is one reference and
 * nothing else ("the second", "task 5", "the expense one"). Fills r (words
 * owned; free r->words) and returns true. */
bool nlu_parse_answer(const char *msg, struct nlu_ref *r);

/* ---- shared by the nlu_*.c files ---- */

/* A span [b, e) of one message: o is the original text, l a lower-cased copy
 * with the same byte offsets (ASCII folding only, so offsets never move). */
struct tx {
	const char *o, *l;
	int b, e;
};

struct lx_ent {
	const char *ph;   /* lower-case phrase; a space matches any run of blanks */
	int v;
};

bool lx_wordch(const char *l, int i);
/* End offset of phrase ph matched at l+i (not beyond e, ending on a word
 * boundary when ph ends in a word character), or -1. */
int lx_at(const char *l, int i, int e, const char *ph);
void lx_trim(struct tx *t);             /* blanks and , ; : - . ! ? */
void lx_trim_sp(struct tx *t);          /* blanks only */
bool lx_eat(struct tx *t, const char *ph);       /* prefix; skips blanks after */
bool lx_eat_end(struct tx *t, const char *ph);   /* suffix at a word start */
/* Longest table phrase at the start (eaten on success); its value or -1. */
int lx_eat_table(struct tx *t, const struct lx_ent *tab, int n);
int lx_eat_end_table(struct tx *t, const struct lx_ent *tab, int n);
/* First word-start offset >= from where ph matches, or -1. */
int lx_find(const struct tx *t, int from, const char *ph);
bool lx_empty(const struct tx *t);
bool lx_is(const struct tx *t, const char *ph);  /* the whole span is ph */
char *lx_dup(const struct tx *t);                /* original text, owned */
/* True when the span is wrapped in matching quotes; strips them. */
bool lx_unquote(struct tx *t);
int lx_next_word(const struct tx *t, int i);     /* start of the next word */

/* Priority phrase at the start / end of t: enum task_prio or -1. */
int nlu_prio_at(struct tx *t, bool strict);
int nlu_prio_end(struct tx *t, bool strict);
/* Date phrase ending exactly at t->e (earliest start wins); eats it. */
bool nlu_date_end(struct tx *t, const struct date_now *now, char out[DATE_MAX]);
/* Date phrase covering the whole span. */
bool nlu_date_all(const struct tx *t, const struct date_now *now, char out[DATE_MAX]);
/* Removes #tags anywhere in t's edges (start/end), adding them to a. */
void nlu_take_tags(struct tx *t, struct nlu_action *a);
/* Parses a reference list ("task 3", "2 and 6", "the second one", "it",
 * "the report") into a; false when it holds nothing usable. */
bool nlu_refs(struct tx t, struct nlu_action *a);
/* "back a week", "by 2 days" at the end of t: eats it, sets days (negative
 * when earlier). */
bool nlu_shift_end(struct tx *t, int *days);
/* "I called mom": a past tense naming a task; fills a (NLU_COMPLETE). */
bool nlu_past_done(struct tx t, struct nlu_action *a);
/* List filters from a clause (nlu_list.c); search: a query is expected. */
void nlu_parse_list(struct tx t, struct nlu_action *a, bool search);
/* True when the clause talks about the task list ("due", "pending"...). */
bool nlu_list_cue(const struct tx *t);
/* True when the clause is only question words and a due window ("what's on
 * for tomorrow?", "anything today?"), so it asks for that list. */
bool nlu_list_when(const struct tx *t);

/* ---- shared between nlu_intent.c and nlu_change.c ---- */

/* What a clause-initial verb means. */
enum verb {
	V_NONE = 0, V_ADD, V_ADDT, V_ADDN, V_PUT, V_DONE, V_OFF, V_MARK, V_DEL, V_CLEAR, V_REOPEN,
	V_MOVE, V_SET, V_RENAME, V_PRIO_UP, V_PRIO_DOWN, V_TAG, V_UNTAG, V_LIST, V_SEARCH,
	V_QUESTION, V_TAKE,
};

/* Task attributes named in "the due date of ...". */
enum nlu_attr { A_NONE = 0, A_TITLE, A_DUE, A_PRIO, A_DESC, A_TAGS };
extern const struct lx_ent nlu_attrs[];
extern const int nlu_nattrs;
void nlu_ask(struct nlu_action *a, const char *q);
void nlu_eat_tail(struct tx *t);
void nlu_eat_lead(struct tx *t);      /* politeness and discourse words */
void nlu_parse_verbless(struct tx t, const struct date_now *now, struct nlu_action *a);
char *nlu_make_title(struct tx t, struct nlu_action *a, bool keep_tags);
bool nlu_quoted_head(const struct tx *t, struct tx *in, struct tx *rest);
int nlu_ref_head(const struct tx *t);
void nlu_set_refs(struct tx r, struct nlu_action *a, const char *question);
unsigned nlu_take_values(struct tx *t, const struct date_now *now, struct nlu_action *a, int *state);
void nlu_parse_done(struct tx t, struct nlu_action *a);
void nlu_parse_change(int verb, struct tx t, const struct date_now *now, struct nlu_action *a);
void nlu_parse_mark(struct tx t, const struct date_now *now, struct nlu_action *a);
void nlu_parse_delete(int verb, struct tx t, const struct date_now *now, struct nlu_action *a);
void nlu_parse_tag(int verb, struct tx t, struct nlu_action *a);
/* "the work tag from R" (add: "the work tag to R"): one named tag. */
bool nlu_named_tag(struct tx t, struct nlu_action *a, bool add);

#endif
