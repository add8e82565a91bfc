/* SPDX-License-Identifier: MIT */
/* Tab completion in the REPL: slash commands, subcommands and their
 * options (read from the command table's usage lines), task ids with their
 * titles shown, tags and title words, all read from the store. */
#include <ctype.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "repl.h"
#include "util.h"
#include "words.h"

#define MAX_MATCHES 200
#define SHOW_MAX 40       /* id lines listed at most */

static struct repl *cur;

/* Candidates collected for one completion; readline gets a copy. */
struct cands {
	char **v;
	size_t n, cap;
};

static bool has_cand(const struct cands *cs, const char *s)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i], s) == 0)
			return true;
	return false;
}

static void add_cand(struct cands *cs, const char *s, size_t len)
{
	if (cs->n >= MAX_MATCHES)
		return;
	char *d = xstrndup(s, len);
	if (has_cand(cs, d)) {
		free(d);
		return;
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->v = xrealloc(cs->v, cs->cap * sizeof *cs->v);
	}
	cs->v[cs->n++] = d;
}

static void add_if_prefix(struct cands *cs, const char *s, const char *text)
{
	if (strncmp(s, text, strlen(text)) == 0)
		add_cand(cs, s, strlen(s));
}

static void free_cands(struct cands *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->v[i]);
	free(cs->v);
}

/* Hands the candidates to readline: [0] the longest common prefix (what
 * Tab inserts), then the candidates, NULL-terminated; NULL for none. When
 * the candidates do not all start with text (ids found by title words),
 * the prefix is text itself, so Tab keeps what was typed and a second Tab
 * lists them. */
static char **to_matches(struct cands *cs, const char *text)
{
	if (cs->n == 0) {
		free_cands(cs);
		return NULL;
	}
	char **m = xmalloc((cs->n + 2) * sizeof *m);
	if (cs->n == 1) {
		m[0] = cs->v[0];
		m[1] = NULL;
		free(cs->v);
		return m;
	}
	size_t lcd = strlen(cs->v[0]);
	for (size_t i = 1; i < cs->n; i++) {
		size_t k = 0;
		while (k < lcd && cs->v[i][k] == cs->v[0][k])
			k++;
		lcd = k;
	}
	m[0] = lcd >= strlen(text) ? xstrndup(cs->v[0], lcd) : xstrdup(text);
	for (size_t i = 0; i < cs->n; i++)
		m[i + 1] = cs->v[i];
	m[cs->n + 1] = NULL;
	free(cs->v);
	return m;
}

/* ---- tasks from the store ---- */

/* Titles of the ids offered by the last id completion, for the display. */
static struct cands shown_titles, shown_ids;

static void forget_shown(void)
{
	free_cands(&shown_titles);
	free_cands(&shown_ids);
	memset(&shown_titles, 0, sizeof shown_titles);
	memset(&shown_ids, 0, sizeof shown_ids);
}

/* Case-insensitive: does some word of title start with text? */
static bool title_word_prefix(const char *title, const char *text)
{
	size_t n = strlen(text);
	for (const char *p = title; *p;) {
		while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
			p++;
		if (!*p)
			break;
		if (strncasecmp(p, text, n) == 0)
			return true;
		while (*p && (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80)))
			p++;
	}
	return false;
}

struct id_walk {
	struct cands *out;
	const char *text;     /* digits (maybe after '#'), or title words */
	bool numeric;
};

static int id_row(const struct task *t, void *ctx)
{
	struct id_walk *w = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	bool hit = w->numeric ? strncmp(id, w->text, strlen(w->text)) == 0
			      : title_word_prefix(t->title, w->text);
	if (hit && w->out->n < MAX_MATCHES) {
		add_cand(w->out, id, strlen(id));
		add_cand(&shown_ids, id, strlen(id));
		/* not add_cand: two tasks may share a title */
		if (shown_titles.n == shown_titles.cap) {
			shown_titles.cap = shown_titles.cap ? shown_titles.cap * 2 : 16;
			shown_titles.v = xrealloc(shown_titles.v, shown_titles.cap * sizeof *shown_titles.v);
		}
		shown_titles.v[shown_titles.n++] = xstrdup(t->title);
	}
	return 0;
}

