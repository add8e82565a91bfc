/* SPDX-License-Identifier: MIT */
/* A thread that syncs the board's database with the server of `todo login`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store.h"
#include "sync.h"
#include "sync_bg.h"
#include "util.h"

static void set_state(struct sync_bg *s, const char *text)
{
	pthread_mutex_lock(&s->lock);
	snprintf(s->state, sizeof s->state, "%s", text);
	pthread_mutex_unlock(&s->lock);
}

/* One sync on a connection of its own: SQLite connections are not shared
 * between threads, and the board keeps using its own meanwhile. */
static void sync_once(struct sync_bg *s)
{
	struct todo_err e;
	struct sync_login login;
	struct store *st = NULL;
	char text[96];
	if (sync_login_load(&login, &e) != TODO_OK) {
		set_state(s, "sync: not logged in");
		return;
	}
	struct sync_stats stats;
	if (store_sqlite_open(s->db_path, &st, &e) == TODO_OK &&
	    sync_run(st, s->user, &login, &stats, &e) == TODO_OK) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		snprintf(text, sizeof text, "synced %02d:%02d", tm.tm_hour, tm.tm_min);
	} else {
		snprintf(text, sizeof text, "sync failed: %.70s", e.msg);
	}
	set_state(s, text);
	store_close(st);
	sync_login_release(&login);
}

static void *run(void *arg)
{
	struct sync_bg *s = arg;
	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->lock);
		set_state(s, "syncing...");
		sync_once(s);
		pthread_mutex_lock(&s->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->interval_s;
		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT) {
			/* A kick (or a spurious wake-up) while not stopping: sync now. */
			if (!s->stop)
				break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

void sync_bg_start(struct sync_bg *s, const char *db_path, const char *user)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	struct sync_login login;
	if (sync_login_load(&login, NULL) != TODO_OK)
		return;
	sync_login_release(&login);
	const char *iv = getenv("TODO_SYNC_INTERVAL");
	s->interval_s = iv && atoi(iv) > 0 ? atoi(iv) : 60;
	s->db_path = xstrdup(db_path);
	s->user = xstrdup(user);
	snprintf(s->state, sizeof s->state, "syncing...");
	s->started = pthread_create(&s->thread, NULL, run, s) == 0;
}

void sync_bg_state(struct sync_bg *s, char *buf, size_t n)
{
	pthread_mutex_lock(&s->lock);
	snprintf(buf, n, "%s", s->started ? s->state : "");
	pthread_mutex_unlock(&s->lock);
}

void sync_bg_kick(struct sync_bg *s)
{
	pthread_mutex_lock(&s->lock);
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

void sync_bg_stop(struct sync_bg *s)
{
	if (s->started) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
	}
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s->db_path);
	free(s->user);
	s->db_path = s->user = NULL;
	s->started = false;
}
