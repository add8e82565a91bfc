/* SPDX-License-Identifier: MIT */
/* GET / (the web app: server/web/ linked into the binary by the Makefile)
 * and the --dev-login routes that mint a token for a name on loopback. */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "server.h"

#define DEV_LOGIN_TTL 86400

/* `ld -r -b binary` names the symbols after the file's path. */
extern const char _binary_server_web_index_html_start[], _binary_server_web_index_html_end[];
extern const char _binary_server_web_app_js_start[], _binary_server_web_app_js_end[];
extern const char _binary_server_web_app_css_start[], _binary_server_web_app_css_end[];

struct web_file {
	const char *start, *end;
	const char *type;
	char etag[24];   /* "<16 hex digits>" with the quotes */
};

static struct web_file files[] = {
	{_binary_server_web_index_html_start, _binary_server_web_index_html_end,
	 "text/html; charset=utf-8", ""},
	{_binary_server_web_app_js_start, _binary_server_web_app_js_end,
	 "application/javascript; charset=utf-8", ""},
	{_binary_server_web_app_css_start, _binary_server_web_app_css_end,
	 "text/css; charset=utf-8", ""},
};

/* The page loads only its own script and style sheet and talks only to this
 * server; no inline code, so an injected <script> or style= does nothing. */
static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'none'";

static pthread_once_t etag_once = PTHREAD_ONCE_INIT;

/* ETags from the content (FNV-1a 64), computed once: the files cannot change
 * while the binary runs, and a new binary with new files gets new tags. */
static void make_etags(void)
{
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		uint64_t h = 0xcbf29ce484222325ULL;
		for (const char *p = files[i].start; p < files[i].end; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
		snprintf(files[i].etag, sizeof files[i].etag, "\"%016llx\"", (unsigned long long)h);
	}
}

/* True when an If-None-Match value names tag (a list, or "*"). */
static bool etag_matches(const char *inm, const char *tag)
{
	if (!inm)
		return false;
	if (strcmp(inm, "*") == 0)
		return true;
	return strstr(inm, tag) != NULL;
}

static void serve(struct req *r, struct web_file *f)
{
	pthread_once(&etag_once, make_etags);
	/* no-cache: the browser keeps a copy but asks each time (the ETag
	 * makes that a 304), so a new binary's page is never mixed with an
	 * old script. */
	reply_header(r, "Cache-Control", "no-cache");
	reply_header(r, "ETag", f->etag);
	reply_header(r, "X-Content-Type-Options", "nosniff");
	reply_header(r, "Content-Security-Policy", csp);
	reply_header(r, "Referrer-Policy", "no-referrer");
	reply_header(r, "X-Frame-Options", "DENY");
	if (etag_matches(req_header(r, "If-None-Match"), f->etag)) {
		reply_empty(r, 304);
		return;
	}
	size_t n = (size_t)(f->end - f->start);
	char *body = xmalloc(n ? n : 1);
	memcpy(body, f->start, n);
	reply_raw(r, 200, body, n);
	r->content_type = f->type;
}

void route_web_index(struct req *r, const cJSON *body)
{
	serve(r, &files[0]);
}

void route_web_js(struct req *r, const cJSON *body)
{
	serve(r, &files[1]);
}

void route_web_css(struct req *r, const cJSON *body)
{
	serve(r, &files[2]);
}

/* ---- --dev-login ---- */

bool addr_is_loopback(const char *addr)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
	struct addrinfo *ai = NULL;
	if (!addr || getaddrinfo(addr, NULL, &hints, &ai) != 0)
		return false;
	bool loop = ai != NULL;
	for (struct addrinfo *p = ai; p; p = p->ai_next) {
		if (p->ai_family == AF_INET) {
			const struct sockaddr_in *s = (const void *)p->ai_addr;
			loop = loop && (ntohl(s->sin_addr.s_addr) >> 24) == 127;
		} else if (p->ai_family == AF_INET6) {
			const struct sockaddr_in6 *s = (const void *)p->ai_addr;
			loop = loop && IN6_IS_ADDR_LOOPBACK(&s->sin6_addr);
		} else {
			loop = false;
		}
	}
	freeaddrinfo(ai);
	return loop;
}

/* Tells the page to offer the one-click login; the route exists only with
 * --dev-login, so without it this is a 404. */
void route_dev_login_info(struct req *r, const cJSON *body)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "dev_login", true);
	reply_json(r, 200, o);
}

/* {"name": "alice"} -> {"token", "user_id"}: a token as `todo-server token`
 * would print, for trying the page locally without an identity provider. */
void route_dev_login(struct req *r, const cJSON *body)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	if (!cJSON_IsString(name)) {
		reply_detail(r, 422, "name must be a string");
		return;
	}
	const char *s = name->valuestring;
	size_t n = strlen(s);
	if (n == 0 || n > USER_MAX) {
		reply_detail(r, 422, "name must be 1 to %d bytes", USER_MAX);
		return;
	}
	if (!utf8_valid(s, n)) {
		reply_detail(r, 422, "name is not valid UTF-8");
		return;
	}
	/* The name becomes a path segment: /api/{user}/... */
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '/' || *p == '?' || *p == '#' ||
		    *p == '%' || *p == ' ') {
			reply_detail(r, 422, "name may not hold spaces, control characters or / ? # %%");
			return;
		}
	}
	char *tok = jwt_mint(s, cfg.secret, cfg.secret_len, (long long)time(NULL), DEV_LOGIN_TTL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "token", tok);
	cJSON_AddStringToObject(o, "user_id", s);
	free(tok);
	srv_log(LOG_INFO, "dev-login: minted a token for '%s'", s);
	reply_json(r, 200, o);
}
