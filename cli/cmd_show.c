/* SPDX-License-Identifier: MIT */
/* `todo show ID`: one task in full. */
#include <stdio.h>
#include "cli.h"

extern const struct command cmd_show;

static int run(struct cli *c, int argc, char **argv)
{
	int64_t id;
	struct task t;
	struct todo_err e;
	if (argc != 2)
		return cli_usage(&cmd_show, argc < 2 ? "which task? give its id" : "show takes one id");
	if (!cli_parse_id(&cmd_show, argv[1], &id))
		return CMD_USAGE;
	if (store_task_get(c->store, c->user, id, &t, &e) != TODO_OK)
		return cli_fail(&e);
	if (c->json)
		out_json(task_to_json(&t));
	else
		out_task_detail(c, &t);
	task_release(&t);
	return CMD_OK;
}

const struct command cmd_show = {
	"show", NULL, "ID", "show one task in full", CMD_NEEDS_STORE, run,
};
