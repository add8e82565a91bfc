/* SPDX-License-Identifier: MIT */
/* `todo export [--format json|todotxt]`: every task, streamed to stdout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include "convert.h"
#include "util.h"

extern const struct command cmd_export;

struct export_state {
	bool json;
	size_t n;
};

static int emit(const struct task *t, void *ctx)
{
	struct export_state *st = ctx;
	if (st->json) {
		cJSON *j = task_to_json(t);
		char *s = cJSON_PrintUnformatted(j);
		printf("%s%s\n", st->n ? "," : "", s);
		cJSON_free(s);
		cJSON_Delete(j);
	} else {
		char *line = todotxt_format(t);
		puts(line);
		free(line);
	}
	st->n++;
	return 0;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{0, 0, 0, 0},
	};
	struct export_state st = {true, 0};
	int opt;
	while ((opt = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		if (opt != 'f')
			return cli_usage(&cmd_export, "unknown option '%s'", argv[optind - 1]);
		if (str_ieq(optarg, "json"))
			st.json = true;
		else if (str_ieq(optarg, "todotxt") || str_ieq(optarg, "todo.txt"))
			st.json = false;
		else
			return cli_usage(&cmd_export, "unknown format '%s' (use json or todotxt)", optarg);
	}
	if (optind < argc)
		return cli_usage(&cmd_export, "unexpected argument '%s'", argv[optind]);
	struct task_filter f;
	struct todo_err e;
	task_filter_init(&f);
	if (st.json)
		fputs("[\n", stdout);
	int r = store_task_list(c->store, c->user, &f, emit, &st, &e);
	if (st.json)
		fputs("]\n", stdout);
	return r == TODO_OK ? CMD_OK : cli_fail(&e);
}

const struct command cmd_export = {
	"export", NULL, "[--format json|todotxt]",
	"write every task to stdout (JSON by default)", CMD_NEEDS_STORE, run,
};
