/* entente-http: the REST/JSON + Server-Sent Events gateway and the web page,
 * as its own process. */
#include <czmq.h>
#include <stdio.h>

#include "config.h"
#include "endpoints.h"
#include "http_gateway.h"
#include "log.h"

int main(int argc, char **argv)
{
    http_options_t o = {.listen = HTTP_DEFAULT_LISTEN, .query_endpoint = QUERY_DEFAULT_ENDPOINT,
                        .pub_endpoint = INDEX_DEFAULT_PUB_ENDPOINT,
                        .replay_endpoint = INDEX_DEFAULT_ENDPOINT, .data_dir = "./data"};
    const char *log_level = "info";
    long timeout = 5000, pool = 8, streams = 32, conns = 256, idle = 30, keepalive = 10000;
    const config_option_t opts[] = {
        {"listen", 'l', CONFIG_STRING, &o.listen, "URL", "where to serve (http://HOST:PORT/)"},
        {"query-endpoint", 'e', CONFIG_STRING, &o.query_endpoint, "ENDPOINT", "query's RPC endpoint"},
        {"pub-endpoint", 0, CONFIG_STRING, &o.pub_endpoint, "ENDPOINT", "index's event stream (none: no /v1/stream)"},
        {"replay-endpoint", 0, CONFIG_STRING, &o.replay_endpoint, "ENDPOINT", "index's RPC, where stream gaps are filled"},
        {"data", 'd', CONFIG_STRING, &o.data_dir, "DIR", "data directory with keys/client.key and keyring"},
        {"key", 0, CONFIG_STRING, &o.key_path, "FILE", "client secret key"},
        {"keyring", 0, CONFIG_STRING, &o.keyring_path, "FILE", "trusted keys"},
        {"query-key", 0, CONFIG_STRING, &o.query_key, "NAME|ROLE|HEX", "query's key (default: the keyring's query role)"},
        {"index-key", 0, CONFIG_STRING, &o.index_key, "NAME|ROLE|HEX", "index's key (default: the keyring's index role)"},
        {"insecure-plaintext", 0, CONFIG_FLAG, &o.plaintext, NULL, "tcp without CurveZMQ (the services must allow it too)"},
        {"http-token", 0, CONFIG_STRING, &o.token, "TOKEN", "bearer token required of clients (needed off loopback)"},
        {"timeout-ms", 0, CONFIG_INT, &timeout, "MS", "per query call"},
        {"pool", 0, CONFIG_INT, &pool, "N", "query clients shared by requests"},
        {"max-streams", 0, CONFIG_INT, &streams, "N", "concurrent /v1/stream clients (429 beyond)"},
        {"max-connections", 0, CONFIG_INT, &conns, "N", "concurrent connections"},
        {"idle-timeout", 0, CONFIG_INT, &idle, "S", "close connections silent this long"},
        {"keepalive-ms", 0, CONFIG_INT, &keepalive, "MS", "SSE comment after this much silence"},
        {"log-level", 0, CONFIG_STRING, &log_level, "LEVEL", "debug, info, warn or error"},
    };
    config_spec_t spec = {"entente-http", "[OPTIONS]",
                          "Serves the REST/JSON API, the event stream as Server-Sent Events and "
                          "the analysts' web page, as a client of the query service. Loopback "
                          "is open read-only; any other address needs --http-token.",
                          opts, sizeof opts / sizeof *opts};
    char err[512];
    int next, rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    log_level_t level;
    if (rc == 0 && (next != argc || log_level_parse(log_level, &level) != 0 || timeout < 1 ||
                    pool < 1 || pool > 1024 || streams < 1 || conns < 1 || idle < 1 ||
                    keepalive < 100)) {
        snprintf(err, sizeof err, "bad argument or option value (see --help)");
        rc = -1;
    }
    if (rc != 0) {
        if (rc < 0)
            fprintf(stderr, "entente-http: %s\n", err);
        return rc < 0 ? 2 : 0;
    }
    log_set_level(level);
    zsys_init();
    o.timeout_ms = (int)timeout;
    o.pool = (int)pool;
    o.max_streams = (int)streams;
    o.max_connections = (int)conns;
    o.idle_timeout_s = (int)idle;
    o.keepalive_ms = (int)keepalive;
    http_gateway_t *g = http_gateway_start(&o, err, sizeof err);
    if (!g) {
        log_error("entente-http", "%s", err);
        return 1;
    }
    printf("%s\n", http_gateway_url(g));
    fflush(stdout);
    while (!zsys_interrupted)
        zclock_sleep(100);
    log_info("entente-http", "shutting down");
    http_gateway_stop(&g);
    return 0;
}
