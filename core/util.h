/* SPDX-License-Identifier: MIT */
/* Allocation wrappers (abort on failure), string helpers and a growable buffer. */
#ifndef TODO_UTIL_H
#define TODO_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* All x* allocators abort with a message on out-of-memory: no caller
 * checks for NULL. Results are the caller's to free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* New string without leading/trailing ASCII white space; caller frees. */
char *str_trim_dup(const char *s);
bool str_ieq(const char *a, const char *b);
bool str_has_prefix(const char *s, const char *prefix);
/* Parses a whole decimal id >= 1 (an optional leading '#'); false otherwise. */
bool str_to_id(const char *s, int64_t *out);
/* True when s is valid UTF-8. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in a UTF-8 string. */
size_t utf8_len(const char *s);

/* Growable byte buffer; buf_init'd buffers own .s, released by buf_free. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands .s to the caller (never NULL) and resets the buffer. */
char *buf_take(struct buf *b);

#endif
