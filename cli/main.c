/* SPDX-License-Identifier: MIT */
/* `todo` entry point: global options, the subcommand dispatch, the store
 * opened for commands that need it, and the exit status. */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "paths.h"
#include "util.h"

static void print_help(void)
{
	printf("todo %s - a todo assistant for the terminal\n\n", TODO_VERSION);
	printf("usage: todo [--db PATH] [--json] [--user ID] [--agent local|openai] COMMAND [ARGS]\n");
	printf("       todo                 chat with the assistant (same as `todo chat`)\n\n");
	printf("commands:\n");
	for (size_t i = 0; commands[i]; i++) {
		const struct command *c = commands[i];
		char name[40];
		if (c->alias)
			snprintf(name, sizeof name, "%s, %s", c->name, c->alias);
		else
			snprintf(name, sizeof name, "%s", c->name);
		printf("  %-16s %s\n", name, c->summary);
	}
	printf("\nglobal options:\n"
	       "  --db PATH        database file (default $TODO_DB, else $XDG_DATA_HOME/todo/todo.db)\n"
	       "  --json           machine-readable output\n"
	       "  --user ID        whose tasks (default \"local\")\n"
	       "  --agent NAME     local (built in, offline) or openai (OPENAI_BASE_URL, TODO_MODEL)\n"
	       "  -h, --help       this help; `todo COMMAND --help` for one command\n"
	       "  --version        print the version\n"
	       "\nDates (--due): today, tomorrow, fri, next week, in 3 days, end of month,\n"
	       "March 15, 2026-03-15, with an optional time: \"fri at 5pm\".\n"
	       "Exit status: 0 ok, 1 failure (e.g. no such task), 2 usage error.\n");
}

/* `--json` is accepted after the subcommand too (before a `--`), since
 * people type it at the end; it is taken out of argv here. */
static int pull_json_flag(int argc, char **argv, bool *json)
{
	int w = 1;
	bool stop = false;
	for (int r = 1; r < argc; r++) {
		if (!stop && strcmp(argv[r], "--") == 0)
			stop = true;
		if (!stop && strcmp(argv[r], "--json") == 0) {
			*json = true;
			continue;
		}
		argv[w++] = argv[r];
	}
	argv[w] = NULL;
	return w;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"user", required_argument, NULL, 'u'},
		{"agent", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0, 0, 0, 0},
	};
	const char *db = NULL, *agent = NULL;
	c.user = "local";
	/* Column widths of titles need a UTF-8 locale; the C locale would turn
	 * every non-ASCII character into '?'. */
	if (!setlocale(LC_CTYPE, "") || MB_CUR_MAX == 1)
		setlocale(LC_CTYPE, "C.UTF-8");
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': db = optarg; break;
		case 'j': c.json = true; break;
		case 'u': c.user = optarg; break;
		case 'a': agent = optarg; break;
		case 'h': print_help(); return CMD_OK;
		case 'V': printf("todo %s\n", TODO_VERSION); return CMD_OK;
		default:
			cli_error("unknown option '%s'; try 'todo --help'", argv[optind - 1]);
			return CMD_USAGE;
		}
	}
	if (!*c.user || strlen(c.user) > 120) {
		cli_error("--user needs a name of 1 to 120 characters");
		return CMD_USAGE;
	}
	c.db_path = db ? xstrdup(db) : path_default_db();
	c.agent = agent ? xstrdup(agent) : config_get("TODO_AGENT", "agent");
	if (!c.agent)
		c.agent = xstrdup("local");
	if (strcmp(c.agent, "local") != 0 && strcmp(c.agent, "openai") != 0) {
		cli_error("unknown agent '%s' (use local or openai)", c.agent);
		free(c.db_path);
		free(c.agent);
		return CMD_USAGE;
	}
	c.tty = isatty(STDOUT_FILENO);
	const char *nc = getenv("NO_COLOR");
	c.color = c.tty && !(nc && *nc) && !c.json;
	date_now_get(&c.now);

	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	char *chat_argv[] = {"chat", NULL};
	if (sub_argc == 0) {
		sub_argc = 1;
		sub_argv = chat_argv;
	}
	const struct command *cmd = command_find(sub_argv[0]);
	int rc;
	if (!cmd) {
		cli_error("unknown command '%s'; try 'todo --help'", sub_argv[0]);
		rc = CMD_USAGE;
		goto out;
	}
	sub_argc = pull_json_flag(sub_argc, sub_argv, &c.json);
	if (c.json)
		c.color = false;
	for (int i = 1; i < sub_argc && strcmp(sub_argv[i], "--") != 0; i++) {
		if (strcmp(sub_argv[i], "--help") == 0 || strcmp(sub_argv[i], "-h") == 0) {
			cli_help(cmd);
			rc = CMD_OK;
			goto out;
		}
	}
	if (cmd->flags & CMD_NEEDS_STORE) {
		struct todo_err e;
		if (store_sqlite_open(c.db_path, &c.store, &e) != TODO_OK) {
			rc = cli_fail(&e);
			goto out;
		}
	}
	cli_getopt_reset();
	rc = cmd->exec(&c, sub_argc, sub_argv);
out:
	store_close(c.store);
	free(c.db_path);
	free(c.agent);
	fflush(stdout);
	if (ferror(stdout) && rc == CMD_OK) {
		cli_error("could not write the output");
		rc = CMD_FAIL;
	}
	return rc;
}
