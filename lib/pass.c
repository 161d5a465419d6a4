/* pass.c: password hashing (argon2id via libsodium), the password policy and tokens */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pass.h"
#include "util.h"
#include "common_passwords.h"

#define PASS_OPSLIMIT	2			/* OWASP minimum for argon2id */
#define PASS_MEMLIMIT	(19U * 1024U * 1024U)	/* 19 MiB */
#define PASS_MIN	8
#define PASS_MAX	256
#define PASS_COMMON_MAX	64	/* longer than any listed password */
#define PASS_TOKEN_BYTES 32

int
pass_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
pass_hash(const char *password, char *out, size_t outsz)
{
	if (outsz < crypto_pwhash_STRBYTES)
		return -1;
	if (crypto_pwhash_str_alg(out, password, strlen(password),
	    PASS_OPSLIMIT, PASS_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_warn("pass: hashing failed (out of memory?)");
		return -1;
	}
	return 0;
}

int
pass_usable(const char *hash)
{
	return hash != NULL &&
	    strnlen(hash, crypto_pwhash_STRBYTES) < crypto_pwhash_STRBYTES &&
	    strncmp(hash, "$argon2id$", 10) == 0;
}

int
pass_verify(const char *hash, const char *password)
{
	if (password == NULL || !pass_usable(hash))
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static int
pass_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* 1 if the password, lowercased, is on the list of common passwords. */
static int
pass_common(const char *password)
{
	char low[PASS_COMMON_MAX];
	size_t i, len = strlen(password);

	if (len >= sizeof(low))
		return 0;
	for (i = 0; i <= len; i++)
		low[i] = (char)tolower((unsigned char)password[i]);
	return bsearch(low, common_passwords,
	    sizeof(common_passwords) / sizeof(common_passwords[0]),
	    sizeof(common_passwords[0]), pass_cmp) != NULL;
}

const char *
pass_policy(const char *password)
{
	size_t n;

	if (password == NULL)
		return "password.short";
	if (!utf8_valid(password, strlen(password)))
		return "password.invalid";
	n = utf8_len(password);
	if (n < PASS_MIN)
		return "password.short";
	if (n > PASS_MAX)
		return "password.long";
	if (pass_common(password))
		return "password.common";
	return NULL;
}

void
pass_token(char *out, size_t outsz)
{
	unsigned char bin[PASS_TOKEN_BYTES];

	if (outsz < sodium_base64_ENCODED_LEN(PASS_TOKEN_BYTES,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		log_die("pass_token: buffer of %zu bytes is too small", outsz);
	randombytes_buf(bin, sizeof(bin));
	sodium_bin2base64(out, outsz, bin, sizeof(bin),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bin, sizeof(bin));
}

void
pass_token_hash(const char *token, char *out, size_t outsz)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	if (outsz < 2 * sizeof(h) + 1)
		log_die("pass_token_hash: buffer of %zu bytes is too small", outsz);
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, outsz, h, sizeof(h));
}
