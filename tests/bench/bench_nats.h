/* bench_nats — the peer of entente-bench-stream: NATS core pub/sub.
 *
 * Spawns Debian's nats-server on a free loopback port and drives it with the
 * libnats C client: one publishing connection, one connection per subscriber
 * (a synchronous subscription read by its own thread, pending limits lifted
 * so nothing is dropped client-side). Messages have the size of one of
 * entente's signed events; each carries its index so arrivals are tracked
 * like entente's. Latency is from the Publish call to the subscriber
 * receiving the message. The server is stopped by bench_nats_destroy. */
#ifndef ENTENTE_BENCH_NATS_H
#define ENTENTE_BENCH_NATS_H

#include <stddef.h>

#include "bench_common.h"

typedef struct bench_nats bench_nats_t;

/* The nats-server program: server (a path, or a name looked up in PATH,
 * /usr/sbin and /usr/bin). NULL when it is not there. */
const char *bench_nats_find(const char *server, char *path, size_t pathlen);

bench_nats_t *bench_nats_new(const char *server_path, size_t msg_bytes, char *err,
                             size_t errlen);
void bench_nats_destroy(bench_nats_t **self);

/* run->verify_events does not apply. -1 with err when the run could not be
 * set up or not every subscriber got every message. */
int bench_nats_run(bench_nats_t *self, const bench_run_t *run, bench_result_t *out, char *err,
                   size_t errlen);

#endif
