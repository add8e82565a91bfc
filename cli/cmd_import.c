/* SPDX-License-Identifier: MIT */
/* `todo import [--format json|todotxt|taskwarrior] FILE|-`: all or nothing,
 * in one transaction; tasks whose uuid is here already are skipped, so
 * importing the same file twice adds nothing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "convert.h"
#include "util.h"

extern const struct command cmd_import;

#define IMPORT_MAX (256u << 20)

static char *slurp(const char *path, struct todo_err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		err_set(e, TODO_EIO, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > IMPORT_MAX) {
			err_set(e, TODO_EINVAL, "%s is larger than 256 MiB", path);
			break;
		}
	}
	bool bad = ferror(f) || b.len > IMPORT_MAX;
	if (ferror(f))
		err_set(e, TODO_EIO, "cannot read %s: %s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	if (bad) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Adds t unless its uuid exists; counts what happened. */
static int add_one(struct cli *c, struct task *t, int *added, int *skipped, struct todo_err *e)
{
	t->user_id = xstrdup(c->user);
	int r = store_task_add(c->store, t, e);
	if (r == TODO_ECONFLICT) {
		(*skipped)++;
		return TODO_OK;
	}
	if (r == TODO_OK)
		(*added)++;
	return r;
}

static int import_json(struct cli *c, const char *text, int *added, int *skipped, struct todo_err *e)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithOpts(text, &end, 0);
	if (!root) {
		size_t off = end ? (size_t)(end - text) : 0;
		return err_set(e, TODO_EINVAL, "the file is not valid JSON (near byte %zu); nothing was imported", off);
	}
	const cJSON *arr = root;
	if (cJSON_IsObject(root) && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "tasks")))
		arr = cJSON_GetObjectItemCaseSensitive(root, "tasks");
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return err_set(e, TODO_EINVAL, "expected a JSON list of tasks; nothing was imported");
	}
	int r = TODO_OK, i = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, arr) {
		struct task t;
		bool skip;
		task_init(&t);
		i++;
		r = task_from_json(o, &t, &skip, e);
		if (r == TODO_OK && !skip)
			r = add_one(c, &t, added, skipped, e);
		task_release(&t);
		if (r != TODO_OK) {
			size_t l = strlen(e->msg);
			snprintf(e->msg + l, sizeof e->msg - l, " (entry %d); nothing was imported", i);
			break;
		}
	}
	cJSON_Delete(root);
	return r;
}

static int import_todotxt(struct cli *c, char *text, int *added, int *skipped, struct todo_err *e)
{
	int lineno = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct task t;
		task_init(&t);
		lineno++;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		int r = todotxt_parse(line, &t, e);
		if (r == TODO_OK)
			r = add_one(c, &t, added, skipped, e);
		task_release(&t);
		if (r == TODO_ENOTFOUND)
			continue;
		if (r != TODO_OK) {
			size_t l = strlen(e->msg);
			snprintf(e->msg + l, sizeof e->msg - l, " (line %d); nothing was imported", lineno);
			return r;
		}
	}
	return TODO_OK;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{0, 0, 0, 0},
	};
	enum { F_AUTO, F_JSON, F_TODOTXT } fmt = F_AUTO;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		if (opt != 'f')
			return cli_usage(&cmd_import, "unknown option '%s'", argv[optind - 1]);
		if (str_ieq(optarg, "json") || str_ieq(optarg, "taskwarrior"))
			fmt = F_JSON;
		else if (str_ieq(optarg, "todotxt") || str_ieq(optarg, "todo.txt"))
			fmt = F_TODOTXT;
		else
			return cli_usage(&cmd_import, "unknown format '%s' (use json, todotxt or taskwarrior)", optarg);
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_import, optind >= argc ? "which file? give a path, or - for stdin"
							    : "import takes one file");
	struct todo_err e;
	char *text = slurp(argv[optind], &e);
	if (!text)
		return cli_fail(&e);
	if (fmt == F_AUTO) {
		const char *p = text;
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		fmt = (*p == '[' || *p == '{') ? F_JSON : F_TODOTXT;
	}
	int added = 0, skipped = 0, r;
	if ((r = store_begin(c->store, &e)) == TODO_OK) {
		r = fmt == F_JSON ? import_json(c, text, &added, &skipped, &e)
				  : import_todotxt(c, text, &added, &skipped, &e);
		if (r == TODO_OK)
			r = store_commit(c->store, &e);
		if (r != TODO_OK)
			store_rollback(c->store);
	}
	free(text);
	if (r != TODO_OK) {
		/* A bad file is a failed import (1), not a usage error. */
		cli_error("%s", e.msg);
		return CMD_FAIL;
	}
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "imported", added);
		cJSON_AddNumberToObject(o, "skipped", skipped);
		out_json(o);
	} else {
		printf("Imported %d task%s", added, added == 1 ? "" : "s");
		if (skipped)
			printf(" (%d already here, skipped)", skipped);
		printf(".\n");
	}
	return CMD_OK;
}

const struct command cmd_import = {
	"import", NULL, "[--format json|todotxt|taskwarrior] FILE|-",
	"add tasks from a file: our JSON, todo.txt or taskwarrior's `task export`",
	CMD_NEEDS_STORE, run,
};
