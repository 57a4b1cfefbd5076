/* service_host — runs one service's rpc_server inside a zactor.
 *
 * The same service module runs alone in its binary or beside the others in
 * `entente run`: the host creates the rpc_server, lets the service register
 * its protobuf-c services and extra loop work, binds the endpoints and serves
 * until the actor is destroyed ($TERM). service_host_start returns once the
 * endpoints are bound, or NULL with the reason when they cannot be. */
#ifndef ENTENTE_SERVICE_HOST_H
#define ENTENTE_SERVICE_HOST_H

#include <czmq.h>

#include "rpc_server.h"

#define SERVICE_MAX_ENDPOINTS 4

/* A service module: start registers its services on server (and may add
 * readers or timers to loop) and returns its state; stop frees that state. */
typedef struct {
    void *(*start)(rpc_server_t *server, zloop_t *loop, void *arg, char *err, size_t errlen);
    void (*stop)(void **state);
    void *arg;
} service_module_t;

typedef struct {
    rpc_server_config_t rpc;
    const char *endpoints[SERVICE_MAX_ENDPOINTS]; /* NULL-terminated if fewer */
    service_module_t module;
} service_def_t;

/* def is copied; the strings and objects it points to are borrowed and must
 * outlive the actor. Destroy the actor (zactor_destroy) to stop it. */
zactor_t *service_host_start(const service_def_t *def, char *err, size_t errlen);

/* Blocks until SIGINT or SIGTERM (0) or until one of the actors ends on its
 * own (1, logged under name). */
int service_host_wait(zactor_t **actors, size_t count, const char *name);

#endif
