/* SPDX-License-Identifier: MIT */
/* `todo chat [--new|--conversation N|--list] [MESSAGE...]`: one message, a
 * message per line from a pipe, or the REPL on a terminal. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "agent.h"
#include "chat.h"
#include "cli.h"
#include "util.h"

extern const struct command cmd_chat;

/* A one-shot `todo chat` goes on with the latest conversation when it was
 * used in the last hour, so "make it urgent" after "add milk" works across
 * two commands; older context would only confuse. */
#define RESUME_SECONDS 3600

static int latest_cb(const struct conversation *cv, void *ctx)
{
	*(struct conversation *)ctx = *cv;
	return 1;
}

int64_t chat_recent_conversation(struct cli *c)
{
	struct conversation cv = {0};
	if (store_conv_list(c->store, c->user, latest_cb, &cv, NULL) != TODO_OK || !cv.id)
		return 0;
	struct tm tm = {0};
	if (!strptime(cv.updated_at, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return 0;
	time_t t = timegm(&tm);
	return difftime(time(NULL), t) <= RESUME_SECONDS ? cv.id : 0;
}

/* A remote model's answer is printed as it streams in, on a terminal only
 * (pipes and --json get the whole reply at the end, as before). */
struct stream_out {
	bool printed, at_bol;
};

static void stream_piece(const char *piece, void *ctx)
{
	struct stream_out *so = ctx;
	if (!*piece)
		return;
	fputs(piece, stdout);
	fflush(stdout);
	so->printed = true;
	so->at_bol = piece[strlen(piece) - 1] == '\n';
}

int chat_send(struct cli *c, int64_t *conv, const char *msg, bool print_json)
{
	struct agent_result res;
	struct todo_err e;
	struct agent_opts opts = {.backend = c->agent};
	struct stream_out so = {false, true};
	if (!print_json && strcmp(c->agent, "local") != 0 && isatty(STDOUT_FILENO)) {
		opts.on_text = stream_piece;
		opts.on_text_ctx = &so;
	}
	date_now_get(&c->now);
	int rc = agent_run(c->store, c->user, &c->now, conv, msg, &opts, &res, &e);
	if (so.printed && !so.at_bol)
		putchar('\n');
	if (rc != TODO_OK) {
		if (print_json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "error", e.msg);
			out_json(o);
		}
		cli_error("%s", e.msg);
		return e.code == TODO_ENOTFOUND || e.code == TODO_EINVAL ? CMD_USAGE : CMD_FAIL;
	}
	if (print_json)
		out_json(agent_result_json(&res));
	else if (!so.printed)
		printf("%s\n", res.response);
	agent_result_release(&res);
	return CMD_OK;
}

static int list_cb(const struct conversation *cv, void *ctx)
{
	struct cli *c = ctx;
	if (c->json) {
		/* collected by the caller */
		return 0;
	}
	printf("%4lld  started %s  last %s\n", (long long)cv->id, cv->created_at, cv->updated_at);
	return 0;
}

static int conv_json_cb(const struct conversation *cv, void *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)cv->id);
	cJSON_AddStringToObject(o, "user_id", cv->user_id);
	cJSON_AddStringToObject(o, "created_at", cv->created_at);
	cJSON_AddStringToObject(o, "updated_at", cv->updated_at);
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

static int list_conversations(struct cli *c)
{
	struct todo_err e;
	int r;
	if (c->json) {
		cJSON *a = cJSON_CreateArray();
		r = store_conv_list(c->store, c->user, conv_json_cb, a, &e);
		out_json(a);
	} else {
		r = store_conv_list(c->store, c->user, list_cb, c, &e);
	}
	return r == TODO_OK ? CMD_OK : cli_fail(&e);
}

int64_t chat_conversation_after_failure(struct cli *c, int64_t conv, int64_t before)
{
	if (conv && conv != before && store_conv_get(c->store, c->user, conv, NULL, NULL) != TODO_OK)
		return before;
	return conv;
}

/* Non-terminal stdin: one message per line, one reply (or JSON object) per
 * message, all in one conversation. */
static int chat_lines(struct cli *c, int64_t conv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = CMD_OK;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!line[strspn(line, " \t")])
			continue;   /* a blank line is no message */
		int64_t before = conv;
		int r = chat_send(c, &conv, line, c->json);
		if (r != CMD_OK) {
			rc = r;
			conv = chat_conversation_after_failure(c, conv, before);
		}
		fflush(stdout);
	}
	free(line);
	return rc;
}

static int run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"new", no_argument, NULL, 'n'},
		{"conversation", required_argument, NULL, 'c'},
		{"list", no_argument, NULL, 'l'},
		{0, 0, 0, 0},
	};
	int64_t conv = 0;
	bool fresh = false, list = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "+nc:l", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': fresh = true; break;
		case 'l': list = true; break;
		case 'c':
			if (!str_to_id(optarg, &conv))
				return cli_usage(&cmd_chat, "'%s' is not a conversation id", optarg);
			break;
		default:
			return cli_usage(&cmd_chat, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (fresh && conv)
		return cli_usage(&cmd_chat, "--new and --conversation do not go together");
	if (list)
		return list_conversations(c);
	if (!conv && !fresh)
		conv = chat_recent_conversation(c);
	if (optind < argc) {
		struct buf msg;
		buf_init(&msg);
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				buf_puts(&msg, " ");
			buf_puts(&msg, argv[i]);
		}
		int r = chat_send(c, &conv, msg.s, c->json);
		buf_free(&msg);
		return r;
	}
	if (isatty(STDIN_FILENO) && !c->json)
		return chat_repl(c, conv);
	return chat_lines(c, conv);
}

const struct command cmd_chat = {
	"chat", NULL, "[--new|--conversation N|--list] [MESSAGE...]",
	"talk to the assistant: one message, lines from stdin, or a conversation on a terminal",
	CMD_NEEDS_STORE, run,
};
