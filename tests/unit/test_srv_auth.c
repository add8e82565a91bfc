/* SPDX-License-Identifier: MIT */
/* Unit tests: the server's JWT code (base64url, Bearer parsing, HS256
 * verify and mint, every refusal of PROTOCOLS section 5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "../../server/server.h"
#include "t.h"

static const char KEY[] = "unit-test-secret-0123456789abcdef";
#define NOW 1773133200LL   /* 2026-03-10T09:00:00Z */

/* A token from raw header and payload JSON, signed with HMAC-SHA256 (or
 * left unsigned when key is NULL). Caller frees. */
static char *make(const char *hdr, const char *payload, const char *key)
{
	char *h = b64url_encode((const unsigned char *)hdr, strlen(hdr));
	char *p = b64url_encode((const unsigned char *)payload, strlen(payload));
	char *signing = xasprintf("%s.%s", h, p);
	char *sig = xstrdup("");
	if (key) {
		unsigned char mac[32];
		unsigned len = sizeof mac;
		HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)signing, strlen(signing), mac, &len);
		free(sig);
		sig = b64url_encode(mac, len);
	}
	char *tok = xasprintf("%s.%s", signing, sig);
	free(h);
	free(p);
	free(signing);
	free(sig);
	return tok;
}

static int verify(const char *tok, char *user, struct todo_err *e)
{
	return jwt_verify(tok, KEY, strlen(KEY), NOW, NULL, user, e);
}

static void refuse(const char *name, const char *hdr, const char *payload, const char *key)
{
	char user[USER_MAX + 1] = "";
	struct todo_err e = {0};
	char *tok = make(hdr, payload, key);
	int rc = verify(tok, user, &e);
	CHECK(name, rc == TODO_EAUTH && e.msg[0] && user[0] == '\0');
	free(tok);
}

