/* SPDX-License-Identifier: MIT */
/* The chat REPL's loop: readline in callback mode, Ctrl-C and window size
 * handling, and sending messages to the agent with streamed replies. */
#include <errno.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include "agent.h"
#include "chat.h"
#include "paths.h"
#include "repl.h"
#include "util.h"

/* Signals only set flags; the loop acts on them where it is safe to touch
 * readline and the terminal. */
static volatile sig_atomic_t got_sigint, got_winch, got_term, in_request;
/* agent_opts.cancel: backends poll it and stop early. */
static volatile int cancel_request;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
	if (in_request)
		cancel_request = 1;
}

/* SIGTERM/SIGHUP: leave like /quit, so the terminal gets its settings
 * back and the history is saved. */
static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
	cancel_request = 1;
}

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

/* The typed line handed over by readline's callback, waiting for the loop. */
static char *pending_line;
static bool pending_eof;

static void on_line(char *line)
{
	if (!line)
		pending_eof = true;
	pending_line = line;
	/* Removing the handler stops readline from printing the next prompt
	 * before the reply; the loop installs it again when it is done. */
	rl_callback_handler_remove();
}

const char *repl_color(struct repl *r, const char *code)
{
	return r->c->color ? code : "";
}

bool repl_openai_configured(void)
{
	char *key = config_get("OPENAI_API_KEY", "openai_api_key");
	char *url = config_get("OPENAI_BASE_URL", "openai_base_url");
	bool ok = (key && *key) || (url && *url);
	free(key);
	free(url);
	return ok;
}

static char *make_prompt(struct repl *r)
{
	const char *agent = strcmp(r->c->agent, "local") == 0 ? "" : r->c->agent;
	/* \001 and \002 tell readline the colour codes take no columns. */
	if (r->c->color)
		return xasprintf("\001" RC_BOLD RC_GREEN "\002todo%s%s%s>\001" RC_RESET "\002 ",
				 *agent ? "(" : "", agent, *agent ? ")" : "");
	return xasprintf("todo%s%s%s> ", *agent ? "(" : "", agent, *agent ? ")" : "");
}

struct stream {
	bool any;          /* something was printed */
	bool at_bol;       /* the last piece ended a line */
};

static void on_text(const char *piece, void *ctx)
{
	struct stream *st = ctx;
	if (cancel_request || !*piece)
		return;
	fputs(piece, stdout);
	fflush(stdout);
	st->any = true;
	st->at_bol = piece[strlen(piece) - 1] == '\n';
}

void repl_send(struct repl *r, const char *msg)
{
	struct cli *c = r->c;
	struct stream st = {false, true};
	struct agent_opts opts = {
		.backend = c->agent,
		.on_text = on_text,
		.on_text_ctx = &st,
		.cancel = &cancel_request,
	};
	struct agent_result res;
	struct todo_err e = {0};
	int64_t conv_before = r->conv;
	date_now_get(&c->now);
	cancel_request = 0;
	in_request = 1;
	int rc = agent_run(c->store, c->user, &c->now, &r->conv, msg, &opts, &res, &e);
	in_request = 0;
	if (rc != TODO_OK)
		r->conv = chat_conversation_after_failure(c, r->conv, conv_before);
	if (st.any && !st.at_bol)
		putchar('\n');
	if (cancel_request && rc != TODO_OK) {
		/* The local turn is one transaction, rolled back whole; a remote
		 * one keeps the message and any tool call that already ran. */
		printf("%sCancelled%s.%s\n", repl_color(r, RC_DIM),
		       strcmp(c->agent, "local") == 0 ? "; nothing was changed" : "", repl_color(r, RC_RESET));
	} else if (rc != TODO_OK) {
		fflush(stdout);
		fprintf(stderr, "%stodo: %s%s\n", repl_color(r, RC_RED), e.msg[0] ? e.msg : "something went wrong",
			repl_color(r, RC_RESET));
	} else {
		if (!st.any)
			printf("%s\n", res.response ? res.response : "");
		agent_result_release(&res);
	}
	fflush(stdout);
	cancel_request = 0;
}

