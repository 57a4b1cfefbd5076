#include "cli_client.h"

#include <stdio.h>
#include <stdlib.h>

#define CLI_MAX_OPTIONS 40

void cli_client_options(cli_client_opts_t *o, config_option_t *out)
{
    if (!o->data)
        o->data = "./data";
    if (!o->timeout_ms)
        o->timeout_ms = 5000;
    out[0] = (config_option_t){"endpoint", 'e', CONFIG_STRING, &o->endpoint, "ENDPOINT",
                               "service endpoint to call"};
    out[1] = (config_option_t){"data", 'd', CONFIG_STRING, &o->data, "DIR",
                               "data directory with keys/client.key and keyring"};
    out[2] = (config_option_t){"key", 0, CONFIG_STRING, &o->key, "FILE",
                               "client secret key (default DIR/keys/client.key)"};
    out[3] = (config_option_t){"keyring", 0, CONFIG_STRING, &o->keyring, "FILE",
                               "trusted keys (default DIR/keyring)"};
    out[4] = (config_option_t){"timeout-ms", 't', CONFIG_INT, &o->timeout_ms, "MS",
                               "how long to wait for a reply"};
    out[5] = (config_option_t){"server-key", 0, CONFIG_STRING, &o->server_key, "NAME|HEX",
                               "the server's key for CurveZMQ: keyring name, role or hex"};
    out[6] = (config_option_t){"insecure-plaintext", 0, CONFIG_FLAG, &o->plaintext, NULL,
                               "tcp without CurveZMQ (only to a server that allows it)"};
}

int cli_client_parse(const char *program, const char *usage, const char *about,
                     cli_client_opts_t *o, const config_option_t *extra, size_t n_extra,
                     int argc, char **argv, int *next, int *exit_code)
{
    config_option_t opts[CLI_MAX_OPTIONS];
    cli_client_options(o, opts);
    size_t n = CLI_CLIENT_OPTION_COUNT;
    for (size_t i = 0; i < n_extra && n < CLI_MAX_OPTIONS; i++)
        opts[n++] = extra[i];
    config_spec_t spec = {program, usage, about, opts, n};
    char err[512];
    int rc = config_parse(&spec, argc, argv, next, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "%s: %s\n", program, err);
    else if (rc == 0 && o->timeout_ms <= 0) {
        fprintf(stderr, "%s: --timeout-ms must be positive\n", program);
        rc = -1;
    }
    *exit_code = rc < 0 ? 2 : 0;
    return rc;
}

entente_client_t *cli_client_connect(const cli_client_opts_t *o, const char *endpoint,
                                     const char *default_key)
{
    entente_client_options_t co = {
        .endpoint = endpoint ? endpoint : o->endpoint,
        .data_dir = o->data,
        .key_path = o->key,
        .keyring_path = o->keyring,
        .timeout_ms = (int)o->timeout_ms,
        .server_key = o->server_key ? o->server_key : default_key,
        .plaintext = o->plaintext,
    };
    char err[512];
    entente_client_t *c = entente_client_new(&co, err, sizeof err);
    if (!c)
        fprintf(stderr, "entente: %s\n", err);
    return c;
}
