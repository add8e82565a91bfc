/* SPDX-License-Identifier: MIT */
/* The task model: fields, validation of user input, and the task JSON shape
 * (DESIGN section 2) shared by the CLI, the tools and the server. */
#ifndef TODO_TASK_H
#define TODO_TASK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "err.h"

#define TITLE_MAX 500   /* characters, after trimming */
#define DESC_MAX 10000
#define TAG_MAX 64

enum task_prio { PRIO_NONE = 0, PRIO_LOW, PRIO_MEDIUM, PRIO_HIGH };

/* Fields of one task. Every char * is owned by the struct and freed by
 * task_release(); due and completed_at are NULL when unset. */
struct task {
	int64_t id;
	char uuid[37];
	char *user_id;
	char *title;
	char *description;
	bool completed;
	int priority;        /* enum task_prio */
	char *due;
	char **tags;
	size_t ntags;
	char *created_at;
	char *updated_at;
	char *completed_at;
};

/* Which fields an update touches. */
enum task_field {
	TF_TITLE = 1 << 0,
	TF_DESC = 1 << 1,
	TF_DUE = 1 << 2,
	TF_PRIO = 1 << 3,
	TF_TAGS = 1 << 4,
	TF_COMPLETED = 1 << 5,
};

void task_init(struct task *t);
void task_release(struct task *t);
void task_copy(struct task *dst, const struct task *src);   /* deep copy */

/* New cJSON object in the task JSON shape; caller owns it. It is for
 * printing: "id" is a raw item (its digits in valuestring), since cJSON
 * would print a number through sprintf("%1.15g") and sscanf, which was a
 * tenth of the time of a list request. */
cJSON *task_to_json(const struct task *t);

/* Validators: on success store a new trimmed/normalised string in *out
 * (caller frees) and return TODO_OK; otherwise TODO_EINVAL with a message. */
int task_check_title(const char *in, char **out, struct todo_err *e);
int task_check_desc(const char *in, char **out, struct todo_err *e);
/* Tags lose a leading '#', are lower-cased and may not hold spaces. */
int task_check_tag(const char *in, char **out, struct todo_err *e);

/* "none|low|medium|high" (also "l/m/h", "p1".."p3", "1".."3"). */
int prio_parse(const char *s, int *out, struct todo_err *e);
const char *prio_name(int prio);

/* Tag list helpers. task_add_tag ignores duplicates (copies tag);
 * task_remove_tag returns true when the tag was there. */
void task_add_tag(struct task *t, const char *tag);
bool task_remove_tag(struct task *t, const char *tag);
bool task_has_tag(const struct task *t, const char *tag);
void task_clear_tags(struct task *t);
/* Tags as compact JSON array text (caller frees) and back (replaces t's tags;
 * returns false on malformed text). */
char *task_tags_json(const struct task *t);
bool task_tags_from_json(struct task *t, const char *text);

/* The sync field names, in enum task_field order. */
extern const char *const task_field_names[6];
/* {"title":..., "description":..., "completed":..., "priority":..., "due":...,
 * "tags":[...]} for the fields in mask; caller owns the result. */
cJSON *task_fields_json(const struct task *t, unsigned mask);
/* Reads the known fields present in obj into t (validated as user input)
 * and ORs their bits into *mask. TODO_EINVAL with a message on a bad value. */
int task_fields_apply(struct task *t, const cJSON *obj, unsigned *mask, struct todo_err *e);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (caller frees). */
char *now_iso_utc(void);
/* Milliseconds since the epoch (wall clock), for sync field clocks. */
int64_t now_ms(void);
/* A fresh UUID, version 7: time-ordered (48 bits of Unix ms), 74 random bits. */
void uuid_new(char out[37]);

#endif
