/* SPDX-License-Identifier: MIT */
/* JSON POSTs with libcurl: timeouts, Retry-After, readable network errors. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http_client.h"
#include "util.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	/* Sync replies are bounded by the server; refuse absurd ones. */
	if (b->len + size * n > (64u << 20))
		return 0;
	buf_add(b, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	long *retry = ctx;
	size_t len = size * n;
	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0)
		*retry = strtol(p + 12, NULL, 10);
	return len;
}

void http_reply_release(struct http_reply *r)
{
	free(r->body);
	r->body = NULL;
}

int http_post_json(const char *url, const char *token, const char *body, long timeout_s,
		   struct http_reply *r, struct todo_err *e)
{
	pthread_once(&curl_once, curl_init);
	memset(r, 0, sizeof *r);
	r->retry_after_s = -1;
	CURL *c = curl_easy_init();
	if (!c)
		return err_set(e, TODO_ENET, "cannot start an HTTP request");
	struct buf resp;
	buf_init(&resp);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	char *auth = token ? xasprintf("Authorization: Bearer %s", token) : NULL;
	if (auth)
		h = curl_slist_append(h, auth);
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->retry_after_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(c);
	int ret = TODO_OK;
	if (rc != CURLE_OK) {
		ret = err_set(e, TODO_ENET, "cannot reach %s: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	}
	r->body = buf_take(&resp);
	curl_slist_free_all(h);
	free(auth);
	curl_easy_cleanup(c);
	return ret;
}
