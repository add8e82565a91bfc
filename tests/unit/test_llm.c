/* SPDX-License-Identifier: MIT */
/* Unit tests for the Chat Completions client's pure parts: SSE parsing,
 * chunk and tool-call assembly, argument parsing, retry timing, history
 * replay. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "llm.h"
#include "t.h"

struct events {
	char got[16][256];
	int n;
};

static int collect(const char *data, size_t len, void *ctx)
{
	struct events *ev = ctx;
	if (ev->n < 16)
		snprintf(ev->got[ev->n++], 256, "%s", data);
	return 0;
}

static void feed_bytewise(struct llm_sse *p, const char *s)
{
	for (; *s; s++)
		llm_sse_feed(p, s, 1);
}

static void test_sse(void)
{
	struct events ev = {0};
	struct llm_sse p;
	llm_sse_init(&p, collect, &ev);
	feed_bytewise(&p, ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: x\ndata:two\ndata: lines\n\n"
			  "id: 5\nretry: 10\n\ndata: [DONE]\n\n");
	CHECK("sse: three events, comments and other fields skipped", ev.n == 3);
	CHECK_STR("sse: CRLF event", ev.got[0], "{\"a\":1}");
	CHECK_STR("sse: data lines joined, no-space form", ev.got[1], "two\nlines");
	CHECK_STR("sse: DONE", ev.got[2], "[DONE]");
	llm_sse_release(&p);

	memset(&ev, 0, sizeof ev);
	llm_sse_init(&p, collect, &ev);
	const char *s = "data: one\r";
	llm_sse_feed(&p, s, strlen(s));
	llm_sse_feed(&p, "\n\rdata: tail", 12);
	CHECK("sse: CR LF split across feeds, lone CR ends a line", ev.n == 1);
	llm_sse_finish(&p);
	CHECK("sse: finish dispatches an unterminated event", ev.n == 2);
	CHECK_STR("sse: unterminated event data", ev.got[1], "tail");
	llm_sse_release(&p);
}

static int feed_events(struct llm_reply *r, const char *stream, struct buf *pieces)
{
	/* Split into events by hand: lines "data: ..." one per event. */
	int rc = TODO_OK;
	const char *p = stream;
	while (*p && rc == TODO_OK) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		rc = llm_reply_event(r, line, pieces);
		free(line);
		p += n + (nl ? 1 : 0);
	}
	return rc;
}

static void test_chunks(void)
{
	struct llm_reply r;
	struct buf pieces;
	buf_init(&pieces);
	llm_reply_init(&r);
	int rc = feed_events(&r,
		"{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Ok\"},\"finish_reason\":null}]}\n"
		"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c0\",\"type\":\"function\",\"function\":{\"name\":\"add_task\",\"arguments\":\"\"}}]}}]}\n"
		"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"c1\",\"function\":{\"name\":\"delete_task\",\"arguments\":\"{\\\"task_\"}}]}}]}\n"
		"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"title\\\":\"}}]}}]}\n"
		"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"id\\\":2}\"}}]}}]}\n"
		"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]}}]}\n"
		"{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n"
		"{\"choices\":[],\"usage\":{\"total_tokens\":5}}\n"
		"[DONE]",
		&pieces);
	CHECK("chunks: ok", rc == TODO_OK);
	CHECK_STR("chunks: text", r.text.s, "Ok");
	CHECK_STR("chunks: pieces passed on", pieces.s, "Ok");
	CHECK("chunks: two calls", r.ncalls == 2);
	CHECK_STR("chunks: call 0 name", r.calls[0].name, "add_task");
	CHECK_STR("chunks: call 0 args concatenated", r.calls[0].args.s, "{\"title\":\"x\"}");
	CHECK_STR("chunks: call 1 id", r.calls[1].id, "c1");
	CHECK_STR("chunks: call 1 args interleaved", r.calls[1].args.s, "{\"task_id\":2}");
	CHECK_STR("chunks: finish reason", r.finish, "tool_calls");
	CHECK("chunks: DONE seen", r.done);
	llm_reply_release(&r);

	/* Ollama: whole calls, each index 0, distinct ids. */
	llm_reply_init(&r);
	rc = feed_events(&r,
		"{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"a\",\"index\":0,\"function\":{\"name\":\"complete_task\",\"arguments\":\"{\\\"task_id\\\":1}\"}}]}}]}\n"
		"{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"b\",\"index\":0,\"function\":{\"name\":\"complete_task\",\"arguments\":\"{\\\"task_id\\\":2}\"}}]}}]}\n",
		NULL);
	CHECK("ollama: two calls from repeated index 0", rc == TODO_OK && r.ncalls == 2);
	CHECK_STR("ollama: second call args", r.ncalls == 2 ? r.calls[1].args.s : NULL, "{\"task_id\":2}");
	llm_reply_release(&r);

	/* An error event mid-stream. */
	llm_reply_init(&r);
	rc = feed_events(&r, "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n{\"error\":{\"message\":\"overloaded\"}}", NULL);
	CHECK("error event: fails", rc == TODO_EIO);
	CHECK_STR("error event: message", r.error, "overloaded");
	llm_reply_release(&r);

	llm_reply_init(&r);
	rc = feed_events(&r, "{\"choices\":[{\"delta\":", NULL);
	CHECK("garbage chunk: fails", rc == TODO_EIO && r.error && strstr(r.error, "not JSON"));
	llm_reply_release(&r);
	buf_free(&pieces);
}

