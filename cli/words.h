/* SPDX-License-Identifier: MIT */
/* Splits a REPL line into words with shell-like quoting ('…', "…", \x). */
#ifndef TODO_WORDS_H
#define TODO_WORDS_H
#include <stdbool.h>

/* Splits line into words: blanks separate them; '…' keeps everything
 * literally; "…" keeps everything but lets \" and \\ through; a backslash
 * outside quotes takes the next character literally; quoted pieces next to
 * other text join it ("a"b is one word ab; '' is an empty word).
 * Sets *argv to a new NULL-terminated array (free with words_free) and
 * *argc to its length, always, even on an unterminated quote, where the
 * last word runs to the end of the line. Returns false on an unterminated
 * quote. */
bool words_split(const char *line, int *argc, char ***argv);
void words_free(char **argv);

#endif
