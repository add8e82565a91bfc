/* SPDX-License-Identifier: MIT */
/* The libcurl side of the Chat Completions client: one POST, streamed (SSE)
 * or whole, with timeouts, cancellation, the official client's retry policy
 * (PROTOCOLS 3.4) and one-line messages a user can act on. */
#include "curl_dl.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "llm.h"

/* A reply body this large is not a chat answer; stop reading. */
#define BODY_MAX (8 * 1024 * 1024)
#define CONNECT_TIMEOUT 10L

long llm_backoff_ms(int n, double jitter01)
{
	double s = 0.5 * pow(2.0, n > 10 ? 10 : n);
	if (s > 8.0)
		s = 8.0;
	return (long)(s * (1.0 - 0.25 * jitter01) * 1000.0);
}

long llm_retry_after_ms(const char *retry_after, const char *retry_after_ms)
{
	double ms = -1;
	char *end;
	if (retry_after_ms && *retry_after_ms) {
		double v = strtod(retry_after_ms, &end);
		if (end != retry_after_ms)
			ms = v;
	}
	if (ms < 0 && retry_after && *retry_after) {
		double v = strtod(retry_after, &end);
		while (*end == ' ')
			end++;
		if (end != retry_after && !*end) {
			ms = v * 1000.0;
		} else {
			if (curl_dl_load(NULL) != TODO_OK)
				return -1;
			time_t at = curl_getdate(retry_after, NULL);
			if (at != -1)
				ms = difftime(at, time(NULL)) * 1000.0;
		}
	}
	/* Like the official client: zero, negative or a minute and more means
	 * "use the default backoff". */
	if (!(ms > 0 && ms < 60000.0))
		return -1;
	return (long)ms;
}

enum mode { MODE_UNKNOWN, MODE_SSE, MODE_BODY };

struct xfer {
	const struct llm_conn *conn;
	CURL *h;
	struct llm_reply *r;
	struct llm_sse sse;
	enum mode mode;
	struct buf body;         /* the whole body unless it is a 2xx stream */
	struct buf piece;        /* text not yet passed to on_text */
	int stream_rc;           /* TODO_EIO once a stream event was an error */
	bool too_big;
	bool timed_out;          /* our idle timer fired */
	double last_activity;    /* monotonic seconds of the last byte either way */
	curl_off_t last_dl, last_ul;
	char content_type[128];
	char retry_after[64];
	char retry_after_ms[64];
	char should_retry[16];
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void copy_value(char *dst, size_t n, const char *v, size_t len)
{
	while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' '))
		len--;
	while (len && *v == ' ') {
		v++;
		len--;
	}
	if (len >= n)
		len = n - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

/* Copies the value of header line data[0..n) into dst when it is `name`
 * (given with its colon, matched without regard to case). */
static void take_header(const char *data, size_t n, const char *name, char *dst, size_t size)
{
	size_t k = strlen(name);
	if (n >= k && strncasecmp(data, name, k) == 0)
		copy_value(dst, size, data + k, n - k);
}

static size_t on_header(char *data, size_t size, size_t nitems, void *ctx)
{
	struct xfer *x = ctx;
	size_t n = size * nitems;
	x->last_activity = mono_now();
	/* A new status line (after a 100 Continue or a redirect) starts over. */
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		x->content_type[0] = x->retry_after[0] = x->retry_after_ms[0] = x->should_retry[0] = '\0';
		return n;
	}
	take_header(data, n, "content-type:", x->content_type, sizeof x->content_type);
	take_header(data, n, "retry-after:", x->retry_after, sizeof x->retry_after);
	take_header(data, n, "retry-after-ms:", x->retry_after_ms, sizeof x->retry_after_ms);
	take_header(data, n, "x-should-retry:", x->should_retry, sizeof x->should_retry);
	return n;
}

static void flush_text(struct xfer *x)
{
	if (x->piece.len && x->conn->on_text)
		x->conn->on_text(x->piece.s, x->conn->on_text_ctx);
	x->piece.len = 0;
}

