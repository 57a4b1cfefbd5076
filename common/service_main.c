#include "service_main.h"

#include <string.h>

#include "curve_auth.h"
#include "datadir.h"
#include "entente_limits.h"
#include "log.h"
#include "metrics_http.h"
#include "transport.h"

#define SERVICE_MAIN_MAX_OPTIONS 48

int service_main(const service_main_spec_t *spec, int argc, char **argv)
{
    const char *data = "./data", *key = NULL, *keyring_path = NULL, *level_name = "info";
    const char *metrics_endpoint = spec->metrics_endpoint;
    int plaintext = 0;
    long grace_ms = SERVICE_DEFAULT_GRACE_MS;
    long max_msg = TRANSPORT_DEFAULT_MAX_MSG, skew_ms = 30000;
    config_option_t opts[SERVICE_MAIN_MAX_OPTIONS] = {
        {"data", 'd', CONFIG_STRING, &data, "DIR", "data directory (keys, keyring, store)"},
        {"key", 0, CONFIG_STRING, &key, "FILE", "secret key (default DIR/keys/<service>.key)"},
        {"keyring", 0, CONFIG_STRING, &keyring_path, "FILE", "trusted keys (default DIR/keyring)"},
        {"log-level", 0, CONFIG_STRING, &level_name, "LEVEL", "debug, info, warn or error"},
        {"max-msg-bytes", 0, CONFIG_INT, &max_msg, "N", "largest request accepted (bytes)"},
        {"skew-ms", 0, CONFIG_INT, &skew_ms, "MS", "accepted clock difference of requests"},
        {"metrics-endpoint", 0, CONFIG_STRING, &metrics_endpoint, "HOST:PORT",
         "serve GET /metrics here (*:PORT: every interface; none: off)"},
        {"insecure-plaintext", 0, CONFIG_FLAG, &plaintext, NULL,
         "tcp without CurveZMQ: no encryption, any client may connect"},
        {"shutdown-grace-ms", 0, CONFIG_INT, &grace_ms, "MS",
         "on SIGTERM, time to answer what was received and to flush to index"},
    };
    size_t n = 9;
    limits_t lim = *limits();
    limits_options(&lim, opts + n);
    n += LIMITS_OPTION_COUNT;
    for (size_t i = 0; i < spec->extra_count && n < SERVICE_MAIN_MAX_OPTIONS; i++)
        opts[n++] = spec->extra[i];
    config_spec_t cs = {spec->program, "[OPTIONS]", spec->about, opts, n};
    char err[512];
    int next = 0, rc = config_parse(&cs, argc, argv, &next, err, sizeof err);
    if (rc != 0 || next != argc || limits_set(&lim, err, sizeof err) != 0) {
        if (rc == 0 && next != argc)
            snprintf(err, sizeof err, "unexpected argument '%s'", argv[next]);
        if (rc >= 0 && rc != 1)
            rc = -1;
        if (rc < 0)
            fprintf(stderr, "%s: %s\n", spec->program, err);
        return rc == 1 ? 0 : 2;
    }
    log_level_t level;
    if (log_level_parse(level_name, &level) != 0 || max_msg < 1024 || skew_ms < 1 ||
        grace_ms < 1 || grace_ms > 600000) {
        fprintf(stderr, "%s: bad --log-level, --max-msg-bytes (>= 1024), --skew-ms or "
                "--shutdown-grace-ms (1 to 600000)\n", spec->program);
        return 2;
    }
    log_set_level(level);
    char key_path[4096], ring_path[4096];
    datadir_key_path(data, spec->key_name, key_path, sizeof key_path);
    datadir_keyring_path(data, ring_path, sizeof ring_path);
    identity_t *id = identity_load(key ? key : key_path, err, sizeof err);
    keyring_t *ring = id ? keyring_load(keyring_path ? keyring_path : ring_path, err, sizeof err)
                         : NULL;
    metrics_t *metrics = metrics_new();
    metrics_http_t *http = NULL;
    service_def_t def = {.rpc = {.name = spec->program, .identity = id, .keyring = ring,
                                 .max_msg_bytes = max_msg, .skew_ms = (uint64_t)skew_ms,
                                 .metrics = metrics, .plaintext = plaintext},
                         .grace_ms = (int)grace_ms};
    zactor_t *actor = NULL;
    curve_auth_t *auth = NULL;
    if (plaintext)
        log_warn(spec->program, "--insecure-plaintext: tcp is neither encrypted nor limited to "
                 "the keyring");
    else if (ring)
        auth = curve_auth_start(ring, metrics, err, sizeof err);
    if (ring && (plaintext || auth) && spec->build(&def, data, err, sizeof err) == 0)
        actor = service_host_start(&def, err, sizeof err);
    if (actor && !metrics_http_disabled(metrics_endpoint) &&
        !(http = metrics_http_start(metrics, metrics_endpoint, err, sizeof err)))
        zactor_destroy(&actor);
    if (!actor) {
        log_error(spec->program, "%s", err);
        if (!id)
            log_error(spec->program, "create keys with `entente keygen` or `entente run --data %s`",
                      data);
        curve_auth_stop(&auth);
        metrics_destroy(&metrics);
        keyring_destroy(&ring);
        identity_destroy(&id);
        return 1;
    }
    for (int i = 0; i < SERVICE_MAX_ENDPOINTS && def.endpoints[i]; i++)
        log_info(spec->program, "serving on %s", def.endpoints[i]);
    if (http)
        log_info(spec->program, "metrics: GET /metrics on %s (port %d)", metrics_endpoint,
                 metrics_http_port(http));
    rc = service_host_wait(&actor, 1, spec->program);
    log_info(spec->program, "shutting down");
    service_host_stop(&actor);
    metrics_http_stop(&http);
    curve_auth_stop(&auth);
    metrics_destroy(&metrics);
    keyring_destroy(&ring);
    identity_destroy(&id);
    return rc;
}

int service_main_peer_key(const service_def_t *def, const char *spec, const char *role,
                          const char *endpoint, uint8_t *pk, const uint8_t **out, char *err,
                          size_t errlen)
{
    transport_opts_t topts = {.plaintext = def->rpc.plaintext};
    if (!endpoint || !transport_uses_curve(endpoint, &topts))
        return 0;
    if (keyring_server_key(def->rpc.keyring, spec, role, pk, err, errlen) != 0)
        return -1;
    *out = pk;
    return 0;
}
