/* transport — every ZeroMQ socket entente opens is made here, so limits,
 * linger and (later) CurveZMQ are set in one place.
 *
 * Sockets returned are owned by the caller (zsock_destroy). */
#ifndef ENTENTE_TRANSPORT_H
#define ENTENTE_TRANSPORT_H

#include <czmq.h>
#include <stddef.h>

#define TRANSPORT_DEFAULT_MAX_MSG (16L * 1024 * 1024)

typedef struct {
    long max_msg_bytes; /* largest message a peer may send before it is refused */
} transport_opts_t;

/* The hard cap given to ZMQ_MAXMSGSIZE: above it libzmq drops the peer. Below
 * it and above max_msg_bytes the service still answers RESOURCE_EXHAUSTED. */
long transport_hard_cap(const transport_opts_t *opts);

/* ROUTER socket for a service, not yet bound. */
zsock_t *transport_server_new(const transport_opts_t *opts);
/* DEALER socket connected to endpoint. */
zsock_t *transport_client_new(const char *endpoint, const transport_opts_t *opts, char *err,
                              size_t errlen);
/* Binds and says why it failed ("tcp://...: Address already in use"). */
int transport_bind(zsock_t *sock, const char *endpoint, char *err, size_t errlen);

#endif
