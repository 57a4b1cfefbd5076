/* service_main — the main() of a standalone service binary.
 *
 * Parses the options every service shares (data dir, key, keyring, log level,
 * message size limit, clock skew) plus the service's own, loads the identity
 * and keyring, starts the service in a service_host and serves until SIGINT
 * or SIGTERM. Unless --metrics-endpoint is "none" it also serves the
 * service's metrics over HTTP (metrics_http.h). Its tcp endpoints use
 * CurveZMQ, checked by a ZAP handler against the keyring (curve_auth.h),
 * unless --insecure-plaintext says otherwise (logged as a warning). */
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

/* For build callbacks: the Ed25519 key of the server a service connects to
 * at endpoint (spec: see keyring_server_key; NULL: by role) into pk, and
 * *out = pk; *out stays as it was when the endpoint needs no Curve. */
int service_main_peer_key(const service_def_t *def, const char *spec, const char *role,
                          const char *endpoint, uint8_t *pk, const uint8_t **out, char *err,
                          size_t errlen);

#endif
