/* SPDX-License-Identifier: MIT */
/* Loading libcurl at run time (see curl_dl.h for why). */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include "curl_dl.h"

struct curl_dl curl_dl;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[200];

#define SYM(field, name) \
	do { \
		*(void **)&curl_dl.field = dlsym(lib, name); \
		if (!curl_dl.field) { \
			snprintf(load_error, sizeof load_error, "libcurl has no %s", name); \
			return; \
		} \
	} while (0)

static void load(void)
{
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(load_error, sizeof load_error,
			 "cannot load libcurl (%s); install the libcurl4 package", dlerror());
		return;
	}
	SYM(global_init, "curl_global_init");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	SYM(getdate, "curl_getdate");
	CURLcode rc = curl_dl.global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		snprintf(load_error, sizeof load_error, "cannot start libcurl: %s", curl_dl.easy_strerror(rc));
	/* lib stays open for the life of the process, on purpose. */
}

int curl_dl_load(struct todo_err *e)
{
	pthread_once(&once, load);
	return load_error[0] ? err_set(e, TODO_ENET, "%s", load_error) : TODO_OK;
}
