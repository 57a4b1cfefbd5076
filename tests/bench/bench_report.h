/* bench_report — the benchmark's output: context lines and one table.
 *
 * Figures go to stdout as they are measured, with the machine's load beside
 * them (the machine may be shared: figures taken under load are noisy). */
#ifndef ENTENTE_BENCH_REPORT_H
#define ENTENTE_BENCH_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "bench_ingest.h"
#include "bench_load.h"
#include "bench_query.h"
#include "bench_store_build.h"

/* A p99 bound, held at one client count (0: at every count); p99_ms 0: none. */
typedef struct {
    int clients;
    double p99_ms;
} bench_target_t;

#define BENCH_INGEST_TARGET 3000.0 /* documents/s end to end */

void bench_report_machine(const char *when);
void bench_report_ingest(const bench_ingest_result_t *r, size_t batch);
void bench_report_store(uint64_t events, const bench_store_info_t *info);
void bench_report_shape(const bench_query_shape_t *shape);
void bench_report_header(void);
void bench_report_rule(const char *title);
void bench_report_row(const char *what, int clients, const bench_result_t *r,
                      const bench_target_t *target);

#endif
