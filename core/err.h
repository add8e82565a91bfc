/* SPDX-License-Identifier: MIT */
/* Error codes and the caller-owned error buffer every core function fills. */
#ifndef TODO_ERR_H
#define TODO_ERR_H

/* Core functions return TODO_OK (0) or one of these negative codes and, when
 * given a non-NULL struct todo_err, write a message a user can act on. */
enum todo_code {
	TODO_OK = 0,
	TODO_EINVAL = -1,   /* bad input: fix the request */
	TODO_ENOTFOUND = -2, /* no such task / conversation for this user */
	TODO_EIO = -3,      /* database or file trouble */
	TODO_ECONFLICT = -4,
	TODO_EAUTH = -5,
	TODO_ENET = -6,
	TODO_EVERSION = -7, /* database made by a newer todo */
};

struct todo_err {
	int code;
	char msg[256];
};

/* Fills e (when non-NULL) and returns code, so callers can write
 * `return err_set(e, TODO_EINVAL, "...")`. */
int err_set(struct todo_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void err_clear(struct todo_err *e);

#endif
