/* SPDX-License-Identifier: MIT */
/* todo.txt and taskwarrior conversions for export and import. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "convert.h"
#include "date.h"
#include "util.h"

static const char prio_letter[] = {0, 'C', 'B', 'A'};   /* indexed by enum task_prio */

char *todotxt_format(const struct task *t)
{
	struct buf b;
	buf_init(&b);
	if (t->completed) {
		buf_puts(&b, "x ");
		if (t->completed_at)
			buf_printf(&b, "%.10s ", t->completed_at);
	} else if (t->priority != PRIO_NONE) {
		buf_printf(&b, "(%c) ", prio_letter[t->priority]);
	}
	if (t->created_at)
		buf_printf(&b, "%.10s ", t->created_at);
	buf_puts(&b, t->title);
	for (size_t i = 0; i < t->ntags; i++)
		buf_printf(&b, " +%s", t->tags[i]);
	if (t->due)
		buf_printf(&b, " due:%s", t->due);
	/* todo.txt has no priority on done tasks; keep it as a key so a round
	 * trip loses nothing. */
	if (t->completed && t->priority != PRIO_NONE)
		buf_printf(&b, " pri:%c", prio_letter[t->priority]);
	return buf_take(&b);
}

static int letter_prio(char c)
{
	c = (char)toupper((unsigned char)c);
	return c == 'A' ? PRIO_HIGH : c == 'B' ? PRIO_MEDIUM : c >= 'C' && c <= 'Z' ? PRIO_LOW : PRIO_NONE;
}

/* When p starts with a YYYY-MM-DD word, stores "YYYY-MM-DDT00:00:00Z" in
 * *out and returns the bytes to skip (the date and one space). */
static size_t take_date(const char *p, char **out)
{
	char d[11];
	if (strlen(p) < 10 || (p[10] != ' ' && p[10] != '\0'))
		return 0;
	memcpy(d, p, 10);
	d[10] = '\0';
	if (!date_valid_due(d))
		return 0;
	free(*out);
	*out = xasprintf("%sT00:00:00Z", d);
	return p[10] ? 11 : 10;
}

