#include "bench_load.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_WARMUP_OPS 20
#define BENCH_MAX_CLIENTS 64

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    const bench_op_t *op;
    pthread_barrier_t *start;
    double seconds;
    int thread;
    void *ctx;
    float *lat_us; /* grows as needed */
    size_t n, cap;
    uint64_t errors;
    char open_err[256], first_error[256];
    double t0, t1;
} worker_t;

static void worker_record(worker_t *w, float us)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 4096;
        float *grown = realloc(w->lat_us, cap * sizeof *grown);
        if (!grown)
            return;
        w->lat_us = grown;
        w->cap = cap;
    }
    w->lat_us[w->n++] = us;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    uint64_t rng = 0x5EED0000u + (uint64_t)w->thread * 7919u;
    char err[256];
    w->ctx = w->op->open(w->op->arg, w->thread, w->open_err, sizeof w->open_err);
    for (int i = 0; w->ctx && i < BENCH_WARMUP_OPS; i++)
        w->op->op(w->ctx, &rng, err, sizeof err);
    pthread_barrier_wait(w->start);
    w->t0 = bench_now();
    double end = w->t0 + w->seconds, t = w->t0;
    while (w->ctx && t < end) {
        int rc = w->op->op(w->ctx, &rng, err, sizeof err);
        double t2 = bench_now();
        if (rc == 0) {
            worker_record(w, (float)((t2 - t) * 1e6));
        } else if (w->errors++ == 0) {
            snprintf(w->first_error, sizeof w->first_error, "%s", err);
        }
        t = t2;
    }
    w->t1 = t;
    return NULL;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static void merge(worker_t *w, int n, bench_result_t *out)
{
    size_t total = 0;
    double t0 = 0, t1 = 0;
    for (int i = 0; i < n; i++) {
        total += w[i].n;
        out->errors += w[i].errors;
        if (w[i].errors && !out->first_error[0])
            snprintf(out->first_error, sizeof out->first_error, "%s", w[i].first_error);
        t0 = i == 0 || w[i].t0 < t0 ? w[i].t0 : t0;
        t1 = w[i].t1 > t1 ? w[i].t1 : t1;
    }
    float *all = malloc((total ? total : 1) * sizeof *all);
    size_t k = 0;
    for (int i = 0; all && i < n; i++) {
        memcpy(all + k, w[i].lat_us, w[i].n * sizeof *all);
        k += w[i].n;
    }
    out->ops = total;
    if (all && total) {
        qsort(all, total, sizeof *all, cmp_float);
        out->p50_us = all[total / 2];
        out->p99_us = all[(size_t)((double)(total - 1) * 0.99)];
        out->max_us = all[total - 1];
        out->per_s = t1 > t0 ? (double)total / (t1 - t0) : 0;
    }
    free(all);
}

int bench_load_run(const bench_op_t *op, int clients, double seconds, bench_result_t *out,
                   char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (clients < 1 || clients > BENCH_MAX_CLIENTS) {
        snprintf(err, errlen, "clients must be 1..%d", BENCH_MAX_CLIENTS);
        return -1;
    }
    worker_t w[BENCH_MAX_CLIENTS];
    pthread_t tid[BENCH_MAX_CLIENTS];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)clients);
    memset(w, 0, sizeof w);
    for (int i = 0; i < clients; i++) {
        w[i] = (worker_t){.op = op, .start = &start, .seconds = seconds, .thread = i};
        pthread_create(&tid[i], NULL, worker_main, &w[i]);
    }
    int rc = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(tid[i], NULL);
        if (!w[i].ctx && rc == 0) {
            snprintf(err, errlen, "client %d: %s", i, w[i].open_err);
            rc = -1;
        }
    }
    if (rc == 0)
        merge(w, clients, out);
    for (int i = 0; i < clients; i++) {
        if (w[i].ctx)
            op->close(&w[i].ctx);
        free(w[i].lat_us);
    }
    pthread_barrier_destroy(&start);
    return rc;
}
