/* SPDX-License-Identifier: MIT */
/* The board's loop: terminal setup and restore, layout, focus, the
 * dispatch of keys to the views, and the live refresh. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tui.h"
#include "util.h"

/* getch waits this long for a key before looking for changes made by
 * other processes, so they show within a second without a key press. */
#define POLL_MS 250
/* The search runs when typing in / pauses this long. */
#define SEARCH_PAUSE_MS 120

static volatile sig_atomic_t quit_signal;
static volatile int agent_cancel;
static volatile sig_atomic_t agent_running;
static bool curses_on;

/* Runs from atexit as well: whatever way the program ends, the terminal
 * is left usable. */
static void restore_terminal(void)
{
	if (curses_on) {
		curses_on = false;
		endwin();
	}
}

/* Only a flag: the loop sees it when getch returns (a signal interrupts
 * it) and leaves through the normal cleanup, which calls endwin. */
static void on_signal(int sig)
{
	if (sig == SIGINT && agent_running)
		agent_cancel = 1;
	else
		quit_signal = sig;
}

volatile int *tui_cancel_begin(void)
{
	agent_cancel = 0;
	agent_running = 1;
	return &agent_cancel;
}

void tui_cancel_end(void)
{
	agent_running = 0;
}

/* A crash (abort from an allocation failure, a bad pointer) would leave
 * the terminal in raw mode with the screen garbled: put it back, then die
 * of the same signal. Not under AddressSanitizer, whose own report on
 * these signals matters more. */
#ifndef __SANITIZE_ADDRESS__
static void on_fatal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}
#endif

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

attr_t tui_attr(struct board *b, enum color_pair p)
{
	if (b->color)
		return COLOR_PAIR(p) | (p == CP_PRIO || p == CP_ERR ? A_BOLD : 0);
	/* Without colours: overdue and errors bold, today underlined, the
	 * rest plain. */
	switch (p) {
	case CP_OVERDUE:
	case CP_ERR:
	case CP_PRIO:
		return A_BOLD;
	case CP_TODAY:
		return A_UNDERLINE;
	case CP_HEADER:
		return A_REVERSE;
	default:
		return A_NORMAL;
	}
}

static void setup_colors(struct board *b)
{
	const char *nc = getenv("NO_COLOR");
	b->color = has_colors() && !(nc && *nc);
	if (!b->color)
		return;
	start_color();
	use_default_colors();
	init_pair(CP_OVERDUE, COLOR_RED, -1);
	init_pair(CP_TODAY, COLOR_YELLOW, -1);
	init_pair(CP_TAG, COLOR_CYAN, -1);
	init_pair(CP_DONE, COLOR_GREEN, -1);
	init_pair(CP_HEADER, COLOR_BLACK, COLOR_CYAN);
	init_pair(CP_PRIO, COLOR_MAGENTA, -1);
	init_pair(CP_ERR, COLOR_RED, -1);
	init_pair(CP_USER, COLOR_BLUE, -1);
}

/* Splits the screen: header, body (list, detail pane, chat pane), bar. */
static void layout(struct board *b)
{
	int H = LINES - 2 > 1 ? LINES - 2 : 1, W = COLS;
	struct rect left = {1, 0, H, W}, chat = {0};
	if (b->chat_open) {
		if (W >= 90) {
			int cw = W * 2 / 5;
			chat = (struct rect){1, W - cw, H, cw};
			left.w = W - cw;
		} else {
			int ch = H / 2 > 3 ? H / 2 : (H > 3 ? 3 : H);
			chat = (struct rect){1 + H - ch, 0, ch, W};
			left.h = H - ch;
		}
	}
	struct rect list = left, det = {left.y + left.h, left.x, 0, left.w};
	if (b->detail_full) {
		det = left;
	} else if (left.h >= 16) {
		det.h = 6;
		list.h = left.h - det.h;
		det.y = list.y + list.h;
	}
	b->list->ops->resize(b->list, b, list);
	b->detail->ops->resize(b->detail, b, det);
	if (b->chat)
		b->chat->ops->resize(b->chat, b, chat);
}

