/* SPDX-License-Identifier: MIT */
/* `todo mcp`: the MCP stdio transport, one JSON-RPC message per line. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "mcp.h"
#include "util.h"

extern const struct command cmd_mcp;

/* No real request comes near this; a bigger line is refused (and skipped
 * without being kept in memory) so a runaway client cannot exhaust it. */
#define LINE_MAX_BYTES (4u << 20)

/* Reads stdin with read(2) rather than stdio so a line's length is known
 * even with NUL bytes inside, and memory stays bounded by LINE_MAX_BYTES. */
struct reader {
	char chunk[65536];
	size_t pos, len;
	bool eof;
};

/* Fills line with the next line (without its newline). Returns 1 for a
 * line, 0 at the end of input, -1 on a read error. *too_long tells that the
 * line was over the limit; line then holds only its start. */
static int read_line(struct reader *r, struct buf *line, bool *too_long)
{
	bool any = false;
	line->len = 0;
	*too_long = false;
	for (;;) {
		if (r->pos < r->len) {
			char *start = r->chunk + r->pos;
			size_t avail = r->len - r->pos;
			char *nl = memchr(start, '\n', avail);
			size_t n = nl ? (size_t)(nl - start) : avail;
			if (!*too_long && line->len + n <= LINE_MAX_BYTES)
				buf_add(line, start, n);
			else
				*too_long = true;
			r->pos += nl ? n + 1 : n;
			any = true;
			if (nl)
				return 1;
		}
		if (r->eof)
			return any ? 1 : 0;
		ssize_t got = read(STDIN_FILENO, r->chunk, sizeof r->chunk);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		r->pos = 0;
		r->len = (size_t)got;
		if (got == 0)
			r->eof = true;
	}
}

/* One response per line, flushed at once: the client waits for it. */
static bool send_line(char *text)
{
	bool ok = fputs(text, stdout) >= 0 && putchar('\n') != EOF && fflush(stdout) == 0;
	free(text);
	return ok;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static int run(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(&cmd_mcp, "mcp takes no arguments; it reads JSON-RPC from stdin");
	/* A client that goes away should end us with an error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	struct mcp_session s;
	mcp_session_init(&s, c->store, c->user);
	struct reader *r = xcalloc(1, sizeof *r);
	struct buf line;
	buf_init(&line);
	int rc = CMD_OK;
	for (;;) {
		bool too_long;
		int got = read_line(r, &line, &too_long);
		if (got == 0)
			break;
		if (got < 0) {
			cli_error("mcp: cannot read stdin: %s", strerror(errno));
			rc = CMD_FAIL;
			break;
		}
		char *reply;
		if (too_long) {
			cli_error("mcp: skipped a message over %u bytes", LINE_MAX_BYTES);
			reply = mcp_error_text(MCP_INVALID_REQUEST,
					       "Invalid Request: message over 4 MiB");
		} else if (blank(line.s, line.len)) {
			continue;   /* a stray empty line is not a message */
		} else {
			date_now_get(&s.now);   /* the session may run across midnight */
			reply = mcp_handle(&s, line.s, line.len);
		}
		if (reply && !send_line(reply)) {
			cli_error("mcp: cannot write stdout: %s", strerror(errno));
			rc = CMD_FAIL;
			break;
		}
	}
	buf_free(&line);
	free(r);
	return rc;
}

const struct command cmd_mcp = {
	"mcp", NULL, "(speaks JSON-RPC on stdin/stdout)",
	"serve the task tools to an MCP client (Model Context Protocol on stdin/stdout)",
	CMD_NEEDS_STORE, run,
};