static void test_whole(void)
{
	struct llm_reply r;
	llm_reply_init(&r);
	cJSON *o = cJSON_Parse("{\"choices\":[{\"index\":0,\"finish_reason\":\"tool\",\"message\":{\"role\":\"assistant\","
			       "\"content\":null,\"tool_calls\":[{\"name\":\"add_task\",\"arguments\":{\"title\":\"a\"}},"
			       "{\"name\":\"add_task\",\"arguments\":\"{\\\"title\\\":\\\"b\\\"}\"}]}}]}");
	int rc = llm_reply_whole(&r, o);
	cJSON_Delete(o);
	CHECK("flat calls: two", rc == TODO_OK && r.ncalls == 2);
	CHECK_STR("flat calls: object arguments kept as text", r.calls[0].args.s, "{\"title\":\"a\"}");
	CHECK_STR("flat calls: string arguments", r.calls[1].args.s, "{\"title\":\"b\"}");
	CHECK("flat calls: no ids yet", r.calls[0].id == NULL);
	cJSON *m = llm_assistant_message(&r, 3);
	const cJSON *tc = cJSON_GetObjectItem(m, "tool_calls");
	CHECK_STR("assistant message: synthesised id", cJSON_GetObjectItem(cJSON_GetArrayItem(tc, 1), "id")->valuestring,
		  "call_r3_1");
	CHECK_STR("assistant message: arguments as a string",
		  cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(tc, 0), "function"), "arguments")->valuestring,
		  "{\"title\":\"a\"}");
	CHECK_STR("assistant message: id kept for the tool result", r.calls[1].id, "call_r3_1");
	cJSON_Delete(m);
	llm_reply_release(&r);

	llm_reply_init(&r);
	o = cJSON_Parse("{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}");
	CHECK("error body: fails", llm_reply_whole(&r, o) == TODO_EIO);
	CHECK_STR("error body: message", r.error, "bad key");
	cJSON_Delete(o);
	llm_reply_release(&r);

	llm_reply_init(&r);
	o = cJSON_Parse("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,"
			"\"function_call\":{\"name\":\"list_tasks\",\"arguments\":\"{}\"}}}]}");
	CHECK("legacy function_call: one call", llm_reply_whole(&r, o) == TODO_OK && r.ncalls == 1);
	cJSON_Delete(o);
	llm_reply_release(&r);
}

static void test_args_and_retry(void)
{
	char why[128];
	cJSON *a = llm_parse_args("", why, sizeof why);
	CHECK("args: empty is {}", cJSON_IsObject(a) && !a->child);
	cJSON_Delete(a);
	a = llm_parse_args(" {\"task_id\": 3} ", why, sizeof why);
	CHECK("args: object", cJSON_GetObjectItem(a, "task_id") != NULL);
	cJSON_Delete(a);
	CHECK("args: broken JSON", llm_parse_args("{\"title\": \"x", why, sizeof why) == NULL && strstr(why, "not valid JSON"));
	CHECK("args: array refused", llm_parse_args("[1]", why, sizeof why) == NULL);
	CHECK("args: trailing junk refused", llm_parse_args("{} x", why, sizeof why) == NULL);

	CHECK("backoff: first 500 ms", llm_backoff_ms(0, 0) == 500);
	CHECK("backoff: second 1 s", llm_backoff_ms(1, 0) == 1000);
	CHECK("backoff: capped at 8 s", llm_backoff_ms(7, 0) == 8000);
	CHECK("backoff: jitter at most 25 %", llm_backoff_ms(0, 0.999) >= 375);
	CHECK("retry-after: seconds", llm_retry_after_ms("2", NULL) == 2000);
	CHECK("retry-after-ms wins", llm_retry_after_ms("2", "150") == 150);
	CHECK("retry-after: fractional seconds", llm_retry_after_ms("0.5", NULL) == 500);
	CHECK("retry-after: over 60 s ignored", llm_retry_after_ms("120", NULL) == -1);
	CHECK("retry-after: zero ignored", llm_retry_after_ms("0", NULL) == -1);
	CHECK("retry-after: absent", llm_retry_after_ms(NULL, NULL) == -1);
	CHECK("retry-after: a past HTTP date ignored", llm_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", NULL) == -1);
}

static const char *role_at(const cJSON *msgs, int i)
{
	const cJSON *r = cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, i), "role");
	return cJSON_IsString(r) ? r->valuestring : "";
}

