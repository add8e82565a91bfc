/* SPDX-License-Identifier: MIT */
/* libmicrohttpd glue: a thread pool daemon, request bodies into a capped
 * buffer, the router's answer into a response with CORS headers, and one
 * access log line per request. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>
#include "server.h"

/* Bodies up to this size are read and dropped before the 413 goes out, so
 * the client (which is still sending) reads the answer instead of a reset;
 * a bigger declared body gets the 413 at once and the connection closes. */
#define DRAIN_MAX (16 * 1024 * 1024)

static struct MHD_Daemon *daemon_;
static atomic_int inflight;

/* Per-request state kept by libmicrohttpd between calls. */
struct conn_ctx {
	struct buf body;
	bool too_big;
	bool replied;      /* answered early (413 before the body) */
	struct timespec start;
};

static double elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

const char *req_query(struct req *r, const char *name)
{
	/* No connection: a request built by a unit test. */
	return r->conn ? MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}

const char *req_header(struct req *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "-");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct req *r, struct conn_ctx *cc,
				  const char *method, const char *url)
{
	if (!r->status)
		reply_detail(r, 500, "no response");
	struct MHD_Response *resp = r->out
		? MHD_create_response_from_buffer(r->out_len, r->out, MHD_RESPMEM_MUST_FREE)
		: MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	size_t out_len = r->out_len;
	r->out = NULL;   /* libmicrohttpd frees it now */
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	if (r->allow[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->www_auth)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	for (unsigned i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr[i][0], r->hdr[i][1]);
	if (cors_allowed(r->origin)) {
		/* Echo the request's origin rather than "*", with Vary so a
		 * cache never hands one origin's answer to another. */
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", r->origin);
		MHD_add_response_header(resp, "Vary", "Origin");
		if (r->preflight) {
			MHD_add_response_header(resp, "Access-Control-Allow-Methods", r->allow);
			MHD_add_response_header(resp, "Access-Control-Allow-Headers",
						"Authorization, Content-Type");
			MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
		}
	}
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	if (cfg.log_level >= LOG_INFO) {
		char addr[64];
		client_addr(c, addr, sizeof addr);
		srv_log(LOG_INFO, "%s \"%s %s\" %d %zu %.1fms", addr, method, url, r->status, out_len,
			cc ? elapsed_ms(&cc->start) : 0.0);
	}
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct conn_ctx *cc = *con_cls;
	if (!cc) {
		cc = xcalloc(1, sizeof *cc);
		clock_gettime(CLOCK_MONOTONIC, &cc->start);
		buf_init(&cc->body);
		*con_cls = cc;
		atomic_fetch_add(&inflight, 1);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			unsigned long long n = strtoull(cl, NULL, 10);
			if (n > BODY_MAX)
				cc->too_big = true;
			if (n > DRAIN_MAX) {
				struct req r = {.method = method, .path = url,
						.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin")};
				reply_detail(&r, 413, "the body is larger than %d bytes", BODY_MAX);
				cc->replied = true;
				return send_reply(c, &r, cc, method, url);
			}
		}
		return MHD_YES;
	}
	if (cc->replied) {
		/* libmicrohttpd closes the connection after the early answer;
		 * anything still arriving is dropped. */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cc->too_big && cc->body.len + *upload_size > BODY_MAX) {
			cc->too_big = true;
			buf_free(&cc->body);
		}
		if (!cc->too_big)
			buf_add(&cc->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct req r = {
		.method = method,
		.path = url,
		.auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
		.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
		.body = cc->body.s ? cc->body.s : "",
		.body_len = cc->body.len,
		.conn = c,
	};
	if (cc->too_big)
		reply_detail(&r, 413, "the body is larger than %d bytes", BODY_MAX);
	else
		route_request(&r);
	pool_release(r.store, r.store_broken);
	r.store = NULL;
	enum MHD_Result ok = send_reply(c, &r, cc, method, url);
	free(r.out);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *cc = *con_cls;
	if (!cc)
		return;
	buf_free(&cc->body);
	free(cc);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	if (cfg.log_level < LOG_INFO)
		return;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	srv_log(LOG_INFO, "libmicrohttpd: %s", msg);
}

int http_start(struct todo_err *e)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE};
	struct addrinfo *ai = NULL;
	char port[16];
	snprintf(port, sizeof port, "%u", cfg.port);
	int gai = getaddrinfo(cfg.listen, port, &hints, &ai);
	if (gai != 0)
		return err_set(e, TODO_EINVAL, "cannot listen on '%s': %s", cfg.listen, gai_strerror(gai));
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	/* One thread per connection unless --threads asks for a pool: in a
	 * pool, connections are tied to the thread that accepted them, and
	 * one with several busy connections answers them in turn (p99 at 64
	 * connections was 20-40 ms against 7 ms this way). */
	bool per_conn = cfg.threads == 0;
	if (per_conn)
		flags |= MHD_USE_THREAD_PER_CONNECTION;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	daemon_ = MHD_start_daemon(flags, (uint16_t)cfg.port, NULL, NULL, on_request, NULL,
				   /* The logger must come first to catch every message. */
				   MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
				   MHD_OPTION_SOCK_ADDR, ai->ai_addr,
				   MHD_OPTION_THREAD_POOL_SIZE, per_conn ? 0u : cfg.threads,
				   MHD_OPTION_CONNECTION_TIMEOUT, cfg.timeout,
				   MHD_OPTION_CONNECTION_LIMIT, 1024u,
				   MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				   MHD_OPTION_END);
	char host[64] = "";
	getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(ai);
	if (!daemon_)
		return err_set(e, TODO_EIO, "cannot listen on %s port %u (in use, or not allowed)",
			       cfg.listen, cfg.port);
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	unsigned bound = di ? di->port : cfg.port;
	/* Printed even when quiet: tests and scripts read the port from it. */
	fprintf(stderr, "todo-server: listening on http://%s%s%s:%u\n", strchr(host, ':') ? "[" : "",
		host, strchr(host, ':') ? "]" : "", bound);
	return TODO_OK;
}

void http_stop(unsigned wait_ms)
{
	if (!daemon_)
		return;
	/* Stop accepting first; requests already read finish and are answered. */
	MHD_socket s = MHD_quiesce_daemon(daemon_);
	if (s != MHD_INVALID_SOCKET)
		close(s);
	for (unsigned waited = 0; atomic_load(&inflight) > 0 && waited < wait_ms; waited += 10) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}
