/* SPDX-License-Identifier: MIT */
/* The board's background sync: when `todo login` has set a server, a thread
 * runs a sync now and then on its own database connection; the board's live
 * refresh then shows what arrived. */
#ifndef TODO_SYNC_BG_H
#define TODO_SYNC_BG_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct sync_bg {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool started, stop;
	char state[96];      /* what the header shows, under lock */
	char *db_path;       /* owned */
	char *user;          /* owned */
	int interval_s;
};

/* Starts the thread when there is a login (else does nothing). */
void sync_bg_start(struct sync_bg *s, const char *db_path, const char *user);
/* Copies the current state ("" when sync is off) into buf. */
void sync_bg_state(struct sync_bg *s, char *buf, size_t n);
/* Asks for a sync now (after a local change, say). */
void sync_bg_kick(struct sync_bg *s);
/* Stops and joins the thread; waits for a sync in flight to end. */
void sync_bg_stop(struct sync_bg *s);

#endif
