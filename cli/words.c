/* SPDX-License-Identifier: MIT */
/* The REPL's tokenizer: a line into words with shell-like quoting. */
#include <stdlib.h>
#include "util.h"
#include "words.h"

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

bool words_split(const char *line, int *argc, char ***argv)
{
	size_t cap = 8;
	int n = 0;
	char **v = xmalloc(cap * sizeof *v);
	bool closed = true;
	const char *p = line ? line : "";
	for (;;) {
		while (blank(*p))
			p++;
		if (!*p)
			break;
		struct buf w;
		buf_init(&w);
		while (*p && !blank(*p)) {
			if (*p == '\'') {
				const char *q = p + 1;
				while (*q && *q != '\'')
					q++;
				buf_add(&w, p + 1, (size_t)(q - p - 1));
				if (!*q) {
					closed = false;
					p = q;
					break;
				}
				p = q + 1;
			} else if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
						p++;
					buf_add(&w, p, 1);
					p++;
				}
				if (!*p) {
					closed = false;
					break;
				}
				p++;
			} else if (*p == '\\' && p[1]) {
				buf_add(&w, p + 1, 1);
				p += 2;
			} else {
				buf_add(&w, p, 1);
				p++;
			}
		}
		if ((size_t)n + 2 > cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = buf_take(&w);
	}
	v[n] = NULL;
	*argc = n;
	*argv = v;
	return closed;
}

void words_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}
