/* SPDX-License-Identifier: MIT */
/* Reply text for the local agent: confirmations built from tool results,
 * readable task lists, questions when a reference is unclear, and help. */
#include <stdio.h>
#include <string.h>
#include "nlu_ref.h"
#include "util.h"

#define LIST_CAP 50

void nlu_reply_help(struct buf *b)
{
	buf_puts(b,
		 "I'm your todo assistant. I can add, list, complete, change and delete tasks. "
		 "Try for example:\n"
		 "  add buy milk tomorrow at 5pm #errands\n"
		 "  what's due this week?\n"
		 "  mark task 3 as done\n"
		 "  move the report to friday\n"
		 "  make it high priority\n"
		 "  delete the second one\n"
		 "  clear completed");
}

/* Small talk gets a short line, not the whole help text: thanks, okays,
 * greetings and goodbyes, matched on the message's first words. */
void nlu_reply_chat(struct buf *b, const char *msg)
{
	static const struct {
		const char *ph;
		int kind;
	} talk[] = {
		{"thanks", 0}, {"thank you", 0}, {"thx", 0}, {"ty", 0}, {"cheers", 0}, {"thank u", 0},
		{"much appreciated", 0}, {"appreciate it", 0}, {"great", 1}, {"cool", 1}, {"ok", 1},
		{"okay", 1}, {"k", 1}, {"nice", 1}, {"perfect", 1}, {"awesome", 1}, {"sounds good", 1},
		{"got it", 1}, {"lol", 1}, {"haha", 1}, {"you're awesome", 0}, {"good job", 0},
		{"well done", 0}, {"alright", 1}, {"all right", 1}, {"sure", 1}, {"fine", 1},
		{"hi", 2}, {"hello", 2}, {"hey", 2}, {"good morning", 2}, {"good afternoon", 2},
		{"good evening", 2}, {"hiya", 2}, {"yo", 2}, {"howdy", 2}, {"bye", 3}, {"goodbye", 3},
		{"good night", 3}, {"goodnight", 3}, {"see you", 3}, {"see ya", 3}, {"later", 3},
		{"that's all", 3}, {"thats all", 3}, {"never mind", 4}, {"nevermind", 4},
		{"forget it", 4}, {"nothing", 4}, {"no", 4}, {"nope", 4}, {"hmm", 1}, {"ah", 1},
	};
	static const char *const line[] = {
		"You're welcome! Anything else I can do for your tasks?",
		"Okay! Tell me whenever you need something.",
		"Hi! ",
		"Bye! Your tasks are saved.",
		"Okay, nothing changed.",
	};
	char l[64];
	size_t n = 0;
	for (; msg && msg[n] && n < sizeof l - 1; n++)
		l[n] = (char)(msg[n] >= 'A' && msg[n] <= 'Z' ? msg[n] + 32 : msg[n]);
	l[n] = '\0';
	const char *p = l;
	while (*p == ' ' || *p == '\t')
		p++;
	int kind = -1;
	size_t best = 0;
	for (size_t i = 0; i < sizeof talk / sizeof talk[0]; i++) {
		size_t k = strlen(talk[i].ph);
		char after = p[k];
		bool word_end = !((after >= 'a' && after <= 'z') || (after >= '0' && after <= '9') ||
				  after == '\'');
		if (k > best && strncmp(p, talk[i].ph, k) == 0 && word_end)
			kind = talk[i].kind, best = k;
	}
	/* "thanks, that's all" thanks; a long message is more than small talk */
	if (kind < 0 || (msg && strlen(msg) > 48)) {
		nlu_reply_help(b);
		return;
	}
	if (kind == 1 && strstr(p, "thank"))
		kind = 0;
	buf_puts(b, line[kind]);
	/* a greeting is a good moment to show what works */
	if (kind == 2)
		nlu_reply_help(b);
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void tags_text(struct buf *b, const cJSON *tags)
{
	const cJSON *t;
	bool first = true;
	cJSON_ArrayForEach(t, tags) {
		if (cJSON_IsString(t)) {
			buf_printf(b, "%s#%s", first ? "" : " ", t->valuestring);
			first = false;
		}
	}
}

void nlu_reply_call(struct buf *b, const char *tool, const cJSON *args, const cJSON *res,
		    const struct date_now *now)
{
	if (b->len)
		buf_puts(b, b->s[b->len - 1] == '\n' ? "" : "\n");
	if (tool_result_is_error(res)) {
		const char *err = str(res, "error");
		buf_printf(b, "I couldn't do that: %s.", err ? err : "unknown error");
		return;
	}
	const cJSON *idv = cJSON_GetObjectItemCaseSensitive(res, "task_id");
	long long id = cJSON_IsNumber(idv) ? (long long)idv->valuedouble : 0;
	const char *title = str(res, "title");
	char words[64];
	if (!title)
		title = "";
	if (strcmp(tool, "add_task") == 0) {
		buf_printf(b, "Added '%s' (task %lld)", title, id);
		const char *due = str(args, "due");
		if (due) {
			date_words(due, now, words, sizeof words);
			buf_printf(b, ", due %s", words);
		}
		const char *p = str(args, "priority");
		if (p && strcmp(p, "none"))
			buf_printf(b, ", %s priority", p);
		const cJSON *tags = cJSON_GetObjectItemCaseSensitive(args, "tags");
		if (cJSON_GetArraySize(tags)) {
			buf_puts(b, ", tagged ");
			tags_text(b, tags);
		}
		const char *d = str(args, "description");
		if (d)
			buf_puts(b, ", with a description");
		buf_puts(b, ".");
	} else if (strcmp(tool, "complete_task") == 0) {
		buf_printf(b, "Marked '%s' (task %lld) as done.", title, id);
	} else if (strcmp(tool, "delete_task") == 0) {
		buf_printf(b, "Deleted '%s' (task %lld).", title, id);
	} else if (strcmp(tool, "update_task") == 0) {
		const cJSON *v;
		int parts = 0;
		buf_printf(b, "Updated '%s' (task %lld): ", title, id);
		if (str(args, "title"))
			buf_printf(b, "%snew title", parts++ ? ", " : "");
		if ((v = cJSON_GetObjectItemCaseSensitive(args, "due"))) {
			if (cJSON_IsString(v)) {
				date_words(v->valuestring, now, words, sizeof words);
				buf_printf(b, "%sdue %s", parts++ ? ", " : "", words);
			} else {
				buf_printf(b, "%sno due date", parts++ ? ", " : "");
			}
		}
		const char *p = str(args, "priority");
		if (p)
			buf_printf(b, "%s%s", parts++ ? ", " : "",
				   strcmp(p, "none") ? p : "no");
		if (p)
			buf_puts(b, " priority");
		if ((v = cJSON_GetObjectItemCaseSensitive(args, "tags"))) {
			buf_printf(b, "%s", parts++ ? ", " : "");
			if (cJSON_GetArraySize(v)) {
				buf_puts(b, "tags ");
				tags_text(b, v);
			} else {
				buf_puts(b, "no tags");
			}
		}
		if (cJSON_GetObjectItemCaseSensitive(args, "description"))
			buf_printf(b, "%sdescription %s", parts++ ? ", " : "",
				   str(args, "description") && *str(args, "description") ? "set" : "cleared");
		if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(args, "completed")))
			buf_printf(b, "%sreopened (not done)", parts++ ? ", " : "");
		buf_puts(b, ".");
	}
}

