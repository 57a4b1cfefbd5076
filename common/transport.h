/* transport — every ZeroMQ socket entente opens is made here, so limits,
 * linger and CurveZMQ are set in one place.
 *
 * tcp endpoints use CurveZMQ unless opts->plaintext: the Curve key pair of a
 * socket is the X25519 form of its owner's Ed25519 identity; a server socket
 * asks the process's ZAP handler (curve_auth.h), which admits keys of the
 * keyring only, and a client socket must know the server's Ed25519 public
 * key (opts->server_pk) to authenticate it. inproc endpoints carry no
 * handshake and need no Curve; an ipc endpoint bound after a tcp one on the
 * same socket is Curve too. Sockets returned are owned by the caller
 * (zsock_destroy); opts and what it points to are only read during the call. */
#ifndef ENTENTE_TRANSPORT_H
#define ENTENTE_TRANSPORT_H

#include <czmq.h>
#include <stddef.h>
#include <stdint.h>

#include "identity.h"

#define TRANSPORT_DEFAULT_MAX_MSG (16L * 1024 * 1024)
#define TRANSPORT_ZAP_DOMAIN "entente"

typedef struct {
    long max_msg_bytes;          /* largest message a peer may send before it is refused */
    const identity_t *identity;  /* our Curve keys derive from it */
    const uint8_t *server_pk;    /* client sockets: the server's Ed25519 key */
    int plaintext;               /* tcp without Curve: an explicit, insecure choice */
} transport_opts_t;

/* The hard cap given to ZMQ_MAXMSGSIZE: above it libzmq drops the peer. Below
 * it and above max_msg_bytes the service still answers RESOURCE_EXHAUSTED. */
long transport_hard_cap(const transport_opts_t *opts);

/* A socket of type (ZMQ_ROUTER, ZMQ_PUB, ...) with entente's limits. */
zsock_t *transport_socket(int type, const transport_opts_t *opts);
/* ROUTER socket for a service, not yet bound. */
zsock_t *transport_server_new(const transport_opts_t *opts);
/* DEALER socket connected to endpoint. */
zsock_t *transport_client_new(const char *endpoint, const transport_opts_t *opts, char *err,
                              size_t errlen);
/* Binds and says why it failed ("tcp://...: Address already in use"); a tcp
 * endpoint becomes a Curve server, which needs opts->identity and a running
 * ZAP handler. */
int transport_bind(zsock_t *sock, const char *endpoint, const transport_opts_t *opts, char *err,
                   size_t errlen);
/* Connects; a tcp endpoint as a Curve client (needs identity and server_pk). */
int transport_connect(zsock_t *sock, const char *endpoint, const transport_opts_t *opts,
                      char *err, size_t errlen);
/* Whether connecting to or binding endpoint uses Curve under opts. */
int transport_uses_curve(const char *endpoint, const transport_opts_t *opts);

#endif
