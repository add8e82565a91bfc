/* SPDX-License-Identifier: MIT */
/* Shared declarations of todo-server: configuration, the request a route
 * handler sees, the route table, auth, the store pool and JSON helpers. */
#ifndef TODO_SERVER_H
#define TODO_SERVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "err.h"
#include "store.h"
#include "util.h"

#define BODY_MAX (1024 * 1024)     /* request bodies above this get 413 */
#define USER_MAX 127               /* bytes of a user id (sub / path) */
#define MAX_CORS 16

enum log_level { LOG_QUIET = 0, LOG_INFO, LOG_DEBUG };

/* Claims a token must carry when set (NULL: not checked). Borrowed. */
struct jwt_expect {
	const char *iss;   /* exact `iss` */
	const char *aud;   /* `aud`, or one element of an `aud` array */
};

/* Settings fixed at start-up; read-only while serving, so threads share it. */
struct srv_config {
	const char *listen;          /* address, default 127.0.0.1 */
	unsigned port;
	const char *db;              /* sqlite:PATH, a path, or postgres:// URL */
	const char *cors[MAX_CORS];  /* allowed origins (borrowed from argv) */
	int ncors;
	int log_level;
	unsigned threads;
	unsigned timeout;            /* seconds a connection may stay idle */
	const char *secret;          /* HS256 key (borrowed from the environment) */
	size_t secret_len;
	struct jwt_expect jwt;       /* TODO_JWT_ISSUER / TODO_JWT_AUDIENCE */
	bool serial_writes;          /* queue writers in-process (SQLite) */
	bool dev_login;              /* --dev-login: POST /dev/login mints tokens */
	const char *agent;           /* chat backend: "local" or "openai" */
};
extern struct srv_config cfg;

/* Writes one log line to stderr when level <= cfg.log_level. */
void srv_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- store pool (pool.c) ----
 * SQLite connections must not be used by two threads at once, and opening one
 * per request costs a schema check; so they stay open and each request
 * borrows one. At most max_open are open; more borrowers wait. */
int pool_init(const char *db, unsigned max_open, struct todo_err *e);
/* Borrows a store (waiting while max_open are borrowed); give it back with
 * pool_release. A thread must not borrow a second one while it holds one. */
int pool_acquire(struct store **out, struct todo_err *e);
/* Returns a borrowed store; `broken` closes it instead of keeping it. */
void pool_release(struct store *s, bool broken);
void pool_shutdown(void);
/* True when a --db value names PostgreSQL (postgres:// or postgresql://). */
bool db_is_pg(const char *url);
/* Opens the store named by a --db value (sqlite:PATH, PATH, postgres[ql]://). */
int store_open_url(const char *url, struct store **out, struct todo_err *e);
/* The PostgreSQL store (store_pg.c): connects, creates or extends the
 * tables beside the web backend's; the result is the caller's (store_close). */
int store_pg_open(const char *url, struct store **out, struct todo_err *e);

/* ---- auth (auth.c) ---- */
/* Verifies an HS256 JWT against key and writes its `sub` into user.
 * now: seconds since the epoch; want may be NULL. TODO_EAUTH with a reason
 * otherwise. */
int jwt_verify(const char *token, const char *key, size_t keylen, long long now,
	       const struct jwt_expect *want, char user[USER_MAX + 1], struct todo_err *e);
/* jwt_verify behind a small per-thread cache of tokens verified before:
 * a client sends the same token with every request, and decoding, parsing
 * and the HMAC were a twentieth of a list request. The exact token bytes
 * are the key, and exp/nbf are checked again against now on every hit. */
int jwt_verify_cached(const char *token, const char *key, size_t keylen, long long now,
		      const struct jwt_expect *want, char user[USER_MAX + 1], struct todo_err *e);
/* Mints {"sub": user, "iat": now, "exp": now + ttl}; caller frees. */
char *jwt_mint(const char *user, const char *key, size_t keylen, long long now, long long ttl);
/* base64url without padding; results are the caller's to free.
 * b64url_decode returns NULL on a malformed input. */
char *b64url_encode(const unsigned char *in, size_t n);
unsigned char *b64url_decode(const char *in, size_t n, size_t *outlen);
/* Takes the token out of an Authorization header value ("Bearer x",
 * scheme case-insensitive); NULL when the header is not that shape. */
const char *bearer_token(const char *header);

/* ---- requests (routes.c, http.c) ---- */
struct req {
	/* In: filled by http.c. Borrowed for the request. */
	const char *method;
	const char *path;
	const char *auth;            /* Authorization header or NULL */
	const char *origin;          /* Origin header or NULL */
	const char *acr_method;      /* Access-Control-Request-Method or NULL */
	const char *body;            /* NUL-terminated copy of the body */
	size_t body_len;
	void *conn;                  /* the MHD connection, for query arguments */
	/* Route captures: {user} and {id}. */
	char user[USER_MAX + 1];
	const char *id_text;
	size_t id_len;
	int64_t id;
	/* Out: the response. body_out is malloc'd and owned by the request. */
	int status;
	char *out;
	size_t out_len;
	const char *content_type;
	char allow[96];              /* Allow / Access-Control-Allow-Methods, or "" */
	bool www_auth;               /* add WWW-Authenticate: Bearer */
	bool preflight;              /* add CORS preflight headers */
	const char *hdr[8][2];       /* more headers (static strings), reply_header */
	char hdr_value[80];          /* room for one per-request header value */
	unsigned nhdr;
	/* A store borrowed on first use (req_store) and given back after. */
	struct store *store;
	bool store_broken;
};

