/* SPDX-License-Identifier: MIT */
/* Runs todo subcommands typed in the REPL without the word `todo`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "repl.h"
#include "util.h"
#include "words.h"

/* Takes "--json" out of argv (before a "--") like main does; returns the
 * new argc. */
static int pull_json(int argc, char **argv, bool *json)
{
	int w = 1;
	bool stop = false;
	for (int i = 1; i < argc; i++) {
		if (!stop && strcmp(argv[i], "--") == 0)
			stop = true;
		if (!stop && strcmp(argv[i], "--json") == 0) {
			*json = true;
			free(argv[i]);
			continue;
		}
		argv[w++] = argv[i];
	}
	argv[w] = NULL;
	return w;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

int repl_exec(struct repl *r, const struct command *cmd, int argc, char **argv, bool quiet_usage)
{
	struct cli *c = r->c;
	if (wants_help(argc, argv)) {
		cli_help(cmd);
		return CMD_OK;
	}
	bool json = c->json, color = c->color;
	argc = pull_json(argc, argv, &c->json);
	if (c->json)
		c->color = false;
	date_now_get(&c->now);   /* the REPL may have been open since yesterday */

	/* Subcommands print their errors straight to stderr; to let a line
	 * like "show my tasks" go to the agent instead of failing with a usage
	 * error, stderr is parked in a temporary file while the command runs. */
	FILE *err = NULL;
	int saved = -1;
	fflush(stdout);
	fflush(stderr);
	if (quiet_usage && (err = tmpfile()) != NULL) {
		saved = dup(STDERR_FILENO);
		if (saved < 0 || dup2(fileno(err), STDERR_FILENO) < 0) {
			if (saved >= 0)
				close(saved);
			saved = -1;
			fclose(err);
			err = NULL;
		}
	}
	cli_getopt_reset();
	int rc = cmd->exec(c, argc, argv);
	fflush(stdout);
	fflush(stderr);
	if (err) {
		dup2(saved, STDERR_FILENO);
		close(saved);
		if (rc != CMD_USAGE) {
			char chunk[4096];
			size_t n;
			rewind(err);
			while ((n = fread(chunk, 1, sizeof chunk, err)) > 0)
				fwrite(chunk, 1, n, stderr);
			fflush(stderr);
		}
		fclose(err);
	}
	c->json = json;
	c->color = color;
	return rc;
}

/* True when some word looks like an option: then the line was surely meant
 * as a command, and its usage error is worth showing. */
static bool has_option(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return true;
	return false;
}

bool repl_command(struct repl *r, const char *line)
{
	int argc;
	char **argv;
	bool closed = words_split(line, &argc, &argv);
	const struct command *cmd = argc ? command_find(argv[0]) : NULL;
	bool handled = true;
	if (!cmd || !closed) {
		/* Not a command, or prose with an apostrophe ("add Mike's gift"):
		 * the agent reads it as a sentence. */
		handled = false;
	} else if (strcmp(cmd->name, "add") == 0 && !has_option(argc, argv)) {
		/* Any words make a valid title, so "add call mom tomorrow" or
		 * "add a task to pay bills #home" would become odd titles; the
		 * agent reads dates, priorities and tags out of them instead.
		 * An option (or "--") asks for the subcommand. */
		handled = false;
	} else if (strcmp(cmd->name, "chat") == 0) {
		printf("You are in a chat already; /new starts a new conversation.\n");
	} else {
		bool option = has_option(argc, argv);
		int rc = repl_exec(r, cmd, argc, argv, !option);
		handled = !(rc == CMD_USAGE && !option);
	}
	words_free(argv);
	return handled;
}
