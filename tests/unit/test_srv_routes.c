/* SPDX-License-Identifier: MIT */
/* Unit tests: the route table and the router without HTTP (statuses from
 * the flags, id parsing, JSON body checks, handlers over a temp SQLite). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../../server/server.h"
#include "t.h"

static char dir[] = "/tmp/todo-srv-unit-XXXXXX";
static char *alice, *bob;

/* Routes one request; the reply is left in *r (free r->out after). */
static int call(struct req *r, const char *method, const char *path, const char *tok, const char *body)
{
	static char hdr[1024];
	memset(r, 0, sizeof *r);
	r->method = method;
	r->path = path;
	if (tok) {
		snprintf(hdr, sizeof hdr, "Bearer %s", tok);
		r->auth = hdr;
	}
	r->body = body ? body : "";
	r->body_len = body ? strlen(body) : 0;
	route_request(r);
	pool_release(r->store, r->store_broken);
	r->store = NULL;
	return r->status;
}

static int status(const char *method, const char *path, const char *tok, const char *body)
{
	struct req r;
	int st = call(&r, method, path, tok, body);
	free(r.out);
	return st;
}

/* The id of a task made by POST; -1 on failure. */
static long long create(const char *title_json)
{
	struct req r;
	char body[256];
	snprintf(body, sizeof body, "{\"title\": %s}", title_json);
	long long id = -1;
	if (call(&r, "POST", "/api/alice/tasks", alice, body) == 201) {
		cJSON *j = cJSON_Parse(r.out);
		id = (long long)cJSON_GetObjectItem(j, "id")->valuedouble;
		cJSON_Delete(j);
	}
	free(r.out);
	return id;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char db[128];
	snprintf(db, sizeof db, "sqlite:%s/t.db", dir);
	cfg.secret = "unit-secret-0123456789abcdef0123";
	cfg.secret_len = strlen(cfg.secret);
	cfg.log_level = LOG_QUIET;
	struct todo_err e;
	CHECK("pool opens", pool_init(db, 2, &e) == TODO_OK);
	long long now = (long long)time(NULL);
	alice = jwt_mint("alice", cfg.secret, cfg.secret_len, now, 600);
	bob = jwt_mint("bob", cfg.secret, cfg.secret_len, now, 600);

	struct req r;
	CHECK("health 200", status("GET", "/health", NULL, NULL) == 200);
	CHECK("HEAD is GET", status("HEAD", "/health", NULL, NULL) == 200);
	CHECK("unknown 404", status("GET", "/api", NULL, NULL) == 404);
	CHECK("unknown deeper 404", status("GET", "/api/alice/tasks/1/x", alice, NULL) == 404);
	call(&r, "DELETE", "/api/alice/tasks", alice, NULL);
	CHECK("wrong method 405", r.status == 405);
	CHECK_STR("405 Allow", r.allow, "GET, POST, OPTIONS");
	free(r.out);
	call(&r, "OPTIONS", "/api/alice/tasks/7", NULL, NULL);
	CHECK("OPTIONS 204 without token", r.status == 204);
	CHECK_STR("OPTIONS Allow", r.allow, "GET, PUT, DELETE, OPTIONS");
	free(r.out);
	call(&r, "GET", "/api/alice/tasks", NULL, NULL);
	CHECK("no token 401", r.status == 401 && r.www_auth);
	free(r.out);
	CHECK("other user's path 403", status("GET", "/api/alice/tasks", bob, NULL) == 403);
	CHECK("403 before the id check", status("GET", "/api/alice/tasks/abc", bob, NULL) == 403);
	CHECK("401 before 403", status("GET", "/api/bob/tasks", "x.y.z", NULL) == 401);

	/* ids */
	CHECK("id abc 422", status("GET", "/api/alice/tasks/abc", alice, NULL) == 422);
	CHECK("id -1 422", status("GET", "/api/alice/tasks/-1", alice, NULL) == 422);
	CHECK("id 0 404", status("GET", "/api/alice/tasks/0", alice, NULL) == 404);
	CHECK("id 2^63 404", status("GET", "/api/alice/tasks/9223372036854775808", alice, NULL) == 404);
	CHECK("id 20 digits 404", status("GET", "/api/alice/tasks/99999999999999999999", alice, NULL) == 404);
	CHECK("id 40 digits 404", status("GET", "/api/alice/tasks/1234567890123456789012345678901234567890", alice, NULL) == 404);

	/* bodies */
	CHECK("body not JSON 400", status("POST", "/api/alice/tasks", alice, "{") == 400);
	CHECK("body trailing junk 400", status("POST", "/api/alice/tasks", alice, "{} {}") == 400);
	CHECK("body trailing white space ok", status("POST", "/api/alice/tasks", alice, "{\"title\":\"ws\"} \r\n\t") == 201);
	CHECK("body array 422", status("POST", "/api/alice/tasks", alice, "[]") == 422);
	CHECK("body empty 422", status("POST", "/api/alice/tasks", alice, NULL) == 422);
	CHECK("\\u0000 in a value 422", status("POST", "/api/alice/tasks", alice, "{\"title\":\"a\\u0000\"}") == 422);
	CHECK("\\u0000 in a key 422", status("POST", "/api/alice/tasks", alice, "{\"t\\u0000\":1,\"title\":\"a\"}") == 422);
	long long id = create("\"a \\\\u0000 b\"");
	CHECK("escaped backslash then u0000 is text", id > 0);
	char path[64];
	snprintf(path, sizeof path, "/api/alice/tasks/%lld", id);
	call(&r, "GET", path, alice, NULL);
	CHECK("stored with its backslash", r.status == 200 && strstr(r.out, "\"a \\\\u0000 b\""));
	free(r.out);
	CHECK("\\u0001 title refused", create("\"a\\u0001\"") < 0);
	CHECK("unicode escape ok", create("\"caf\\u00e9\"") > 0);

	/* handlers through the table */
	id = create("\"Call mom\"");
	snprintf(path, sizeof path, "/api/alice/tasks/%lld", id);
	CHECK("get own 200", status("GET", path, alice, NULL) == 200);
	snprintf(path, sizeof path, "/api/bob/tasks/%lld", id);
	CHECK("bob's path, alice's id 404", status("GET", path, bob, NULL) == 404);
	CHECK("bob delete alice's id 404", status("DELETE", path, bob, NULL) == 404);
	snprintf(path, sizeof path, "/api/alice/tasks/%lld/complete", id);
	call(&r, "PATCH", path, alice, NULL);
	CHECK("toggle 200 completed", r.status == 200 && strstr(r.out, "\"completed\":true"));
	free(r.out);
	snprintf(path, sizeof path, "/api/alice/tasks/%lld", id);
	CHECK("put bad type 422", status("PUT", path, alice, "{\"tags\": \"x\"}") == 422);
	CHECK("delete 204", status("DELETE", path, alice, NULL) == 204);
	CHECK("delete again 404", status("DELETE", path, alice, NULL) == 404);
	call(&r, "POST", "/api/alice/chat", alice, "{\"message\": \"hi\"}");
	CHECK("chat 200", r.status == 200 && strstr(r.out, "\"conversation_id\":1"));
	free(r.out);
	CHECK("bob continues alice's chat 404", status("POST", "/api/bob/chat", bob, "{\"message\":\"x\",\"conversation_id\":1}") == 404);
	CHECK("bob reads alice's messages 404", status("GET", "/api/bob/conversations/1/messages", bob, NULL) == 404);
	CHECK("alice reads her messages", status("GET", "/api/alice/conversations/1/messages", alice, NULL) == 200);

	free(alice);
	free(bob);
	pool_shutdown();
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return T_DONE();
}
