/* keyring — the trusted Ed25519 public keys and the roles each may act in.
 *
 * File format, one key per line ('#' starts a comment line):
 *   <name> <role[,role...]> <64 hex chars of the Ed25519 public key>
 * Roles: ingest, index, query, client, admin. The keyring owns its entries;
 * pointers returned by lookups stay valid until keyring_destroy. A keyring is
 * read-only once loaded, so threads may share it. */
#ifndef ENTENTE_KEYRING_H
#define ENTENTE_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "identity.h"

enum {
    ROLE_INGEST = 1u << 0,
    ROLE_INDEX = 1u << 1,
    ROLE_QUERY = 1u << 2,
    ROLE_CLIENT = 1u << 3,
    ROLE_ADMIN = 1u << 4,
    ROLE_ANY = 0x1fu,
    ROLE_COUNT = 5,
};

typedef struct keyring keyring_t;

typedef struct {
    char name[IDENTITY_NAME_MAX + 1];
    char key_id[IDENTITY_KEY_ID_LEN + 1];
    uint8_t pk[IDENTITY_PK_BYTES];
    uint8_t curve_pk[IDENTITY_CURVE_BYTES]; /* its CurveZMQ key (all zero if none) */
    unsigned roles;
} keyring_entry_t;

keyring_t *keyring_new(void);
/* Loads a keyring file; errors name the file and line. */
keyring_t *keyring_load(const char *path, char *err, size_t errlen);
void keyring_destroy(keyring_t **self);

/* Adds a key; -1 if its key id is already present. */
int keyring_add(keyring_t *self, const char *name, const uint8_t *pk, unsigned roles);
const keyring_entry_t *keyring_find(const keyring_t *self, const char *key_id);
size_t keyring_size(const keyring_t *self);
/* The i-th entry in the order added (i < keyring_size). */
const keyring_entry_t *keyring_at(const keyring_t *self, size_t i);
/* The entry whose X25519 (CurveZMQ) public key is curve_pk, or NULL. */
const keyring_entry_t *keyring_find_curve(const keyring_t *self, const uint8_t *curve_pk);

/* The Ed25519 public key of the server a client connects to, into
 * pk[IDENTITY_PK_BYTES]. spec is 64 hex characters (the key itself), the
 * name of a keyring entry, or a role name; NULL means role. A role picks the
 * one key holding it, or among several the one named like the role; more
 * than one left is an error that lists them (choose with a name). */
int keyring_server_key(const keyring_t *self, const char *spec, const char *role, uint8_t *pk,
                       char *err, size_t errlen);

/* "ingest,client" -> bits; -1 when a role is unknown. */
int keyring_roles_parse(const char *text, unsigned *roles);
/* Name of role bit i (0 = ingest ... 4 = admin). */
const char *keyring_role_name(unsigned i);
/* bits -> "ingest,client" into out. */
void keyring_roles_format(unsigned roles, char *out, size_t outlen);
/* The keyring line for a public key, without the newline. */
void keyring_format_line(const char *name, const uint8_t *pk, unsigned roles, char *out,
                         size_t outlen);
/* Verifies a detached signature made by the key of entry. */
int keyring_verify(const keyring_entry_t *entry, const uint8_t *msg, size_t len,
                   const uint8_t *sig);

#endif
