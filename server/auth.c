/* SPDX-License-Identifier: MIT */
/* HS256 JSON Web Tokens: verify (the web backend's contract, PROTOCOLS
 * section 5) and mint (for `todo-server token`), on OpenSSL's HMAC. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "server.h"

/* Clock skew allowed on exp and nbf, in seconds. */
#define LEEWAY 30
/* Tokens are small; anything longer is junk and not worth decoding. */
#define TOKEN_MAX 8192

char *b64url_encode(const unsigned char *in, size_t n)
{
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);
	int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (char *p = out; *p; p++) {
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
	}
	return out;
}

unsigned char *b64url_decode(const char *in, size_t n, size_t *outlen)
{
	/* JWTs use the unpadded URL alphabet only; '+', '/', '=' and white
	 * space are refused so one token has one spelling. */
	if (n % 4 == 1)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (!isalnum(c) && c != '-' && c != '_')
			return NULL;
	}
	size_t pad = (4 - n % 4) % 4;
	char *std = xmalloc(n + pad + 1);
	for (size_t i = 0; i < n; i++)
		std[i] = in[i] == '-' ? '+' : in[i] == '_' ? '/' : in[i];
	memset(std + n, '=', pad);
	std[n + pad] = '\0';
	unsigned char *out = xmalloc((n + pad) / 4 * 3 + 1);
	int len = n + pad ? EVP_DecodeBlock(out, (unsigned char *)std, (int)(n + pad)) : 0;
	free(std);
	if (len < 0) {
		free(out);
		return NULL;
	}
	/* EVP_DecodeBlock counts the bytes the padding stands for. */
	*outlen = (size_t)len - pad;
	out[*outlen] = '\0';
	return out;
}

const char *bearer_token(const char *h)
{
	if (!h)
		return NULL;
	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t'))
		return NULL;
	h += 6;
	while (*h == ' ' || *h == '\t')
		h++;
	return *h ? h : NULL;
}

static void hs256(const char *key, size_t keylen, const char *data, size_t n,
		  unsigned char mac[32])
{
	unsigned int len = 32;
	HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)data, n, mac, &len);
}

/* A JSON object from one base64url part; NULL when it is not one. */
static cJSON *part_json(const char *s, size_t n)
{
	size_t len;
	unsigned char *raw = b64url_decode(s, n, &len);
	if (!raw)
		return NULL;
	cJSON *j = memchr(raw, 0, len) ? NULL : cJSON_ParseWithLength((const char *)raw, len);
	free(raw);
	if (j && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* A NumericDate claim: absent (*present false), or a finite number. */
static bool claim_time(const cJSON *o, const char *name, bool *present, double *v)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, name);
	*present = c != NULL;
	if (!c)
		return true;
	if (!cJSON_IsNumber(c) || !isfinite(c->valuedouble))
		return false;
	*v = c->valuedouble;
	return true;
}

/* True when aud (a string or an array of strings) names want. */
static bool aud_has(const cJSON *aud, const char *want)
{
	if (cJSON_IsString(aud))
		return strcmp(aud->valuestring, want) == 0;
	if (!cJSON_IsArray(aud))
		return false;
	const cJSON *it;
	cJSON_ArrayForEach(it, aud) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, want) == 0)
			return true;
	}
	return false;
}

/* The checks that depend on the time, on a fresh token and on a cached one
 * alike; nbf is -1e300 when the token has none. */
static int check_times(double exp, double nbf, long long now, struct todo_err *e)
{
	if (exp + LEEWAY <= (double)now)
		return err_set(e, TODO_EAUTH, "token expired");
	if (nbf > (double)now + LEEWAY)
		return err_set(e, TODO_EAUTH, "token not valid yet");
	return TODO_OK;
}

