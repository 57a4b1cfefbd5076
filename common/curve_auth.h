/* curve_auth — the ZAP handler (ZeroMQ RFC 27) of a process: admits a
 * CurveZMQ client only when its public key is the X25519 form of a key in
 * the keyring, whatever the key's roles (what a key may call is decided per
 * method by rpc_server). The ZAP user id is the key's keyring name.
 *
 * libzmq asks the handler bound at inproc://zeromq.zap.01 of the context, so
 * there is one per process: curve_auth_start fails while another runs.
 * Without one a Curve socket would admit every client, so transport.c
 * refuses to bind Curve endpoints unless curve_auth_active(). Borrows the
 * keyring and metrics (entente_transport_handshakes_total{result}), which must
 * outlive the handler. */
#ifndef ENTENTE_CURVE_AUTH_H
#define ENTENTE_CURVE_AUTH_H

#include <stddef.h>

#include "keyring.h"
#include "metrics.h"

#define CURVE_AUTH_ENDPOINT "inproc://zeromq.zap.01"

typedef struct curve_auth curve_auth_t;

curve_auth_t *curve_auth_start(const keyring_t *keyring, metrics_t *metrics, char *err,
                               size_t errlen);
void curve_auth_stop(curve_auth_t **self);
/* Whether a handler runs in this process. */
int curve_auth_active(void);

#endif
