/* SPDX-License-Identifier: MIT */
/* The board's shared state, its views (list, detail, chat) as components,
 * the key table and the text helpers that cut UTF-8 by display width. */
#ifndef TODO_TUI_H
#define TODO_TUI_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <curses.h>
#include "cli.h"
#include "line_edit.h"
#include "sync_bg.h"

/* get_wch gives either a character or a KEY_* code; both travel as one int,
 * the codes with this bit set (above every Unicode code point). */
#define KF(k) ((k) | 0x1000000)
#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

/* What a view's key() did; the loop redraws, reloads or quits. */
enum key_result { KR_UNHANDLED = 0, KR_HANDLED, KR_REDRAW, KR_RELOAD, KR_QUIT };

struct rect {
	int y, x, h, w;
};

struct board;
struct view;

/* A screen component. draw paints inside v->r only; key returns an
 * enum key_result; resize is told the new rectangle; free releases the view
 * (which the loop owns). */
struct view_ops {
	void (*draw)(struct view *v, struct board *b);
	int (*key)(struct view *v, struct board *b, int key);
	void (*resize)(struct view *v, struct board *b, struct rect r);
	void (*free)(struct view *v);
};

/* Every view's struct begins with this. */
struct view {
	const struct view_ops *ops;
	struct rect r;
};

/* New views, owned by the caller (the loop), released with ops->free.
 * The chat view starts on the conversation a one-shot `todo chat` would
 * continue (the latest, if used in the last hour) and loads its messages. */
struct view *view_list_new(void);
struct view *view_detail_new(void);
struct view *view_chat_new(struct board *b);

/* The line editor at the bottom is asking for one of these. */
enum prompt {
	PROMPT_NONE = 0, PROMPT_ADD, PROMPT_EDIT, PROMPT_TAGS, PROMPT_DUE, PROMPT_SEARCH,
	PROMPT_TAG_FILTER,
};
/* Due-date windows, the words of `todo list --due`. */
enum board_when { WHEN_ANY = 0, WHEN_OVERDUE, WHEN_TODAY, WHEN_TOMORROW, WHEN_WEEK, WHEN_COUNT };
const char *board_when_name(int when);   /* NULL for WHEN_ANY */
enum undo_kind { UNDO_NONE = 0, UNDO_UPDATE, UNDO_DELETE, UNDO_ADD };

/* The model behind the views: the filter, the counts, a window of rows
 * around the visible ones (never the whole table), selection and undo. */
struct board {
	struct cli *cli;              /* borrowed: store, user, agent */
	struct date_now now;
	int status;                   /* enum filter_status */
	int sort;                     /* enum filter_sort */
	char *query;                  /* owned; NULL without a search */
	char *tag;                    /* owned; NULL shows every tag */
	int when;                     /* enum board_when: a due-date window */
	char due_min[DATE_MAX], due_lim[DATE_MAX], overdue_at[DATE_MAX];   /* for `when` */
	int64_t total;                /* rows the filter matches */
	int64_t npending, ndone;      /* all of the user's tasks */
	struct task *win;             /* owned rows [win_off, win_off + nwin) */
	int nwin;
	int64_t win_off;
	int64_t sel, top;             /* indexes into the filtered, sorted list */
	int64_t sel_id;               /* 0 when the list is empty */
	int list_h;                   /* visible list rows, set by the list view */
	int64_t version;              /* store_data_version at the last reload */
	enum undo_kind undo_kind;
	struct task undo;             /* owned copy for UNDO_UPDATE/DELETE; id for ADD */
	char msg[256];                /* one-shot status message */
	bool msg_err;
	enum prompt prompt;
	struct line_edit le;          /* the prompt's editor */
	bool edit_inline;             /* this frame drew it in the list row */
	int64_t prompt_id;            /* the task a title/tags/due prompt edits */
	char *query_before;           /* owned: the search to restore on Esc */
	bool search_dirty;            /* typed into / but not searched yet */
	bool detail_full, help, chat_open;
	struct view *list, *detail, *chat;   /* owned by tui_run; chat made on first c */
	struct view *focus;           /* borrows one of them */
	int cur_y, cur_x;             /* where the terminal cursor goes, or -1 */
	bool color;
	FILE *timing;                 /* TODO_TUI_TIMING, or NULL */
	MEVENT mouse;                 /* the event behind the last KF(KEY_MOUSE) */
	struct sync_bg *sync;         /* background sync (owned by tui_run) */
};

/* board.c: data access and the edits. Functions that can fail put a
 * message in b->msg and return false. */
