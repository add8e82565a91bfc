/* SPDX-License-Identifier: MIT */
/* Backend-independent helpers of the store interface. */
#include <stdlib.h>
#include <string.h>
#include "store.h"

void task_filter_init(struct task_filter *f)
{
	memset(f, 0, sizeof *f);
	f->priority = -1;
}

void msg_release(struct message *m)
{
	free(m->user_id);
	free(m->role);
	free(m->content);
	free(m->tool_calls);
	free(m->created_at);
	memset(m, 0, sizeof *m);
}
