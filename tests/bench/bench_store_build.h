/* bench_store_build — a store of generated events for the query benchmark.
 *
 * The fast path: events from bench_store_gen, each signed with the data
 * directory's ingest key (so they verify like ingested ones), written with
 * event_store_append in large transactions, without going through ingest and
 * index (their path is measured by bench_ingest). The file is then copied to
 * index.db and query.db, so index and query's replica start level. A store
 * already holding exactly n events is reused. */
#ifndef ENTENTE_BENCH_STORE_BUILD_H
#define ENTENTE_BENCH_STORE_BUILD_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int reused;
    double seconds;
    double mbytes; /* size of the store file */
} bench_store_info_t;

int bench_store_build(const char *data_dir, uint64_t n_events, bench_store_info_t *info,
                      char *err, size_t errlen);

#endif
