/* SPDX-License-Identifier: MIT */
/* Task fields, validation and the task JSON shape. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "date.h"
#include "task.h"
#include "util.h"

void task_init(struct task *t)
{
	memset(t, 0, sizeof *t);
}

void task_release(struct task *t)
{
	free(t->user_id);
	free(t->title);
	free(t->description);
	free(t->due);
	task_clear_tags(t);
	free(t->created_at);
	free(t->updated_at);
	free(t->completed_at);
	task_init(t);
}

void task_copy(struct task *dst, const struct task *src)
{
	task_init(dst);
	dst->id = src->id;
	memcpy(dst->uuid, src->uuid, sizeof dst->uuid);
	dst->user_id = xstrdup(src->user_id);
	dst->title = xstrdup(src->title);
	dst->description = xstrdup(src->description);
	dst->completed = src->completed;
	dst->priority = src->priority;
	dst->due = xstrdup(src->due);
	for (size_t i = 0; i < src->ntags; i++)
		task_add_tag(dst, src->tags[i]);
	dst->created_at = xstrdup(src->created_at);
	dst->updated_at = xstrdup(src->updated_at);
	dst->completed_at = xstrdup(src->completed_at);
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

cJSON *task_to_json(const struct task *t)
{
	cJSON *o = cJSON_CreateObject();
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	cJSON_AddRawToObject(o, "id", id);
	cJSON_AddStringToObject(o, "uuid", t->uuid);
	cJSON_AddStringToObject(o, "user_id", t->user_id ? t->user_id : "");
	cJSON_AddStringToObject(o, "title", t->title ? t->title : "");
	cJSON_AddStringToObject(o, "description", t->description ? t->description : "");
	cJSON_AddBoolToObject(o, "completed", t->completed);
	cJSON_AddStringToObject(o, "priority", prio_name(t->priority));
	cJSON_AddItemToObject(o, "due", str_or_null(t->due));
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	for (size_t i = 0; i < t->ntags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(t->tags[i]));
	cJSON_AddItemToObject(o, "created_at", str_or_null(t->created_at));
	cJSON_AddItemToObject(o, "updated_at", str_or_null(t->updated_at));
	cJSON_AddItemToObject(o, "completed_at", str_or_null(t->completed_at));
	return o;
}

/* Control characters would garble terminals and logs; tabs and newlines are
 * only allowed in descriptions. */
static bool has_bad_ctrl(const char *s, bool allow_newlines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t' || c == '\r')))
			return true;
		if (c == 0x7f)
			return true;
	}
	return false;
}

int task_check_title(const char *in, char **out, struct todo_err *e)
{
	if (!in)
		return err_set(e, TODO_EINVAL, "a task needs a title");
	if (!utf8_valid(in, strlen(in)))
		return err_set(e, TODO_EINVAL, "the title is not valid UTF-8");
	char *t = str_trim_dup(in);
	size_t n = utf8_len(t);
	if (n == 0) {
		free(t);
		return err_set(e, TODO_EINVAL, "a task needs a title (it is empty)");
	}
	if (n > TITLE_MAX) {
		free(t);
		return err_set(e, TODO_EINVAL, "the title is %zu characters long; the limit is %d", n, TITLE_MAX);
	}
	if (has_bad_ctrl(t, false)) {
		free(t);
		return err_set(e, TODO_EINVAL, "the title holds control characters");
	}
	*out = t;
	return TODO_OK;
}

int task_check_desc(const char *in, char **out, struct todo_err *e)
{
	if (!in)
		in = "";
	if (!utf8_valid(in, strlen(in)))
		return err_set(e, TODO_EINVAL, "the description is not valid UTF-8");
	char *d = str_trim_dup(in);
	size_t n = utf8_len(d);
	if (n > DESC_MAX) {
		free(d);
		return err_set(e, TODO_EINVAL, "the description is %zu characters long; the limit is %d", n, DESC_MAX);
	}
	if (has_bad_ctrl(d, true)) {
		free(d);
		return err_set(e, TODO_EINVAL, "the description holds control characters");
	}
	*out = d;
	return TODO_OK;
}

