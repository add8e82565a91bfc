/* SPDX-License-Identifier: MIT */
/* The merge rules every store applies the same way (docs/sync.md): field
 * clock order, the clocks an op gives, and per-op error results. Sharing
 * them is what makes SQLite and PostgreSQL replicas converge. */
#ifndef TODO_SYNC_RULES_H
#define TODO_SYNC_RULES_H
#include <stdint.h>
#include <cJSON.h>

/* Clocks are [ts_ms, op_id]; later time wins, a tie goes to the larger
 * op id. A missing or malformed clock is older than any real one. */
int sync_clock_cmp(const cJSON *a, const cJSON *b);

/* The clocks an op gives the fields (and "deleted"): the op's own
 * per-field clocks when it carries them (a first push of old tasks), else
 * (ts, op_id) for all; every time capped at now + 5 minutes so a broken
 * clock cannot pin a field. New object, caller owns. */
cJSON *sync_op_clocks(const cJSON *op, const char *op_id, int64_t ts);

/* {"error_code": code, "error": msg}, a per-op failure. Caller owns. */
cJSON *sync_op_error(const char *code, const char *msg);

enum sync_kind { SYNC_CREATE, SYNC_SET, SYNC_DELETE };

/* A pushed op, read and checked once for every store. Pointers borrow from
 * the op; clocks and empty are owned (sync_op_release). */
struct sync_op {
	const char *op_id;
	const char *uuid;          /* the store checks its own uuid rules */
	int kind;                  /* enum sync_kind */
	const cJSON *fields;       /* never NULL after a successful parse */
	cJSON *clocks;             /* sync_op_clocks of the op */
	cJSON *empty;              /* stands in for absent fields */
};
/* Reads op into o. Returns NULL, or the per-op "invalid" result (caller
 * owns) when the op is malformed; o needs sync_op_release either way. */
cJSON *sync_op_parse(const cJSON *op, struct sync_op *o);
void sync_op_release(struct sync_op *o);

#endif
