/* SPDX-License-Identifier: MIT */
/* `todo login --server URL --token TOKEN`: remembers where to sync. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "sync.h"
#include "util.h"

extern const struct command cmd_login;

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"server", required_argument, NULL, 's'},
		{"token", required_argument, NULL, 't'},
		{0, 0, 0, 0},
	};
	const char *server = NULL, *token = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "s:t:", opts, NULL)) != -1) {
		switch (opt) {
		case 's': server = optarg; break;
		case 't': token = optarg; break;
		default: return cli_usage(&cmd_login, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_login, "unexpected argument '%s'", argv[optind]);
	if (!server || !token)
		return cli_usage(&cmd_login, "both --server and --token are needed");
	if (!str_has_prefix(server, "http://") && !str_has_prefix(server, "https://"))
		return cli_usage(&cmd_login, "the server must be an http:// or https:// URL, not '%s'", server);
	struct todo_err e;
	struct sync_login l = {0};
	l.remote_user = sync_token_subject(token, &e);
	if (!l.remote_user)
		return cli_usage(&cmd_login, "%s", e.msg);
	l.server = xstrdup(server);
	size_t n = strlen(l.server);
	while (n > 0 && l.server[n - 1] == '/')
		l.server[--n] = '\0';
	l.token = xstrdup(token);
	int r = sync_login_save(&l, &e);
	if (r == TODO_OK)
		r = store_sync_enable(c->store, c->user, &e);
	if (r != TODO_OK) {
		sync_login_release(&l);
		return cli_fail(&e);
	}
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "server", l.server);
		cJSON_AddStringToObject(o, "user", l.remote_user);
		out_json(o);
	} else {
		printf("Logged in to %s as %s. Run `todo sync` to sync.\n", l.server, l.remote_user);
	}
	sync_login_release(&l);
	return CMD_OK;
}

const struct command cmd_login = {
	"login", NULL, "--server URL --token TOKEN",
	"remember the todo-server to sync with (the token is kept with mode 0600)", CMD_NEEDS_STORE, run,
};