static const char *status_name(int s)
{
	return s == STATUS_PENDING ? "pending" : s == STATUS_COMPLETED ? "done" : "all";
}

static const char *sort_name(int s)
{
	static const char *const n[] = {"id", "due", "priority", "newest"};
	return s >= 0 && s < 4 ? n[s] : "?";
}

static void draw_header(struct board *b)
{
	attrset(tui_attr(b, CP_HEADER) | A_BOLD);
	text_fill(0, 0, COLS);
	struct buf h;
	buf_init(&h);
	buf_printf(&h, " todo \u2502 %lld pending \u00b7 %lld done \u2502 %s: %lld \u2502 sort %s",
		   (long long)b->npending, (long long)b->ndone, status_name(b->status),
		   (long long)b->total, sort_name(b->sort));
	if (b->when)
		buf_printf(&h, " \u2502 due %s", board_when_name(b->when));
	if (b->tag)
		buf_printf(&h, " \u2502 #%s", b->tag);
	if (b->query)
		buf_printf(&h, " \u2502 /%s", b->query);
	char sync_state[96] = "";
	if (b->sync)
		sync_bg_state(b->sync, sync_state, sizeof sync_state);
	if (sync_state[0])
		buf_printf(&h, " \u2502 %s", sync_state);
	int used = text_put(0, 0, h.s, -1, COLS, true);
	buf_free(&h);
	/* The database path goes on the right when there is room for it. */
	const char *path = b->cli->db_path;
	int pw = text_width(path, -1);
	attrset(tui_attr(b, CP_HEADER));
	if (used + 4 + pw <= COLS)
		text_put(0, COLS - pw - 1, path, -1, pw, false);
	else if (COLS - used - 4 > 8)
		text_put(0, used + 3, path, -1, COLS - used - 4, true);
	attrset(A_NORMAL);
}

static const char *prompt_label(enum prompt p)
{
	switch (p) {
	case PROMPT_ADD: return "New task: ";
	case PROMPT_EDIT: return "Title: ";
	case PROMPT_TAGS: return "Tags: ";
	case PROMPT_DUE: return "Due (fri, tomorrow, 2026-03-15, none): ";
	case PROMPT_SEARCH: return "/";
	case PROMPT_TAG_FILTER: return "Only the tag (empty: all): ";
	default: return "";
	}
}

static void draw_bar(struct board *b)
{
	int y = LINES - 1;
	attrset(A_NORMAL);
	text_fill(y, 0, COLS);
	if (b->prompt == PROMPT_EDIT && b->edit_inline) {
		text_put(y, 1, "editing the title: Enter saves, Esc cancels", -1, COLS - 1, true);
		return;
	}
	if (b->prompt) {
		const char *label = prompt_label(b->prompt);
		attrset(A_BOLD);
		int lw = text_put(y, 0, label, -1, COLS / 2, true);
		attrset(A_NORMAL);
		b->cur_y = y;
		b->cur_x = le_draw(&b->le, y, lw, COLS - lw);
		return;
	}
	if (b->msg[0]) {
		attrset(b->msg_err ? tui_attr(b, CP_ERR) : A_NORMAL);
		text_put(y, 1, b->msg, -1, COLS - 1, true);
		attrset(A_NORMAL);
		return;
	}
	int ctx = b->help ? 0 : b->focus == b->chat ? CTX_CHAT : b->detail_full ? CTX_DETAIL : CTX_LIST;
	if (b->help)
		text_put(y, 1, "any key closes the help", -1, COLS - 1, true);
	else
		keys_draw_bar(ctx, y, 1, COLS - 1);
}