static int on_event(const char *data, size_t len, void *ctx)
{
	struct xfer *x = ctx;
	if (llm_reply_event(x->r, data, &x->piece) != TODO_OK) {
		x->stream_rc = TODO_EIO;
		return 1;
	}
	flush_text(x);
	return 0;
}

/* Streams only a successful answer announced as an event stream (or one
 * that looks like one when the type is missing); everything else, error
 * bodies included, is collected whole. */
static enum mode pick_mode(struct xfer *x, const char *data, size_t n)
{
	long status = 0;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299)
		return MODE_BODY;
	if (strstr(x->content_type, "event-stream"))
		return MODE_SSE;
	if (strstr(x->content_type, "json"))
		return MODE_BODY;
	while (n && (*data == ' ' || *data == '\n' || *data == '\r')) {
		data++;
		n--;
	}
	return n && (*data == ':' || (n >= 5 && (strncmp(data, "data:", 5) == 0 || strncmp(data, "event", 5) == 0)))
		       ? MODE_SSE : MODE_BODY;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct xfer *x = ctx;
	size_t n = size * nmemb;
	x->last_activity = mono_now();
	if (x->mode == MODE_UNKNOWN)
		x->mode = pick_mode(x, data, n);
	if (x->mode == MODE_SSE)
		return llm_sse_feed(&x->sse, data, n) ? 0 : n;
	if (x->body.len + n > BODY_MAX) {
		x->too_big = true;
		return 0;
	}
	buf_add(&x->body, data, n);
	return n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	struct xfer *x = ctx;
	if (x->conn->cancel && *x->conn->cancel)
		return 1;
	/* Our own idle timer: libcurl's low-speed check averages over a
	 * window and fires seconds late. This runs about once a second even
	 * when nothing arrives. */
	double now = mono_now();
	if (dlnow != x->last_dl || ulnow != x->last_ul) {
		x->last_dl = dlnow;
		x->last_ul = ulnow;
		x->last_activity = now;
	}
	if (now - x->last_activity >= (double)x->conn->timeout) {
		x->timed_out = true;
		return 1;
	}
	return 0;
}

