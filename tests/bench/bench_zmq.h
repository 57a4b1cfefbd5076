/* bench_zmq — the floor under every RPC: a bare ZeroMQ round trip.
 *
 * A ROUTER echo server in its own thread (one thread, like a service) answers
 * each request with a reply of a given size; clients are DEALER sockets over
 * loopback tcp, as the services' clients are. No envelope, signature or
 * protobuf: what is left is the transport. */
#ifndef ENTENTE_BENCH_ZMQ_H
#define ENTENTE_BENCH_ZMQ_H

#include <stddef.h>

#include "bench_load.h"

typedef struct bench_zmq bench_zmq_t;

bench_zmq_t *bench_zmq_start(size_t request_bytes, size_t reply_bytes, char *err,
                             size_t errlen);
void bench_zmq_stop(bench_zmq_t **self);
/* The client operation (borrows self). */
bench_op_t bench_zmq_op(bench_zmq_t *self);

#endif