static void greet(struct repl *r)
{
	struct cli *c = r->c;
	printf("%stodo %s%s: say what to do (\"add call mom tomorrow\") or type a command (\"done 3\").\n",
	       repl_color(r, RC_BOLD), TODO_VERSION, repl_color(r, RC_RESET));
	printf("/help for help, Ctrl-D to quit. %sagent: %s%s, database: %s", repl_color(r, RC_DIM), c->agent,
	       strcmp(c->agent, "openai") == 0 && !repl_openai_configured() ? " (not configured)" : "",
	       c->db_path);
	if (r->conv)
		printf("\ncontinuing conversation %lld (/new starts over)", (long long)r->conv);
	printf("%s\n", repl_color(r, RC_RESET));
	fflush(stdout);
}

/* One line typed at the prompt. */
static void handle_line(struct repl *r, const char *raw)
{
	char *line = str_trim_dup(raw);
	if (!*line) {
		free(line);
		return;
	}
	repl_history_add(r, line);
	if (line[0] == '/')
		repl_slash_run(r, line);
	else if (strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0)
		r->quit = true;
	else if (!repl_command(r, line))
		repl_send(r, line);
	fflush(stdout);
	free(line);
}

/* Ctrl-C at the prompt: drop the half-typed line (and any search or
 * argument in progress) and start a fresh one, like a shell does. */
static void cancel_line(void)
{
	/* Show the whole line with the cursor at its end, so "^C" follows it
	 * and the typed text stays visible above the fresh prompt. */
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C", rl_outstream);
	rl_crlf();
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 1);
	using_history();     /* after Up-arrows, start again at the newest line */
	rl_on_new_line();
	rl_redisplay();
}

int chat_repl(struct cli *c, int64_t conv)
{
	struct repl r = {.c = c, .conv = conv};
	struct sigaction sa = {0}, old_int, old_winch, old_term, old_hup;
	sigset_t block, orig;

	rl_readline_name = "todo";
	/* The loop handles these signals itself (readline's own handlers would
	 * re-raise SIGINT and kill the process). */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	/* Restarted system calls keep a write to the terminal from failing
	 * with EINTR; pselect() returns EINTR all the same. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &old_int);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, &old_winch);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	/* Blocked except while waiting for a key (pselect) and while a line
	 * runs, so a Ctrl-C can never slip in between checking and waiting. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &orig);

	repl_history_open(&r);
	repl_complete_init(&r);
	greet(&r);
	char *prompt = make_prompt(&r);
	rl_callback_handler_install(prompt, on_line);
	while (!r.quit && !got_term) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		int n = pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, &orig);
		if (n < 0 && errno != EINTR)
			break;
		if (got_winch) {
			got_winch = 0;
			rl_resize_terminal();
		}
		if (got_sigint) {
			got_sigint = 0;
			cancel_line();
		}
		if (n <= 0)
			continue;
		rl_callback_read_char();
		if (pending_eof) {
			/* Ctrl-D: end the prompt's line so the shell starts clean. */
			putchar('\n');
			break;
		}
		if (!pending_line)
			continue;
		char *line = pending_line;
		pending_line = NULL;
		sigprocmask(SIG_SETMASK, &orig, NULL);
		handle_line(&r, line);
		sigprocmask(SIG_BLOCK, &block, NULL);
		free(line);
		/* A Ctrl-C during the line was for it, not for the next prompt. */
		got_sigint = 0;
		if (r.quit || got_term)
			break;
		free(prompt);
		prompt = make_prompt(&r);   /* /agent may have changed it */
		rl_callback_handler_install(prompt, on_line);
	}
	rl_callback_handler_remove();
	free(prompt);
	repl_history_close(&r);
	repl_complete_release();
	fflush(stdout);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGWINCH, &old_winch, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	return CMD_OK;
}
