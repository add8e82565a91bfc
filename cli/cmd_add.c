/* SPDX-License-Identifier: MIT */
/* `todo add TITLE... [--desc D] [--due WHEN] [--priority P] [--tag T]...` */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "util.h"

extern const struct command cmd_add;

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"desc", required_argument, NULL, 'D'},
		{"description", required_argument, NULL, 'D'},
		{"due", required_argument, NULL, 'd'},
		{"priority", required_argument, NULL, 'p'},
		{"tag", required_argument, NULL, 't'},
		{0, 0, 0, 0},
	};
	struct task t;
	struct todo_err e;
	struct buf title;
	int opt, rc = CMD_USAGE;
	task_init(&t);
	buf_init(&title);
	while ((opt = getopt_long(argc, argv, "D:d:p:t:", opts, NULL)) != -1) {
		char *tag, due[DATE_MAX];
		switch (opt) {
		case 'D':
			free(t.description);
			t.description = NULL;
			if (task_check_desc(optarg, &t.description, &e) != TODO_OK) {
				rc = cli_usage(&cmd_add, "%s", e.msg);
				goto out;
			}
			break;
		case 'd':
			if (str_ieq(optarg, "none")) {
				free(t.due);
				t.due = NULL;
				break;
			}
			if (date_parse(optarg, &c->now, due, &e) != TODO_OK) {
				rc = cli_usage(&cmd_add, "%s", e.msg);
				goto out;
			}
			free(t.due);
			t.due = xstrdup(due);
			break;
		case 'p':
			if (prio_parse(optarg, &t.priority, &e) != TODO_OK) {
				rc = cli_usage(&cmd_add, "%s", e.msg);
				goto out;
			}
			break;
		case 't':
			if (task_check_tag(optarg, &tag, &e) != TODO_OK) {
				rc = cli_usage(&cmd_add, "%s", e.msg);
				goto out;
			}
			task_add_tag(&t, tag);
			free(tag);
			break;
		default:
			rc = cli_usage(&cmd_add, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind >= argc) {
		rc = cli_usage(&cmd_add, "a task needs a title");
		goto out;
	}
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			buf_puts(&title, " ");
		buf_puts(&title, argv[i]);
	}
	if (task_check_title(title.s, &t.title, &e) != TODO_OK) {
		rc = cli_usage(&cmd_add, "%s", e.msg);
		goto out;
	}
	t.user_id = xstrdup(c->user);
	if (store_task_add(c->store, &t, &e) != TODO_OK) {
		rc = cli_fail(&e);
		goto out;
	}
	if (c->json) {
		out_json(task_to_json(&t));
	} else {
		char when[64] = "";
		if (t.due)
			date_words(t.due, &c->now, when, sizeof when);
		printf("Added task %lld: %s%s%s\n", (long long)t.id, t.title, t.due ? ", due " : "", when);
	}
	rc = CMD_OK;
out:
	buf_free(&title);
	task_release(&t);
	return rc;
}

const struct command cmd_add = {
	"add", NULL, "TITLE... [--desc D] [--due WHEN] [--priority P] [--tag T]...",
	"add a task", CMD_NEEDS_STORE, run,
};
