/* bench_load — closed-loop load from N client threads, with latencies.
 *
 * Each thread opens its own context (a socket, a connection), runs a few
 * warm-up operations, waits for the others, then repeats the operation until
 * the time is up, timing every call. The result merges all threads: p50, p99,
 * max and operations per second. A context belongs to its thread. */
#ifndef ENTENTE_BENCH_LOAD_H
#define ENTENTE_BENCH_LOAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    /* a thread's context, NULL with err on failure */
    void *(*open)(void *arg, int thread, char *err, size_t errlen);
    /* one operation: 0 done, -1 failed (counted, and the first reason kept) */
    int (*op)(void *ctx, uint64_t *rng, char *err, size_t errlen);
    void (*close)(void **ctx);
    void *arg;
} bench_op_t;

typedef struct {
    uint64_t ops, errors;
    double per_s, p50_us, p99_us, max_us;
    char first_error[256];
} bench_result_t;

int bench_load_run(const bench_op_t *op, int clients, double seconds, bench_result_t *out,
                   char *err, size_t errlen);

double bench_now(void);

#endif
