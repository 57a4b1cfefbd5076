/* service_host — runs one service's rpc_server inside a zactor.
 *
 * The same service module runs alone in its binary or beside the others in
 * `entente run`: the host creates the rpc_server, lets the service register
 * its protobuf-c services and extra loop work, binds the endpoints and serves
 * until the actor is destroyed ($TERM). service_host_start returns once the
 * endpoints are bound, or NULL with the reason when they cannot be.
 *
 * Stopping is graceful: Health turns NOT_SERVING, the requests already
 * received are answered (for up to grace_ms), no more are read, then the
 * module stops (ingest flushes its outbox, index closes its store) and the
 * socket closes with a linger so the last replies still leave. */
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

#define SERVICE_DEFAULT_GRACE_MS 5000

typedef struct {
    rpc_server_config_t rpc;
    const char *endpoints[SERVICE_MAX_ENDPOINTS]; /* NULL-terminated if fewer */
    service_module_t module;
    int grace_ms; /* how long a stop answers what was received; 0: the default */
} service_def_t;

/* def is copied; the strings and objects it points to are borrowed and must
 * outlive the actor. Destroy the actor (zactor_destroy) to stop it. */
zactor_t *service_host_start(const service_def_t *def, char *err, size_t errlen);

/* zactor_destroy whose wait for the actor to end survives signals: a second
 * SIGTERM must not let the caller free what a stopping actor still uses
 * (zactor_destroy gives up waiting when its wait is interrupted). */
void service_host_stop(zactor_t **actor);

/* Blocks until SIGINT or SIGTERM (0) or until one of the actors ends on its
 * own (1, logged under name). */
int service_host_wait(zactor_t **actors, size_t count, const char *name);

#endif