void nlu_reply_list(struct buf *b, const cJSON *args, const cJSON *res, const struct date_now *now)
{
	if (b->len)
		buf_puts(b, "\n");
	if (tool_result_is_error(res)) {
		const char *err = str(res, "error");
		buf_printf(b, "I couldn't list your tasks: %s.", err ? err : "unknown error");
		return;
	}
	const char *status = str(args, "status"), *due = str(args, "due"), *tag = str(args, "tag");
	const char *prio = str(args, "priority"), *query = str(args, "query");
	struct buf what;
	buf_init(&what);
	buf_puts(&what, status ? status : "");
	if (prio)
		buf_printf(&what, "%s%s-priority", what.len ? " " : "", prio);
	if (tag)
		buf_printf(&what, "%s#%s", what.len ? " " : "", tag);
	buf_printf(&what, "%stasks", what.len ? " " : "");
	if (due)
		buf_printf(&what, " %s", strcmp(due, "week") == 0 ? "due this week" :
					 strcmp(due, "overdue") == 0 ? "that are overdue" :
					 strcmp(due, "today") == 0 ? "due today" : "due tomorrow");
	if (query)
		buf_printf(&what, " matching '%s'", query);
	int n = cJSON_GetArraySize(res);
	if (!n) {
		buf_printf(b, "You have no %s.", what.s);
		buf_free(&what);
		return;
	}
	buf_printf(b, "Your %s (%d):", what.s, n);
	buf_free(&what);
	int shown = 0;
	const cJSON *t;
	cJSON_ArrayForEach(t, res) {
		if (shown == LIST_CAP) {
			buf_printf(b, "\n...and %d more.", n - LIST_CAP);
			break;
		}
		shown++;
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(t, "id");
		bool done = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "completed"));
		const char *title = str(t, "title"), *d = str(t, "due"), *p = str(t, "priority");
		buf_printf(b, "\n%lld [%c] %s", cJSON_IsNumber(id) ? (long long)id->valuedouble : 0LL,
			   done ? 'x' : ' ', title ? title : "");
		const char *sep = " \xe2\x80\x94 ";
		if (d) {
			char words[64];
			date_words(d, now, words, sizeof words);
			buf_printf(b, "%sdue %s", sep, words);
			sep = ", ";
		}
		if (p && strcmp(p, "none")) {
			buf_printf(b, "%s%s", sep, p);
			sep = ", ";
		}
		const cJSON *tags = cJSON_GetObjectItemCaseSensitive(t, "tags");
		if (cJSON_GetArraySize(tags)) {
			buf_puts(b, sep);
			tags_text(b, tags);
		}
	}
}

