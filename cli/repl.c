/* SPDX-License-Identifier: MIT */
/* The chat REPL: readline editing and history, slash commands. */
#include <readline/history.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chat.h"
#include "paths.h"
#include "util.h"

int chat_repl(struct cli *c, int64_t conv)
{
	printf("todo %s - tell me what to do (\"add call mom tomorrow\"), /help for help, Ctrl-D to quit.\n",
	       TODO_VERSION);
	printf("agent: %s, database: %s\n", c->agent, c->db_path);
	char *hist = path_state("history");
	read_history(hist);
	char *line;
	while ((line = readline("todo> ")) != NULL) {
		char *msg = str_trim_dup(line);
		free(line);
		if (!*msg) {
			free(msg);
			continue;
		}
		add_history(msg);
		if (strcmp(msg, "/quit") == 0 || strcmp(msg, "/exit") == 0) {
			free(msg);
			break;
		}
		if (strcmp(msg, "/new") == 0) {
			conv = 0;
			printf("Started a new conversation.\n");
		} else {
			chat_send(c, &conv, msg, false);
		}
		free(msg);
	}
	write_history(hist);
	free(hist);
	return CMD_OK;
}
