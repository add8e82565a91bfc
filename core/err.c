/* SPDX-License-Identifier: MIT */
/* Filling struct todo_err. */
#include <stdarg.h>
#include <stdio.h>
#include "err.h"

int err_set(struct todo_err *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

void err_clear(struct todo_err *e)
{
	if (e) {
		e->code = TODO_OK;
		e->msg[0] = '\0';
	}
}