/* Ids of tasks (pending ones for `done`, done ones for `undone`) whose id
 * starts with text, or whose title has a word starting with it. */
static void complete_ids(struct cands *cs, const char *cmd, const char *text)
{
	struct task_filter f;
	task_filter_init(&f);
	if (strcmp(cmd, "done") == 0)
		f.status = STATUS_PENDING;
	else if (strcmp(cmd, "undone") == 0)
		f.status = STATUS_COMPLETED;
	const char *t = text[0] == '#' ? text + 1 : text;
	bool numeric = true;
	for (const char *p = t; *p; p++)
		numeric &= isdigit((unsigned char)*p) != 0;
	struct id_walk w = {cs, t, numeric};
	forget_shown();
	store_task_list(cur->c->store, cur->c->user, &f, id_row, &w, NULL);
}

struct word_walk {
	struct cands *out;
	const char *text;
	bool tags;            /* tags instead of title words */
};

static int word_row(const struct task *t, void *ctx)
{
	struct word_walk *w = ctx;
	size_t n = strlen(w->text);
	if (w->tags) {
		for (size_t i = 0; i < t->ntags; i++)
			if (strncmp(t->tags[i], w->text, n) == 0)
				add_cand(w->out, t->tags[i], strlen(t->tags[i]));
		return 0;
	}
	for (const char *p = t->title; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		size_t len = (size_t)(p - s);
		/* "milk," completes as "milk" */
		while (len > 1 && strchr(",.;:!?)\"'", s[len - 1]))
			len--;
		if (len >= n && len > 0 && strncasecmp(s, w->text, n) == 0)
			add_cand(w->out, s, len);
	}
	return 0;
}

static void complete_words(struct cands *cs, const char *text, bool tags)
{
	struct task_filter f;
	task_filter_init(&f);
	struct word_walk w = {cs, text[0] == '#' && tags ? text + 1 : text, tags};
	store_task_list(cur->c->store, cur->c->user, &f, word_row, &w, NULL);
}

/* ---- options from usage lines ---- */

/* "--name" tokens of a usage line, plus --help and --json. */
static void complete_options(struct cands *cs, const char *usage, const char *text)
{
	for (const char *p = usage; (p = strstr(p, "--")) != NULL;) {
		const char *s = p;
		p += 2;
		while (*p == '-' || isalnum((unsigned char)*p))
			p++;
		if (p - s > 2 && strncmp(s, text, strlen(text)) == 0)
			add_cand(cs, s, (size_t)(p - s));
	}
	add_if_prefix(cs, "--help", text);
	add_if_prefix(cs, "--json", text);
}

/* Values of an option: the lower-case alternatives after it in the usage
 * line ("--status all|pending|completed"), priorities, or known tags.
 * Returns false when the option takes no value (or is not known). */
static bool complete_value(struct cands *cs, const char *usage, const char *opt, const char *text)
{
	if (strcmp(opt, "--priority") == 0) {
		static const char *const p[] = {"high", "medium", "low", "none", NULL};
		for (size_t i = 0; p[i]; i++)
			add_if_prefix(cs, p[i], text);
		return true;
	}
	if (strcmp(opt, "--tag") == 0 || strcmp(opt, "--untag") == 0) {
		complete_words(cs, text, true);
		return true;
	}
	size_t ol = strlen(opt);
	for (const char *p = usage; (p = strstr(p, opt)) != NULL; p += ol) {
		if (p[ol] != ' ')
			continue;
		const char *v = p + ol + 1;
		if (*v == '[' || *v == '-')
			return false;      /* a flag without a value */
		while (*v && *v != ']' && *v != ' ') {
			const char *s = v;
			while (*v && *v != '|' && *v != ']' && *v != ' ')
				v++;
			bool lower = v > s;
			for (const char *q = s; q < v; q++)
				lower &= islower((unsigned char)*q) != 0;
			if (lower && strncmp(s, text, strlen(text)) == 0)
				add_cand(cs, s, (size_t)(v - s));
			if (*v == '|')
				v++;
		}
		return true;
	}
	return false;
}