static void test_replay(void)
{
	struct tool_ctx tc = {.now = {2026, 3, 10, 2, 9, 0}};
	struct message h[] = {
		{.id = 7, .role = "assistant", .content = "orphan greeting"},
		{.id = 8, .role = "user", .content = "add milk"},
		{.id = 9, .role = "assistant", .content = "Added milk.",
		 .tool_calls = "[{\"name\":\"add_task\",\"arguments\":{\"title\":\"milk\"},\"result\":{\"task_id\":1}},"
			       "{\"name\":\"made_up\",\"arguments\":{},\"result\":{\"status\":\"error\"}}]"},
		{.id = 10, .role = "user", .content = "failed turn"},
		{.id = 11, .role = "tool", .content = "stray"},
	};
	struct agent_turn turn = {.tools = &tc, .history = h, .nhistory = 5, .message = "next"};
	cJSON *msgs = llm_messages(&turn);
	CHECK("replay: 6 messages", cJSON_GetArraySize(msgs) == 6);
	CHECK_STR("replay: system first", role_at(msgs, 0), "system");
	CHECK_STR("replay: leading assistant dropped", role_at(msgs, 1), "user");
	CHECK_STR("replay: assistant with calls", role_at(msgs, 2), "assistant");
	CHECK_STR("replay: tool result", role_at(msgs, 3), "tool");
	CHECK_STR("replay: answer text", role_at(msgs, 4), "assistant");
	CHECK_STR("replay: user", role_at(msgs, 5), "user");
	const cJSON *calls = cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 2), "tool_calls");
	CHECK("replay: unknown tool name left out", cJSON_GetArraySize(calls) == 1);
	CHECK_STR("replay: stable id", cJSON_GetObjectItem(cJSON_GetArrayItem(calls, 0), "id")->valuestring, "call_9_0");
	CHECK_STR("replay: tool_call_id pairs",
		  cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 3), "tool_call_id")->valuestring, "call_9_0");
	CHECK_STR("replay: consecutive user messages merge",
		  cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 5), "content")->valuestring, "failed turn\n\nnext");
	const char *sys = cJSON_GetObjectItem(cJSON_GetArrayItem(msgs, 0), "content")->valuestring;
	CHECK("replay: system prompt dated", strstr(sys, "Tuesday 2026-03-10 09:00") != NULL);
	cJSON_Delete(msgs);

	cJSON *tools = llm_tools();
	CHECK("tools: one per table row", (size_t)cJSON_GetArraySize(tools) == tool_count);
	bool schemas = true;
	const cJSON *t;
	cJSON_ArrayForEach(t, tools) {
		const cJSON *p = cJSON_GetObjectItem(cJSON_GetObjectItem(t, "function"), "parameters");
		const cJSON *type = cJSON_GetObjectItem(p, "type");
		schemas = schemas && cJSON_IsString(type) && strcmp(type->valuestring, "object") == 0;
	}
	CHECK("tools: every schema parses to an object schema", schemas);
	cJSON_Delete(tools);
}

/* A server that never answers: a listening socket nobody accepts on (the
 * kernel still completes the handshake, so the request goes out and the
 * client waits for a reply). */
static int silent_server(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 8) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *cancel_later(void *flag)
{
	struct timespec ts = {0, 300 * 1000000L};
	nanosleep(&ts, NULL);
	*(volatile int *)flag = 1;
	return NULL;
}

static void test_cancel_and_timeout(void)
{
	int port;
	int fd = silent_server(&port);
	CHECK("silent server listens", fd >= 0);
	if (fd < 0)
		return;
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/v1", port);
	volatile int cancel = 0;
	struct llm_conn conn = {.base_url = url, .model = "m", .timeout = 10, .retries = 2, .cancel = &cancel};
	struct llm_reply r;
	struct todo_err e = {0};
	pthread_t th;
	pthread_create(&th, NULL, cancel_later, (void *)&cancel);
	double t0 = seconds();
	llm_reply_init(&r);
	int rc = llm_post(&conn, "{}", &r, &e);
	double took = seconds() - t0;
	pthread_join(th, NULL);
	llm_reply_release(&r);
	CHECK("cancel: the transfer stops", rc != TODO_OK && took < 3.0);
	CHECK_STR("cancel: message", e.msg, "cancelled");

	conn.cancel = NULL;
	conn.timeout = 1;
	t0 = seconds();
	llm_reply_init(&r);
	rc = llm_post(&conn, "{}", &r, &e);
	took = seconds() - t0;
	llm_reply_release(&r);
	CHECK("idle timeout: gives up after about 1 s", rc == TODO_ENET && took >= 0.9 && took < 3.0);
	CHECK("idle timeout: message names the setting", strstr(e.msg, "within 1 s (TODO_LLM_TIMEOUT)") != NULL);
	close(fd);
}

int main(void)
{
	test_sse();
	test_chunks();
	test_whole();
	test_args_and_retry();
	test_replay();
	test_cancel_and_timeout();
	return T_DONE();
}
