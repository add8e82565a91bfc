/* SPDX-License-Identifier: MIT */
/* The table of subcommands: `todo --help`, dispatch and the man page's
 * synopsis all come from these rows. Exact names and aliases only. */
#include <string.h>
#include "cli.h"

extern const struct command cmd_add, cmd_list, cmd_show, cmd_done, cmd_undone, cmd_edit,
	cmd_rm, cmd_export, cmd_import, cmd_chat, cmd_mcp, cmd_login, cmd_sync;

const struct command *const commands[] = {
	&cmd_add, &cmd_list, &cmd_show, &cmd_done, &cmd_undone, &cmd_edit, &cmd_rm,
	&cmd_export, &cmd_import, &cmd_chat, &cmd_login, &cmd_sync, &cmd_mcp, NULL,
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; commands[i]; i++) {
		const struct command *c = commands[i];
		if (strcmp(c->name, name) == 0 || (c->alias && strcmp(c->alias, name) == 0))
			return c;
	}
	return NULL;
}
