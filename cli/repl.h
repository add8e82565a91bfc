/* SPDX-License-Identifier: MIT */
/* What the pieces of the chat REPL (loop, slash commands, subcommands,
 * completion, history) share. Internal to cli/repl*.c. */
#ifndef TODO_REPL_H
#define TODO_REPL_H
#include <stdbool.h>
#include <stdint.h>
#include "cli.h"

#define REPL_HISTORY_MAX 1000

struct repl {
	struct cli *c;            /* borrowed; c->agent may be replaced by /agent */
	int64_t conv;             /* current conversation, 0 before the first message */
	char *history_path;       /* owned */
	bool quit;
};

/* A slash command: /name ARGS. Lines are the raw text after the name. */
struct repl_slash {
	const char *name;         /* with the slash */
	const char *args;         /* for /help, "" when none */
	const char *help;
	void (*run)(struct repl *r, int argc, char **argv);   /* argv[0] = name */
};
extern const struct repl_slash repl_slashes[];   /* ends with a NULL name */

/* Runs a line that starts with '/'. */
void repl_slash_run(struct repl *r, const char *line);
/* Runs line as a todo subcommand when its first word names one and it
 * parses; returns false when the line should go to the agent instead. */
bool repl_command(struct repl *r, const char *line);
/* Runs cmd with argv (argv[0] its name; getopt may reorder argv) and
 * returns its exit status. With quiet_usage a usage error prints nothing,
 * so the caller can hand the line to the agent instead. */
int repl_exec(struct repl *r, const struct command *cmd, int argc, char **argv, bool quiet_usage);
/* Sends a message to the agent, printing the reply as it arrives; Ctrl-C
 * cancels it (repl.c). */
void repl_send(struct repl *r, const char *msg);

/* Tab completion over slash commands, subcommands, options, task ids and
 * title words of r's user (repl_complete.c). */
void repl_complete_init(struct repl *r);
void repl_complete_release(void);   /* frees what the last completion kept */

/* Persistent history in path_state("history"), capped at REPL_HISTORY_MAX
 * lines (repl_history.c). Failures are silent: history is a convenience. */
void repl_history_open(struct repl *r);
void repl_history_add(struct repl *r, const char *line);
void repl_history_close(struct repl *r);

/* True when the "openai" agent has an endpoint or key configured. */
bool repl_openai_configured(void);
/* Colour code when r's terminal wants colour, else "". */
const char *repl_color(struct repl *r, const char *code);

#define RC_RESET "\033[0m"
#define RC_BOLD "\033[1m"
#define RC_DIM "\033[2m"
#define RC_RED "\033[31m"
#define RC_GREEN "\033[32m"
#define RC_CYAN "\033[36m"

#endif
