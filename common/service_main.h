/* service_main — the main() of a standalone service binary.
 *
 * Parses the options every service shares (data dir, key, keyring, log level,
 * message size limit, clock skew) plus the service's own, loads the identity
 * and keyring, starts the service in a service_host and serves until SIGINT
 * or SIGTERM. Unless --metrics-endpoint is "none" it also serves the
 * service's metrics over HTTP (metrics_http.h). */
#ifndef ENTENTE_SERVICE_MAIN_H
#define ENTENTE_SERVICE_MAIN_H

#include "config.h"
#include "service_host.h"

typedef struct {
    const char *program;          /* "entente-index" */
    const char *key_name;         /* default key: DATA/keys/<key_name>.key */
    const char *metrics_endpoint; /* default HOST:PORT of GET /metrics */
    const char *about;
    const config_option_t *extra; /* the service's own options */
    size_t extra_count;
    /* Fills def->endpoints and def->module once options are parsed. */
    int (*build)(service_def_t *def, const char *data_dir, char *err, size_t errlen);
} service_main_spec_t;

int service_main(const service_main_spec_t *spec, int argc, char **argv);

#endif
