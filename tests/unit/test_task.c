/* SPDX-License-Identifier: MIT */
/* Unit tests: task validation, tags, priorities, JSON shape, conversions. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "convert.h"
#include "task.h"
#include "util.h"
#include "t.h"

static void titles(void)
{
	char *out = NULL;
	struct todo_err e;
	CHECK("title trimmed", task_check_title("  Call mom \n", &out, &e) == TODO_OK && strcmp(out, "Call mom") == 0);
	free(out);
	CHECK("empty title refused", task_check_title("", &out, &e) == TODO_EINVAL);
	CHECK("blank title refused", task_check_title("   \t ", &out, &e) == TODO_EINVAL);
	CHECK("empty title message", strstr(e.msg, "empty") != NULL);
	char big[502];
	memset(big, 'x', 501);
	big[501] = '\0';
	CHECK("501 characters refused", task_check_title(big, &out, &e) == TODO_EINVAL && strstr(e.msg, "501"));
	big[500] = '\0';
	CHECK("500 characters accepted", task_check_title(big, &out, &e) == TODO_OK);
	free(out);
	/* 500 two-byte characters are 500 characters, not 1000. */
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < 500; i++)
		buf_puts(&b, "\xc3\xa9");
	CHECK("500 UTF-8 characters accepted", task_check_title(b.s, &out, &e) == TODO_OK);
	free(out);
	buf_free(&b);
	CHECK("invalid UTF-8 refused", task_check_title("bad \xff byte", &out, &e) == TODO_EINVAL);
	CHECK("control characters refused", task_check_title("a\x01z", &out, &e) == TODO_EINVAL);
	CHECK("NULL title refused", task_check_title(NULL, &out, &e) == TODO_EINVAL);
	CHECK("description keeps newlines", task_check_desc("a\nb", &out, &e) == TODO_OK && strcmp(out, "a\nb") == 0);
	free(out);
}

static void tags_and_prio(void)
{
	char *tag;
	struct todo_err e;
	int p;
	CHECK("tag loses # and is lower-cased", task_check_tag("#Work", &tag, &e) == TODO_OK && strcmp(tag, "work") == 0);
	free(tag);
	CHECK("tag with space refused", task_check_tag("two words", &tag, &e) == TODO_EINVAL);
	CHECK("empty tag refused", task_check_tag("#", &tag, &e) == TODO_EINVAL);
	CHECK("prio high", prio_parse("high", &p, &e) == TODO_OK && p == PRIO_HIGH);
	CHECK("prio p2", prio_parse("P2", &p, &e) == TODO_OK && p == PRIO_MEDIUM);
	CHECK("prio none", prio_parse("none", &p, &e) == TODO_OK && p == PRIO_NONE);
	CHECK("prio bogus refused", prio_parse("extreme", &p, &e) == TODO_EINVAL);
	CHECK_STR("prio name", prio_name(PRIO_LOW), "low");

	struct task t;
	task_init(&t);
	task_add_tag(&t, "a");
	task_add_tag(&t, "b");
	task_add_tag(&t, "a");
	CHECK("duplicate tag ignored", t.ntags == 2);
	char *j = task_tags_json(&t);
	CHECK_STR("tags json", j, "[\"a\",\"b\"]");
	free(j);
	CHECK("remove tag", task_remove_tag(&t, "a") && t.ntags == 1 && !task_has_tag(&t, "a"));
	CHECK("tags from json", task_tags_from_json(&t, "[\"x\",\"y\"]") && t.ntags == 2);
	CHECK("bad tags json refused", !task_tags_from_json(&t, "{"));
	task_release(&t);
}

static void json_shape(void)
{
	struct task t;
	task_init(&t);
	t.id = 5;
	strcpy(t.uuid, "00000000-0000-4000-8000-000000000000");
	t.user_id = xstrdup("local");
	t.title = xstrdup("Call mom");
	t.description = xstrdup("");
	t.due = xstrdup("2026-03-11");
	task_add_tag(&t, "family");
	t.created_at = xstrdup("2026-03-10T09:00:00Z");
	t.updated_at = xstrdup("2026-03-10T09:00:00Z");
	cJSON *o = task_to_json(&t);
	const char *keys[] = {"id", "uuid", "user_id", "title", "description", "completed", "priority",
			      "due", "tags", "created_at", "updated_at", "completed_at"};
	bool all = true;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		all = all && cJSON_HasObjectItem(o, keys[i]);
	CHECK("task JSON has every field", all);
	CHECK("completed_at null", cJSON_IsNull(cJSON_GetObjectItem(o, "completed_at")));
	CHECK("completed false", cJSON_IsFalse(cJSON_GetObjectItem(o, "completed")));
	CHECK_STR("priority none", cJSON_GetObjectItem(o, "priority")->valuestring, "none");
	cJSON_Delete(o);

	char *line = todotxt_format(&t);
	CHECK_STR("todo.txt line", line, "2026-03-10 Call mom +family due:2026-03-11");
	free(line);
	task_release(&t);
}