/* jwt_verify, also giving exp and nbf (-1e300 when absent) for the cache. */
static int verify(const char *token, const char *key, size_t keylen, long long now,
		  const struct jwt_expect *want, char user[USER_MAX + 1], double *exp_out,
		  double *nbf_out, struct todo_err *e)
{
	if (!token || !*token)
		return err_set(e, TODO_EAUTH, "missing bearer token");
	size_t n = strlen(token);
	if (n > TOKEN_MAX)
		return err_set(e, TODO_EAUTH, "token too long");
	const char *d1 = strchr(token, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || strchr(d2 + 1, '.'))
		return err_set(e, TODO_EAUTH, "malformed token (want three parts)");
	cJSON *hdr = part_json(token, (size_t)(d1 - token));
	if (!hdr)
		return err_set(e, TODO_EAUTH, "malformed token header");
	const cJSON *alg = cJSON_GetObjectItemCaseSensitive(hdr, "alg");
	/* Only HS256: "none", RS256 with the secret as a public key and every
	 * other algorithm confusion are refused before any signature work. */
	bool alg_ok = cJSON_IsString(alg) && strcmp(alg->valuestring, "HS256") == 0;
	/* A critical extension we do not implement must be refused (RFC 7515). */
	bool crit = cJSON_GetObjectItemCaseSensitive(hdr, "crit") != NULL;
	cJSON_Delete(hdr);
	if (!alg_ok)
		return err_set(e, TODO_EAUTH, "token algorithm must be HS256");
	if (crit)
		return err_set(e, TODO_EAUTH, "token has unsupported critical headers");

	size_t siglen;
	unsigned char *sig = b64url_decode(d2 + 1, n - (size_t)(d2 + 1 - token), &siglen);
	unsigned char mac[32];
	hs256(key, keylen, token, (size_t)(d2 - token), mac);
	bool sig_ok = sig && siglen == sizeof mac && CRYPTO_memcmp(sig, mac, sizeof mac) == 0;
	free(sig);
	if (!sig_ok)
		return err_set(e, TODO_EAUTH, "bad token signature");

	cJSON *pl = part_json(d1 + 1, (size_t)(d2 - d1 - 1));
	if (!pl)
		return err_set(e, TODO_EAUTH, "malformed token payload");
	int r = TODO_OK;
	bool has_exp = false, has_nbf = false;
	double exp = 0, nbf = 0;
	const cJSON *sub = cJSON_GetObjectItemCaseSensitive(pl, "sub");
	const cJSON *iss = cJSON_GetObjectItemCaseSensitive(pl, "iss");
	const cJSON *aud = cJSON_GetObjectItemCaseSensitive(pl, "aud");
	if (!claim_time(pl, "exp", &has_exp, &exp) || !has_exp)
		r = err_set(e, TODO_EAUTH, "token has no valid exp");
	else if (!claim_time(pl, "nbf", &has_nbf, &nbf))
		r = err_set(e, TODO_EAUTH, "token has a bad nbf");
	else if (check_times(exp, has_nbf ? nbf : -1e300, now, e) != TODO_OK)
		r = TODO_EAUTH;
	else if (!cJSON_IsString(sub) || !sub->valuestring[0] || strlen(sub->valuestring) > USER_MAX)
		r = err_set(e, TODO_EAUTH, "token has no valid sub");
	else if (want && want->iss && !(cJSON_IsString(iss) && strcmp(iss->valuestring, want->iss) == 0))
		r = err_set(e, TODO_EAUTH, "token issuer is not %s", want->iss);
	else if (want && want->aud && !aud_has(aud, want->aud))
		r = err_set(e, TODO_EAUTH, "token audience is not %s", want->aud);
	else
		snprintf(user, USER_MAX + 1, "%s", sub->valuestring);
	*exp_out = exp;
	*nbf_out = has_nbf ? nbf : -1e300;
	cJSON_Delete(pl);
	return r;
}

int jwt_verify(const char *token, const char *key, size_t keylen, long long now,
	       const struct jwt_expect *want, char user[USER_MAX + 1], struct todo_err *e)
{
	double exp, nbf;
	return verify(token, key, keylen, now, want, user, &exp, &nbf, e);
}

/* Tokens up to this long are cached; a longer one is verified every time. */
#define CACHED_TOKEN_MAX 512
#define CACHE_SLOTS 8

struct cached_token {
	const char *key;                  /* which key and claims it passed */
	size_t keylen;
	const struct jwt_expect *want;
	size_t len;                       /* 0: empty slot */
	char token[CACHED_TOKEN_MAX];
	char user[USER_MAX + 1];
	double exp, nbf;
};

/* Per thread, so no lock; a few kilobytes for each worker. */
static _Thread_local struct cached_token cache[CACHE_SLOTS];
static _Thread_local unsigned cache_next;

int jwt_verify_cached(const char *token, const char *key, size_t keylen, long long now,
		      const struct jwt_expect *want, char user[USER_MAX + 1], struct todo_err *e)
{
	size_t n = token ? strlen(token) : 0;
	if (n == 0 || n >= CACHED_TOKEN_MAX)
		return jwt_verify(token, key, keylen, now, want, user, e);
	for (unsigned i = 0; i < CACHE_SLOTS; i++) {
		struct cached_token *c = &cache[i];
		if (c->len != n || c->key != key || c->keylen != keylen || c->want != want ||
		    CRYPTO_memcmp(c->token, token, n) != 0)
			continue;
		/* Time passes: the checks that depend on it run on every hit. */
		int r = check_times(c->exp, c->nbf, now, e);
		if (r == TODO_OK)
			memcpy(user, c->user, USER_MAX + 1);
		return r;
	}
	double exp, nbf;
	int r = verify(token, key, keylen, now, want, user, &exp, &nbf, e);
	/* Only tokens that passed are kept, so junk cannot push good ones out
	 * and a refused token is refused afresh (with its reason) each time. */
	if (r == TODO_OK) {
		struct cached_token *c = &cache[cache_next++ % CACHE_SLOTS];
		c->key = key;
		c->keylen = keylen;
		c->want = want;
		c->len = n;
		memcpy(c->token, token, n);
		memcpy(c->user, user, USER_MAX + 1);
		c->exp = exp;
		c->nbf = nbf;
	}
	return r;
}

char *jwt_mint(const char *user, const char *key, size_t keylen, long long now, long long ttl)
{
	static const char hdr[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	cJSON *pl = cJSON_CreateObject();
	cJSON_AddStringToObject(pl, "sub", user);
	cJSON_AddNumberToObject(pl, "iat", (double)now);
	cJSON_AddNumberToObject(pl, "exp", (double)(now + ttl));
	char *pls = cJSON_PrintUnformatted(pl);
	cJSON_Delete(pl);
	char *h64 = b64url_encode((const unsigned char *)hdr, strlen(hdr));
	char *p64 = b64url_encode((const unsigned char *)pls, strlen(pls));
	cJSON_free(pls);
	char *signing = xasprintf("%s.%s", h64, p64);
	unsigned char mac[32];
	hs256(key, keylen, signing, strlen(signing), mac);
	char *s64 = b64url_encode(mac, sizeof mac);
	char *tok = xasprintf("%s.%s", signing, s64);
	free(h64);
	free(p64);
	free(signing);
	free(s64);
	return tok;
}
