#include "keyring.h"

#include <czmq.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct keyring {
    zhashx_t *by_key_id;       /* key id -> keyring_entry_t*, owned */
    keyring_entry_t **entries; /* the same, in the order added */
    size_t n, cap;
};

static const char *const role_names[ROLE_COUNT] = {"ingest", "index", "query", "client",
                                                   "admin"};

const char *keyring_role_name(unsigned i) { return i < ROLE_COUNT ? role_names[i] : "?"; }

static void keyring_entry_free(void **item)
{
    free(*item);
    *item = NULL;
}

keyring_t *keyring_new(void)
{
    if (sodium_init() < 0)
        return NULL;
    keyring_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->by_key_id = zhashx_new();
    zhashx_set_destructor(self->by_key_id, keyring_entry_free);
    return self;
}

void keyring_destroy(keyring_t **self)
{
    if (!self || !*self)
        return;
    zhashx_destroy(&(*self)->by_key_id);
    free((*self)->entries);
    free(*self);
    *self = NULL;
}

int keyring_add(keyring_t *self, const char *name, const uint8_t *pk, unsigned roles)
{
    keyring_entry_t *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    snprintf(e->name, sizeof e->name, "%s", name);
    memcpy(e->pk, pk, IDENTITY_PK_BYTES);
    identity_key_id_of(pk, e->key_id);
    e->roles = roles;
    if (identity_curve_public_of(pk, e->curve_pk) != 0)
        memset(e->curve_pk, 0, sizeof e->curve_pk);
    if (self->n == self->cap) {
        size_t cap = self->cap ? 2 * self->cap : 8;
        keyring_entry_t **grown = realloc(self->entries, cap * sizeof *grown);
        if (!grown) {
            free(e);
            return -1;
        }
        self->entries = grown;
        self->cap = cap;
    }
    if (zhashx_insert(self->by_key_id, e->key_id, e) != 0) {
        free(e);
        return -1;
    }
    self->entries[self->n++] = e;
    return 0;
}

const keyring_entry_t *keyring_at(const keyring_t *self, size_t i)
{
    return i < self->n ? self->entries[i] : NULL;
}

const keyring_entry_t *keyring_find_curve(const keyring_t *self, const uint8_t *curve_pk)
{
    static const uint8_t none[IDENTITY_CURVE_BYTES];
    if (memcmp(curve_pk, none, sizeof none) == 0)
        return NULL;
    for (size_t i = 0; i < self->n; i++)
        if (sodium_memcmp(self->entries[i]->curve_pk, curve_pk, IDENTITY_CURVE_BYTES) == 0)
            return self->entries[i];
    return NULL;
}

/* The keys holding role: the one, or the one named like it among several. */
static const keyring_entry_t *keyring_by_role(const keyring_t *self, const char *role,
                                              char *err, size_t errlen)
{
    unsigned bit;
    if (keyring_roles_parse(role, &bit) != 0)
        return NULL;
    const keyring_entry_t *only = NULL, *named = NULL;
    size_t count = 0, used = 0;
    char names[256] = "";
    for (size_t i = 0; i < self->n; i++) {
        const keyring_entry_t *e = self->entries[i];
        if (!(e->roles & bit))
            continue;
        only = e;
        count++;
        if (strcmp(e->name, role) == 0)
            named = e;
        used += (size_t)snprintf(names + used, used < sizeof names ? sizeof names - used : 0,
                                 "%s%s", used ? ", " : "", e->name);
    }
    if (count == 1 || named)
        return count == 1 ? only : named;
    if (count == 0)
        snprintf(err, errlen, "no %s key in the keyring to authenticate the server", role);
    else
        snprintf(err, errlen, "%zu %s keys in the keyring (%s): choose the server's with "
                 "--server-key NAME", count, role, names);
    return NULL;
}

