/* SPDX-License-Identifier: MIT */
/* Error reporting, usage lines and id parsing shared by the subcommands. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "util.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("todo: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	fprintf(stderr, "usage: todo %s %s\n", cmd->name, cmd->usage);
	return CMD_USAGE;
}

void cli_help(const struct command *cmd)
{
	printf("usage: todo %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
	if (cmd->alias)
		printf("alias: %s\n", cmd->alias);
}

int cli_fail(const struct todo_err *e)
{
	cli_error("%s", e->msg[0] ? e->msg : "something went wrong");
	return e->code == TODO_EINVAL ? CMD_USAGE : CMD_FAIL;
}

bool cli_parse_id(const struct command *cmd, const char *s, int64_t *id)
{
	if (str_to_id(s, id))
		return true;
	cli_usage(cmd, "'%s' is not a task id (ids are whole numbers from 1)", s);
	return false;
}

void cli_getopt_reset(void)
{
	optind = 0;   /* 0 makes glibc re-initialise, permuting again */
	opterr = 0;
}
