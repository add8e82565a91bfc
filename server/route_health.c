/* SPDX-License-Identifier: MIT */
/* GET /health: liveness for load balancers and the tests (no auth, no store). */
#include "server.h"

void route_health(struct req *r, const cJSON *body)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", "ok");
	reply_json(r, 200, o);
}
