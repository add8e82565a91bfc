/* SPDX-License-Identifier: MIT */
/* `todo rm ID...` (alias `delete`). */
#include "cli.h"

extern const struct command cmd_rm;

static int remove_task(struct cli *c, struct task *t, struct todo_err *e)
{
	return store_task_delete(c->store, c->user, t->id, e);
}

static int run(struct cli *c, int argc, char **argv)
{
	return cli_each_task(c, &cmd_rm, argc, argv, remove_task, "Deleted");
}

const struct command cmd_rm = {
	"rm", "delete", "ID...", "delete tasks", CMD_NEEDS_STORE, run,
};
