/* SPDX-License-Identifier: MIT */
/* `todo list` (alias `ls`): tasks with filters, streamed from the store so
 * a huge list costs no memory. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "tools.h"
#include "util.h"

extern const struct command cmd_list;

struct list_state {
	struct cli *c;
	size_t n;
};

static int print_row(const struct task *t, void *ctx)
{
	struct list_state *ls = ctx;
	if (ls->c->json) {
		cJSON *j = task_to_json(t);
		char *s = cJSON_PrintUnformatted(j);
		fputs(ls->n ? "," : "", stdout);
		fputs(s, stdout);
		cJSON_free(s);
		cJSON_Delete(j);
	} else {
		out_task_line(ls->c, t, 0);
	}
	ls->n++;
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"status", required_argument, NULL, 's'},
		{"due", required_argument, NULL, 'd'},
		{"tag", required_argument, NULL, 't'},
		{"priority", required_argument, NULL, 'p'},
		{"search", required_argument, NULL, 'q'},
		{"sort", required_argument, NULL, 'S'},
		{"all", no_argument, NULL, 'a'},
		{"pending", no_argument, NULL, 'P'},
		{"done", no_argument, NULL, 'C'},
		{0, 0, 0, 0},
	};
	struct task_filter f;
	char min[DATE_MAX], lim[DATE_MAX], od[DATE_MAX];
	struct todo_err e;
	int opt;
	task_filter_init(&f);
	while ((opt = getopt_long(argc, argv, "s:d:t:p:q:S:", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (str_ieq(optarg, "all"))
				f.status = STATUS_ALL;
			else if (str_ieq(optarg, "pending"))
				f.status = STATUS_PENDING;
			else if (str_ieq(optarg, "completed") || str_ieq(optarg, "done"))
				f.status = STATUS_COMPLETED;
			else
				return cli_usage(&cmd_list, "unknown status '%s' (use all, pending or completed)", optarg);
			break;
		case 'a': f.status = STATUS_ALL; break;
		case 'P': f.status = STATUS_PENDING; break;
		case 'C': f.status = STATUS_COMPLETED; break;
		case 'd':
			if (!tool_due_window(optarg, &c->now, min, lim, od))
				return cli_usage(&cmd_list, "unknown --due '%s' (use overdue, today, tomorrow or week)", optarg);
			f.due_min = min[0] ? min : NULL;
			f.due_lim = lim[0] ? lim : NULL;
			f.overdue_at = od[0] ? od : NULL;
			break;
		case 't':
			f.tag = optarg[0] == '#' ? optarg + 1 : optarg;
			break;
		case 'p':
			if (prio_parse(optarg, &f.priority, &e) != TODO_OK)
				return cli_usage(&cmd_list, "%s", e.msg);
			break;
		case 'q':
			f.query = optarg;
			break;
		case 'S':
			if (str_ieq(optarg, "id"))
				f.sort = SORT_ID;
			else if (str_ieq(optarg, "due"))
				f.sort = SORT_DUE;
			else if (str_ieq(optarg, "priority"))
				f.sort = SORT_PRIORITY;
			else if (str_ieq(optarg, "newest") || str_ieq(optarg, "created"))
				f.sort = SORT_NEWEST;
			else
				return cli_usage(&cmd_list, "unknown --sort '%s' (use id, due, priority or newest)", optarg);
			break;
		default:
			return cli_usage(&cmd_list, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_list, "unexpected argument '%s' (search with --search)", argv[optind]);
	struct list_state ls = {c, 0};
	if (c->json)
		fputs("[", stdout);
	if (store_task_list(c->store, c->user, &f, print_row, &ls, &e) != TODO_OK) {
		if (c->json)
			fputs("]\n", stdout);
		return cli_fail(&e);
	}
	if (c->json)
		fputs("]\n", stdout);
	else if (ls.n == 0 && c->tty)
		printf("No tasks%s.\n", f.status || f.due_min || f.overdue_at || f.tag || f.query ||
					       f.priority >= 0 ? " match" : " yet; add one with: todo add Call mom --due tomorrow");
	return CMD_OK;
}

const struct command cmd_list = {
	"list", "ls",
	"[--status all|pending|completed] [--due overdue|today|tomorrow|week] [--tag T] [--priority P] [--search Q] [--sort id|due|priority|newest]",
	"list tasks (all by default)", CMD_NEEDS_STORE, run,
};
