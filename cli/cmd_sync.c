/* SPDX-License-Identifier: MIT */
/* `todo sync [--status]`: two-way sync with the server from `todo login`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"
#include "sync.h"
#include "util.h"

extern const struct command cmd_sync;

static int status(struct cli *c)
{
	struct todo_err e;
	struct sync_login l;
	bool logged_in = sync_login_load(&l, &e) == TODO_OK;
	char *last = NULL, *user = NULL;
	cJSON *ops = NULL;
	int64_t waiting = 0;
	store_meta_get(c->store, "sync_last", &last, NULL);
	store_meta_get(c->store, "sync_user", &user, NULL);
	if (store_outbox_list(c->store, c->user, 1, &ops, &waiting, &e) != TODO_OK)
		waiting = 0;
	cJSON_Delete(ops);
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "server", logged_in ? cJSON_CreateString(l.server) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "user", logged_in ? cJSON_CreateString(l.remote_user) : cJSON_CreateNull());
		cJSON_AddNumberToObject(o, "waiting", (double)waiting);
		cJSON_AddItemToObject(o, "last_sync", last ? cJSON_CreateString(last) : cJSON_CreateNull());
		out_json(o);
	} else if (!logged_in) {
		printf("Not logged in to a server (todo login --server URL --token TOKEN).\n");
	} else {
		printf("Server: %s (as %s)\nWaiting to be sent: %lld change%s\nLast sync: %s\n", l.server,
		       l.remote_user, (long long)waiting, waiting == 1 ? "" : "s", last ? last : "never");
	}
	if (logged_in)
		sync_login_release(&l);
	free(last);
	free(user);
	return CMD_OK;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"status", no_argument, NULL, 's'},
		{0, 0, 0, 0},
	};
	int opt;
	bool want_status = false;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 's')
			return cli_usage(&cmd_sync, "unknown option '%s'", argv[optind - 1]);
		want_status = true;
	}
	if (optind < argc)
		return cli_usage(&cmd_sync, "unexpected argument '%s'", argv[optind]);
	if (want_status)
		return status(c);
	struct todo_err e;
	struct sync_login l;
	if (sync_login_load(&l, &e) != TODO_OK) {
		cli_error("%s", e.msg);
		return CMD_FAIL;
	}
	struct sync_stats st;
	int r = sync_run(c->store, c->user, &l, &st, &e);
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "server", l.server);
		cJSON_AddNumberToObject(o, "pushed", st.pushed);
		cJSON_AddNumberToObject(o, "pulled", st.pulled);
		cJSON_AddNumberToObject(o, "failed", st.failed);
		cJSON_AddNumberToObject(o, "waiting", (double)st.waiting);
		cJSON_AddBoolToObject(o, "ok", r == TODO_OK);
		if (r != TODO_OK)
			cJSON_AddStringToObject(o, "error", e.msg);
		out_json(o);
	}
	if (r != TODO_OK) {
		cli_error("sync failed: %s (nothing is lost; run todo sync again)", e.msg);
		sync_login_release(&l);
		return CMD_FAIL;
	}
	if (!c->json) {
		printf("Synced with %s: sent %d change%s, received %d", l.server, st.pushed,
		       st.pushed == 1 ? "" : "s", st.pulled);
		if (st.failed)
			printf(", %d refused by the server (kept in sync_failed)", st.failed);
		if (st.waiting)
			printf(", %lld still waiting", (long long)st.waiting);
		printf(".\n");
	}
	sync_login_release(&l);
	return CMD_OK;
}

const struct command cmd_sync = {
	"sync", NULL, "[--status]", "two-way sync with the server set by `todo login`", CMD_NEEDS_STORE, run,
};
