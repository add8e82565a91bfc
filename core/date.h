/* SPDX-License-Identifier: MIT */
/* Date phrases ("tomorrow", "fri at 5pm", "15 March") to due strings, and due
 * strings back to words ("tomorrow", "overdue 2d"). Pure: no I/O but TODO_NOW. */
#ifndef TODO_DATE_H
#define TODO_DATE_H
#include <stdbool.h>
#include <stddef.h>
#include "err.h"

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" plus NUL. */
#define DATE_MAX 17

/* A local calendar moment; wday 0 = Sunday. */
struct date_now {
	int y, m, d;
	int wday;
	int hour, min;
};

/* The local now, or TODO_NOW ("YYYY-MM-DDTHH:MM[:SS]", local time) when set. */
void date_now_get(struct date_now *now);
/* Today as "YYYY-MM-DD". */
void date_today(const struct date_now *now, char out[DATE_MAX]);
/* Writes the date `days` after now (may be negative) as "YYYY-MM-DD". */
void date_add_days(const struct date_now *now, int days, char out[DATE_MAX]);

/* Reads a date phrase at the very start of s (case-insensitive), with an
 * optional leading "on", "by", "due", "due on", "due by", "for" ... and an
 * optional trailing time ("at 5pm", "at 17:30", "5pm").
 * Understood: today, tonight, tomorrow (tmrw), weekday names and their
 * abbreviations (the next such day strictly after today; "next friday" the
 * same), "next week" (next Monday), "this weekend"/"the weekend" (Saturday),
 * "in N days/weeks/months" (N a number or a word up to twelve), "end of
 * month"/"end of the month", "end of week", ISO "YYYY-MM-DD" (optionally
 * "THH:MM"), "March 15", "15 March", "Mar 15th", "15th of March" (the next one
 * not in the past), "3/15" (month/day).
 * Returns the number of bytes consumed (the match ends at a word boundary,
 * trailing spaces not included) and writes the due string to out; returns 0
 * and leaves out untouched when s does not start with a date phrase.
 * A lone time ("at 5pm") means today at that time, or tomorrow once past. */
size_t date_match(const char *s, const struct date_now *now, char out[DATE_MAX]);

/* Parses a whole string as a date phrase (as `todo add --due` takes it).
 * TODO_EINVAL with a message naming the text when it is not one. */
int date_parse(const char *s, const struct date_now *now, char out[DATE_MAX],
	       struct todo_err *e);

/* True when s is a well-formed due string of a real date (and time). */
bool date_valid_due(const char *s);

/* Short relative words for a due string: "today", "tomorrow", "yesterday",
 * "overdue 3d", "in 4d", "Fri 13 Mar", with " 17:30" appended when timed. */
void date_relative(const char *due, const struct date_now *now, char *buf, size_t n);

/* Longer words for replies: "today", "tomorrow", "Friday (Mar 13)",
 * "today at 17:30" ... */
void date_words(const char *due, const struct date_now *now, char *buf, size_t n);

/* Days from today to the due's date (negative when past). */
int date_days_until(const char *due, const struct date_now *now);

#endif
