/* SPDX-License-Identifier: MIT */
/* Chat Completions request pieces: the system prompt, the stored history
 * replayed in the shape servers accept, the tool table, and the assistant
 * message that carries a reply's tool calls into the next round. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "llm.h"

/* Old tool results are context, not the point; a long list_tasks result
 * replayed forty times would crowd out the conversation. */
#define REPLAY_RESULT_MAX 4000

char *llm_system_prompt(const struct date_now *now)
{
	static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
					   "Thursday", "Friday", "Saturday"};
	char tz[64] = "local time";
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(tz, sizeof tz, "%Z (UTC%z)", &tm);
	return xasprintf(
		"You are todo, a to-do list assistant in the user's terminal. You manage the "
		"user's tasks only through the tools add_task, list_tasks, complete_task, "
		"update_task and delete_task; never claim a change you did not make with a tool.\n"
		"Now: %s %04d-%02d-%02d %02d:%02d, time zone %s.\n"
		"Due dates are local time, written YYYY-MM-DD or YYYY-MM-DDTHH:MM; turn words "
		"like 'tomorrow' or 'friday at 5pm' into that form yourself.\n"
		"Refer to tasks by their numeric id. When you do not know a task's id, call "
		"list_tasks first (with query to search titles); never guess an id. When a "
		"request could mean several tasks, ask which one.\n"
		"Answer briefly in plain text: confirm what you did with the task id and title, "
		"list tasks one per line with their ids.",
		days[now->wday >= 0 && now->wday < 7 ? now->wday : 0], now->y, now->m, now->d,
		now->hour, now->min, tz);
}

cJSON *llm_tools(void)
{
	cJSON *tools = cJSON_CreateArray();
	for (size_t i = 0; i < tool_count; i++) {
		cJSON *fn = cJSON_CreateObject();
		cJSON_AddStringToObject(fn, "name", tool_table[i].name);
		cJSON_AddStringToObject(fn, "description", tool_table[i].description);
		cJSON *schema = cJSON_Parse(tool_table[i].schema);
		cJSON_AddItemToObject(fn, "parameters", schema ? schema : cJSON_CreateObject());
		cJSON *tool = cJSON_CreateObject();
		cJSON_AddStringToObject(tool, "type", "function");
		cJSON_AddItemToObject(tool, "function", fn);
		cJSON_AddItemToArray(tools, tool);
	}
	return tools;
}

cJSON *llm_parse_args(const char *text, char *why, size_t n)
{
	const char *p = text ? text : "";
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	if (!*p)
		return cJSON_CreateObject();
	const char *end = NULL;
	cJSON *o = cJSON_ParseWithOpts(p, &end, 1);
	if (!o) {
		snprintf(why, n, "the arguments are not valid JSON: '%.60s'", p);
		return NULL;
	}
	if (cJSON_IsNull(o)) {
		cJSON_Delete(o);
		return cJSON_CreateObject();
	}
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		snprintf(why, n, "the arguments must be a JSON object");
		return NULL;
	}
	return o;
}

static cJSON *text_message(const char *role, const char *content)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", role);
	cJSON_AddStringToObject(m, "content", content ? content : "");
	return m;
}

static cJSON *call_item(const char *id, const char *name, const char *args)
{
	cJSON *fn = cJSON_CreateObject();
	cJSON_AddStringToObject(fn, "name", name);
	cJSON_AddStringToObject(fn, "arguments", args);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "id", id);
	cJSON_AddStringToObject(c, "type", "function");
	cJSON_AddItemToObject(c, "function", fn);
	return c;
}

/* Cuts s to at most max bytes on a UTF-8 character boundary. */
static char *clip(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	char *r = xasprintf("%.*s ...(cut)", (int)max, s);
	free(s);
	return r;
}

/* Replays one stored assistant message with its [{name, arguments, result}]:
 * an assistant message with tool_calls, one tool message per call with the
 * same id, then the text. Returns false (nothing added) when no call is
 * usable, so the caller falls back to text. */
