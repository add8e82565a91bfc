/* SPDX-License-Identifier: MIT */
/* The task tools (DESIGN section 3): one table of {name, description, JSON
 * schema, handler} read by the local agent, the LLM backend, MCP and docs. */
#ifndef TODO_TOOLS_H
#define TODO_TOOLS_H
#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>
#include "date.h"
#include "store.h"

/* What a tool runs against. The user is bound by the caller (CLI config,
 * JWT), never taken from tool arguments. Borrowed pointers. */
struct tool_ctx {
	struct store *store;
	const char *user;
	struct date_now now;
};

/* Handlers borrow args (may be NULL) and return a new cJSON the caller owns:
 * the result, or {"status":"error","error":"..."}. They never return NULL. */
typedef cJSON *(*tool_fn)(struct tool_ctx *ctx, const cJSON *args);

struct tool {
	const char *name;
	const char *description;
	const char *schema;      /* JSON Schema text of the arguments object */
	tool_fn run;
	bool mutating;
};

extern const struct tool tool_table[];
extern const size_t tool_count;

const struct tool *tool_find(const char *name);
/* Runs a tool by name; unknown names give an error result. Caller owns it. */
cJSON *tool_call(struct tool_ctx *ctx, const char *name, const cJSON *args);
/* True when a result is {"status":"error", ...}. */
bool tool_result_is_error(const cJSON *result);
/* The date window [min, lim) for a list_tasks `due` word (today, tomorrow,
 * week); overdue is handled by the filter's overdue_at. Returns false for
 * an unknown word. Buffers are DATE_MAX long. */
bool tool_due_window(const char *word, const struct date_now *now, char *min, char *lim,
		     char *overdue_at);

#endif