int todotxt_parse(const char *line, struct task *t, struct todo_err *e)
{
	char *copy = str_trim_dup(line);
	char *p = copy;
	struct buf title;
	buf_init(&title);
	int rc = TODO_OK;
	if (!*p) {
		free(copy);
		return TODO_ENOTFOUND;
	}
	if (p[0] == 'x' && p[1] == ' ') {
		t->completed = true;
		p += 2;
		while (*p == ' ')
			p++;
		p += take_date(p, &t->completed_at);
	}
	if (p[0] == '(' && isupper((unsigned char)p[1]) && p[2] == ')' && p[3] == ' ') {
		t->priority = letter_prio(p[1]);
		p += 4;
	}
	while (*p == ' ')
		p++;
	p += take_date(p, &t->created_at);
	char *save = NULL;
	for (char *w = strtok_r(p, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (w[0] == '+' && w[1]) {
			char *tag;
			if (task_check_tag(w + 1, &tag, NULL) == TODO_OK) {
				task_add_tag(t, tag);
				free(tag);
				continue;
			}
		} else if (str_has_prefix(w, "due:") && date_valid_due(w + 4)) {
			free(t->due);
			t->due = xstrdup(w + 4);
			continue;
		} else if (str_has_prefix(w, "pri:") && w[4] && !w[5]) {
			t->priority = letter_prio(w[4]);
			continue;
		}
		if (title.len)
			buf_puts(&title, " ");
		buf_puts(&title, w);
	}
	free(t->title);
	t->title = NULL;
	rc = task_check_title(title.s ? title.s : "", &t->title, e);
	buf_free(&title);
	free(copy);
	return rc;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* taskwarrior dates look like 20260311T090000Z (UTC). */
static char *tw_date_iso(const char *s)
{
	int y, mo, d, h, mi, sec;
	if (!s || sscanf(s, "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &sec) != 6)
		return NULL;
	return xasprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, sec);
}

static int from_taskwarrior(const cJSON *o, struct task *t, bool *skip, struct todo_err *e)
{
	const char *status = jstr(o, "status");
	if (status && (strcmp(status, "deleted") == 0 || strcmp(status, "recurring") == 0)) {
		*skip = true;
		return TODO_OK;
	}
	int rc = task_check_title(jstr(o, "description"), &t->title, e);
	if (rc != TODO_OK)
		return rc;
	t->completed = status && strcmp(status, "completed") == 0;
	const char *pri = jstr(o, "priority");
	if (pri)
		t->priority = *pri == 'H' ? PRIO_HIGH : *pri == 'M' ? PRIO_MEDIUM : *pri == 'L' ? PRIO_LOW : PRIO_NONE;
	const char *uuid = jstr(o, "uuid");
	if (uuid && strlen(uuid) == 36)
		memcpy(t->uuid, uuid, 37);
	t->created_at = tw_date_iso(jstr(o, "entry"));
	t->updated_at = tw_date_iso(jstr(o, "modified"));
	if (t->completed)
		t->completed_at = tw_date_iso(jstr(o, "end"));
	char *due = tw_date_iso(jstr(o, "due"));
	if (due) {
		/* taskwarrior stores a local midnight in UTC; keep the date only
		 * when the time is midnight, else the local-ish date-time. */
		bool midnight = strcmp(due + 11, "00:00:00Z") == 0;
		t->due = midnight ? xstrndup(due, 10) : xasprintf("%.10sT%.5s", due, due + 11);
		free(due);
	}
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags"), *it;
	cJSON_ArrayForEach(it, tags) {
		char *tag;
		if (cJSON_IsString(it) && task_check_tag(it->valuestring, &tag, NULL) == TODO_OK) {
			task_add_tag(t, tag);
			free(tag);
		}
	}
	const char *project = jstr(o, "project");
	char *ptag;
	if (project && task_check_tag(project, &ptag, NULL) == TODO_OK) {
		task_add_tag(t, ptag);
		free(ptag);
	}
	const cJSON *ann = cJSON_GetObjectItemCaseSensitive(o, "annotations");
	struct buf d;
	buf_init(&d);
	cJSON_ArrayForEach(it, ann) {
		const char *txt = jstr(it, "description");
		if (txt) {
			if (d.len)
				buf_puts(&d, "\n");
			buf_puts(&d, txt);
		}
	}
	if (d.len)
		rc = task_check_desc(d.s, &t->description, e);
	buf_free(&d);
	return rc;
}

int task_from_json(const cJSON *o, struct task *t, bool *skip, struct todo_err *e)
{
	*skip = false;
	if (!cJSON_IsObject(o))
		return err_set(e, TODO_EINVAL, "each entry must be a JSON object");
	if (!cJSON_GetObjectItemCaseSensitive(o, "title") && jstr(o, "description") &&
	    (cJSON_GetObjectItemCaseSensitive(o, "entry") || cJSON_GetObjectItemCaseSensitive(o, "status")))
		return from_taskwarrior(o, t, skip, e);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "title");
	if (!cJSON_IsString(v))
		return err_set(e, TODO_EINVAL, "an entry has no \"title\" string");
	int rc = task_check_title(v->valuestring, &t->title, e);
	if (rc != TODO_OK)
		return rc;
	const char *s;
	if ((s = jstr(o, "description")) && (rc = task_check_desc(s, &t->description, e)) != TODO_OK)
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(o, "completed");
	if (v && !cJSON_IsBool(v))
		return err_set(e, TODO_EINVAL, "\"completed\" must be true or false in '%s'", t->title);
	t->completed = cJSON_IsTrue(v);
	if ((s = jstr(o, "priority")) && (rc = prio_parse(s, &t->priority, e)) != TODO_OK)
		return rc;
	if ((s = jstr(o, "due"))) {
		if (!date_valid_due(s))
			return err_set(e, TODO_EINVAL, "bad due date '%s' in '%s'", s, t->title);
		t->due = xstrdup(s);
	}
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags"), *it;
	if (tags && !cJSON_IsArray(tags))
		return err_set(e, TODO_EINVAL, "\"tags\" must be a list in '%s'", t->title);
	cJSON_ArrayForEach(it, tags) {
		char *tag;
		if (!cJSON_IsString(it) || (rc = task_check_tag(it->valuestring, &tag, e)) != TODO_OK)
			return err_set(e, TODO_EINVAL, "bad tag in '%s'", t->title);
		task_add_tag(t, tag);
		free(tag);
	}
	if ((s = jstr(o, "uuid")) && strlen(s) == 36)
		memcpy(t->uuid, s, 37);
	if ((s = jstr(o, "created_at")))
		t->created_at = xstrdup(s);
	if ((s = jstr(o, "updated_at")))
		t->updated_at = xstrdup(s);
	if ((s = jstr(o, "completed_at")) && t->completed)
		t->completed_at = xstrdup(s);
	return TODO_OK;
}
