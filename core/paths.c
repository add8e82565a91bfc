/* SPDX-License-Identifier: MIT */
/* XDG paths and the config file reader. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "paths.h"
#include "util.h"

static char *xdg(const char *env, const char *fallback, const char *name)
{
	const char *base = getenv(env);
	if (base && base[0] == '/')
		return xasprintf("%s/todo/%s", base, name);
	const char *home = getenv("HOME");
	return xasprintf("%s/%s/todo/%s", home && *home ? home : ".", fallback, name);
}

char *path_default_db(void)
{
	const char *env = getenv("TODO_DB");
	if (env && *env)
		return xstrdup(env);
	return xdg("XDG_DATA_HOME", ".local/share", "todo.db");
}

char *path_state(const char *name)
{
	return xdg("XDG_STATE_HOME", ".local/state", name);
}

char *path_config(const char *name)
{
	return xdg("XDG_CONFIG_HOME", ".config", name);
}

char *config_get(const char *env_name, const char *key)
{
	const char *v = env_name ? getenv(env_name) : NULL;
	if (v && *v)
		return xstrdup(v);
	char *path = path_config("config");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	char line[1024];
	char *found = NULL;
	size_t klen = strlen(key);
	while (fgets(line, sizeof line, f)) {
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '#' || strncmp(p, key, klen) != 0)
			continue;
		p += klen;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		free(found);
		found = str_trim_dup(p + 1);
	}
	fclose(f);
	return found;
}
