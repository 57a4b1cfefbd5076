/* bench_entente — entente's side of entente-bench-stream.
 *
 * Runs the real index service (index_service_module in a service_host actor,
 * as `entente run` does) on free loopback tcp ports with a fresh data
 * directory and keys, and commits events the way ingest does: signed events
 * in Append calls over the RPC, as the ingest identity. The index verifies
 * every event, commits it to sqlite (fsync), publishes it on its stream and
 * acknowledges. Subscribers are libentente subscriptions (entente_subscribe),
 * one thread each, every frame's signature checked.
 *
 * Latency is from the commit (the time index stamps on each published batch,
 * read in the callback from the subscription's stats) to the callback;
 * events a subscriber got from Replay carry no commit time and are left out
 * of it (the result counts them). The Append round trip is reported beside
 * it. The data directory is removed by bench_entente_destroy. */
#ifndef ENTENTE_BENCH_ENTENTE_H
#define ENTENTE_BENCH_ENTENTE_H

#include <stddef.h>

#include "bench_common.h"

typedef struct bench_entente bench_entente_t;

/* batch: events per Append when sending as fast as possible. */
bench_entente_t *bench_entente_new(size_t batch, char *err, size_t errlen);
void bench_entente_destroy(bench_entente_t **self);

/* Mean size of one signed event on the wire (the NATS message size). */
size_t bench_entente_event_bytes(bench_entente_t *self);

/* -1 with err when the run could not be set up or not every subscriber got
 * every event. */
int bench_entente_run(bench_entente_t *self, const bench_run_t *run, bench_result_t *out,
                      char *err, size_t errlen);

#endif