void board_init(struct board *b, struct cli *c);
void board_release(struct board *b);
/* Counts again and refetches the visible window, keeping the selection on
 * the same task id when it is still near. */
bool board_reload(struct board *b);
/* The row at index i (fetching it first), or NULL past the end or on a
 * database error. Borrowed: valid until the next board_* call. */
const struct task *board_row(struct board *b, int64_t i);
const struct task *board_selected(struct board *b);
/* Makes the rows [top, top + n) available, fetching only when needed. */
void board_ensure(struct board *b, int64_t top, int n);
/* Moves the selection to index i (clamped) and scrolls it into view. */
void board_select(struct board *b, int64_t i);
/* Selects the task with this id wherever it is in the list (a scan of the
 * filtered list; used after explicit actions, never on every refresh). */
bool board_select_id(struct board *b, int64_t id);
void board_msg(struct board *b, bool err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool board_add(struct board *b, const char *title);
bool board_toggle(struct board *b);
bool board_delete(struct board *b);
bool board_undo(struct board *b);
bool board_cycle_prio(struct board *b);
bool board_set_title(struct board *b, const char *title);
bool board_set_tags(struct board *b, const char *text);
bool board_set_due(struct board *b, const char *text);
void board_set_query(struct board *b, const char *q);
void board_set_tag_filter(struct board *b, const char *tag);
/* After a change of filter or search: counts what is shown, back to the
 * first row (the pending/done counts are kept). */
void board_refilter(struct board *b);

/* keys.c: one table drives the bottom bar, the ? screen and dispatch. */
enum action {
	ACT_NONE = 0, ACT_DOWN, ACT_UP, ACT_TOP, ACT_BOTTOM, ACT_HALF_DOWN, ACT_HALF_UP, ACT_PAGE_DOWN,
	ACT_PAGE_UP, ACT_DETAIL, ACT_ADD, ACT_EDIT, ACT_TOGGLE, ACT_DELETE, ACT_UNDO, ACT_PRIO, ACT_TAGS,
	ACT_DUE, ACT_SEARCH, ACT_FILTER, ACT_WHEN, ACT_TAG_FILTER, ACT_SORT, ACT_CHAT, ACT_FOCUS, ACT_HELP, ACT_QUIT, ACT_BACK,
	ACT_SEND,
};
enum key_ctx { CTX_LIST = 1, CTX_DETAIL = 2, CTX_CHAT = 4, CTX_PROMPT = 8 };
struct key_def {
	int ctx;                /* enum key_ctx bits where the binding applies */
	enum action act;
	int keys[4];            /* 0-terminated */
	const char *names;      /* how the help screen writes the keys */
	const char *bar;        /* short label for the bottom bar, or NULL */
	const char *help;       /* one line for the ? screen */
};
extern const struct key_def key_table[];
enum action keys_action(int ctx, int key);
void keys_draw_bar(int ctx, int y, int x, int w);
void keys_draw_help(struct rect r);
/* A readable name for the timing log ("j", "KEY_DOWN", "^D"). */
void keys_name(int key, char *buf, size_t n);

/* text.c: UTF-8 by display width (wide characters take two columns,
 * control and unprintable characters show as '?'). */
int text_width(const char *s, int len);
/* Draws at most w columns of s (len bytes, -1 for all) at y, x with the
 * current attributes; a cut ends in an ellipsis when `ellipsis`. Returns the
 * columns drawn. */
int text_put(int y, int x, const char *s, int len, int w, bool ellipsis);
/* Splits s into lines of at most w columns, breaking at spaces where it
 * can and always at '\n'. Calls fn(start, len, ctx) per line; returns the
 * number of lines. */
int text_wrap(const char *s, int w, void (*fn)(const char *p, int len, void *ctx), void *ctx);
void text_fill(int y, int x, int w);   /* spaces with the current attributes */
void text_hline(int y, int x, int w);  /* ─ and │ lines */
void text_vline(int y, int x, int h);

/* tui.c */
enum color_pair { CP_OVERDUE = 1, CP_TODAY, CP_TAG, CP_DONE, CP_HEADER, CP_PRIO, CP_ERR, CP_USER };
/* The attribute for a pair, or a monochrome fallback without colours. */
attr_t tui_attr(struct board *b, enum color_pair p);
/* Paints the whole screen now (the chat pane calls it before a slow run). */
void tui_draw(struct board *b);
int tui_run(struct cli *c);
/* Around a slow call (the agent): Ctrl-C sets the returned flag, which the
 * backend watches, instead of quitting the board. */
volatile int *tui_cancel_begin(void);
void tui_cancel_end(void);

#endif
