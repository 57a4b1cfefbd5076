/* rpc_builtin — the entente.v1.Health and entente.v1.Reflection services
 * every rpc_server answers, built from what the server exposes (its name,
 * serving state, counters, services and their ACLs).
 *
 * rpc_builtin_new registers both on server (any role may call them) and
 * returns their state, which the server owns and frees with
 * rpc_builtin_destroy; NULL when they cannot be registered. */
#ifndef ENTENTE_RPC_BUILTIN_H
#define ENTENTE_RPC_BUILTIN_H

#include "rpc_server.h"

typedef struct rpc_builtin rpc_builtin_t;

rpc_builtin_t *rpc_builtin_new(rpc_server_t *server);
void rpc_builtin_destroy(rpc_builtin_t **self);

#endif
