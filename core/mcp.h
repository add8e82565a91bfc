/* SPDX-License-Identifier: MIT */
/* The Model Context Protocol server (DESIGN section 9): JSON-RPC messages in,
 * responses out, with no idea of the transport (stdio or Streamable HTTP). */
#ifndef TODO_MCP_H
#define TODO_MCP_H
#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>
#include "date.h"
#include "store.h"

/* The newest protocol revision spoken; older ones a client asks for in
 * initialize (2025-06-18, 2025-03-26, 2024-11-05) are echoed back. */
#define MCP_PROTOCOL_LATEST "2025-11-25"

/* Standard JSON-RPC error codes. */
enum {
	MCP_PARSE_ERROR = -32700,
	MCP_INVALID_REQUEST = -32600,
	MCP_METHOD_NOT_FOUND = -32601,
	MCP_INVALID_PARAMS = -32602,
	MCP_INTERNAL_ERROR = -32603,
};

/* One client connection. The transport fills store and user (the user is
 * bound by the caller: CLI --user, a JWT; never taken from arguments) and
 * keeps `now` current before each message (a session can live for days).
 * Pointers are borrowed and must outlive the session. */
struct mcp_session {
	struct store *store;
	const char *user;
	struct date_now now;
	bool initialized;         /* an initialize request has been answered */
	char protocol[16];        /* the negotiated revision, "" before initialize */
};

/* Zeroes s and binds store and user; sets now from date_now_get. */
void mcp_session_init(struct mcp_session *s, struct store *store, const char *user);

/* Handles one JSON-RPC message of len bytes (need not be NUL-terminated).
 * Returns the response as one line of JSON text without a newline, which the
 * caller frees with free(), or NULL when nothing is to be sent back
 * (notifications, and responses a client sends us). Never fails otherwise:
 * every problem becomes a JSON-RPC error response. */
char *mcp_handle(struct mcp_session *s, const char *msg, size_t len);

/* The same on a parsed message (borrowed): returns a new cJSON response the
 * caller owns, or NULL when no reply is due. For transports that parse
 * themselves (the HTTP server needs to look at the message first). */
cJSON *mcp_handle_json(struct mcp_session *s, const cJSON *msg);

/* A JSON-RPC error response with id null as text (caller frees), for
 * problems found before a message can be read, e.g. a line over the
 * transport's size limit. */
char *mcp_error_text(int code, const char *message);

#endif
