/* SPDX-License-Identifier: MIT */
/* The REPL's persistent line history: $XDG_STATE_HOME/todo/history. */
#include <errno.h>
#include <fcntl.h>
#include <readline/history.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "paths.h"
#include "repl.h"
#include "util.h"

/* mkdir -p for the folders above path; private, since history may hold
 * personal notes. */
static void make_parents(const char *path)
{
	char *d = xstrdup(path);
	for (char *p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(d);
}

void repl_history_open(struct repl *r)
{
	r->history_path = path_state("history");
	make_parents(r->history_path);
	/* append_history() opens without O_CREAT, so the file must exist. */
	int fd = open(r->history_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	using_history();
	stifle_history(REPL_HISTORY_MAX);
	read_history(r->history_path);
}

void repl_history_add(struct repl *r, const char *line)
{
	HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	/* Appending each line at once keeps it when the terminal dies, and two
	 * REPLs running side by side both keep theirs. */
	if (r->history_path)
		append_history(1, r->history_path);
}

void repl_history_close(struct repl *r)
{
	if (r->history_path)
		history_truncate_file(r->history_path, REPL_HISTORY_MAX);
	clear_history();
	free(r->history_path);
	r->history_path = NULL;
}
