/* SPDX-License-Identifier: MIT */
/* The REPL's slash commands: /help /list /new /history /agent /quit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "repl.h"
#include "util.h"
#include "words.h"

static void slash_help(struct repl *r, int argc, char **argv)
{
	printf("Talk in plain words (\"add call mom tomorrow\", \"what's due this week?\"), or type a\n"
	       "todo subcommand without the word todo (\"add Buy milk --due fri\", \"done 3\",\n"
	       "\"list --status pending\"; quote words with '...' or \"...\").\n\n");
	for (const struct repl_slash *s = repl_slashes; s->name; s++) {
		char left[40];
		snprintf(left, sizeof left, "%s%s%s", s->name, *s->args ? " " : "", s->args);
		printf("  %s%-22s%s %s\n", repl_color(r, RC_CYAN), left, repl_color(r, RC_RESET), s->help);
	}
	printf("\nSubcommands:");
	const char *sep = " ";
	for (size_t i = 0; commands[i]; i++) {
		if (strcmp(commands[i]->name, "chat") == 0)
			continue;
		printf("%s%s", sep, commands[i]->name);
		if (commands[i]->alias)
			printf(" (%s)", commands[i]->alias);
		sep = ", ";
	}
	printf(" - `CMD --help` shows one.\n");
	printf("Keys: Tab completes commands, options, task ids and title words; Up/Down and\n"
	       "Ctrl-R search the history (kept in %s); Ctrl-C clears the line or\n"
	       "cancels a request; Ctrl-D leaves.\n",
	       r->history_path ? r->history_path : "the state folder");
}

struct list_state {
	struct cli *c;
	size_t n, done;
};

static int list_row(const struct task *t, void *ctx)
{
	struct list_state *ls = ctx;
	out_task_line(ls->c, t, 0);
	ls->n++;
	ls->done += t->completed;
	return 0;
}

static void slash_list(struct repl *r, int argc, char **argv)
{
	struct cli *c = r->c;
	/* With options it is exactly `list …`; bare, a table with a summary. */
	if (argc > 1) {
		free(argv[0]);
		argv[0] = xstrdup("list");
		repl_exec(r, command_find("list"), argc, argv, false);
		return;
	}
	struct task_filter f;
	struct todo_err e;
	task_filter_init(&f);
	date_now_get(&c->now);
	struct list_state ls = {c, 0, 0};
	if (store_task_list(c->store, c->user, &f, list_row, &ls, &e) != TODO_OK) {
		cli_fail(&e);
		return;
	}
	if (ls.n == 0)
		printf("No tasks yet; add one with: add Call mom --due tomorrow\n");
	else
		printf("%s%zu task%s, %zu done%s\n", repl_color(r, RC_DIM), ls.n, ls.n == 1 ? "" : "s", ls.done,
		       repl_color(r, RC_RESET));
}

static void slash_new(struct repl *r, int argc, char **argv)
{
	r->conv = 0;
	printf("Started a new conversation.\n");
}

struct hist_state {
	struct repl *r;
	size_t n;
};

/* The names of the tools a stored assistant message ran, "a, b". */
static void print_tools(const char *calls_json)
{
	cJSON *a = calls_json ? cJSON_Parse(calls_json) : NULL;
	int n = cJSON_GetArraySize(a);
	if (n > 0) {
		printf(" [ran");
		for (int i = 0; i < n; i++) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(a, i), "name");
			printf("%s %s", i ? "," : "", cJSON_IsString(name) ? name->valuestring : "?");
		}
		printf("]");
	}
	cJSON_Delete(a);
}

static int hist_row(const struct message *m, void *ctx)
{
	struct hist_state *hs = ctx;
	struct repl *r = hs->r;
	bool user = strcmp(m->role, "user") == 0;
	printf("%s%s%s %s", repl_color(r, user ? RC_BOLD : RC_CYAN), user ? "you: " : "todo:",
	       repl_color(r, RC_RESET), m->content ? m->content : "");
	if (!user) {
		printf("%s", repl_color(r, RC_DIM));
		print_tools(m->tool_calls);
		printf("%s", repl_color(r, RC_RESET));
	}
	putchar('\n');
	hs->n++;
	return 0;
}

static void slash_history(struct repl *r, int argc, char **argv)
{
	struct hist_state hs = {r, 0};
	struct todo_err e;
	if (r->conv &&
	    store_msg_list(r->c->store, r->c->user, r->conv, 0, hist_row, &hs, &e) != TODO_OK) {
		cli_fail(&e);
		return;
	}
	if (hs.n == 0)
		printf("No messages in this conversation yet.\n");
	else
		printf("%s(conversation %lld, %zu messages)%s\n", repl_color(r, RC_DIM), (long long)r->conv,
		       hs.n, repl_color(r, RC_RESET));
}

static void slash_agent(struct repl *r, int argc, char **argv)
{
	struct cli *c = r->c;
	if (argc < 2) {
		printf("agent: %s (switch with /agent local or /agent openai)\n", c->agent);
		return;
	}
	const char *want = argv[1];
	if (strcmp(want, "local") != 0 && strcmp(want, "openai") != 0) {
		fprintf(stderr, "todo: unknown agent '%s' (use local or openai)\n", want);
		return;
	}
	if (strcmp(want, "openai") == 0 && !repl_openai_configured()) {
		printf("The openai agent is not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for\n"
		       "another endpoint such as Ollama, e.g. http://localhost:11434/v1; TODO_MODEL picks\n"
		       "the model), then start todo again. Still using the %s agent.\n", c->agent);
		return;
	}
	free(c->agent);
	c->agent = xstrdup(want);
	printf("Now using the %s agent.\n", c->agent);
}

static void slash_quit(struct repl *r, int argc, char **argv)
{
	r->quit = true;
}

const struct repl_slash repl_slashes[] = {
	{"/help", "", "this help", slash_help},
	{"/list", "[OPTIONS]", "the task table (options as for list)", slash_list},
	{"/new", "", "start a new conversation", slash_new},
	{"/history", "", "this conversation's messages", slash_history},
	{"/agent", "[local|openai]", "show or switch the agent", slash_agent},
	{"/quit", "", "leave (also /exit or Ctrl-D)", slash_quit},
	{"/exit", "", "the same as /quit", slash_quit},
	{NULL, NULL, NULL, NULL},
};

void repl_slash_run(struct repl *r, const char *line)
{
	int argc;
	char **argv;
	words_split(line, &argc, &argv);
	const struct repl_slash *s = repl_slashes;
	while (s->name && (argc == 0 || strcmp(s->name, argv[0]) != 0))
		s++;
	if (s->name)
		s->run(r, argc, argv);
	else
		fprintf(stderr, "todo: unknown command '%s'; /help lists them\n", argc ? argv[0] : line);
	words_free(argv);
}
