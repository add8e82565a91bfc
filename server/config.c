/* SPDX-License-Identifier: MIT */
/* The server's settings and its log writer, apart from main.c so unit tests
 * can link every server object but main.o. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "server.h"

struct srv_config cfg = {
	.listen = "127.0.0.1",
	.port = 8000,
	.log_level = LOG_INFO,
	.threads = 0,   /* 0: one thread per connection */
	.timeout = 30,
	.agent = "local",
};

void srv_log(int level, const char *fmt, ...)
{
	if (level > cfg.log_level)
		return;
	char ts[32], msg[1024];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* One fprintf per line: stdio locks the stream, so lines from
	 * different threads do not interleave. */
	fprintf(stderr, "%s %s\n", ts, msg);
}
