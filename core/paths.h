/* SPDX-License-Identifier: MIT */
/* Where todo keeps its files (XDG base directories) and its small config. */
#ifndef TODO_PATHS_H
#define TODO_PATHS_H

/* Each returns a new string the caller frees.
 * Database: --db, then TODO_DB, then $XDG_DATA_HOME/todo/todo.db
 * (fallback ~/.local/share/todo/todo.db). */
char *path_default_db(void);
/* $XDG_STATE_HOME/todo/<name> (fallback ~/.local/state/todo/<name>). */
char *path_state(const char *name);
/* $XDG_CONFIG_HOME/todo/<name> (fallback ~/.config/todo/<name>). */
char *path_config(const char *name);

/* A value from the environment, else from $XDG_CONFIG_HOME/todo/config
 * (lines "key = value", '#' comments), else NULL. Caller frees.
 * Environment names are the config keys upper-cased (agent -> TODO_AGENT
 * is given as env_name). */
char *config_get(const char *env_name, const char *key);

#endif