/* A query argument (?name=value), or NULL. */
const char *req_query(struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* The request's store, borrowed from the pool; NULL after replying 503. */
struct store *req_store(struct req *r);

/* Replies. reply_json takes ownership of j. */
void reply_json(struct req *r, int status, cJSON *j);
void reply_raw(struct req *r, int status, char *body, size_t len);   /* takes body */
void reply_empty(struct req *r, int status);
/* Adds a response header; name and value must outlive the request. */
void reply_header(struct req *r, const char *name, const char *value);
void reply_detail(struct req *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Maps a core error to a status and {"detail"}: EINVAL 422, ENOTFOUND 404,
 * EAUTH 401, EIO and others 500 (the store is then not reused). */
void reply_err(struct req *r, const struct todo_err *e);

/* Parses the request body as a JSON object. On failure replies 400 (not
 * JSON, or a NUL inside a string) or 422 (not an object) and returns NULL.
 * The result is the caller's (cJSON_Delete). */
cJSON *req_json_object(struct req *r);

/* ---- the route table (routes.c) ---- */
enum route_flags {
	R_AUTH = 1 << 0,   /* a valid token is required (401) */
	R_SELF = 1 << 1,   /* {user} must be the token's sub (403) */
	R_BODY = 1 << 2,   /* a JSON object body is expected */
	R_WRITE = 1 << 3,  /* a handler that writes: run alone in the SQLite write queue */
	R_DEV = 1 << 4,    /* exists only with --dev-login (else 404) */
	R_AGENT = 1 << 5,  /* runs the agent: outside the write queue when it is remote */
};
typedef void (*route_fn)(struct req *r, const cJSON *body);
struct route {
	const char *method;
	const char *pattern;  /* segments; {user} and {id} capture */
	unsigned flags;
	route_fn handler;
};

/* Routes a request: answers 404/405/401/403/413 itself from the table and
 * the flags, else runs the handler. Always leaves a response in r. */
void route_request(struct req *r);
/* True when origin is one of the configured --cors-origin values. */
bool cors_allowed(const char *origin);

/* Handlers (route_*.c). */
void route_health(struct req *r, const cJSON *body);
void route_tasks_list(struct req *r, const cJSON *body);
void route_tasks_create(struct req *r, const cJSON *body);
void route_task_get(struct req *r, const cJSON *body);
void route_task_put(struct req *r, const cJSON *body);
void route_task_delete(struct req *r, const cJSON *body);
void route_task_complete(struct req *r, const cJSON *body);
void route_chat(struct req *r, const cJSON *body);
void route_sync(struct req *r, const cJSON *body);
void route_mcp_post(struct req *r, const cJSON *body);
void route_mcp_delete(struct req *r, const cJSON *body);
void route_chat_session(struct req *r, const cJSON *body);
void route_conversations(struct req *r, const cJSON *body);
void route_messages(struct req *r, const cJSON *body);
void route_web_index(struct req *r, const cJSON *body);
void route_web_js(struct req *r, const cJSON *body);
void route_web_css(struct req *r, const cJSON *body);
void route_dev_login_info(struct req *r, const cJSON *body);
void route_dev_login(struct req *r, const cJSON *body);
/* True when every address addr resolves to is a loopback one. */
bool addr_is_loopback(const char *addr);

/* ---- writes on SQLite (write_queue.c) ---- */
/* One store operation: writes through s (which it must not keep). */
typedef int (*write_fn)(struct store *s, void *ctx, struct todo_err *e);
/* Runs op as a writer of this process and returns its status. On SQLite,
 * the operations waiting at the same time share one transaction, each in a
 * savepoint (undone when op fails); the call returns after the commit, and
 * a failed commit fails every op of it (TODO_EIO). On PostgreSQL op runs at
 * once on the request's store. */
int write_op(struct req *r, write_fn op, void *ctx, struct todo_err *e);
/* Runs a whole handler as the only writer of this process (SQLite). */
void write_run(struct req *r, route_fn fn, const cJSON *body);
/* Runs what is queued, then stops the writer thread (started by the first
 * write); later writes are refused. Call after the last request. */
void write_queue_stop(void);

/* ---- the HTTP daemon (http.c) ---- */
int http_start(struct todo_err *e);
/* Stops accepting, waits (up to wait_ms) for in-flight requests, stops. */
void http_stop(unsigned wait_ms);

#endif