int keyring_server_key(const keyring_t *self, const char *spec, const char *role, uint8_t *pk,
                       char *err, size_t errlen)
{
    size_t got = 0;
    if (spec && strlen(spec) == IDENTITY_PK_BYTES * 2 &&
        sodium_hex2bin(pk, IDENTITY_PK_BYTES, spec, strlen(spec), NULL, &got, NULL) == 0 &&
        got == IDENTITY_PK_BYTES)
        return 0;
    for (size_t i = 0; spec && i < self->n; i++)
        if (strcmp(self->entries[i]->name, spec) == 0) {
            memcpy(pk, self->entries[i]->pk, IDENTITY_PK_BYTES);
            return 0;
        }
    const char *by = spec ? spec : role;
    unsigned bits;
    snprintf(err, errlen, "server key '%s': neither 64 hex characters, a keyring name nor a role",
             by ? by : "");
    if (!by || keyring_roles_parse(by, &bits) != 0)
        return -1;
    const keyring_entry_t *e = keyring_by_role(self, by, err, errlen);
    if (!e)
        return -1;
    memcpy(pk, e->pk, IDENTITY_PK_BYTES);
    return 0;
}

const keyring_entry_t *keyring_find(const keyring_t *self, const char *key_id)
{
    return zhashx_lookup(self->by_key_id, key_id);
}

size_t keyring_size(const keyring_t *self) { return zhashx_size(self->by_key_id); }

int keyring_roles_parse(const char *text, unsigned *roles)
{
    *roles = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i = 0;
        while (i < ROLE_COUNT && strcmp(tok, role_names[i]) != 0)
            i++;
        if (i == ROLE_COUNT)
            return -1;
        *roles |= 1u << i;
    }
    return *roles ? 0 : -1;
}

void keyring_roles_format(unsigned roles, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < ROLE_COUNT; i++) {
        if (roles & (1u << i))
            used += (size_t)snprintf(out + used, used < outlen ? outlen - used : 0, "%s%s",
                                     used ? "," : "", role_names[i]);
    }
}

void keyring_format_line(const char *name, const uint8_t *pk, unsigned roles, char *out,
                         size_t outlen)
{
    char hex[IDENTITY_PK_BYTES * 2 + 1], r[128];
    sodium_bin2hex(hex, sizeof hex, pk, IDENTITY_PK_BYTES);
    keyring_roles_format(roles, r, sizeof r);
    snprintf(out, outlen, "%s %s %s", name, r, hex);
}

static int keyring_parse_line(keyring_t *self, char *line, char *err, size_t errlen)
{
    char name[IDENTITY_NAME_MAX + 2], roles_text[128], hex[80], extra[2];
    int n = sscanf(line, "%65s %127s %79s %1s", name, roles_text, hex, extra);
    if (n != 3) {
        snprintf(err, errlen, "expected '<name> <roles> <public key hex>'");
        return -1;
    }
    if (!identity_name_valid(name)) {
        snprintf(err, errlen, "invalid key name '%s'", name);
        return -1;
    }
    unsigned roles;
    if (keyring_roles_parse(roles_text, &roles) != 0) {
        snprintf(err, errlen, "unknown role in '%s' (ingest, index, query, client, admin)",
                 roles_text);
        return -1;
    }
    uint8_t pk[IDENTITY_PK_BYTES];
    size_t got = 0;
    if (strlen(hex) != IDENTITY_PK_BYTES * 2 ||
        sodium_hex2bin(pk, sizeof pk, hex, strlen(hex), NULL, &got, NULL) != 0 ||
        got != IDENTITY_PK_BYTES) {
        snprintf(err, errlen, "public key must be %d hex characters", IDENTITY_PK_BYTES * 2);
        return -1;
    }
    if (keyring_add(self, name, pk, roles) != 0) {
        snprintf(err, errlen, "key of '%s' is listed twice", name);
        return -1;
    }
    return 0;
}

keyring_t *keyring_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    keyring_t *self = keyring_new();
    char line[1024];
    int lineno = 0;
    while (self && fgets(line, sizeof line, f)) {
        lineno++;
        /* the rest of a line longer than the buffer is not a line of its own */
        int too_long = !strchr(line, '\n') && !feof(f);
        for (int c = 0; too_long && c != '\n' && c != EOF;)
            c = fgetc(f);
        char *p = line + strspn(line, " \t");
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        char why[200] = "line too long";
        if (too_long || keyring_parse_line(self, p, why, sizeof why) != 0) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
            keyring_destroy(&self);
        }
    }
    fclose(f);
    return self;
}

int keyring_verify(const keyring_entry_t *entry, const uint8_t *msg, size_t len,
                   const uint8_t *sig)
{
    return crypto_sign_verify_detached(sig, msg, len, entry->pk) == 0 ? 0 : -1;
}
