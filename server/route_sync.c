/* SPDX-License-Identifier: MIT */
/* POST /api/{user_id}/sync: one round of the sync protocol (docs/sync.md);
 * the work is core's sync_serve, this only speaks HTTP. */
#include "server.h"
#include "sync.h"

void route_sync(struct req *r, const cJSON *body)
{
	struct store *s = req_store(r);
	if (!s)
		return;
	if (!s->ops->sync_apply) {
		reply_detail(r, 501, "sync is not available on the %s store yet; use --db sqlite:PATH",
			     s->ops->name);
		return;
	}
	struct todo_err e;
	int status = 500;
	cJSON *reply = sync_serve(s, r->user, body, &status, &e);
	if (!reply) {
		reply_err(r, &e);
		return;
	}
	reply_json(r, status, reply);
}
