#include "datadir.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity.h"
#include "keyring.h"

const datadir_identity_t datadir_identities[] = {
    {"ingest", "ingest"},
    {"index", "index"},
    {"query", "query"},
    {"client", "client,admin"},
};
const size_t datadir_identity_count = sizeof datadir_identities / sizeof *datadir_identities;

void datadir_key_path(const char *dir, const char *name, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/keys/%s.key", dir, name);
}

void datadir_keyring_path(const char *dir, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/keyring", dir);
}

int datadir_mkdirs(const char *path, int mode, char *err, size_t errlen)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "%s: %s", buf, strerror(errno));
            return -1;
        }
        *p = '/';
    }
    if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", buf, strerror(errno));
        return -1;
    }
    return 0;
}

/* Creates one missing key and appends its line to the keyring. */
static int datadir_add_identity(const char *dir, const datadir_identity_t *who, char *err,
                                size_t errlen)
{
    char path[4096], ring[4096];
    datadir_key_path(dir, who->name, path, sizeof path);
    if (access(path, F_OK) == 0)
        return 0;
    unsigned roles;
    keyring_roles_parse(who->roles, &roles);
    identity_t *id = identity_generate(who->name, err, errlen);
    if (!id || identity_save(id, path, err, errlen) != 0) {
        identity_destroy(&id);
        return -1;
    }
    char line[512];
    keyring_format_line(who->name, identity_public_key(id), roles, line, sizeof line);
    identity_destroy(&id);
    datadir_keyring_path(dir, ring, sizeof ring);
    FILE *f = fopen(ring, "a");
    if (!f || fprintf(f, "%s\n", line) < 0 || fclose(f) != 0) {
        snprintf(err, errlen, "%s: %s", ring, strerror(errno));
        return -1;
    }
    return 0;
}

int datadir_init(const char *dir, char *err, size_t errlen)
{
    char keys[4096];
    snprintf(keys, sizeof keys, "%s/keys", dir);
    if (datadir_mkdirs(keys, 0700, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < datadir_identity_count; i++)
        if (datadir_add_identity(dir, &datadir_identities[i], err, errlen) != 0)
            return -1;
    return 0;
}
