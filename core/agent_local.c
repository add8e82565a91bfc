/* SPDX-License-Identifier: MIT */
/* Placeholder local backend (replaced by the NLU pipeline). */
#include "agent.h"

int agent_local_run(struct agent_turn *turn, struct todo_err *e)
{
	buf_puts(&turn->reply, "I can add, list, complete, edit and delete tasks.");
	return TODO_OK;
}