int task_check_tag(const char *in, char **out, struct todo_err *e)
{
	if (!in)
		return err_set(e, TODO_EINVAL, "empty tag");
	char *t = str_trim_dup(in[0] == '#' ? in + 1 : in);
	if (!*t || utf8_len(t) > TAG_MAX || !utf8_valid(t, strlen(t))) {
		err_set(e, TODO_EINVAL, "bad tag '%s': tags are 1-%d characters", in, TAG_MAX);
		free(t);
		return TODO_EINVAL;
	}
	for (char *p = t; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isspace(c) || c < 0x20 || c == ',' || c == '#' || c == 0x7f) {
			err_set(e, TODO_EINVAL, "bad tag '%s': no spaces, commas or '#' inside a tag", in);
			free(t);
			return TODO_EINVAL;
		}
		*p = (char)tolower(c);
	}
	*out = t;
	return TODO_OK;
}

static const struct {
	const char *word;
	int prio;
} prio_words[] = {
	{"none", PRIO_NONE}, {"", PRIO_NONE}, {"0", PRIO_NONE},
	{"low", PRIO_LOW}, {"l", PRIO_LOW}, {"p3", PRIO_LOW}, {"3", PRIO_LOW},
	{"medium", PRIO_MEDIUM}, {"med", PRIO_MEDIUM}, {"m", PRIO_MEDIUM}, {"p2", PRIO_MEDIUM}, {"2", PRIO_MEDIUM},
	{"high", PRIO_HIGH}, {"h", PRIO_HIGH}, {"p1", PRIO_HIGH}, {"1", PRIO_HIGH},
};

int prio_parse(const char *s, int *out, struct todo_err *e)
{
	if (s) {
		for (size_t i = 0; i < sizeof prio_words / sizeof prio_words[0]; i++) {
			if (str_ieq(s, prio_words[i].word)) {
				*out = prio_words[i].prio;
				return TODO_OK;
			}
		}
	}
	return err_set(e, TODO_EINVAL, "unknown priority '%s' (use none, low, medium or high)", s ? s : "");
}

const char *prio_name(int prio)
{
	switch (prio) {
	case PRIO_LOW: return "low";
	case PRIO_MEDIUM: return "medium";
	case PRIO_HIGH: return "high";
	default: return "none";
	}
}

bool task_has_tag(const struct task *t, const char *tag)
{
	for (size_t i = 0; i < t->ntags; i++)
		if (strcmp(t->tags[i], tag) == 0)
			return true;
	return false;
}

void task_add_tag(struct task *t, const char *tag)
{
	if (task_has_tag(t, tag))
		return;
	t->tags = xrealloc(t->tags, (t->ntags + 1) * sizeof *t->tags);
	t->tags[t->ntags++] = xstrdup(tag);
}

bool task_remove_tag(struct task *t, const char *tag)
{
	for (size_t i = 0; i < t->ntags; i++) {
		if (strcmp(t->tags[i], tag) == 0) {
			free(t->tags[i]);
			memmove(t->tags + i, t->tags + i + 1, (t->ntags - i - 1) * sizeof *t->tags);
			t->ntags--;
			return true;
		}
	}
	return false;
}

void task_clear_tags(struct task *t)
{
	for (size_t i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	t->tags = NULL;
	t->ntags = 0;
}

char *task_tags_json(const struct task *t)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < t->ntags; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(t->tags[i]));
	char *s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	char *r = xstrdup(s);
	cJSON_free(s);
	return r;
}

bool task_tags_from_json(struct task *t, const char *text)
{
	task_clear_tags(t);
	if (!text || !*text)
		return true;
	cJSON *a = cJSON_Parse(text);
	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return false;
	}
	cJSON *it;
	cJSON_ArrayForEach(it, a) {
		if (cJSON_IsString(it))
			task_add_tag(t, it->valuestring);
	}
	cJSON_Delete(a);
	return true;
}

const char *const task_field_names[6] = {"title", "description", "due", "priority", "tags", "completed"};