void nlu_reply_found(struct buf *b, const struct nlu_found *f, const struct nlu_ref *r,
		     const struct nlu_ctx *c)
{
	switch (f->status) {
	case RES_NONE:
		buf_printf(b, "I couldn't find a task matching '%s'. Say \"show my tasks\" to see them all.",
			   r->words ? r->words : "");
		break;
	case RES_AMBIG:
		buf_printf(b, "Which one do you mean?");
		for (int i = 0; i < f->ncand; i++)
			buf_printf(b, "\n%lld [%c] %s", (long long)f->cand[i].id,
				   f->cand[i].completed ? 'x' : ' ', f->cand[i].title);
		if (f->total > f->ncand)
			buf_printf(b, "\n...and %d more.", f->total - f->ncand);
		buf_puts(b, "\nTell me the task number, e.g. \"task ");
		buf_printf(b, "%lld\".", f->ncand ? (long long)f->cand[0].id : 1LL);
		break;
	case RES_EMPTY:
		buf_puts(b, "Which task do you mean? Tell me its number (e.g. \"task 3\") or words from its title.");
		break;
	case RES_NOCTX:
		buf_puts(b, "Which task do you mean? I'm not sure what \"it\" refers to here; "
			    "tell me its number, e.g. \"task 3\".");
		break;
	case RES_NOLIST:
		buf_puts(b, "Which list do you mean? Ask me to show your tasks first "
			    "(e.g. \"show my tasks\"), then pick one by position or number.");
		break;
	case RES_RANGE:
		buf_printf(b, "The last list I showed has only %d task%s. Which one do you mean?",
			   c->nlist, c->nlist == 1 ? "" : "s");
		break;
	default:
		buf_puts(b, "Sorry, I couldn't look up your tasks just now.");
		break;
	}
}
