#include "identity.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct identity {
    char name[IDENTITY_NAME_MAX + 1];
    char key_id[IDENTITY_KEY_ID_LEN + 1];
    uint8_t pk[IDENTITY_PK_BYTES];
    uint8_t sk[IDENTITY_SK_BYTES];
};

void identity_key_id_of(const uint8_t *pk, char *out)
{
    uint8_t h[32];
    crypto_generichash(h, sizeof h, pk, IDENTITY_PK_BYTES, NULL, 0);
    sodium_bin2hex(out, IDENTITY_KEY_ID_LEN + 1, h, IDENTITY_KEY_ID_LEN / 2);
}

int identity_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > IDENTITY_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

static identity_t *identity_alloc(const char *name, char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium failed to initialise");
        return NULL;
    }
    if (!identity_name_valid(name)) {
        snprintf(err, errlen, "invalid key name '%s' (1-%d of A-Z a-z 0-9 - _ .)", name,
                 IDENTITY_NAME_MAX);
        return NULL;
    }
    identity_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(self->name, sizeof self->name, "%s", name);
    return self;
}

identity_t *identity_generate(const char *name, char *err, size_t errlen)
{
    identity_t *self = identity_alloc(name, err, errlen);
    if (!self)
        return NULL;
    crypto_sign_keypair(self->pk, self->sk);
    identity_key_id_of(self->pk, self->key_id);
    return self;
}

identity_t *identity_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char line[512], name[IDENTITY_NAME_MAX + 2] = "", hex[IDENTITY_SK_BYTES * 2 + 2] = "";
    int lineno = 0, magic = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char key[32], val[IDENTITY_SK_BYTES * 2 + 2];
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "%31s %129s", key, val) != 2) {
            snprintf(err, errlen, "%s:%d: expected 'field value'", path, lineno);
            fclose(f);
            return NULL;
        }
        if (strcmp(key, "entente-secret-key") == 0)
            magic = strcmp(val, "1") == 0;
        else if (strcmp(key, "name") == 0)
            snprintf(name, sizeof name, "%.*s", IDENTITY_NAME_MAX + 1, val);
        else if (strcmp(key, "secret-key") == 0)
            snprintf(hex, sizeof hex, "%s", val);
        sodium_memzero(line, sizeof line);
        sodium_memzero(val, sizeof val);
    }
    fclose(f);
    if (!magic) {
        snprintf(err, errlen, "%s: not an entente secret key file (version 1)", path);
        return NULL;
    }
    identity_t *self = identity_alloc(name, err, errlen);
    if (!self)
        return NULL;
    size_t got = 0;
    if (strlen(hex) != IDENTITY_SK_BYTES * 2 ||
        sodium_hex2bin(self->sk, sizeof self->sk, hex, strlen(hex), NULL, &got, NULL) != 0 ||
        got != IDENTITY_SK_BYTES) {
        snprintf(err, errlen, "%s: secret-key must be %d hex characters", path,
                 IDENTITY_SK_BYTES * 2);
        sodium_memzero(hex, sizeof hex);
        identity_destroy(&self);
        return NULL;
    }
    sodium_memzero(hex, sizeof hex);
    crypto_sign_ed25519_sk_to_pk(self->pk, self->sk);
    identity_key_id_of(self->pk, self->key_id);
    return self;
}

int identity_save(const identity_t *self, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char hex[IDENTITY_SK_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, self->sk, sizeof self->sk);
    char buf[512];
    int n = snprintf(buf, sizeof buf,
                     "# entente secret key: keep private\nentente-secret-key 1\nname %s\n"
                     "secret-key %s\n",
                     self->name, hex);
    sodium_memzero(hex, sizeof hex);
    int rc = write(fd, buf, (size_t)n) == n ? 0 : -1;
    sodium_memzero(buf, sizeof buf);
    if (rc != 0)
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    if (fsync(fd) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    close(fd);
    return rc;
}

void identity_destroy(identity_t **self)
{
    if (!self || !*self)
        return;
    sodium_memzero(*self, sizeof **self);
    free(*self);
    *self = NULL;
}

const char *identity_name(const identity_t *self) { return self->name; }
const char *identity_key_id(const identity_t *self) { return self->key_id; }
const uint8_t *identity_public_key(const identity_t *self) { return self->pk; }

void identity_sign(const identity_t *self, const uint8_t *msg, size_t len, uint8_t *sig)
{
    crypto_sign_detached(sig, NULL, msg, len, self->sk);
}

int identity_curve_keys(const identity_t *self, uint8_t *pk, uint8_t *sk)
{
    if (crypto_sign_ed25519_sk_to_curve25519(sk, self->sk) != 0 ||
        crypto_sign_ed25519_pk_to_curve25519(pk, self->pk) != 0) {
        sodium_memzero(sk, IDENTITY_CURVE_BYTES);
        return -1;
    }
    return 0;
}

int identity_curve_public_of(const uint8_t *ed_pk, uint8_t *curve_pk)
{
    return crypto_sign_ed25519_pk_to_curve25519(curve_pk, ed_pk) == 0 ? 0 : -1;
}
