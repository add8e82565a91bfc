/* SPDX-License-Identifier: MIT */
/* The local backend: nlu_parse understands the message, references are
 * resolved against the store and the conversation, then the actions run
 * through agent_tool(). Nothing changes unless every reference resolves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agent.h"
#include "nlu.h"
#include "nlu_ref.h"

/* The ids each action works on; -1 stands for "the task the previous action
 * of this message created", known only once it ran. */
struct plan {
	int64_t ids[NLU_MAX_REFS];
	int n;
};

static int prefer_for(const struct nlu_action *a)
{
	if (a->intent == NLU_UPDATE && (a->set & SET_REOPEN))
		return PREFER_COMPLETED;
	if (a->intent == NLU_COMPLETE || a->intent == NLU_UPDATE)
		return PREFER_PENDING;
	return PREFER_ANY;
}

static bool needs_refs(int intent)
{
	return intent == NLU_COMPLETE || intent == NLU_DELETE || intent == NLU_UPDATE;
}

/* Resolves every reference of every action; on the first failure writes the
 * question into reply and returns false. */
static bool plan_all(struct agent_turn *turn, struct nlu_ctx *ctx, struct nlu_result *res,
		     struct plan *plans)
{
	for (int i = 0; i < res->nact; i++) {
		struct nlu_action *a = &res->act[i];
		struct plan *p = &plans[i];
		p->n = 0;
		if (a->intent == NLU_ASK) {
			buf_puts(&turn->reply, a->ask);
			return false;
		}
		if (!needs_refs(a->intent))
			continue;
		if (!a->nrefs) {
			buf_puts(&turn->reply, "Which task do you mean? Tell me its number, e.g. \"task 3\".");
			return false;
		}
		for (int k = 0; k < a->nrefs; k++) {
			const struct nlu_ref *r = &a->refs[k];
			/* "... and make it urgent": it is what this message just named */
			if (r->kind == REF_PRONOUN && i > 0) {
				const struct nlu_action *prev = &res->act[i - 1];
				if (prev->intent == NLU_ADD) {
					p->ids[p->n++] = -1;
					continue;
				}
				if (plans[i - 1].n) {
					p->ids[p->n++] = plans[i - 1].ids[plans[i - 1].n - 1];
					continue;
				}
			}
			struct nlu_found f;
			memset(&f, 0, sizeof f);
			if (nlu_resolve(ctx, r, prefer_for(a), &f) != RES_OK) {
				nlu_reply_found(&turn->reply, &f, r, ctx);
				return false;
			}
			for (int j = 0; j < f.nids && p->n < NLU_MAX_REFS; j++)
				p->ids[p->n++] = f.ids[j];
		}
	}
	return true;
}

static int64_t result_id(const cJSON *res)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(res, "task_id");
	return cJSON_IsNumber(v) && !tool_result_is_error(res) ? (int64_t)v->valuedouble : 0;
}

static cJSON *tags_json(char tags[][TAG_MAX + 1], int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(tags[i]));
	return a;
}

static void run_add(struct agent_turn *turn, const struct nlu_action *a, int64_t *created)
{
	cJSON *args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "title", a->title);
	if (a->desc)
		cJSON_AddStringToObject(args, "description", a->desc);
	if (a->due[0])
		cJSON_AddStringToObject(args, "due", a->due);
	if (a->prio > 0)
		cJSON_AddStringToObject(args, "priority", prio_name(a->prio));
	if (a->ntags)
		cJSON_AddItemToObject(args, "tags", tags_json((char (*)[TAG_MAX + 1])a->tags, a->ntags));
	const cJSON *res = agent_tool(turn, "add_task", args);
	*created = result_id(res);
	nlu_reply_call(&turn->reply, "add_task", args, res, &turn->tools->now);
}

static int one_cb(const struct task *t, void *ctx)
{
	(void)t;
	*(bool *)ctx = true;
	return 1;
}

/* Whether any task carries the tag, or (query) holds the word: one indexed
 * lookup that stops at the first. */
