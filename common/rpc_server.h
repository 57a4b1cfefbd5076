/* rpc_server — the request loop every entente service runs.
 *
 * A server owns one ROUTER socket (bound to any number of endpoints) and a set
 * of protobuf-c services. A request is dispatched through the service's
 * generated ProtobufCServiceDescriptor: the method is looked up by name, its
 * input decoded with the method's input descriptor, and the service's invoke
 * calls the handler from the generated table. Before that the frame's
 * size, signature, freshness, deadline and the caller's role are checked;
 * each refusal is answered with its status code and counted.
 *
 * Every server also answers entente.v1.Health and entente.v1.Reflection.
 * With a metrics registry every request is counted by method and status
 * (entente_rpc_requests_total) and timed (entente_rpc_request_duration_seconds),
 * refused signatures counted in entente_signature_failures_total, all
 * labelled with the server's name.
 * The server borrows identity, keyring, metrics and services: they must
 * outlive it.
 * Single-threaded: call rpc_server_handle from the thread that polls the
 * socket. */
#ifndef ENTENTE_RPC_SERVER_H
#define ENTENTE_RPC_SERVER_H

#include <czmq.h>
#include <protobuf-c/protobuf-c.h>
#include <stdint.h>

#include "identity.h"
#include "keyring.h"
#include "metrics.h"
#include "status.h"

typedef struct rpc_server rpc_server_t;
typedef struct rpc_call rpc_call_t;

/* Roles allowed to call one method of a service. */
typedef struct {
    const char *method;
    unsigned roles;
} rpc_acl_t;

typedef struct {
    const char *name;            /* shown by Health, e.g. "entente-index" */
    const identity_t *identity;  /* signs the replies */
    const keyring_t *keyring;    /* who may call */
    long max_msg_bytes;          /* larger requests get RESOURCE_EXHAUSTED */
    uint64_t skew_ms;            /* accepted clock difference; 0: 30 s */
    metrics_t *metrics;          /* where requests are counted (NULL: nowhere) */
    int plaintext;               /* tcp endpoints without CurveZMQ (transport.h) */
} rpc_server_config_t;

/* Counters, also reported by Health. */
typedef enum {
    RPC_REQUESTS = 0,
    RPC_OK,
    RPC_REJECT_MALFORMED,
    RPC_REJECT_UNSIGNED,
    RPC_REJECT_UNKNOWN_KEY,
    RPC_REJECT_BAD_SIGNATURE,
    RPC_REJECT_SKEW,
    RPC_REJECT_REPLAYED,
    RPC_REJECT_DEADLINE,
    RPC_REJECT_TOO_LARGE,
    RPC_REJECT_UNIMPLEMENTED,
    RPC_REJECT_PERMISSION,
    RPC_REJECT_BAD_PAYLOAD,
    RPC_REJECT_BUSY,
    RPC_HANDLER_ERRORS,
    RPC_COUNTER_COUNT
} rpc_counter_t;

rpc_server_t *rpc_server_new(const rpc_server_config_t *cfg, char *err, size_t errlen);
void rpc_server_destroy(rpc_server_t **self);

/* Registers a service; acl names the roles of each of its methods (a method
 * missing from acl may be called by no one). */
int rpc_server_add_service(rpc_server_t *self, ProtobufCService *service, const rpc_acl_t *acl,
                           size_t acl_count);
int rpc_server_bind(rpc_server_t *self, const char *endpoint, char *err, size_t errlen);
zsock_t *rpc_server_socket(rpc_server_t *self);
/* Reads one request from the socket and answers it. */
void rpc_server_handle(rpc_server_t *self);
/* What rpc_server_handle does with one request frame, without the socket:
 * checks, decodes, dispatches and seals the reply into *reply (malloc'd, the
 * caller frees it). -1 when no reply could be sealed. Also the entry point of
 * the fuzz targets (tests/fuzz). */
int rpc_server_answer(rpc_server_t *self, const uint8_t *data, size_t len, uint8_t **reply,
                      size_t *reply_len);
void rpc_server_set_serving(rpc_server_t *self, int serving);
/* The identity and keyring the server was made with, for its services. */
const identity_t *rpc_server_identity(const rpc_server_t *self);
const keyring_t *rpc_server_keyring(const rpc_server_t *self);
const char *rpc_server_name(const rpc_server_t *self);
/* The registry the server counts in, for its services (may be NULL). */
metrics_t *rpc_server_metrics(const rpc_server_t *self);
/* What Health and Reflection (rpc_builtin.h) report: serving state, start
 * time, and the registered services with the roles of each method. */
int rpc_server_serving(const rpc_server_t *self);
uint64_t rpc_server_started_ms(const rpc_server_t *self);
size_t rpc_server_service_count(const rpc_server_t *self);
const ProtobufCServiceDescriptor *rpc_server_service_at(const rpc_server_t *self, size_t i);
unsigned rpc_server_method_roles(const rpc_server_t *self, size_t i, const char *method);
uint64_t rpc_server_counter(const rpc_server_t *self, rpc_counter_t which);
const char *rpc_counter_name(rpc_counter_t which);

/* For handlers: closure_data is the rpc_call_t of the request. */
void rpc_call_fail(rpc_call_t *call, status_code_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const keyring_entry_t *rpc_call_caller(const rpc_call_t *call);
/* Absolute deadline in Unix ms, 0 when the caller set none. */
uint64_t rpc_call_deadline_ms(const rpc_call_t *call);

#endif
