/* http_gateway — entente-http: the REST/JSON + Server-Sent Events gateway
 * and the analysts' web page.
 *
 * A client of the query service (and of index's event stream) through
 * libentente, never a second store. libmicrohttpd runs one thread per
 * connection; query calls borrow a client from a small pool (libentente
 * clients are not thread-safe), each /v1/stream connection runs its own
 * subscription. Routes, parameters and errors: docs/openapi.yaml. */
#ifndef ENTENTE_HTTP_GATEWAY_H
#define ENTENTE_HTTP_GATEWAY_H

#include <stddef.h>

#include "metrics.h"

#define HTTP_DEFAULT_LISTEN "http://127.0.0.1:7180/"

typedef struct {
    const char *listen;          /* "http://HOST:PORT/" or "HOST:PORT"; NULL: the default */
    const char *query_endpoint;  /* query's RPC endpoint (required) */
    const char *pub_endpoint;    /* index's event stream (required for /v1/stream) */
    const char *replay_endpoint; /* index's RPC, where the stream's gaps are filled (required
                                  * with pub_endpoint) */
    const char *data_dir;        /* keys: DIR/keys/client.key and DIR/keyring */
    const char *key_path, *keyring_path;
    /* tcp is CurveZMQ: the servers' keys as entente_client_options_t says
     * (NULL: the keyring's "query" and "index" role keys) */
    const char *query_key, *index_key;
    int plaintext;               /* tcp without CurveZMQ (the services must allow it too) */
    const char *token;           /* bearer token; required unless listening on loopback */
    int timeout_ms;              /* per query call; 0: 5000 */
    int pool;                    /* query clients shared by requests; 0: 8 */
    int max_streams;             /* concurrent /v1/stream clients; 0: 32 (429 beyond) */
    int max_connections;         /* 0: 256 */
    int idle_timeout_s;          /* a connection silent this long is closed; 0: 30 */
    int keepalive_ms;            /* SSE comment sent after this much silence; 0: 10000 */
    metrics_t *metrics;          /* the registry /metrics renders, the gateway's families in it
                                  * (borrowed, outlives the gateway); NULL: one of its own */
} http_options_t;

typedef struct http_gateway http_gateway_t;

http_gateway_t *http_gateway_start(const http_options_t *opts, char *err, size_t errlen);
/* "http://127.0.0.1:7180/": where it listens (with the bound port). */
const char *http_gateway_url(const http_gateway_t *self);
void http_gateway_stop(http_gateway_t **self);

/* The HTTP status of a gRPC status code (grpc-gateway's mapping). */
int http_status_of_code(int code);

#endif