void tui_draw(struct board *b)
{
	erase();
	b->cur_y = -1;
	b->edit_inline = false;
	if (LINES < 3 || COLS < 20) {
		text_put(0, 0, "terminal too small", -1, COLS, true);
	} else {
		draw_header(b);
		if (b->help) {
			keys_draw_help((struct rect){1, 0, LINES - 2, COLS});
		} else {
			if (!b->detail_full)
				b->list->ops->draw(b->list, b);
			b->detail->ops->draw(b->detail, b);
			if (b->chat_open)
				b->chat->ops->draw(b->chat, b);
		}
		draw_bar(b);
	}
	if (b->cur_y >= 0) {
		curs_set(1);
		move(b->cur_y, b->cur_x);
	} else {
		curs_set(0);
	}
	refresh();
}

/* Keys no view took: focus, panes, help and quit. */
static int global_key(struct board *b, int ctx, int key)
{
	switch (keys_action(ctx, key)) {
	case ACT_QUIT:
		return KR_QUIT;
	case ACT_HELP:
		b->help = true;
		return KR_REDRAW;
	case ACT_DETAIL:
		b->detail_full = true;
		b->focus = b->detail;
		return KR_REDRAW;
	case ACT_BACK:
		b->detail_full = false;
		b->focus = b->list;
		return KR_REDRAW;
	case ACT_CHAT:
		b->chat_open = !b->chat_open;
		if (b->chat_open && !b->chat)
			b->chat = view_chat_new(b);
		b->detail_full = false;
		b->focus = b->chat_open ? b->chat : b->list;
		return KR_REDRAW;
	case ACT_FOCUS:
		if (b->chat_open) {
			b->detail_full = false;
			b->focus = b->focus == b->chat ? b->list : b->chat;
		}
		return KR_REDRAW;
	default:
		return KR_UNHANDLED;
	}
}

