/* SPDX-License-Identifier: MIT */
/* The chat front end shared by `todo chat` and the REPL. */
#ifndef TODO_CHAT_H
#define TODO_CHAT_H
#include <stdbool.h>
#include <stdint.h>
#include "cli.h"

/* Sends one message in conversation *conv (0 starts one; updated), prints
 * the reply (or the JSON result). Returns an exit status. */
int chat_send(struct cli *c, int64_t *conv, const char *msg, bool print_json);
/* The latest conversation if it was used in the last hour, else 0. */
int64_t chat_recent_conversation(struct cli *c);
/* After a failed message: conv when that conversation exists, else before
 * (a failed local turn rolls back the conversation it started). */
int64_t chat_conversation_after_failure(struct cli *c, int64_t conv, int64_t before);
/* The interactive REPL on a terminal. */
int chat_repl(struct cli *c, int64_t conv);

#endif
