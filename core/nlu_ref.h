/* SPDX-License-Identifier: MIT */
/* Resolving the NLU's references against the store and the conversation:
 * ids, title words, pronouns ("it") and list positions ("the second one"). */
#ifndef TODO_NLU_REF_H
#define TODO_NLU_REF_H
#include "agent.h"
#include "nlu.h"

#define NLU_MAX_CAND 8

struct nlu_ctx {
	struct store *store;
	const char *user;
	int64_t last_task;     /* the task last talked about: 0 none, -1 unclear */
	int64_t *list_ids;     /* ids of the last list shown, in order */
	int nlist;
	bool have_list;
};

enum nlu_res {
	RES_OK = 0,
	RES_NONE,       /* no task matches the words */
	RES_AMBIG,      /* several match equally well: candidates filled */
	RES_EMPTY,      /* nothing but stop words ("the task") */
	RES_NOCTX,      /* a pronoun with nothing talked about yet */
	RES_NOLIST,     /* a position with no list shown */
	RES_RANGE,      /* a position past the end of that list */
	RES_ERR,        /* the store failed */
};

enum nlu_prefer { PREFER_ANY = 0, PREFER_PENDING, PREFER_COMPLETED };

struct nlu_cand {
	int64_t id;
	char title[120];
	bool completed;
};

struct nlu_found {
	int status;                      /* enum nlu_res */
	int64_t ids[NLU_MAX_REFS];
	int nids;
	struct nlu_cand cand[NLU_MAX_CAND];
	int ncand;                       /* shown candidates */
	int total;                       /* all candidates */
};

/* Reads what the earlier turns talked about from their stored tool calls. */
void nlu_ctx_init(struct nlu_ctx *c, const struct agent_turn *turn);
void nlu_ctx_free(struct nlu_ctx *c);
/* Resolves one reference; appends to out->ids on success. */
int nlu_resolve(struct nlu_ctx *c, const struct nlu_ref *r, int prefer, struct nlu_found *out);

/* Reply text (nlu_reply.c). */
void nlu_reply_help(struct buf *b);
void nlu_reply_chat(struct buf *b, const char *msg);
void nlu_reply_call(struct buf *b, const char *tool, const cJSON *args, const cJSON *res,
		    const struct date_now *now);
void nlu_reply_list(struct buf *b, const cJSON *args, const cJSON *res, const struct date_now *now);
void nlu_reply_found(struct buf *b, const struct nlu_found *f, const struct nlu_ref *r,
		     const struct nlu_ctx *c);

#endif
