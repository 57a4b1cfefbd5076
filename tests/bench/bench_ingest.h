/* bench_ingest — bulk ingest throughput end to end.
 *
 * Starts index and ingest in a fresh data directory, submits generated
 * articles (bench_store_gen) through ingest's Submit in batches, and stops
 * the clock when index's head says every extracted event is committed:
 * extraction, signing, the outbox, delivery, index's signature checks and
 * its commits are all inside the figure. */
#ifndef ENTENTE_BENCH_INGEST_H
#define ENTENTE_BENCH_INGEST_H

#include <stddef.h>

typedef struct {
    size_t docs;  /* articles to submit */
    size_t batch; /* articles per Submit */
} bench_ingest_opts_t;

typedef struct {
    size_t docs, events, duplicates, rejected;
    double submit_s; /* until the last Submit was answered (events in the outbox) */
    double total_s;  /* until index had committed them all */
} bench_ingest_result_t;

int bench_ingest_run(const char *data_dir, const bench_ingest_opts_t *opts,
                     bench_ingest_result_t *out, char *err, size_t errlen);

#endif
