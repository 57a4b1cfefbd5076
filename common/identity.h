/* identity — one Ed25519 key pair (libsodium) with its name and key id.
 *
 * Secret key file (mode 0600), one "field value" per line:
 *   entente-secret-key 1
 *   name <name>
 *   secret-key <128 hex chars: libsodium's 64-byte secret key (seed || public)>
 * The key id is the first 16 hex chars of BLAKE2b-256(public key).
 * identity_new_* return a new identity the caller owns; identity_destroy wipes
 * the secret and frees it. */
#ifndef ENTENTE_IDENTITY_H
#define ENTENTE_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#define IDENTITY_PK_BYTES 32
#define IDENTITY_SK_BYTES 64
#define IDENTITY_SIG_BYTES 64
#define IDENTITY_KEY_ID_LEN 16
#define IDENTITY_NAME_MAX 64

typedef struct identity identity_t;

/* A fresh random key pair called name (letters, digits, '-', '_', '.'). */
identity_t *identity_generate(const char *name, char *err, size_t errlen);
identity_t *identity_load(const char *path, char *err, size_t errlen);
/* Writes the secret key file with mode 0600; refuses to overwrite. */
int identity_save(const identity_t *self, const char *path, char *err, size_t errlen);
void identity_destroy(identity_t **self);

const char *identity_name(const identity_t *self);
const char *identity_key_id(const identity_t *self);
const uint8_t *identity_public_key(const identity_t *self);
/* Detached Ed25519 signature of msg into sig[IDENTITY_SIG_BYTES]. */
void identity_sign(const identity_t *self, const uint8_t *msg, size_t len, uint8_t *sig);

/* The X25519 (CurveZMQ) key pair of this Ed25519 identity
 * (crypto_sign_ed25519_{pk,sk}_to_curve25519); wipe sk after use. */
#define IDENTITY_CURVE_BYTES 32
int identity_curve_keys(const identity_t *self, uint8_t *pk, uint8_t *sk);
/* The X25519 public key of an Ed25519 public key; -1 when it is not a valid point. */
int identity_curve_public_of(const uint8_t *ed_pk, uint8_t *curve_pk);

/* key id of a public key into out[IDENTITY_KEY_ID_LEN + 1]. */
void identity_key_id_of(const uint8_t *pk, char *out);
/* Checks a name is usable in key files and keyrings. */
int identity_name_valid(const char *name);

#endif