static const char HS[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

/* The per-thread cache of verified tokens must answer exactly as
 * jwt_verify would: time-bound claims again on every hit, nothing for a
 * token that differs by one byte or was signed with another key. */
static void cached(void)
{
	char user[USER_MAX + 1];
	struct todo_err e;
	char pl[128];
	snprintf(pl, sizeof pl, "{\"sub\":\"carol\",\"exp\":%lld,\"nbf\":%lld}", NOW + 100, NOW - 10);
	char *tok = make(HS, pl, KEY);
	size_t klen = strlen(KEY);
	CHECK("cache: first use verifies", jwt_verify_cached(tok, KEY, klen, NOW, NULL, user, &e) == TODO_OK);
	CHECK_STR("cache: user", user, "carol");
	user[0] = '\0';
	CHECK("cache: second use hits", jwt_verify_cached(tok, KEY, klen, NOW + 1, NULL, user, &e) == TODO_OK);
	CHECK_STR("cache: user from the cache", user, "carol");
	CHECK("cache: expiry is checked on a hit",
	      jwt_verify_cached(tok, KEY, klen, NOW + 100 + 31, NULL, user, &e) == TODO_EAUTH &&
	      strstr(e.msg, "expired") != NULL);
	CHECK("cache: nbf is checked on a hit",
	      jwt_verify_cached(tok, KEY, klen, NOW - 100, NULL, user, &e) == TODO_EAUTH &&
	      strstr(e.msg, "not valid yet") != NULL);
	/* The same token bytes but one signature character changed. */
	char *bad = xstrdup(tok);
	size_t n = strlen(bad);
	bad[n - 2] = bad[n - 2] == 'A' ? 'B' : 'A';
	CHECK("cache: a changed signature is refused", jwt_verify_cached(bad, KEY, klen, NOW, NULL, user, &e) == TODO_EAUTH);
	/* Same bytes checked against another key: not a hit. */
	static const char OTHER[] = "another-secret-0123456789abcdef012";
	CHECK("cache: another key does not hit",
	      jwt_verify_cached(tok, OTHER, strlen(OTHER), NOW, NULL, user, &e) == TODO_EAUTH);
	/* More tokens than slots: the first is pushed out and verified again. */
	bool all = true;
	for (int i = 0; i < 12; i++) {
		char p2[128];
		snprintf(p2, sizeof p2, "{\"sub\":\"user%d\",\"exp\":%lld}", i, NOW + 100);
		char *t2 = make(HS, p2, KEY);
		all &= jwt_verify_cached(t2, KEY, klen, NOW, NULL, user, &e) == TODO_OK;
		char want[16];
		snprintf(want, sizeof want, "user%d", i);
		all &= strcmp(user, want) == 0;
		free(t2);
	}
	CHECK("cache: many tokens, each its own user", all);
	CHECK("cache: the first again", jwt_verify_cached(tok, KEY, klen, NOW, NULL, user, &e) == TODO_OK &&
					    strcmp(user, "carol") == 0);
	/* A refused token is never cached as good. */
	snprintf(pl, sizeof pl, "{\"sub\":\"dave\",\"exp\":%lld}", NOW - 1000);
	char *old = make(HS, pl, KEY);
	CHECK("cache: expired token refused", jwt_verify_cached(old, KEY, klen, NOW, NULL, user, &e) == TODO_EAUTH);
	CHECK("cache: and refused again", jwt_verify_cached(old, KEY, klen, NOW, NULL, user, &e) == TODO_EAUTH);
	free(old);
	free(bad);
	free(tok);
}

int main(void)
{
	cached();
	/* base64url */
	size_t n;
	char *enc = b64url_encode((const unsigned char *)"\xfb\xff\xfe", 3);
	CHECK_STR("b64url uses - and _", enc, "-__-");
	unsigned char *dec = b64url_decode(enc, strlen(enc), &n);
	CHECK("b64url round trip", dec && n == 3 && memcmp(dec, "\xfb\xff\xfe", 3) == 0);
	free(enc);
	free(dec);
	for (size_t len = 0; len < 8; len++) {
		const char *src = "abcdefgh";
		char *e2 = b64url_encode((const unsigned char *)src, len);
		unsigned char *d2 = b64url_decode(e2, strlen(e2), &n);
		char name[64];
		snprintf(name, sizeof name, "b64url round trip length %zu", len);
		CHECK(name, d2 && n == len && memcmp(d2, src, len) == 0 && !strchr(e2, '='));
		free(e2);
		free(d2);
	}
	CHECK("b64url refuses padding", b64url_decode("YQ==", 4, &n) == NULL);
	CHECK("b64url refuses + and /", b64url_decode("+/+/", 4, &n) == NULL);
	CHECK("b64url refuses length 4k+1", b64url_decode("YWJjZ", 5, &n) == NULL);
	CHECK("b64url refuses spaces", b64url_decode("YW Jj", 5, &n) == NULL);

	/* Authorization header */
	CHECK_STR("bearer", bearer_token("Bearer abc"), "abc");
	CHECK_STR("bearer lower-case", bearer_token("bearer abc"), "abc");
	CHECK_STR("bearer upper-case, extra spaces", bearer_token("  BEARER   abc"), "abc");
	CHECK("bearer missing token", bearer_token("Bearer ") == NULL);
	CHECK("basic refused", bearer_token("Basic YTpi") == NULL);
	CHECK("bearer glued refused", bearer_token("Bearerabc") == NULL);
	CHECK("no header", bearer_token(NULL) == NULL);

	/* mint -> verify */
	char user[USER_MAX + 1];
	struct todo_err e;
	char *tok = jwt_mint("alice", KEY, strlen(KEY), NOW, 3600);
	CHECK("minted token verifies", verify(tok, user, &e) == TODO_OK);
	CHECK_STR("minted sub", user, "alice");
	CHECK("wrong key refused", jwt_verify(tok, "other", 5, NOW, NULL, user, &e) == TODO_EAUTH);
	CHECK("expired after ttl", jwt_verify(tok, KEY, strlen(KEY), NOW + 7200, NULL, user, &e) == TODO_EAUTH);
	CHECK("leeway on exp", jwt_verify(tok, KEY, strlen(KEY), NOW + 3610, NULL, user, &e) == TODO_OK);
	/* Flip one signature character. */
	size_t len = strlen(tok);
	tok[len - 2] = tok[len - 2] == 'A' ? 'B' : 'A';
	CHECK("tampered signature refused", verify(tok, user, &e) == TODO_EAUTH);
	free(tok);

	char *good = make(HS, "{\"sub\":\"bob\",\"exp\":1773136800}", KEY);
	CHECK("hand-made token verifies", verify(good, user, &e) == TODO_OK);
	CHECK_STR("hand-made sub", user, "bob");
	free(good);
	good = make("{\"alg\":\"HS256\"}", "{\"sub\":\"bob\",\"exp\":1773136800,\"nbf\":1773133100}", KEY);
	CHECK("past nbf and no typ accepted", verify(good, user, &e) == TODO_OK);
	free(good);

	refuse("alg none", "{\"alg\":\"none\"}", "{\"sub\":\"a\",\"exp\":1773136800}", NULL);
	refuse("alg none signed", "{\"alg\":\"none\"}", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("alg HS512", "{\"alg\":\"HS512\"}", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("alg RS256", "{\"alg\":\"RS256\"}", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("alg hs256 lower-case", "{\"alg\":\"hs256\"}", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("no alg", "{\"typ\":\"JWT\"}", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("crit header", "{\"alg\":\"HS256\",\"crit\":[\"b64\"]}", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("header not an object", "[1]", "{\"sub\":\"a\",\"exp\":1773136800}", KEY);
	refuse("missing exp", HS, "{\"sub\":\"a\"}", KEY);
	refuse("string exp", HS, "{\"sub\":\"a\",\"exp\":\"1773136800\"}", KEY);
	refuse("expired", HS, "{\"sub\":\"a\",\"exp\":1773129600}", KEY);
	refuse("nbf in the future", HS, "{\"sub\":\"a\",\"exp\":1773136800,\"nbf\":1773136000}", KEY);
	refuse("string nbf", HS, "{\"sub\":\"a\",\"exp\":1773136800,\"nbf\":\"x\"}", KEY);
	refuse("missing sub", HS, "{\"exp\":1773136800}", KEY);
	refuse("empty sub", HS, "{\"sub\":\"\",\"exp\":1773136800}", KEY);
	refuse("numeric sub", HS, "{\"sub\":5,\"exp\":1773136800}", KEY);
	refuse("payload not JSON", HS, "not json", KEY);
	refuse("payload an array", HS, "[1,2]", KEY);
	char longsub[400];
	snprintf(longsub, sizeof longsub, "{\"sub\":\"%0200d\",\"exp\":1773136800}", 0);
	refuse("sub too long", HS, longsub, KEY);

	/* iss and aud, when the server is told to check them */
	struct jwt_expect want = {"https://app.example", "https://app.example"};
	char *ia = make(HS, "{\"sub\":\"a\",\"exp\":1773136800,\"iss\":\"https://app.example\","
			    "\"aud\":[\"x\",\"https://app.example\"]}", KEY);
	CHECK("iss and aud array accepted", jwt_verify(ia, KEY, strlen(KEY), NOW, &want, user, &e) == TODO_OK);
	free(ia);
	ia = make(HS, "{\"sub\":\"a\",\"exp\":1773136800,\"iss\":\"https://evil\",\"aud\":\"https://app.example\"}", KEY);
	CHECK("wrong iss refused", jwt_verify(ia, KEY, strlen(KEY), NOW, &want, user, &e) == TODO_EAUTH);
	CHECK("iss not checked unless asked", jwt_verify(ia, KEY, strlen(KEY), NOW, NULL, user, &e) == TODO_OK);
	free(ia);
	ia = make(HS, "{\"sub\":\"a\",\"exp\":1773136800,\"iss\":\"https://app.example\"}", KEY);
	CHECK("missing aud refused", jwt_verify(ia, KEY, strlen(KEY), NOW, &want, user, &e) == TODO_EAUTH);
	free(ia);
	ia = make(HS, "{\"sub\":\"a\",\"exp\":1773136800,\"iss\":\"https://app.example\",\"aud\":\"other\"}", KEY);
	CHECK("wrong aud refused", jwt_verify(ia, KEY, strlen(KEY), NOW, &want, user, &e) == TODO_EAUTH);
	free(ia);

	const char *junk[] = {"", "abc", "a.b", "a.b.c", "a.b.c.d", "..", "e30.e30.", NULL};
	for (int i = 0; junk[i]; i++) {
		char name[64];
		snprintf(name, sizeof name, "garbage token '%s' refused", junk[i]);
		CHECK(name, verify(junk[i], user, &e) == TODO_EAUTH);
	}
	return T_DONE();
}
