/* SPDX-License-Identifier: MIT */
/* `todo tui`: the ncurses task board (tui/). */
#include "cli.h"
#include "../tui/tui.h"

extern const struct command cmd_tui;

static int run(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(&cmd_tui, "tui takes no arguments");
	return tui_run(c);
}

const struct command cmd_tui = {
	"tui", NULL, "", "the task board: list, details, chat pane, live refresh (? for keys)",
	CMD_NEEDS_STORE, run,
};
