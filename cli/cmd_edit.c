/* SPDX-License-Identifier: MIT */
/* `todo edit ID [--title T] [--desc D] [--due WHEN|none] [--priority P|none]
 * [--tag T]... [--untag T]...` */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include "util.h"

extern const struct command cmd_edit;

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"title", required_argument, NULL, 'T'},
		{"desc", required_argument, NULL, 'D'},
		{"description", required_argument, NULL, 'D'},
		{"due", required_argument, NULL, 'd'},
		{"priority", required_argument, NULL, 'p'},
		{"tag", required_argument, NULL, 't'},
		{"untag", required_argument, NULL, 'u'},
		{0, 0, 0, 0},
	};
	/* Options are checked before the task is read, so a bad flag never
	 * depends on the database. */
	char *title = NULL, *desc = NULL, *due = NULL;
	bool set_due = false, set_prio = false;
	int prio = PRIO_NONE;
	char **add = xcalloc((size_t)argc, sizeof *add), **del = xcalloc((size_t)argc, sizeof *del);
	int nadd = 0, ndel = 0, opt, rc = CMD_USAGE;
	struct todo_err e;
	struct task t;
	task_init(&t);
	while ((opt = getopt_long(argc, argv, "T:D:d:p:t:u:", opts, NULL)) != -1) {
		char buf[DATE_MAX], *tag;
		switch (opt) {
		case 'T':
			free(title);
			title = NULL;
			if (task_check_title(optarg, &title, &e) != TODO_OK) {
				cli_usage(&cmd_edit, "%s", e.msg);
				goto out;
			}
			break;
		case 'D':
			free(desc);
			desc = NULL;
			if (task_check_desc(optarg, &desc, &e) != TODO_OK) {
				cli_usage(&cmd_edit, "%s", e.msg);
				goto out;
			}
			break;
		case 'd':
			set_due = true;
			free(due);
			due = NULL;
			if (str_ieq(optarg, "none") || !*optarg)
				break;
			if (date_parse(optarg, &c->now, buf, &e) != TODO_OK) {
				cli_usage(&cmd_edit, "%s", e.msg);
				goto out;
			}
			due = xstrdup(buf);
			break;
		case 'p':
			set_prio = true;
			if (prio_parse(optarg, &prio, &e) != TODO_OK) {
				cli_usage(&cmd_edit, "%s", e.msg);
				goto out;
			}
			break;
		case 't':
		case 'u':
			if (task_check_tag(optarg, &tag, &e) != TODO_OK) {
				cli_usage(&cmd_edit, "%s", e.msg);
				goto out;
			}
			if (opt == 't')
				add[nadd++] = tag;
			else
				del[ndel++] = tag;
			break;
		default:
			cli_usage(&cmd_edit, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind != argc - 1) {
		cli_usage(&cmd_edit, optind >= argc ? "which task? give its id" : "edit takes one id");
		goto out;
	}
	int64_t id;
	if (!cli_parse_id(&cmd_edit, argv[optind], &id))
		goto out;
	if (!title && !desc && !set_due && !set_prio && !nadd && !ndel) {
		cli_usage(&cmd_edit, "nothing to change: give --title, --desc, --due, --priority, --tag or --untag");
		goto out;
	}
	if (store_task_get(c->store, c->user, id, &t, &e) != TODO_OK) {
		rc = cli_fail(&e);
		goto out;
	}
	unsigned fields = 0;
	if (title) {
		free(t.title);
		t.title = title;
		title = NULL;
		fields |= TF_TITLE;
	}
	if (desc) {
		free(t.description);
		t.description = desc;
		desc = NULL;
		fields |= TF_DESC;
	}
	if (set_due) {
		free(t.due);
		t.due = due;
		due = NULL;
		fields |= TF_DUE;
	}
	if (set_prio) {
		t.priority = prio;
		fields |= TF_PRIO;
	}
	for (int i = 0; i < nadd; i++)
		task_add_tag(&t, add[i]);
	for (int i = 0; i < ndel; i++)
		task_remove_tag(&t, del[i]);
	if (nadd || ndel)
		fields |= TF_TAGS;
	if (store_task_update(c->store, &t, fields, &e) != TODO_OK) {
		rc = cli_fail(&e);
		goto out;
	}
	if (c->json)
		out_json(task_to_json(&t));
	else
		printf("Updated task %lld: %s\n", (long long)t.id, t.title);
	rc = CMD_OK;
out:
	for (int i = 0; i < nadd; i++)
		free(add[i]);
	for (int i = 0; i < ndel; i++)
		free(del[i]);
	free(add);
	free(del);
	free(title);
	free(desc);
	free(due);
	task_release(&t);
	return rc;
}

const struct command cmd_edit = {
	"edit", NULL,
	"ID [--title T] [--desc D] [--due WHEN|none] [--priority P|none] [--tag T]... [--untag T]...",
	"change a task", CMD_NEEDS_STORE, run,
};
