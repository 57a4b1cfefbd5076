/* `entente keygen`: a new Ed25519 identity and its keyring line. */
#include <stdio.h>

#include "commands.h"
#include "config.h"
#include "identity.h"
#include "keyring.h"

int cmd_keygen(int argc, char **argv)
{
    const char *name = NULL, *roles_text = "client", *out = NULL;
    const config_option_t opts[] = {
        {"name", 'n', CONFIG_STRING, &name, "NAME", "key name (required)"},
        {"roles", 'r', CONFIG_STRING, &roles_text, "ROLES",
         "comma-separated: ingest, index, query, client, admin"},
        {"out", 'o', CONFIG_STRING, &out, "FILE", "secret key file (default NAME.key)"},
    };
    config_spec_t spec = {"entente keygen", "--name NAME [--roles ROLES] [--out FILE]",
                          "Writes a new secret key (mode 0600) and prints the line to add to "
                          "a keyring.",
                          opts, 3};
    char err[512], path[4096];
    int next, rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    if (rc != 0) {
        if (rc < 0)
            fprintf(stderr, "entente keygen: %s\n", err);
        return rc < 0 ? 2 : 0;
    }
    unsigned roles;
    if (!name || keyring_roles_parse(roles_text, &roles) != 0) {
        fprintf(stderr, "entente keygen: %s\n",
                name ? "unknown role (ingest, index, query, client, admin)" : "--name is required");
        return 2;
    }
    snprintf(path, sizeof path, "%s", out ? out : name);
    if (!out)
        snprintf(path, sizeof path, "%s.key", name);
    identity_t *id = identity_generate(name, err, sizeof err);
    if (!id || identity_save(id, path, err, sizeof err) != 0) {
        fprintf(stderr, "entente keygen: %s\n", err);
        identity_destroy(&id);
        return 1;
    }
    char line[512];
    keyring_format_line(name, identity_public_key(id), roles, line, sizeof line);
    printf("%s\n", line);
    fprintf(stderr, "entente keygen: wrote %s (key id %s)\n", path, identity_key_id(id));
    identity_destroy(&id);
    return 0;
}
