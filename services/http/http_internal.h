/* http_internal — what the gateway's modules (http_gateway, http_pool,
 * http_reply, http_api, http_stream) share: the gateway's state, its routes
 * and the functions each module offers the others. Not installed, not for
 * other services. The gateway owns everything here; handlers borrow it for
 * one request. */
#ifndef ENTENTE_HTTP_INTERNAL_H
#define ENTENTE_HTTP_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "entente.h"
#include "http_gateway.h"
#include "http_params.h"

#define HTTP_COMPONENT "entente-http"

enum { R_STATIC, R_HEALTHZ, R_READYZ, R_METRICS, R_EVENTS, R_EVENT, R_AGGREGATE, R_STREAM,
       R_OTHER, R_COUNT };

/* Idle query clients; libentente clients are not thread-safe, so a request
 * borrows one for its call. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    entente_client_t **clients; /* NULL: not created yet */
    int *idle;
    int size;
} http_pool_t;

struct http_gateway {
    struct MHD_Daemon *daemon;
    http_options_t o;
    char *strings[8]; /* owned copies of the option strings */
    char url[320];
    http_pool_t pool;
    atomic_int streams; /* open /v1/stream responses */
    atomic_int stopping;
    metrics_t *metrics, *own_metrics;
    metrics_family_t *m_requests, *m_duration, *m_query_calls, *m_query_errors, *m_streams,
        *m_stream_rejected, *m_stream_events;
};

/* ---- http_pool.c ---- */
uint64_t http_now_ms(void);
/* A new client of endpoint with the gateway's keys (NULL, logged, on error). */
entente_client_t *http_pool_client_new(const http_gateway_t *g, const char *endpoint);
int http_pool_init(http_gateway_t *g);
/* A client for one call, waiting up to the call timeout; NULL: none free. */
entente_client_t *http_pool_get(http_gateway_t *g, int *slot);
void http_pool_put(http_gateway_t *g, int slot);
void http_pool_fini(http_gateway_t *g);
/* Runs with the client that answered still held (e.g. to verify with its keyring). */
typedef void (*http_pool_held_fn)(entente_client_t *cl, ProtobufCMessage *rep, void *arg);
/* One call on a pooled client: 0, or -1 with st (UNAVAILABLE: no client free).
 * *rep belongs to the caller. held may be NULL. */
int http_pool_call(http_gateway_t *g, const ProtobufCServiceDescriptor *service, const char *method,
                   const ProtobufCMessage *req, ProtobufCMessage **rep, entente_status_t *st,
                   http_pool_held_fn held, void *arg);
/* Highest sequence number the query service holds (0 when it does not answer). */
uint64_t http_pool_query_head(entente_client_t *c);

/* ---- http_reply.c: every response goes through these (they count it) ---- */
void http_reply_security_headers(struct MHD_Response *r);
void http_reply_count(http_gateway_t *g, int route, int status);
/* Registers the gateway's metric families in g->metrics. */
void http_reply_metrics_init(http_gateway_t *g);
/* A request of route handled in seconds. */
void http_reply_timed(http_gateway_t *g, int route, double seconds);
/* Takes body (malloc'ed). extra_header may be NULL. */
enum MHD_Result http_reply_body(http_gateway_t *g, struct MHD_Connection *c, int route, int status,
                                const char *type, char *body, size_t len, const char *extra_header,
                                const char *extra_value);
/* Takes j. */
enum MHD_Result http_reply_json(http_gateway_t *g, struct MHD_Connection *c, int route, int status,
                                json_t *j);
/* {code, status, message} under the HTTP status of the gRPC code. */
enum MHD_Result http_reply_error(http_gateway_t *g, struct MHD_Connection *c, int route, int code,
                                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A failed query call, counted as such. */
enum MHD_Result http_reply_status(http_gateway_t *g, struct MHD_Connection *c, int route,
                                  const entente_status_t *st);
enum MHD_Result http_reply_metrics(http_gateway_t *g, struct MHD_Connection *c);

/* ---- http_api.c: the query routes ---- */
enum MHD_Result http_api_events(http_gateway_t *g, struct MHD_Connection *c, http_params_t *p);
enum MHD_Result http_api_event(http_gateway_t *g, struct MHD_Connection *c, const char *id);
enum MHD_Result http_api_aggregate(http_gateway_t *g, struct MHD_Connection *c, http_params_t *p);
enum MHD_Result http_api_readyz(http_gateway_t *g, struct MHD_Connection *c);

/* ---- http_stream.c: /v1/stream as Server-Sent Events ---- */
enum MHD_Result http_stream_open(http_gateway_t *g, struct MHD_Connection *c, http_params_t *p);

#endif
