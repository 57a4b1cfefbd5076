/* entente.h — libentente, the C client library of entente.
 *
 * Calls the methods of the ingest, index and query services (and Health and
 * Reflection on any of them) with signed requests, and verifies the signed
 * replies. Messages are the protobuf-c types of the entente.v1 schema,
 * installed beside this header. A client is not thread-safe: use one per
 * thread. Output messages returned by a call belong to the caller, who frees
 * them with protobuf_c_message_free_unpacked(msg, NULL). */
#ifndef ENTENTE_H
#define ENTENTE_H

#include <stddef.h>

#include "entente/v1/envelope.pb-c.h"
#include "entente/v1/event.pb-c.h"
#include "entente/v1/services.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct entente_client entente_client_t;

/* A call's outcome: a gRPC status code (entente.v1.Code) and why. */
typedef struct {
    int code;
    char message[256];
} entente_status_t;

typedef struct {
    const char *endpoint;     /* e.g. "tcp://127.0.0.1:7104" (required) */
    const char *data_dir;     /* when key/keyring are NULL: DIR/keys/client.key, DIR/keyring */
    const char *key_path;     /* the client's secret key file */
    const char *keyring_path; /* keys the client trusts to sign replies */
    int timeout_ms;           /* per call; 0: 5000 */
    long max_msg_bytes;       /* largest reply accepted; 0: 16 MiB */
    /* A tcp endpoint is CurveZMQ: the client authenticates the server by its
     * key, given as a keyring name, a role ("ingest", "index", "query": the
     * keyring's key of that role) or 64 hex characters of its Ed25519 public
     * key; the server admits the client when the client's key is in its
     * keyring. Required for tcp unless plaintext. */
    const char *server_key;
    int plaintext;            /* tcp without CurveZMQ (the server must allow it too) */
} entente_client_options_t;

entente_client_t *entente_client_new(const entente_client_options_t *opts, char *err,
                                     size_t errlen);
void entente_client_destroy(entente_client_t **self);

/* Calls service.method (descriptor from the generated code, e.g.
 * &entente__v1__query_service__descriptor). Returns the status code; on 0 (OK)
 * *output holds the reply. */
int entente_call(entente_client_t *self, const ProtobufCServiceDescriptor *service,
                 const char *method, const ProtobufCMessage *input, ProtobufCMessage **output,
                 entente_status_t *st);

/* Health.Check of the whole server (service NULL) or of one service. */
int entente_health(entente_client_t *self, const char *service,
                   Entente__V1__HealthCheckResponse **out, entente_status_t *st);
/* Reflection.ListServices. */
int entente_list_services(entente_client_t *self, Entente__V1__ListServicesResponse **out,
                          entente_status_t *st);

/* The services' methods, typed. Each returns the status code; on 0 (OK) *out
 * holds the reply. */
int entente_submit(entente_client_t *self, const Entente__V1__SubmitRequest *req,
                   Entente__V1__SubmitReply **out, entente_status_t *st);
int entente_search(entente_client_t *self, const Entente__V1__SearchRequest *req,
                   Entente__V1__SearchReply **out, entente_status_t *st);
int entente_get(entente_client_t *self, const char *id, Entente__V1__GetReply **out,
                entente_status_t *st);
int entente_aggregate(entente_client_t *self, const Entente__V1__AggregateRequest *req,
                      Entente__V1__AggregateReply **out, entente_status_t *st);

/* 0 when ev carries a valid ingest signature by an ingest key of the client's
 * keyring; -1 with err saying why. */
int entente_verify_event(const entente_client_t *self, const Entente__V1__PartnershipEvent *ev,
                         char *err, size_t errlen);

/* ---- subscribing to new events ------------------------------------------ */

typedef struct entente_subscription entente_subscription_t;

typedef struct {
    const char *pub_endpoint;    /* index's stream; NULL: tcp://127.0.0.1:7103 */
    const char *replay_endpoint; /* index's (or a query's) RPC; NULL: tcp://127.0.0.1:7102 */
    const char *data_dir;        /* keys as for entente_client_options_t */
    const char *key_path;
    const char *keyring_path;
    char *const *types;          /* events of any of these types (none: all) */
    size_t n_types;
    char *const *countries;      /* with any of these countries (none: all) */
    size_t n_countries;
    uint64_t from_seq;           /* first sequence to deliver; resume with last + 1 */
    int verify_events;           /* also verify each event's ingest signature */
    const char *server_key;        /* index's key, as above (NULL: the "index" role) */
    const char *replay_server_key; /* the replay server's key (NULL: server_key) */
    int plaintext;                 /* tcp without CurveZMQ */
} entente_subscribe_options_t;

typedef struct {
    uint64_t delivered, last_seq, gaps_filled, replayed, bad_frames, bad_events, heartbeats;
    /* when index committed the last event delivered, by its clock in microseconds since
     * the Unix epoch (0 when it came from Replay): called from the callback, the
     * subscriber's lag is its own clock minus this */
    uint64_t commit_us;
} entente_subscription_stats_t;

/* Called once per matching event, in sequence order, never twice, never with
 * a gap; return non-zero to make entente_subscription_run return. */
typedef int (*entente_event_fn)(const Entente__V1__PartnershipEvent *ev, void *arg);

entente_subscription_t *entente_subscribe(const entente_subscribe_options_t *opts, char *err,
                                          size_t errlen);
/* Delivers events: 1 when fn stopped it, 0 after timeout_ms (-1: no timeout),
 * -1 on SIGINT/SIGTERM. Call again to go on. */
int entente_subscription_run(entente_subscription_t *self, entente_event_fn fn, void *arg,
                             int timeout_ms);
void entente_subscription_stats(const entente_subscription_t *self,
                                entente_subscription_stats_t *out);
void entente_subscription_destroy(entente_subscription_t **self);

/* "OK", "INVALID_ARGUMENT", ... */
const char *entente_status_name(int code);
const char *entente_version(void);

#ifdef __cplusplus
}
#endif

#endif
