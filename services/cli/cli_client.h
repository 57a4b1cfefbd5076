/* cli_client — the options every client subcommand shares (endpoint, data
 * dir, key, keyring, timeout) and the libentente client made from them. */
#ifndef ENTENTE_CLI_CLIENT_H
#define ENTENTE_CLI_CLIENT_H

#include "config.h"
#include "entente.h"

typedef struct {
    const char *endpoint;
    const char *data;
    const char *key;
    const char *keyring;
    long timeout_ms;
    const char *server_key;
    int plaintext;
} cli_client_opts_t;

#define CLI_CLIENT_OPTION_COUNT 7
/* Writes the shared options into out[CLI_CLIENT_OPTION_COUNT]. */
void cli_client_options(cli_client_opts_t *o, config_option_t *out);

/* Parses shared + extra options; prints errors and help. Returns 0 to go on,
 * otherwise the exit code (0 after --help, 2 on a usage error). */
int cli_client_parse(const char *program, const char *usage, const char *about,
                     cli_client_opts_t *o, const config_option_t *extra, size_t n_extra,
                     int argc, char **argv, int *next, int *exit_code);

/* A client for endpoint (o->endpoint when NULL) authenticating the server
 * by o->server_key, else by default_key (a role name, say); prints the
 * error. */
entente_client_t *cli_client_connect(const cli_client_opts_t *o, const char *endpoint,
                                     const char *default_key);

#endif