cJSON *task_fields_json(const struct task *t, unsigned mask)
{
	cJSON *o = cJSON_CreateObject();
	if (mask & TF_TITLE)
		cJSON_AddStringToObject(o, "title", t->title ? t->title : "");
	if (mask & TF_DESC)
		cJSON_AddStringToObject(o, "description", t->description ? t->description : "");
	if (mask & TF_DUE)
		cJSON_AddItemToObject(o, "due", str_or_null(t->due));
	if (mask & TF_PRIO)
		cJSON_AddStringToObject(o, "priority", prio_name(t->priority));
	if (mask & TF_TAGS) {
		cJSON *tags = cJSON_AddArrayToObject(o, "tags");
		for (size_t i = 0; i < t->ntags; i++)
			cJSON_AddItemToArray(tags, cJSON_CreateString(t->tags[i]));
	}
	if (mask & TF_COMPLETED)
		cJSON_AddBoolToObject(o, "completed", t->completed);
	return o;
}

int task_fields_apply(struct task *t, const cJSON *obj, unsigned *mask, struct todo_err *e)
{
	const cJSON *v;
	char *s;
	int r;
	if (!cJSON_IsObject(obj))
		return err_set(e, TODO_EINVAL, "fields must be an object");
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "title"))) {
		if (!cJSON_IsString(v) || (r = task_check_title(v->valuestring, &s, e)) != TODO_OK)
			return err_set(e, TODO_EINVAL, "bad title");
		free(t->title);
		t->title = s;
		*mask |= TF_TITLE;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "description"))) {
		if (!cJSON_IsString(v) || (r = task_check_desc(v->valuestring, &s, e)) != TODO_OK)
			return err_set(e, TODO_EINVAL, "bad description");
		free(t->description);
		t->description = s;
		*mask |= TF_DESC;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "due"))) {
		if (!cJSON_IsNull(v) && !(cJSON_IsString(v) && date_valid_due(v->valuestring)))
			return err_set(e, TODO_EINVAL, "bad due date");
		free(t->due);
		t->due = cJSON_IsNull(v) ? NULL : xstrdup(v->valuestring);
		*mask |= TF_DUE;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "priority"))) {
		if (!cJSON_IsString(v) || prio_parse(v->valuestring, &t->priority, e) != TODO_OK)
			return err_set(e, TODO_EINVAL, "bad priority");
		*mask |= TF_PRIO;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "tags"))) {
		const cJSON *it;
		if (!cJSON_IsArray(v))
			return err_set(e, TODO_EINVAL, "bad tags");
		task_clear_tags(t);
		cJSON_ArrayForEach(it, v) {
			if (!cJSON_IsString(it) || task_check_tag(it->valuestring, &s, e) != TODO_OK)
				return err_set(e, TODO_EINVAL, "bad tag");
			task_add_tag(t, s);
			free(s);
		}
		*mask |= TF_TAGS;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(obj, "completed"))) {
		if (!cJSON_IsBool(v))
			return err_set(e, TODO_EINVAL, "bad completed");
		t->completed = cJSON_IsTrue(v);
		*mask |= TF_COMPLETED;
	}
	return TODO_OK;
}

int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *now_iso_utc(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char b[32];
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(b);
}

void uuid_new(char out[37])
{
	unsigned char r[16];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);
		if (n <= 0) {
			/* getrandom cannot fail for 16 bytes once the pool is up;
			 * fall back to rand() seeded by time rather than abort. */
			srand((unsigned)time(NULL) ^ (unsigned)(uintptr_t)out);
			for (; got < sizeof r; got++)
				r[got] = (unsigned char)rand();
			break;
		}
		got += (size_t)n;
	}
	/* Version 7 (RFC 9562): the first 48 bits are the Unix time in ms, so
	 * new ids sort after old ones and land on the last page of every index
	 * on them, instead of a random page each (which made each batch of 40
	 * creates write 60 pages). The other 74 bits stay random. */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	for (int i = 0; i < 6; i++)
		r[i] = (unsigned char)(ms >> (40 - 8 * i));
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x70);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
		 r[11], r[12], r[13], r[14], r[15]);
}