/* Sleeps ms milliseconds in small steps; false when cancelled meanwhile. */
static bool nap(long ms, volatile int *cancel)
{
	while (ms > 0) {
		if (cancel && *cancel)
			return false;
		long step = ms < 50 ? ms : 50;
		struct timespec ts = {0, step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !(cancel && *cancel);
}

/* The server's own words from an error body, clipped to fit a message. */
static void server_message(const char *body, char *out, size_t n)
{
	cJSON *o = cJSON_Parse(body ? body : "");
	const char *msg = NULL;
	if (o) {
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
		const cJSON *m = cJSON_IsString(err) ? err : cJSON_GetObjectItemCaseSensitive(err, "message");
		if (!cJSON_IsString(m))
			m = cJSON_GetObjectItemCaseSensitive(o, "detail");
		if (!cJSON_IsString(m))
			m = cJSON_GetObjectItemCaseSensitive(o, "message");
		if (cJSON_IsString(m))
			msg = m->valuestring;
	}
	snprintf(out, n, "%s", msg ? msg : body ? body : "");
	cJSON_Delete(o);
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (!*out)
		snprintf(out, n, "no details");
}

static bool mentions_model(const char *body)
{
	cJSON *o = cJSON_Parse(body ? body : "");
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
	bool yes = cJSON_IsString(code) && strcmp(code->valuestring, "model_not_found") == 0;
	cJSON_Delete(o);
	return yes || (body && strstr(body, "model"));
}

static int http_error(const struct llm_conn *conn, long status, const char *body, int attempts,
		      struct todo_err *e)
{
	char msg[96];
	server_message(body, msg, sizeof msg);
	const char *url = conn->base_url;
	switch (status) {
	case 401:
		return err_set(e, TODO_EAUTH, "OPENAI_API_KEY is missing or was refused by %s (%s)", url, msg);
	case 403:
		return err_set(e, TODO_EAUTH, "%s refused access (HTTP 403): %s", url, msg);
	case 404:
		if (mentions_model(body))
			return err_set(e, TODO_EIO, "model '%s' not found at %s (%s)", conn->model, url, msg);
		return err_set(e, TODO_EIO, "%s/chat/completions does not exist (HTTP 404); check OPENAI_BASE_URL",
			       url);
	case 429:
		return err_set(e, TODO_ENET, "%s is rate limiting requests or the quota is used up (HTTP 429, %d %s): %s",
			       url, attempts, attempts == 1 ? "attempt" : "attempts", msg);
	default:
		if (status >= 500)
			return err_set(e, TODO_ENET, "the model server at %s failed (HTTP %ld, %d %s): %s", url,
				       status, attempts, attempts == 1 ? "attempt" : "attempts", msg);
		return err_set(e, TODO_EIO, "the model server at %s rejected the request (HTTP %ld): %s", url,
			       status, msg);
	}
}

static bool retryable(long status, const char *should_retry)
{
	if (str_ieq(should_retry, "true"))
		return true;
	if (str_ieq(should_retry, "false"))
		return false;
	return status == 408 || status == 409 || status == 429 || status >= 500;
}

/* The reply of a finished 2xx transfer into r. */
static int finish_ok(struct xfer *x, struct todo_err *e)
{
	const char *url = x->conn->base_url;
	struct llm_reply *r = x->r;
	if (x->mode == MODE_UNKNOWN && strstr(x->content_type, "event-stream"))
		x->mode = MODE_SSE;   /* an empty stream: no write callback ran */
	if (x->mode == MODE_SSE) {
		if (llm_sse_finish(&x->sse) || x->stream_rc)
			return err_set(e, TODO_EIO, "the model server at %s reported an error: %s", url,
				       r->error ? r->error : "unknown");
		flush_text(x);
		/* A cut stream that still said something is kept; the official
		 * client does the same (it just stops reading). */
		if (!r->any)
			return err_set(e, TODO_EIO, "the stream from %s ended without an answer", url);
		return TODO_OK;
	}
	if (!x->body.len)
		return err_set(e, TODO_EIO, "the model server at %s sent an empty reply", url);
	cJSON *o = cJSON_Parse(x->body.s);
	if (!o) {
		char head[48];
		snprintf(head, sizeof head, "%s", x->body.s ? x->body.s : "");
		for (char *p = head; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		return err_set(e, TODO_EIO, "the model server at %s sent a reply that is not valid JSON: '%s'",
			       url, head);
	}
	int rc = llm_reply_whole(r, o);
	cJSON_Delete(o);
	if (rc != TODO_OK)
		return err_set(e, TODO_EIO, "the model server at %s reported an error: %s", url, r->error);
	if (r->text.len && x->conn->on_text)
		x->conn->on_text(r->text.s, x->conn->on_text_ctx);
	return TODO_OK;
}

static int transport_error(struct xfer *x, CURLcode rc, const char *errbuf, struct todo_err *e)
{
	const struct llm_conn *conn = x->conn;
	const char *why = *errbuf ? errbuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_ABORTED_BY_CALLBACK:
		if (x->timed_out)
			return err_set(e, TODO_ENET, "no answer from %s within %ld s (TODO_LLM_TIMEOUT)",
				       conn->base_url, conn->timeout);
		return err_set(e, TODO_ENET, "cancelled");
	case CURLE_OPERATION_TIMEDOUT:
		return err_set(e, TODO_ENET, "no answer from %s in time (TODO_LLM_TIMEOUT is %ld s): %s",
			       conn->base_url, conn->timeout, why);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
		return err_set(e, TODO_ENET, "cannot reach %s: %s", conn->base_url, why);
	case CURLE_WRITE_ERROR:
		if (x->stream_rc)
			return err_set(e, TODO_EIO, "the model server at %s reported an error: %s",
				       conn->base_url, x->r->error ? x->r->error : "unknown");
		if (x->too_big)
			return err_set(e, TODO_EIO, "the reply from %s is over %d MB; giving up",
				       conn->base_url, BODY_MAX >> 20);
		break;
	default:
		break;
	}
	return err_set(e, TODO_ENET, "lost the connection to %s: %s", conn->base_url, why);
}

static void xfer_reset(struct xfer *x)
{
	llm_reply_release(x->r);
	llm_reply_init(x->r);
	llm_sse_release(&x->sse);
	llm_sse_init(&x->sse, on_event, x);
	buf_free(&x->body);
	buf_free(&x->piece);
	x->mode = MODE_UNKNOWN;
	x->stream_rc = TODO_OK;
	x->too_big = false;
	x->timed_out = false;
	x->last_activity = mono_now();
	x->last_dl = x->last_ul = 0;
	x->content_type[0] = x->retry_after[0] = x->retry_after_ms[0] = x->should_retry[0] = '\0';
}

int llm_post(const struct llm_conn *conn, const char *body, struct llm_reply *r,
	     struct todo_err *e)
{
	if (curl_dl_load(e) != TODO_OK)
		return TODO_ENET;
	CURL *h = curl_easy_init();
	if (!h)
		return err_set(e, TODO_ENET, "cannot start libcurl");
	char *url = xasprintf("%s/chat/completions", conn->base_url);
	struct curl_slist *hdr = NULL;
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "Accept: text/event-stream, application/json");
	/* No "Expect: 100-continue" round trip for large histories. */
	hdr = curl_slist_append(hdr, "Expect:");
	char *auth = NULL;
	if (conn->api_key && *conn->api_key) {
		auth = xasprintf("Authorization: Bearer %s", conn->api_key);
		hdr = curl_slist_append(hdr, auth);
	}
	char errbuf[CURL_ERROR_SIZE];
	struct xfer x = {.conn = conn, .h = h, .r = r};
	llm_sse_init(&x.sse, on_event, &x);
	buf_init(&x.body);
	buf_init(&x.piece);

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h, CURLOPT_USERAGENT, "todo/" TODO_VERSION);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);   /* threads (server) and no SIGALRM games */
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, conn->timeout < CONNECT_TIMEOUT ? conn->timeout : CONNECT_TIMEOUT);
	/* A stalled server (no byte for `timeout` seconds, see on_progress) is
	 * given up on; a slow but steady stream is not, up to ten times that
	 * overall. */
	curl_easy_setopt(h, CURLOPT_TIMEOUT, conn->timeout * 10);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

	int rc = TODO_OK;
	for (int attempt = 0;; attempt++) {
		xfer_reset(&x);
		errbuf[0] = '\0';
		CURLcode cr = curl_easy_perform(h);
		if (cr != CURLE_OK) {
			/* A dropped connection before any answer is worth another
			 * try; after streamed text it is not (it would repeat). */
			bool again = (cr == CURLE_GOT_NOTHING || cr == CURLE_SEND_ERROR || cr == CURLE_RECV_ERROR) &&
				     !x.r->any && attempt < conn->retries;
			if (again && nap(llm_backoff_ms(attempt, (double)rand() / ((double)RAND_MAX + 1)), conn->cancel))
				continue;
			rc = transport_error(&x, cr, errbuf, e);
			break;
		}
		long status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status <= 299) {
			rc = finish_ok(&x, e);
			break;
		}
		if (retryable(status, x.should_retry) && attempt < conn->retries) {
			long wait = llm_retry_after_ms(x.retry_after, x.retry_after_ms);
			if (wait < 0)
				wait = llm_backoff_ms(attempt, (double)rand() / ((double)RAND_MAX + 1));
			if (nap(wait, conn->cancel))
				continue;
			rc = err_set(e, TODO_ENET, "cancelled");
			break;
		}
		rc = http_error(conn, status, x.body.s, attempt + 1, e);
		break;
	}
	llm_sse_release(&x.sse);
	buf_free(&x.body);
	buf_free(&x.piece);
	curl_slist_free_all(hdr);
	free(auth);
	free(url);
	curl_easy_cleanup(h);
	return rc;
}
