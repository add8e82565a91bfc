/* SPDX-License-Identifier: MIT */
/* How tasks look: a table with colours on a terminal, plain lines in a pipe,
 * JSON with --json. Rows are printed as they stream from the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include "cli.h"
#include "util.h"

#define C_RESET "\033[0m"
#define C_DIM "\033[2m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_GREEN "\033[32m"

const char *out_color(struct cli *c, const char *code)
{
	return c->color ? code : "";
}

void out_json(cJSON *j)
{
	char *s = cJSON_PrintUnformatted(j);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		cJSON_free(s);
	}
	cJSON_Delete(j);
}

/* Decodes the character at p (at most left bytes): its length, and its
 * width in terminal columns. A bad byte counts as one column, shown as '?'. */
static size_t next_char(const char *p, size_t left, mbstate_t *st, int *width, bool *bad)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, p, left, st);
	*bad = n == (size_t)-1 || n == (size_t)-2;
	if (*bad) {
		memset(st, 0, sizeof *st);
		*width = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	if (w == 0 && wc < 0x20)
		*bad = true, *width = 1;
	return n;
}

/* Prints s cut or padded to `width` terminal columns (wide characters count
 * two); a cut ends with an ellipsis. */
static void print_cols(const char *s, int width)
{
	mbstate_t st;
	int w, used = 0, total = 0;
	bool bad;
	size_t len = strlen(s);
	memset(&st, 0, sizeof st);
	for (size_t i = 0, n; i < len && total <= width; i += n) {
		n = next_char(s + i, len - i, &st, &w, &bad);
		total += w;
	}
	int limit = total > width ? width - 1 : width;
	memset(&st, 0, sizeof st);
	for (size_t i = 0, n; i < len; i += n) {
		n = next_char(s + i, len - i, &st, &w, &bad);
		if (used + w > limit)
			break;
		if (bad)
			fputc('?', stdout);
		else
			fwrite(s + i, 1, n, stdout);
		used += w;
	}
	if (total > width) {
		fputs("\xe2\x80\xa6", stdout);   /* … */
		used++;
	}
	for (; used < width; used++)
		fputc(' ', stdout);
}

/* Asked once per process: a 100,000-row list must not make 100,000 ioctls. */
static int term_cols(void)
{
	static int cols;
	if (cols)
		return cols;
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	else
		cols = c && atoi(c) > 0 ? atoi(c) : 80;
	return cols;
}

static const char *prio_mark(int p)
{
	switch (p) {
	case PRIO_HIGH: return "!!!";
	case PRIO_MEDIUM: return "!! ";
	case PRIO_LOW: return "!  ";
	default: return "   ";
	}
}

void out_task_line(struct cli *c, const struct task *t, int title_width)
{
	if (!c->tty) {
		/* Plain, one task a line, easy to grep and cut. */
		printf("%lld [%c] %s", (long long)t->id, t->completed ? 'x' : ' ', t->title);
		if (t->due || t->priority != PRIO_NONE) {
			printf(" (");
			if (t->due)
				printf("due %s%s", t->due, t->priority != PRIO_NONE ? ", " : "");
			if (t->priority != PRIO_NONE)
				printf("%s", prio_name(t->priority));
			printf(")");
		}
		for (size_t i = 0; i < t->ntags; i++)
			printf(" #%s", t->tags[i]);
		putchar('\n');
		return;
	}
	if (title_width <= 0) {
		title_width = term_cols() - 36;
		if (title_width < 12)
			title_width = 12;
		if (title_width > 60)
			title_width = 60;
	}
	char rel[48] = "";
	const char *due_col = "";
	if (t->due) {
		date_relative(t->due, &c->now, rel, sizeof rel);
		int days = date_days_until(t->due, &c->now);
		if (!t->completed)
			due_col = days < 0 ? C_RED : days == 0 ? C_YELLOW : "";
	}
	const char *dim = t->completed ? out_color(c, C_DIM) : "";
	printf("%s%4lld %s ", dim, (long long)t->id, t->completed ? "[x]" : "[ ]");
	print_cols(t->title, title_width);
	printf(" %s%s%s", t->priority == PRIO_HIGH && !t->completed ? out_color(c, C_RED C_BOLD) : "",
	       prio_mark(t->priority), t->priority == PRIO_HIGH && !t->completed ? out_color(c, C_RESET) : "");
	printf(" %s%s", dim, out_color(c, due_col));
	print_cols(rel, 14);
	printf("%s%s", *due_col ? out_color(c, C_RESET) : "", dim);
	for (size_t i = 0; i < t->ntags; i++)
		printf(" %s#%s%s%s", out_color(c, C_CYAN), t->tags[i], out_color(c, C_RESET), dim);
	printf("%s\n", out_color(c, C_RESET));
}

void out_task_detail(struct cli *c, const struct task *t)
{
	char rel[48] = "";
	printf("%s%s%s\n", out_color(c, C_BOLD), t->title, out_color(c, C_RESET));
	printf("  id:          %lld\n", (long long)t->id);
	printf("  status:      %s%s%s\n", t->completed ? out_color(c, C_GREEN) : "",
	       t->completed ? "done" : "pending", out_color(c, C_RESET));
	printf("  priority:    %s\n", prio_name(t->priority));
	if (t->due) {
		date_relative(t->due, &c->now, rel, sizeof rel);
		printf("  due:         %s (%s)\n", t->due, rel);
	} else {
		printf("  due:         -\n");
	}
	printf("  tags:        ");
	for (size_t i = 0; i < t->ntags; i++)
		printf("%s#%s", i ? " " : "", t->tags[i]);
	printf("%s\n", t->ntags ? "" : "-");
	if (t->description && *t->description)
		printf("  description: %s\n", t->description);
	printf("  created:     %s\n", t->created_at ? t->created_at : "-");
	printf("  updated:     %s\n", t->updated_at ? t->updated_at : "-");
	if (t->completed_at)
		printf("  completed:   %s\n", t->completed_at);
	printf("  uuid:        %s\n", t->uuid);
}
