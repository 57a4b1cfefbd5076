/* datadir — the key files of a data directory.
 *
 *   DIR/keys/<name>.key   secret keys (0600), one per service and the client
 *   DIR/keyring           their public keys and roles
 * datadir_init creates whatever of these is missing and reuses the rest, so
 * the embedded default keeps its identities across restarts. */
#ifndef ENTENTE_DATADIR_H
#define ENTENTE_DATADIR_H

#include <stddef.h>

/* The identities `entente run` provisions, with their roles. */
typedef struct {
    const char *name;
    const char *roles;
} datadir_identity_t;

extern const datadir_identity_t datadir_identities[];
extern const size_t datadir_identity_count;

int datadir_init(const char *dir, char *err, size_t errlen);
void datadir_key_path(const char *dir, const char *name, char *out, size_t outlen);
void datadir_keyring_path(const char *dir, char *out, size_t outlen);
/* mkdir -p with mode for the last component. */
int datadir_mkdirs(const char *path, int mode, char *err, size_t errlen);

#endif
