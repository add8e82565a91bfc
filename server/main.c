/* SPDX-License-Identifier: MIT */
/* todo-server's entry point: flags and environment, `token` to mint a JWT,
 * start-up, and a clean stop on SIGTERM/SIGINT. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include "paths.h"
#include "server.h"

#define DEFAULT_TTL 86400
/* How long in-flight requests get to finish after SIGTERM. */
#define STOP_WAIT_MS 10000


static const char usage_text[] =
	"usage: todo-server [--listen ADDR] [--port N] [--db sqlite:PATH|PATH|postgres://...]\n"
	"                   [--cors-origin ORIGIN]... [--threads N] [--timeout SECONDS]\n"
	"                   [--log-level quiet|info|debug] [--dev-login] [--agent local|openai]\n"
	"       todo-server token USER [--ttl SECONDS]\n"
	"       todo-server -h|--help | --version\n"
	"\n"
	"The HTTP API of todo (tasks, chat, conversations) on libmicrohttpd.\n"
	"\n"
	"  --listen ADDR        address to listen on (default 127.0.0.1)\n"
	"  --port N             port (default 8000; 0 picks a free one)\n"
	"  --db URL             sqlite:PATH, a plain PATH, or a postgres:// URL\n"
	"                       (default $DATABASE_URL, then $TODO_DB, then the XDG data file)\n"
	"  --cors-origin ORIGIN allow this browser origin (repeatable; * for any)\n"
	"  --threads N          serve from a pool of N threads (default: one thread per\n"
	"                       connection, up to 1024 connections)\n"
	"  --timeout SECONDS    close connections idle this long (default 30)\n"
	"  --log-level L        quiet, info (access log, default) or debug\n"
	"  --dev-login          let the web page at / sign in as any name with one click\n"
	"                       (POST /dev/login mints tokens; loopback addresses only)\n"
	"  --agent NAME         the chat agent: local (built in, default) or openai (any\n"
	"                       OpenAI-compatible server, set by OPENAI_* as for todo)\n"
	"  token USER           print an HS256 token for USER (default ttl 86400 s)\n"
	"\n"
	"Environment: BETTER_AUTH_SECRET or TODO_JWT_SECRET (required), DATABASE_URL,\n"
	"TODO_JWT_ISSUER, TODO_JWT_AUDIENCE, TODO_DB, TODO_AGENT, OPENAI_API_KEY,\n"
	"OPENAI_BASE_URL, TODO_MODEL, CHATKIT_WORKFLOW_ID, TODO_NOW.\n";


static int die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "todo-server: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\ntry 'todo-server --help'\n");
	return 2;
}

/* The signing secret from the environment; NULL when neither is set. */
static bool load_secret(void)
{
	const char *s = getenv("BETTER_AUTH_SECRET");
	if (!s || !*s)
		s = getenv("TODO_JWT_SECRET");
	if (!s || !*s)
		return false;
	cfg.secret = s;
	cfg.secret_len = strlen(s);
	return true;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v > max)
		return false;
	*out = v;
	return true;
}

