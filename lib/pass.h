/* pass.h: password hashing (argon2id via libsodium) and the password policy */
#ifndef RP_PASS_H
#define RP_PASS_H

#include <stddef.h>

/* Call once before anything else (sodium_init); returns 0 or -1. */
int	pass_init(void);

/*
 * Hash a password with argon2id, at least 19 MiB and 2 passes.  Writes a
 * NUL-terminated crypto_pwhash_STRBYTES string into out.  Returns 0 or -1.
 */
int	pass_hash(const char *password, char *out, size_t outsz);

/* 1 if password matches the stored hash, 0 if not (also for a malformed hash). */
int	pass_verify(const char *hash, const char *password);

/* 1 if hash is one pass_verify() can check (an argon2id string), 0 if not
 * (NULL, empty for an invited user without a password yet, malformed). */
int	pass_usable(const char *hash);

/*
 * Policy: 8 to 256 characters (code points), valid UTF-8, not one of the
 * commonest passwords.  Returns NULL when acceptable, else a catalogue key
 * for the reason ("password.short", "password.long", "password.common",
 * and "password.invalid" for broken UTF-8 or control characters).
 */
const char *pass_policy(const char *password);

/* Random token: 32 bytes from libsodium, base64url without padding into
 * out (at least 44 bytes). */
void	pass_token(char *out, size_t outsz);

/* SHA-256 of a token as 64 lowercase hex characters into out (>= 65 bytes). */
void	pass_token_hash(const char *token, char *out, size_t outsz);

#endif
