/* SPDX-License-Identifier: MIT */
/* Running one change over several task ids, all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "util.h"

int cli_each_task(struct cli *c, const struct command *cmd, int argc, char **argv,
		  task_apply_fn fn, const char *verb)
{
	struct todo_err e;
	if (argc < 2)
		return cli_usage(cmd, "which task? give one or more ids");
	int n = argc - 1;
	int64_t *ids = xcalloc((size_t)n, sizeof *ids);
	for (int i = 0; i < n; i++) {
		if (argv[i + 1][0] == '-') {
			free(ids);
			return cli_usage(cmd, "'%s' is not a task id (ids are whole numbers from 1)", argv[i + 1]);
		}
		if (!cli_parse_id(cmd, argv[i + 1], &ids[i])) {
			free(ids);
			return CMD_USAGE;
		}
	}
	struct task *done = xcalloc((size_t)n, sizeof *done);
	int rc = CMD_OK, got = 0;
	if (store_begin(c->store, &e) != TODO_OK) {
		rc = cli_fail(&e);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (store_task_get(c->store, c->user, ids[i], &done[i], &e) != TODO_OK ||
		    fn(c, &done[i], &e) != TODO_OK) {
			got = i + 1;
			store_rollback(c->store);
			if (n > 1)
				snprintf(e.msg + strlen(e.msg), sizeof e.msg - strlen(e.msg), "; nothing changed");
			rc = cli_fail(&e);
			goto out;
		}
	}
	got = n;
	if (store_commit(c->store, &e) != TODO_OK) {
		store_rollback(c->store);
		rc = cli_fail(&e);
		goto out;
	}
	if (c->json) {
		if (n == 1) {
			out_json(task_to_json(&done[0]));
		} else {
			cJSON *a = cJSON_CreateArray();
			for (int i = 0; i < n; i++)
				cJSON_AddItemToArray(a, task_to_json(&done[i]));
			out_json(a);
		}
	} else {
		for (int i = 0; i < n; i++)
			printf("%s task %lld: %s\n", verb, (long long)done[i].id, done[i].title);
	}
out:
	for (int i = 0; i < got && i < n; i++)
		task_release(&done[i]);
	free(done);
	free(ids);
	return rc;
}
