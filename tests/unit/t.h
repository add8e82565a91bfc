/* SPDX-License-Identifier: MIT */
/* A tiny assertion kit for the C unit tests: each CHECK prints one PASS/FAIL
 * line that tests/run.sh counts. */
#ifndef TODO_T_H
#define TODO_T_H
#include <stdio.h>
#include <string.h>

static int t_failed;
static const char *t_file = __FILE__;

#define CHECK(name, cond) do { \
	if (cond) printf("PASS %s\n", (name)); \
	else { printf("FAIL %s (%s:%d: %s)\n", (name), t_file, __LINE__, #cond); t_failed++; } \
} while (0)

#define CHECK_STR(name, got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if ((g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0)) printf("PASS %s\n", (name)); \
	else { printf("FAIL %s (%s:%d: got \"%s\", want \"%s\")\n", (name), t_file, __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); t_failed++; } \
} while (0)

#define T_DONE() (t_failed ? 1 : 0)
#endif