static bool any_task(struct agent_turn *turn, const char *tag, const char *query)
{
	struct task_filter f;
	struct todo_err e;
	bool found = false;
	task_filter_init(&f);
	f.tag = tag;
	f.query = query;
	f.limit = 1;
	store_task_list(turn->tools->store, turn->tools->user, &f, one_cb, &found, &e);
	return found;
}

static void run_list(struct agent_turn *turn, const struct nlu_action *a)
{
	cJSON *args = cJSON_CreateObject();
	if (a->status == STATUS_PENDING)
		cJSON_AddStringToObject(args, "status", "pending");
	else if (a->status == STATUS_COMPLETED)
		cJSON_AddStringToObject(args, "status", "completed");
	if (a->list_due[0])
		cJSON_AddStringToObject(args, "due", a->list_due);
	/* "my dentist tasks" with no such tag: tasks about the dentist, if
	 * any; "my personal tasks" with neither: all of them */
	bool tag = a->list_tag[0] && (!a->tag_guess || any_task(turn, a->list_tag, NULL));
	if (tag)
		cJSON_AddStringToObject(args, "tag", a->list_tag);
	else if (a->list_tag[0] && !a->query && any_task(turn, NULL, a->list_tag))
		cJSON_AddStringToObject(args, "query", a->list_tag);
	if (a->prio > 0)
		cJSON_AddStringToObject(args, "priority", prio_name(a->prio));
	if (a->query)
		cJSON_AddStringToObject(args, "query", a->query);
	const cJSON *res = agent_tool(turn, "list_tasks", args);
	nlu_reply_list(&turn->reply, args, res, &turn->tools->now);
}

/* The new tag list: the task's tags plus (or minus) the named ones. */
static cJSON *new_tags(struct agent_turn *turn, int64_t id, const struct nlu_action *a)
{
	struct task t;
	struct todo_err e;
	cJSON *arr = cJSON_CreateArray();
	if (store_task_get(turn->tools->store, turn->tools->user, id, &t, &e) != TODO_OK) {
		/* the tool reports the missing task; pass the named tags on */
		if (a->set & SET_TAGS_ADD)
			for (int i = 0; i < a->ntags; i++)
				cJSON_AddItemToArray(arr, cJSON_CreateString(a->tags[i]));
		return arr;
	}
	for (size_t i = 0; i < t.ntags; i++) {
		bool drop = false;
		if (a->set & SET_TAGS_DEL) {
			drop = a->ntags == 0;   /* "remove the tags": all of them */
			for (int k = 0; k < a->ntags; k++)
				if (strcmp(a->tags[k], t.tags[i]) == 0)
					drop = true;
		}
		if (!drop)
			cJSON_AddItemToArray(arr, cJSON_CreateString(t.tags[i]));
	}
	if (a->set & SET_TAGS_ADD)
		for (int k = 0; k < a->ntags; k++)
			if (!task_has_tag(&t, a->tags[k]))
				cJSON_AddItemToArray(arr, cJSON_CreateString(a->tags[k]));
	task_release(&t);
	return arr;
}