static bool in_rect(struct rect r, int y, int x)
{
	return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

static int dispatch(struct board *b, int key)
{
	if (key == KF(KEY_MOUSE)) {
		if (getmouse(&b->mouse) != OK)
			return KR_HANDLED;
		if (b->chat_open && in_rect(b->chat->r, b->mouse.y, b->mouse.x)) {
			b->focus = b->chat;
			return b->chat->ops->key(b->chat, b, key);
		}
		if (!b->detail_full && in_rect(b->list->r, b->mouse.y, b->mouse.x)) {
			b->focus = b->list;
			return b->list->ops->key(b->list, b, key);
		}
		return KR_HANDLED;
	}
	if (b->help) {
		b->help = false;
		return KR_REDRAW;
	}
	if (b->focus == b->chat) {
		int r = b->chat->ops->key(b->chat, b, key);
		return r != KR_UNHANDLED ? r : global_key(b, CTX_CHAT, key);
	}
	if (b->focus == b->detail && !b->prompt) {
		int r = b->detail->ops->key(b->detail, b, key);
		if (r == KR_UNHANDLED)
			r = global_key(b, CTX_DETAIL, key);
		if (r == KR_UNHANDLED)
			r = b->list->ops->key(b->list, b, key);
		return r;
	}
	int r = b->list->ops->key(b->list, b, key);
	return r != KR_UNHANDLED ? r : global_key(b, CTX_LIST, key);
}

/* True when another process committed since the last reload. */
static bool changed_elsewhere(struct board *b)
{
	int64_t v;
	return store_data_version(b->cli->store, &v, NULL) == TODO_OK && v != b->version;
}

static void log_timing(struct board *b, const char *what, double ms)
{
	if (!b->timing)
		return;
	fprintf(b->timing, "%s %.3f\n", what, ms);
	fflush(b->timing);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the signal must interrupt the wait for a key. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
#ifndef __SANITIZE_ADDRESS__
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
#endif
}

int tui_run(struct cli *c)
{
	double t0 = mono_ms();
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("the board needs a terminal (try 'todo list' in scripts)");
		return CMD_FAIL;
	}
	struct board b;
	board_init(&b, c);
	const char *tp = getenv("TODO_TUI_TIMING");
	if (tp && *tp)
		b.timing = fopen(tp, "a");
	catch_signals();
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		cli_error("cannot use the terminal '%s' for the board", term ? term : "");
		board_release(&b);
		if (b.timing)
			fclose(b.timing);
		return CMD_FAIL;
	}
	static bool registered;
	if (!registered && atexit(restore_terminal) == 0)
		registered = true;
	curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Home and End differ between terminals (xterm, rxvt, the console,
	 * tmux) and TERM is often set to a neighbour's; accept them all. */
	static const char *const homes[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
	static const char *const ends[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
	for (size_t i = 0; i < 4; i++) {
		define_key(homes[i], KEY_HOME);
		define_key(ends[i], KEY_END);
	}
	set_escdelay(25);
	timeout(POLL_MS);
	setup_colors(&b);
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		  | BUTTON5_PRESSED
#endif
		  , NULL);
	mouseinterval(0);
	b.list = view_list_new();
	b.detail = view_detail_new();
	b.focus = b.list;
	layout(&b);
	board_reload(&b);
	tui_draw(&b);
	log_timing(&b, "first_screen_ms", mono_ms() - t0);

	struct sync_bg sync;
	sync_bg_start(&sync, c->db_path, c->user);
	b.sync = &sync;
	char last_sync_state[96] = "";
	double last_poll = mono_ms();
	int rc = CMD_OK;
	while (!quit_signal) {
		wint_t wc;
		timeout(b.search_dirty ? SEARCH_PAUSE_MS : POLL_MS);
		int got = get_wch(&wc);
		if (quit_signal)
			break;
		double t = mono_ms();
		bool redraw = false;
		if (got == ERR && b.search_dirty) {
			char *q = le_text(&b.le);
			board_set_query(&b, q);
			free(q);
			redraw = true;
		}
		if (got != ERR) {
			int key = got == KEY_CODE_YES ? KF((int)wc) : (int)wc;
			b.msg[0] = '\0';
			int r = KR_REDRAW;
			if (key == KF(KEY_RESIZE))
				clear();
			else
				r = dispatch(&b, key);
			if (r == KR_QUIT)
				break;
			if (r == KR_RELOAD) {
				board_reload(&b);
				sync_bg_kick(&sync);   /* send the edit on soon */
			}
			layout(&b);
			tui_draw(&b);
			if (b.timing) {
				char name[32], what[48];
				keys_name(key, name, sizeof name);
				snprintf(what, sizeof what, "key %s ms", name);
				log_timing(&b, what, mono_ms() - t);
			}
		}
		/* Polled on a clock, not only on timeouts, so a steady stream
		 * of keys cannot hold the refresh back. */
		if (t - last_poll >= POLL_MS) {
			last_poll = t;
			struct date_now old = b.now;
			char st[96];
			sync_bg_state(&sync, st, sizeof st);
			if (strcmp(st, last_sync_state) != 0) {
				snprintf(last_sync_state, sizeof last_sync_state, "%s", st);
				redraw = true;
			}
			if (changed_elsewhere(&b)) {
				board_reload(&b);
				redraw = true;
			} else {
				date_now_get(&b.now);
				redraw |= old.d != b.now.d || old.min != b.now.min;
			}
		}
		if (redraw) {
			layout(&b);
			tui_draw(&b);
			/* From the wake-up: includes the reload or the search. */
			log_timing(&b, "refresh ms", mono_ms() - t);
		}
	}
	if (quit_signal)
		rc = 128 + quit_signal;
	sync_bg_stop(&sync);
	b.sync = NULL;
	if (b.chat)
		b.chat->ops->free(b.chat);
	b.list->ops->free(b.list);
	b.detail->ops->free(b.detail);
	restore_terminal();
	delscreen(scr);
	if (b.timing)
		fclose(b.timing);
	board_release(&b);
	return rc;
}
