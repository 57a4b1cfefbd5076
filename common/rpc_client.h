/* rpc_client — calls a method of a service and waits for its signed reply.
 *
 * One client talks to one endpoint over a DEALER socket. A call sets a
 * deadline (now + timeout) in the envelope, signs it, waits up to the timeout
 * and verifies the reply's signature against the keyring. An idempotent method
 * is retried on a fresh socket (lazy pirate) while time remains; others are
 * sent once. The client borrows identity and keyring. Not thread-safe: one
 * client per thread. */
#ifndef ENTENTE_RPC_CLIENT_H
#define ENTENTE_RPC_CLIENT_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

#include "identity.h"
#include "keyring.h"
#include "status.h"
#include "transport.h"

typedef struct rpc_client rpc_client_t;

/* topts (copied; NULL: defaults) gives the message limit and, for a tcp
 * endpoint, the server's key or plaintext; its identity is ignored: the
 * client's Curve keys derive from identity. */
rpc_client_t *rpc_client_new(const char *endpoint, const identity_t *identity,
                             const keyring_t *keyring, const transport_opts_t *topts, char *err,
                             size_t errlen);
void rpc_client_destroy(rpc_client_t **self);
/* A signal (SIGINT, SIGTERM) no longer cancels this client's calls: for a
 * service's own clients, which their owner stops (ingest flushing its outbox
 * to index after SIGTERM, say). */
void rpc_client_set_nonstop(rpc_client_t *self);

/* Calls service.method with input. On OK *output is the decoded reply, to be
 * freed with protobuf_c_message_free_unpacked(*output, NULL). Otherwise *output
 * is NULL and st says why: the server's status, DEADLINE_EXCEEDED when no
 * reply came in time, UNAUTHENTICATED when the reply did not verify. */
status_code_t rpc_client_call(rpc_client_t *self, const ProtobufCServiceDescriptor *service,
                              const char *method, const ProtobufCMessage *input,
                              ProtobufCMessage **output, int timeout_ms, status_t *st);

/* Whether a method may be retried safely (listed in rpc_client.c). */
int rpc_method_idempotent(const char *service, const char *method);

#endif
