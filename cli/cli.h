/* SPDX-License-Identifier: MIT */
/* Shared state of the `todo` program and the subcommand table entry. */
#ifndef TODO_CLI_H
#define TODO_CLI_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "date.h"
#include "store.h"

/* Exit statuses of every subcommand. */
enum { CMD_OK = 0, CMD_FAIL = 1, CMD_USAGE = 2 };

struct cli {
	char *db_path;           /* owned */
	const char *user;        /* borrowed from argv or a literal */
	char *agent;             /* owned: "local" or "openai" */
	bool json;
	bool color;              /* stdout is a terminal and NO_COLOR unset */
	bool tty;                /* stdout is a terminal */
	struct store *store;     /* opened by main for commands that need it */
	struct date_now now;
};

enum { CMD_NEEDS_STORE = 1 };

struct command {
	const char *name;
	const char *alias;       /* or NULL */
	const char *usage;       /* after "todo NAME " */
	const char *summary;
	int flags;
	int (*exec)(struct cli *c, int argc, char **argv);   /* argv[0] = name */
};

extern const struct command *const commands[];
const struct command *command_find(const char *name);

/* "todo: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Error, then the command's usage line; returns CMD_USAGE. */
int cli_usage(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "usage: todo NAME USAGE" and the summary to stdout (for --help). */
void cli_help(const struct command *cmd);
/* Maps a core error to an exit status after printing it. */
int cli_fail(const struct todo_err *e);
/* Parses a task id argument; prints a usage error when it is not one. */
bool cli_parse_id(const struct command *cmd, const char *s, int64_t *id);
/* Applies fn to every task named in argv[1..] inside one transaction: all
 * ids are checked first, and any failure rolls everything back. Prints the
 * tasks (JSON: one object for one id, an array for several) or
 * "<verb> task N: title" lines. */
typedef int (*task_apply_fn)(struct cli *c, struct task *t, struct todo_err *e);
int cli_each_task(struct cli *c, const struct command *cmd, int argc, char **argv,
		  task_apply_fn fn, const char *verb);
/* Resets getopt for a subcommand's own options. */
void cli_getopt_reset(void);

/* Output helpers (out.c). */
void out_json(cJSON *j);                       /* prints and frees j */
void out_task_line(struct cli *c, const struct task *t, int title_width);
void out_task_detail(struct cli *c, const struct task *t);
const char *out_color(struct cli *c, const char *code);   /* "" without colour */

#endif