static bool replay_calls(cJSON *msgs, const struct message *m)
{
	cJSON *calls = cJSON_Parse(m->tool_calls);
	cJSON *tc = cJSON_CreateArray(), *results = cJSON_CreateArray();
	const cJSON *c;
	int i = 0;
	cJSON_ArrayForEach(c, calls) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
		/* Only real tool names: a server may reject a replayed call whose
		 * name breaks its pattern, and a hallucinated one only failed. */
		if (!cJSON_IsString(name) || !tool_find(name->valuestring))
			continue;
		const cJSON *args = cJSON_GetObjectItemCaseSensitive(c, "arguments");
		char *args_text = cJSON_IsObject(args) ? cJSON_PrintUnformatted(args) : NULL;
		char id[64];
		snprintf(id, sizeof id, "call_%lld_%d", (long long)m->id, i++);
		cJSON_AddItemToArray(tc, call_item(id, name->valuestring, args_text ? args_text : "{}"));
		cJSON_free(args_text);
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(c, "result");
		char *res_text = res ? cJSON_PrintUnformatted(res) : xstrdup("{}");
		char *clipped = clip(xstrdup(res_text), REPLAY_RESULT_MAX);
		cJSON_free(res_text);
		cJSON *tm = text_message("tool", clipped);
		free(clipped);
		cJSON_AddStringToObject(tm, "tool_call_id", id);
		cJSON_AddItemToArray(results, tm);
	}
	cJSON_Delete(calls);
	if (cJSON_GetArraySize(tc) == 0) {
		cJSON_Delete(tc);
		cJSON_Delete(results);
		return false;
	}
	/* "" rather than null: older Ollama refused a null content. */
	cJSON *am = text_message("assistant", "");
	cJSON_AddItemToObject(am, "tool_calls", tc);
	cJSON_AddItemToArray(msgs, am);
	cJSON *r;
	while ((r = cJSON_DetachItemFromArray(results, 0)) != NULL)
		cJSON_AddItemToArray(msgs, r);
	cJSON_Delete(results);
	if (m->content && *m->content)
		cJSON_AddItemToArray(msgs, text_message("assistant", m->content));
	return true;
}

/* A user message right after another one (the turn between them failed):
 * many chat templates insist that roles alternate, so the two merge. */
static void add_user(cJSON *msgs, const char *text)
{
	cJSON *last = cJSON_GetArrayItem(msgs, cJSON_GetArraySize(msgs) - 1);
	const cJSON *role = cJSON_GetObjectItemCaseSensitive(last, "role");
	if (cJSON_IsString(role) && strcmp(role->valuestring, "user") == 0) {
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(last, "content");
		char *joined = xasprintf("%s\n\n%s", cJSON_IsString(old) ? old->valuestring : "", text);
		cJSON_ReplaceItemInObjectCaseSensitive(last, "content", cJSON_CreateString(joined));
		free(joined);
		return;
	}
	cJSON_AddItemToArray(msgs, text_message("user", text));
}

cJSON *llm_messages(const struct agent_turn *turn)
{
	cJSON *msgs = cJSON_CreateArray();
	char *sys = llm_system_prompt(&turn->tools->now);
	cJSON_AddItemToArray(msgs, text_message("system", sys));
	free(sys);
	size_t first = 0;
	/* The window may open on an assistant message; templates want a user first. */
	while (first < turn->nhistory && strcmp(turn->history[first].role, "user") != 0)
		first++;
	for (size_t i = first; i < turn->nhistory; i++) {
		const struct message *m = &turn->history[i];
		if (strcmp(m->role, "user") == 0) {
			add_user(msgs, m->content ? m->content : "");
		} else if (strcmp(m->role, "assistant") == 0) {
			bool recent = turn->nhistory - i <= LLM_REPLAY_CALLS;
			if (recent && m->tool_calls && replay_calls(msgs, m))
				continue;
			if (m->content && *m->content)
				cJSON_AddItemToArray(msgs, text_message("assistant", m->content));
		}
		/* Other roles are not stored by the runner; skipping them keeps
		 * any stray tool message from arriving without its call. */
	}
	add_user(msgs, turn->message ? turn->message : "");
	return msgs;
}

cJSON *llm_assistant_message(struct llm_reply *r, int round)
{
	cJSON *m = text_message("assistant", r->text.s ? r->text.s : "");
	if (!r->ncalls)
		return m;
	cJSON *tc = cJSON_CreateArray();
	for (size_t i = 0; i < r->ncalls; i++) {
		struct llm_call *c = &r->calls[i];
		if (!c->id || !*c->id) {
			free(c->id);
			c->id = xasprintf("call_r%d_%zu", round, i);
		}
		if (!c->name)
			c->name = xstrdup("unknown_tool");
		/* Re-printed from the parsed object, so a malformed fragment
		 * cannot make the server reject the whole next request. */
		char why[8];
		cJSON *args = llm_parse_args(c->args.s, why, sizeof why);
		char *text = args ? cJSON_PrintUnformatted(args) : NULL;
		cJSON_AddItemToArray(tc, call_item(c->id, c->name, text ? text : "{}"));
		cJSON_free(text);
		cJSON_Delete(args);
	}
	cJSON_AddItemToObject(m, "tool_calls", tc);
	return m;
}