static int64_t run_one(struct agent_turn *turn, const struct nlu_action *a, int64_t id)
{
	const char *tool = a->intent == NLU_COMPLETE ? "complete_task"
			 : a->intent == NLU_DELETE ? "delete_task" : "update_task";
	cJSON *args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "task_id", (double)id);
	if (a->intent == NLU_UPDATE) {
		if ((a->set & SET_TITLE) && a->title)
			cJSON_AddStringToObject(args, "title", a->title);
		if (a->set & SET_DESC)
			cJSON_AddStringToObject(args, "description", a->desc ? a->desc : "");
		if (a->set & SET_SHIFT) {
			/* from the task's due date (its time kept), or from today */
			struct task t;
			struct todo_err e;
			char due[DATE_MAX + 8] = "";
			const struct date_now *now = &turn->tools->now;
			if (store_task_get(turn->tools->store, turn->tools->user, id, &t, &e) == TODO_OK) {
				int base = t.due ? date_days_until(t.due, now) : 0;
				date_add_days(now, base + a->shift, due);
				if (t.due && strlen(t.due) > 10)
					snprintf(due + 10, sizeof due - 10, "%s", t.due + 10);
				task_release(&t);
				cJSON_AddStringToObject(args, "due", due);
			}
		}
		char timed[DATE_MAX + 8];
		if ((a->set & SET_TIME) && strlen(a->due) > 10) {
			/* the task's own day at the new time */
			struct task t;
			struct todo_err e;
			if (store_task_get(turn->tools->store, turn->tools->user, id, &t, &e) == TODO_OK) {
				if (t.due && strlen(t.due) >= 10) {
					snprintf(timed, sizeof timed, "%.10s%s", t.due, a->due + 10);
					cJSON_AddStringToObject(args, "due", timed);
				}
				task_release(&t);
			}
		}
		if ((a->set & SET_DUE) && !cJSON_GetObjectItemCaseSensitive(args, "due")) {
			if (a->due[0])
				cJSON_AddStringToObject(args, "due", a->due);
			else
				cJSON_AddNullToObject(args, "due");
		}
		if (a->set & SET_PRIO)
			cJSON_AddStringToObject(args, "priority", prio_name(a->prio > 0 ? a->prio : PRIO_NONE));
		if (a->set & (SET_TAGS_ADD | SET_TAGS_DEL))
			cJSON_AddItemToObject(args, "tags", new_tags(turn, id, a));
		if (a->set & SET_REOPEN)
			cJSON_AddFalseToObject(args, "completed");
	}
	const cJSON *res = agent_tool(turn, tool, args);
	nlu_reply_call(&turn->reply, tool, args, res, &turn->tools->now);
	return result_id(res);
}

struct idlist {
	int64_t *ids;
	size_t n, cap;
};

static int collect_cb(const struct task *t, void *ctx)
{
	struct idlist *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
	}
	l->ids[l->n++] = t->id;
	return 0;
}

static void run_clear(struct agent_turn *turn, const struct nlu_action *a)
{
	struct task_filter f;
	struct todo_err e;
	struct idlist l = {0};
	task_filter_init(&f);
	f.status = STATUS_COMPLETED;
	if (store_task_list(turn->tools->store, turn->tools->user, &f, collect_cb, &l, &e) != TODO_OK) {
		buf_printf(&turn->reply, "I couldn't look up your completed tasks: %s.", e.msg);
		free(l.ids);
		return;
	}
	if (!l.n)
		buf_puts(&turn->reply, "You have no completed tasks, so there is nothing to clear.");
	size_t ok = 0;
	for (size_t i = 0; i < l.n; i++) {
		cJSON *args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "task_id", (double)l.ids[i]);
		if (result_id(agent_tool(turn, "delete_task", args)))
			ok++;
	}
	if (l.n)
		buf_printf(&turn->reply, "Cleared %zu completed task%s.", ok, ok == 1 ? "" : "s");
	free(l.ids);
	(void)a;
}

/* The user message the last reply answered, when that reply asked which
 * task ("Which one do you mean?") and changed nothing; else NULL. */
static const char *asked_about(const struct agent_turn *turn)
{
	size_t i = turn->nhistory;
	if (!i)
		return NULL;
	const struct message *m = &turn->history[i - 1];
	if (!m->role || strcmp(m->role, "assistant") != 0 || !m->content ||
	    strncmp(m->content, "Which", 5) != 0 || (m->tool_calls && strcmp(m->tool_calls, "[]") != 0))
		return NULL;
	while (i-- > 0) {
		const struct message *u = &turn->history[i];
		if (u->role && strcmp(u->role, "user") == 0)
			return u->content;
	}
	return NULL;
}

/* "delete the report" -> "Which one?" -> "the second": the earlier request
 * with its first unresolved reference replaced by the answer. Re-parsing the
 * earlier message keeps the conversation store free of pending state. */
