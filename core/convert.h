/* SPDX-License-Identifier: MIT */
/* Task formats for export and import: todo.txt lines, our task JSON and
 * taskwarrior's `task export` JSON. */
#ifndef TODO_CONVERT_H
#define TODO_CONVERT_H
#include <cJSON.h>
#include "task.h"

/* One todo.txt line (no newline) for t; caller frees.
 * x DONE CREATED (A) title +tag due:YYYY-MM-DD[THH:MM] */
char *todotxt_format(const struct task *t);

/* Parses a todo.txt line into t (task_init'ed by the caller; the caller
 * releases it either way). TODO_ENOTFOUND for a blank line,
 * TODO_EINVAL with a message for a line that holds no title. */
int todotxt_parse(const char *line, struct task *t, struct todo_err *e);

/* Fills t from one JSON object in our task shape or taskwarrior's
 * (detected by its "description"+"entry"/"status" fields without "title").
 * *skip is set for taskwarrior's deleted/recurring-template entries. */
int task_from_json(const cJSON *o, struct task *t, bool *skip, struct todo_err *e);

#endif