static int cmd_token(int argc, char **argv)
{
	const char *user = NULL;
	long long ttl = DEFAULT_TTL;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--ttl") == 0 && i + 1 < argc) {
			unsigned long v;
			if (!parse_uint(argv[++i], 10UL * 365 * 86400, &v) || v == 0)
				return die_usage("bad --ttl '%s' (seconds, 1 or more)", argv[i]);
			ttl = (long long)v;
		} else if (strncmp(argv[i], "--ttl=", 6) == 0) {
			unsigned long v;
			if (!parse_uint(argv[i] + 6, 10UL * 365 * 86400, &v) || v == 0)
				return die_usage("bad --ttl '%s' (seconds, 1 or more)", argv[i] + 6);
			ttl = (long long)v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return die_usage("unknown option '%s' for token", argv[i]);
		} else if (!user) {
			user = argv[i];
		} else {
			return die_usage("unexpected argument '%s'", argv[i]);
		}
	}
	if (!user || !*user || strlen(user) > USER_MAX)
		return die_usage("%s", "token needs a USER (1-127 bytes)");
	if (!load_secret()) {
		fprintf(stderr, "todo-server: set BETTER_AUTH_SECRET (or TODO_JWT_SECRET) to the signing secret\n");
		return 1;
	}
	char *tok = jwt_mint(user, cfg.secret, cfg.secret_len, (long long)time(NULL), ttl);
	printf("%s\n", tok);
	free(tok);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "token") == 0)
		return cmd_token(argc, argv);
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"port", required_argument, NULL, 'p'},
		{"db", required_argument, NULL, 'd'},
		{"cors-origin", required_argument, NULL, 'c'},
		{"threads", required_argument, NULL, 't'},
		{"timeout", required_argument, NULL, 'T'},
		{"log-level", required_argument, NULL, 'L'},
		{"dev-login", no_argument, NULL, 'D'},
		{"agent", required_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0, 0, 0, 0},
	};
	int opt;
	unsigned long v;
	const char *agent = getenv("TODO_AGENT");
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l': cfg.listen = optarg; break;
		case 'p':
			if (!parse_uint(optarg, 65535, &v))
				return die_usage("bad --port '%s' (0-65535)", optarg);
			cfg.port = (unsigned)v;
			break;
		case 'd': cfg.db = optarg; break;
		case 'c':
			if (cfg.ncors == MAX_CORS)
				return die_usage("%s", "too many --cors-origin values (16 at most)");
			cfg.cors[cfg.ncors++] = optarg;
			break;
		case 't':
			if (!parse_uint(optarg, 256, &v) || v == 0)
				return die_usage("bad --threads '%s' (1-256)", optarg);
			cfg.threads = (unsigned)v;
			break;
		case 'T':
			if (!parse_uint(optarg, 86400, &v) || v == 0)
				return die_usage("bad --timeout '%s' (1-86400 seconds)", optarg);
			cfg.timeout = (unsigned)v;
			break;
		case 'L':
			if (strcmp(optarg, "quiet") == 0)
				cfg.log_level = LOG_QUIET;
			else if (strcmp(optarg, "info") == 0)
				cfg.log_level = LOG_INFO;
			else if (strcmp(optarg, "debug") == 0)
				cfg.log_level = LOG_DEBUG;
			else
				return die_usage("bad --log-level '%s' (quiet, info or debug)", optarg);
			break;
		case 'D': cfg.dev_login = true; break;
		case 'A': agent = optarg; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'V': printf("todo-server %s\n", TODO_VERSION); return 0;
		default: return die_usage("%s", "unknown option");
		}
	}
	if (optind < argc)
		return die_usage("unexpected argument '%s'", argv[optind]);
	if (agent && *agent) {
		if (strcmp(agent, "local") != 0 && strcmp(agent, "openai") != 0)
			return die_usage("bad --agent '%s' (local or openai)", agent);
		cfg.agent = agent;
	}
	if (!load_secret()) {
		fprintf(stderr, "todo-server: set BETTER_AUTH_SECRET (or TODO_JWT_SECRET) to the secret the "
				"web app signs its HS256 tokens with\n");
		return 1;
	}
	/* Better Auth sets both to its BASE_URL; check them when told to. */
	const char *iss = getenv("TODO_JWT_ISSUER"), *aud = getenv("TODO_JWT_AUDIENCE");
	cfg.jwt.iss = iss && *iss ? iss : NULL;
	cfg.jwt.aud = aud && *aud ? aud : NULL;
	/* Anyone who reaches the port can be anyone: keep that to this machine. */
	if (cfg.dev_login && !addr_is_loopback(cfg.listen))
		return die_usage("--dev-login needs a loopback --listen address, not '%s'", cfg.listen);
	if (cfg.dev_login)
		srv_log(LOG_INFO, "warning: --dev-login: POST /dev/login mints a token for any name");
	if (cfg.secret_len < 32)
		srv_log(LOG_INFO, "warning: the JWT secret is shorter than 32 bytes; use a longer random one");

	char *dbdef = NULL;
	if (!cfg.db) {
		const char *url = getenv("DATABASE_URL");
		cfg.db = url && *url ? url : (dbdef = path_default_db());
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	bool sqlite = !db_is_pg(cfg.db);
	store_sqlite_threads_init();
	/* Worker threads inherit this mask, so only sigwait below sees the
	 * stop signals; SIGPIPE from a vanished client is ignored. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct todo_err e;
	int rc = 1;
	/* Stores open at most: one per pool thread, or with a thread per
	 * connection enough for every request that can make progress at once
	 * on a small machine (the rest wait their turn, a few microseconds). */
	if (pool_init(cfg.db, cfg.threads ? cfg.threads + 2 : 32, &e) != TODO_OK) {
		fprintf(stderr, "todo-server: %s\n", e.msg);
		goto out;
	}
	if (http_start(&e) != TODO_OK) {
		fprintf(stderr, "todo-server: %s\n", e.msg);
		goto out;
	}
	/* A PostgreSQL URL may hold a password: log only its kind. */
	char threads[32] = "a thread per connection";
	if (cfg.threads)
		snprintf(threads, sizeof threads, "%u threads", cfg.threads);
	srv_log(LOG_INFO, "todo-server %s: store %s, %s", TODO_VERSION,
		sqlite ? cfg.db : "postgresql",
		threads);
	int sig = 0;
	sigwait(&stop, &sig);
	srv_log(LOG_INFO, "signal %d: finishing requests and stopping", sig);
	http_stop(STOP_WAIT_MS);
	rc = 0;
out:
	write_queue_stop();
	pool_shutdown();
	curl_global_cleanup();
	free(dbdef);
	return rc;
}