static void todotxt(void)
{
	struct task t;
	struct todo_err e;
	task_init(&t);
	CHECK("todo.txt parse", todotxt_parse("x 2026-03-11 2026-03-10 Pay rent +home due:2026-03-12 pri:A", &t, &e) == TODO_OK);
	CHECK_STR("todo.txt title", t.title, "Pay rent");
	CHECK("todo.txt done", t.completed);
	CHECK("todo.txt priority kept", t.priority == PRIO_HIGH);
	CHECK_STR("todo.txt due", t.due, "2026-03-12");
	CHECK("todo.txt tag", t.ntags == 1 && strcmp(t.tags[0], "home") == 0);
	task_release(&t);
	task_init(&t);
	CHECK("todo.txt priority letter", todotxt_parse("(B) Call the bank", &t, &e) == TODO_OK && t.priority == PRIO_MEDIUM);
	task_release(&t);
	task_init(&t);
	CHECK("blank todo.txt line skipped", todotxt_parse("   ", &t, &e) == TODO_ENOTFOUND);
	task_release(&t);
	task_init(&t);
	CHECK("todo.txt line of only tags refused", todotxt_parse("+a +b", &t, &e) == TODO_EINVAL);
	task_release(&t);

	cJSON *tw = cJSON_Parse("{\"description\":\"Write report\",\"status\":\"pending\",\"entry\":\"20260310T090000Z\","
				"\"due\":\"20260312T000000Z\",\"priority\":\"H\",\"tags\":[\"Work\"],\"project\":\"acme\","
				"\"uuid\":\"0b1b5a0e-4f6c-4c1e-9a55-111111111111\"}");
	bool skip;
	task_init(&t);
	CHECK("taskwarrior entry", task_from_json(tw, &t, &skip, &e) == TODO_OK && !skip);
	CHECK_STR("taskwarrior title", t.title, "Write report");
	CHECK_STR("taskwarrior due", t.due, "2026-03-12");
	CHECK("taskwarrior priority", t.priority == PRIO_HIGH);
	CHECK("taskwarrior tags + project", t.ntags == 2 && task_has_tag(&t, "work") && task_has_tag(&t, "acme"));
	CHECK_STR("taskwarrior uuid", t.uuid, "0b1b5a0e-4f6c-4c1e-9a55-111111111111");
	CHECK_STR("taskwarrior created", t.created_at, "2026-03-10T09:00:00Z");
	task_release(&t);
	cJSON_Delete(tw);
	tw = cJSON_Parse("{\"description\":\"gone\",\"status\":\"deleted\",\"entry\":\"20260310T090000Z\"}");
	task_init(&t);
	CHECK("taskwarrior deleted skipped", task_from_json(tw, &t, &skip, &e) == TODO_OK && skip);
	task_release(&t);
	cJSON_Delete(tw);
	tw = cJSON_Parse("{\"title\":\"x\",\"completed\":\"yes\"}");
	task_init(&t);
	CHECK("wrong completed type refused", task_from_json(tw, &t, &skip, &e) == TODO_EINVAL);
	task_release(&t);
	cJSON_Delete(tw);
}

static void ids(void)
{
	int64_t id;
	CHECK("id 3", str_to_id("3", &id) && id == 3);
	CHECK("id #3", str_to_id("#3", &id) && id == 3);
	CHECK("id abc refused", !str_to_id("abc", &id));
	CHECK("id -1 refused", !str_to_id("-1", &id));
	CHECK("id 0 refused", !str_to_id("0", &id));
	CHECK("id overflow refused", !str_to_id("99999999999999999999", &id));
	CHECK("id empty refused", !str_to_id("", &id));
	char u[37], u2[37];
	uuid_new(u);
	CHECK("uuid v7 shape", strlen(u) == 36 && u[14] == '7' && u[8] == '-' && u[13] == '-' &&
				       strchr("89ab", u[19]) != NULL);
	/* The first 48 bits are the time in ms: within a second of now. */
	char hex[13];
	memcpy(hex, u, 8);
	memcpy(hex + 8, u + 9, 4);
	hex[12] = '\0';
	long long ms = strtoll(hex, NULL, 16);
	CHECK("uuid v7 time", llabs(ms - (long long)now_ms()) < 1000);
	struct timespec pause = {0, 2000000};
	nanosleep(&pause, NULL);
	uuid_new(u2);
	CHECK("uuid v7 later sorts after", strcmp(u2, u) > 0);
	uuid_new(u2);
	CHECK("uuid v7 random part differs", strcmp(u2 + 19, u + 19) != 0);
}

int main(void)
{
	titles();
	tags_and_prio();
	json_shape();
	todotxt();
	ids();
	return T_DONE();
}
