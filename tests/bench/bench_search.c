/* bench_search — Search over ZeroMQ from C connections at once, the
 * counterpart of wrk against entente-http's /v1/events (bench_http.sh runs
 * both on the same store).
 *
 * usage: entente-bench-search ENDPOINT DATA_DIR [CONNECTIONS [SECONDS [PAGE_SIZE]]]
 *
 * Each connection is a thread with its own libentente client, calling
 * Search (no filter, newest first, PAGE_SIZE events: what the page asks
 * first) back to back for SECONDS. Prints requests/s and the latency
 * percentiles over every call. A benchmark: it prints, never fails on speed. */
#include <czmq.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entente.h"

typedef struct {
    const char *endpoint, *data;
    double until;
    unsigned page_size;
    double *lat; /* seconds per call */
    size_t n, cap;
    long errors;
} worker_t;

/* seconds on CZMQ's monotonic clock */
static double now(void) { return (double)zclock_usecs() / 1e6; }

static void *work(void *arg)
{
    worker_t *w = arg;
    entente_client_options_t co = {.endpoint = w->endpoint, .data_dir = w->data,
                                   .timeout_ms = 10000, .server_key = "query"};
    char err[256];
    entente_client_t *c = entente_client_new(&co, err, sizeof err);
    if (!c) {
        fprintf(stderr, "bench_search: %s\n", err);
        w->errors++;
        return NULL;
    }
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.page_size = w->page_size;
    for (double t = now(); t < w->until; t = now()) {
        Entente__V1__SearchReply *rep = NULL;
        entente_status_t st;
        if (entente_search(c, &req, &rep, &st) != 0) {
            w->errors++;
            continue;
        }
        protobuf_c_message_free_unpacked(&rep->base, NULL);
        if (w->n == w->cap) {
            size_t cap = w->cap ? 2 * w->cap : 4096;
            double *l = realloc(w->lat, cap * sizeof *l);
            if (!l)
                break;
            w->lat = l;
            w->cap = cap;
        }
        w->lat[w->n++] = now() - t;
    }
    entente_client_destroy(&c);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s ENDPOINT DATA_DIR [CONNECTIONS [SECONDS [PAGE_SIZE]]]\n",
                argv[0]);
        return 2;
    }
    int conns = argc > 3 ? atoi(argv[3]) : 16;
    double seconds = argc > 4 ? atof(argv[4]) : 10;
    unsigned page = argc > 5 ? (unsigned)atoi(argv[5]) : 20;
    if (conns < 1 || conns > 1024 || seconds <= 0 || page < 1 || page > 1000) {
        fprintf(stderr, "bench_search: bad CONNECTIONS, SECONDS or PAGE_SIZE\n");
        return 2;
    }
    zsys_init(); /* once, before the threads: CZMQ's first-use setup is not thread-safe */
    worker_t *w = calloc((size_t)conns, sizeof *w);
    pthread_t *t = calloc((size_t)conns, sizeof *t);
    if (!w || !t)
        return 1;
    double start = now();
    for (int i = 0; i < conns; i++) {
        w[i] = (worker_t){.endpoint = argv[1], .data = argv[2], .until = start + seconds,
                          .page_size = page};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    size_t total = 0;
    long errors = 0;
    for (int i = 0; i < conns; i++) {
        pthread_join(t[i], NULL);
        total += w[i].n;
        errors += w[i].errors;
    }
    double elapsed = now() - start;
    double *all = malloc((total ? total : 1) * sizeof *all);
    size_t k = 0;
    for (int i = 0; i < conns; i++) {
        if (all && w[i].n)
            memcpy(all + k, w[i].lat, w[i].n * sizeof *all);
        k += w[i].n;
        free(w[i].lat);
    }
    if (!all || !total) {
        fprintf(stderr, "bench_search: no call succeeded (%ld errors)\n", errors);
        return 1;
    }
    qsort(all, total, sizeof *all, cmp_double);
    printf("zmq Search: %d connections, %.1f s, %zu requests, %ld errors: %.0f requests/s, "
           "p50 %.2f ms, p99 %.2f ms\n",
           conns, elapsed, total, errors, (double)total / elapsed, 1e3 * all[total / 2],
           1e3 * all[(size_t)((double)(total - 1) * 0.99)]);
    free(all);
    free(w);
    free(t);
    return 0;
}