static bool follow_up(struct agent_turn *turn, struct nlu_ctx *ctx, struct nlu_result *res)
{
	const char *prev = asked_about(turn);
	struct nlu_ref ans;
	if (!prev || !nlu_parse_answer(turn->message, &ans))
		return false;
	/* "task 1" alone reads as a listing otherwise; title words only answer
	 * when the message meant nothing else */
	if (ans.kind == REF_WORDS && (res->nact != 1 || res->act[0].intent != NLU_HELP)) {
		free(ans.words);
		return false;
	}
	struct nlu_found f;
	memset(&f, 0, sizeof f);
	int st = nlu_resolve(ctx, &ans, PREFER_ANY, &f);
	free(ans.words);
	if (st != RES_OK || f.nids != 1)
		return false;
	struct nlu_result old;
	nlu_parse(prev, &turn->tools->now, &old);
	for (int i = 0; i < old.nact; i++) {
		struct nlu_action *a = &old.act[i];
		if (!needs_refs(a->intent))
			continue;
		for (int k = 0; k < a->nrefs; k++) {
			struct nlu_found g;
			memset(&g, 0, sizeof g);
			if (nlu_resolve(ctx, &a->refs[k], prefer_for(a), &g) == RES_OK)
				continue;
			free(a->refs[k].words);
			a->refs[k] = (struct nlu_ref){.kind = REF_ID, .id = f.ids[0]};
			nlu_result_free(res);
			*res = old;
			return true;
		}
	}
	nlu_result_free(&old);
	return false;
}

/* "add call the vet" -> "and buy dog food": right after an add, a clause
 * that starts with "and" / "also" / "plus" and means nothing else is one
 * more task. */
static void more_adds(struct agent_turn *turn, struct nlu_result *res)
{
	if (res->nact != 1 || res->act[0].intent != NLU_HELP || !turn->nhistory)
		return;
	const struct message *m = &turn->history[turn->nhistory - 1];
	if (!m->role || strcmp(m->role, "assistant") != 0 || !m->tool_calls ||
	    !strstr(m->tool_calls, "\"add_task\""))
		return;
	const char *p = turn->message;
	while (*p == ' ')
		p++;
	static const char *const lead[] = {"and ", "And ", "also ", "Also ", "plus ", "Plus "};
	size_t k = 0;
	for (size_t i = 0; i < sizeof lead / sizeof lead[0] && !k; i++)
		if (strncmp(p, lead[i], strlen(lead[i])) == 0)
			k = strlen(lead[i]);
	if (!k)
		return;
	char *msg = xmalloc(strlen(p) + 8);
	snprintf(msg, strlen(p) + 8, "add %s", p + k);
	struct nlu_result more;
	nlu_parse(msg, &turn->tools->now, &more);
	free(msg);
	if (more.nact == 1 && more.act[0].intent == NLU_ADD) {
		nlu_result_free(res);
		*res = more;
	} else {
		nlu_result_free(&more);
	}
}

int agent_local_run(struct agent_turn *turn, struct todo_err *e)
{
	struct nlu_result res;
	struct nlu_ctx ctx;
	struct plan plans[NLU_MAX_ACTIONS];
	nlu_parse(turn->message, &turn->tools->now, &res);
	nlu_ctx_init(&ctx, turn);
	if (!follow_up(turn, &ctx, &res))
		more_adds(turn, &res);
	memset(plans, 0, sizeof plans);
	if (!plan_all(turn, &ctx, &res, plans))
		goto done;
	int64_t created = 0, last = 0;
	for (int i = 0; i < res.nact; i++) {
		const struct nlu_action *a = &res.act[i];
		if (turn->cancel && *turn->cancel)
			break;
		switch (a->intent) {
		case NLU_ADD:
			run_add(turn, a, &created);
			last = created;
			break;
		case NLU_LIST:
			run_list(turn, a);
			break;
		case NLU_CLEAR_COMPLETED:
			run_clear(turn, a);
			break;
		case NLU_COMPLETE:
		case NLU_DELETE:
		case NLU_UPDATE:
			for (int k = 0; k < plans[i].n; k++) {
				int64_t id = plans[i].ids[k] == -1 ? created : plans[i].ids[k];
				if (id <= 0)
					continue;
				last = run_one(turn, a, id);
			}
			break;
		default:
			if (res.nact == 1)
				nlu_reply_chat(&turn->reply, turn->message);
			break;
		}
	}
	(void)last;
done:
	if (!turn->reply.len)
		nlu_reply_help(&turn->reply);
	nlu_ctx_free(&ctx);
	nlu_result_free(&res);
	return TODO_OK;
}
