/* SPDX-License-Identifier: MIT */
/* A small JSON-over-HTTP client on libcurl for the sync client. */
#ifndef TODO_HTTP_CLIENT_H
#define TODO_HTTP_CLIENT_H
#include "err.h"

struct http_reply {
	long status;          /* 0 when no HTTP answer came (network error) */
	char *body;           /* owned; "" when empty */
	long retry_after_s;   /* Retry-After in seconds, -1 when absent */
};
void http_reply_release(struct http_reply *r);

/* POSTs body (JSON) to url with "Authorization: Bearer token" (when token is
 * non-NULL). TODO_ENET with a message when no answer came; an HTTP error
 * status is not an error here: the caller reads r->status. */
int http_post_json(const char *url, const char *token, const char *body, long timeout_s,
		   struct http_reply *r, struct todo_err *e);

#endif
