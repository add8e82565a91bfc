/* SPDX-License-Identifier: MIT */
/* `todo done ID...` (alias `complete`) and `todo undone ID...`. */
#include "cli.h"

extern const struct command cmd_done, cmd_undone;

static int set_done(struct cli *c, struct task *t, bool v, struct todo_err *e)
{
	t->completed = v;
	return store_task_update(c->store, t, TF_COMPLETED, e);
}

static int mark_done(struct cli *c, struct task *t, struct todo_err *e)
{
	return set_done(c, t, true, e);
}

static int mark_undone(struct cli *c, struct task *t, struct todo_err *e)
{
	return set_done(c, t, false, e);
}

static int run_done(struct cli *c, int argc, char **argv)
{
	return cli_each_task(c, &cmd_done, argc, argv, mark_done, "Completed");
}

static int run_undone(struct cli *c, int argc, char **argv)
{
	return cli_each_task(c, &cmd_undone, argc, argv, mark_undone, "Reopened");
}

const struct command cmd_done = {
	"done", "complete", "ID...", "mark tasks as done", CMD_NEEDS_STORE, run_done,
};
const struct command cmd_undone = {
	"undone", NULL, "ID...", "mark tasks as not done (reopen them)", CMD_NEEDS_STORE, run_undone,
};
