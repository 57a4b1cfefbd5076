/* bench_events — synthetic partnership events for entente-bench-stream.
 *
 * Events shaped like the extractor's output on the corpus (two or three
 * countries, organisations, a person, sectors, a French evidence sentence),
 * each with a distinct id and signed by an ingest identity, made before any
 * timing starts. The set owns its events; signer is borrowed. */
#ifndef ENTENTE_BENCH_EVENTS_H
#define ENTENTE_BENCH_EVENTS_H

#include <stddef.h>

#include "entente/v1/event.pb-c.h"
#include "identity.h"

typedef struct bench_events bench_events_t;

/* n events whose ids are unique to (tag, index). */
bench_events_t *bench_events_new(const identity_t *signer, size_t n, unsigned tag, char *err,
                                 size_t errlen);
void bench_events_destroy(bench_events_t **self);

Entente__V1__PartnershipEvent **bench_events_list(bench_events_t *self);
size_t bench_events_count(const bench_events_t *self);
/* Mean size of one signed event, serialized. */
size_t bench_events_mean_bytes(const bench_events_t *self);

#endif
