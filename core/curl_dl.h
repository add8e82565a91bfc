/* SPDX-License-Identifier: MIT */
/* libcurl, loaded on first use: the todo CLI starts without mapping libcurl
 * and the dozen libraries behind it (TLS, Kerberos, LDAP ...), which only
 * sync and the LLM backend need. Include this instead of <curl/curl.h>;
 * call curl_dl_load() before the first curl_* call. */
#ifndef TODO_CURL_DL_H
#define TODO_CURL_DL_H
#include <curl/curl.h>
#include "err.h"

struct curl_dl {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *h);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *h);
	const char *(*easy_strerror)(CURLcode c);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	time_t (*getdate)(const char *s, const time_t *unused);
};
extern struct curl_dl curl_dl;

/* Loads libcurl and runs curl_global_init once per process (thread-safe).
 * TODO_ENET with a message saying what to install when it cannot. */
int curl_dl_load(struct todo_err *e);

/* The rest of the code keeps libcurl's names. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init(...) curl_dl.global_init(__VA_ARGS__)
#define curl_easy_init() curl_dl.easy_init()
#define curl_easy_setopt(...) curl_dl.easy_setopt(__VA_ARGS__)
#define curl_easy_perform(h) curl_dl.easy_perform(h)
#define curl_easy_getinfo(...) curl_dl.easy_getinfo(__VA_ARGS__)
#define curl_easy_cleanup(h) curl_dl.easy_cleanup(h)
#define curl_easy_strerror(c) curl_dl.easy_strerror(c)
#define curl_slist_append(l, s) curl_dl.slist_append(l, s)
#define curl_slist_free_all(l) curl_dl.slist_free_all(l)
#define curl_getdate(s, u) curl_dl.getdate(s, u)

#endif