/* ---- readline hooks ---- */

/* Id candidates are shown with their titles ("3  Buy milk"). */
static void show_ids(char **matches, int n, int max)
{
	(void)max;
	rl_crlf();
	for (int i = 1; i <= n; i++) {
		if (i > SHOW_MAX) {
			fprintf(rl_outstream, "  … and %d more; type more of the id or title", n - SHOW_MAX);
			rl_crlf();
			break;
		}
		const char *title = "";
		for (size_t k = 0; k < shown_titles.n && k < shown_ids.n; k++)
			if (strcmp(shown_ids.v[k], matches[i]) == 0)
				title = shown_titles.v[k];
		fprintf(rl_outstream, "%6s  %s", matches[i], title);
		rl_crlf();
	}
	rl_forced_update_display();
}

static bool takes_ids(const struct command *cmd, int nargs)
{
	/* "ID..." takes ids anywhere, "ID …" (edit, show) only first. */
	if (strncmp(cmd->usage, "ID...", 5) == 0)
		return true;
	return strncmp(cmd->usage, "ID", 2) == 0 && nargs == 1;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	struct cands cs = {0};
	int argc;
	char **argv;
	char *before = xstrndup(rl_line_buffer, (size_t)start);
	words_split(before, &argc, &argv);
	free(before);
	/* '#' breaks words for readline ("#wo<Tab>" completes "wo"), so a bare
	 * "#" before the cursor is part of the word being completed. */
	if (argc > 0 && strcmp(argv[argc - 1], "#") == 0) {
		free(argv[--argc]);
		argv[argc] = NULL;
	}
	rl_attempted_completion_over = 1;   /* never fall back to file names */
	rl_completion_display_matches_hook = NULL;
	rl_sort_completion_matches = 1;

	if (argc == 0 && text[0] == '/') {
		for (const struct repl_slash *s = repl_slashes; s->name; s++)
			add_if_prefix(&cs, s->name, text);
	} else if (argc == 0) {
		for (size_t i = 0; commands[i]; i++) {
			if (strcmp(commands[i]->name, "chat") == 0)
				continue;
			add_if_prefix(&cs, commands[i]->name, text);
			if (commands[i]->alias)
				add_if_prefix(&cs, commands[i]->alias, text);
		}
		if (cs.n == 0 && *text)
			complete_words(&cs, text, false);
	} else if (argv[0][0] == '/') {
		if (strcmp(argv[0], "/agent") == 0 && argc == 1) {
			add_if_prefix(&cs, "local", text);
			add_if_prefix(&cs, "openai", text);
		} else if (strcmp(argv[0], "/list") == 0) {
			const char *u = command_find("list")->usage;
			if (text[0] == '-')
				complete_options(&cs, u, text);
			else
				complete_value(&cs, u, argv[argc - 1], text);
		}
	} else {
		const struct command *cmd = command_find(argv[0]);
		if (!cmd) {
			complete_words(&cs, text, false);        /* a sentence */
		} else if (text[0] == '-') {
			complete_options(&cs, cmd->usage, text);
		} else if (argv[argc - 1][0] == '-' &&
			   complete_value(&cs, cmd->usage, argv[argc - 1], text)) {
			/* done: the option's value */
		} else if (takes_ids(cmd, argc)) {
			complete_ids(&cs, cmd->name, text);
			/* Ids sort as numbers, in the store's order, not as text. */
			rl_sort_completion_matches = 0;
			rl_completion_display_matches_hook = show_ids;
		} else if (strcmp(cmd->name, "add") == 0 || strcmp(cmd->name, "edit") == 0) {
			complete_words(&cs, text, false);
		}
	}
	words_free(argv);
	return to_matches(&cs, text);
}

void repl_complete_init(struct repl *r)
{
	cur = r;
	rl_attempted_completion_function = complete;
	/* '#' and quotes end a word for completion, so "#wo<Tab>" and
	 * "'Buy mi<Tab>" complete like the bare word. */
	rl_completer_word_break_characters = " \t\n\"'#";
}

void repl_complete_release(void)
{
	forget_shown();
}
