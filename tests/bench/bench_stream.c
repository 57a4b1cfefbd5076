/* entente-bench-stream — events/s and latency of index's event stream to
 * libentente subscribers, beside NATS core pub/sub carrying messages of the
 * same size (bench_entente.h and bench_nats.h say what each side measures).
 *
 * usage: entente-bench-stream [--events N] [--rate R] [--subscribers K]
 *            [--seconds S] [--batch B] [--nats-server PATH] [--quick]
 *
 * Throughput: N events as fast as they go, to 1 and to K subscribers
 * (entente: with every frame verified, then also every event's ingest
 * signature). Latency: S seconds at R events/s, p50/p99 over every
 * subscriber's events. A benchmark, not a test: it prints figures and fails
 * only when a run could not be made or a subscriber missed an event. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_entente.h"
#include "bench_nats.h"

typedef struct {
    size_t events, subscribers, batch;
    double rate, seconds;
    const char *nats_server;
} opts_t;

enum {
    R_ONE, R_ONE_DRAIN, R_ONE_DRAIN_EV, R_MANY, R_MANY_DRAIN, R_MANY_DRAIN_EV,
    R_LAT_ONE, R_LAT_MANY, R_COUNT
};

typedef struct {
    bench_result_t r[R_COUNT];
    int ok[R_COUNT];
} side_t;

static void usage(FILE *f)
{
    fprintf(f, "usage: entente-bench-stream [--events N] [--rate R] [--subscribers K]\n"
               "         [--seconds S] [--batch B] [--nats-server PATH] [--quick]\n"
               "  --events N        events per throughput run (default 100000)\n"
               "  --rate R          events/s of the latency runs (default 5000)\n"
               "  --subscribers K   the many-subscriber runs' count (default 10)\n"
               "  --seconds S       length of a latency run (default 5)\n"
               "  --batch B         events per Append when sending flat out (default 1000)\n"
               "  --nats-server P   the NATS server program (default nats-server)\n"
               "  --quick           a short smoke run: 3000 events, 1 s, 3 subscribers\n");
}

static int number(const char *s, double *v)
{
    char *end = NULL;
    *v = strtod(s, &end);
    return end != s && !*end && *v > 0 ? 0 : -1;
}

static int parse(int argc, char **argv, opts_t *o)
{
    static const struct option longopts[] = {
        {"events", required_argument, NULL, 'n'},  {"rate", required_argument, NULL, 'r'},
        {"subscribers", required_argument, NULL, 'k'}, {"seconds", required_argument, NULL, 's'},
        {"batch", required_argument, NULL, 'b'},   {"nats-server", required_argument, NULL, 'N'},
        {"quick", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    *o = (opts_t){100000, 10, 1000, 5000, 5, "nats-server"};
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--quick") == 0) /* defaults that other options refine */
            *o = (opts_t){3000, 3, 1000, 5000, 1, "nats-server"};
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        double v = 0;
        if (strchr("nrksb", c) && number(optarg, &v) != 0) {
            fprintf(stderr, "entente-bench-stream: '%s' is not a positive number\n", optarg);
            return -1;
        }
        switch (c) {
        case 'n': o->events = (size_t)v; break;
        case 'r': o->rate = v; break;
        case 'k': o->subscribers = (size_t)v; break;
        case 's': o->seconds = v; break;
        case 'b': o->batch = (size_t)v; break;
        case 'N': o->nats_server = optarg; break;
        case 'q': break;
        case 'h': usage(stdout); exit(0);
        default: return -1;
        }
    }
    return optind == argc && o->events && o->subscribers ? 0 : -1;
}

typedef int (*run_fn)(void *side, const bench_run_t *run, bench_result_t *out, char *err,
                      size_t errlen);

static int run_entente(void *side, const bench_run_t *run, bench_result_t *out, char *err,
                       size_t errlen)
{
    return bench_entente_run(side, run, out, err, errlen);
}

static int run_nats_once(void *side, const bench_run_t *run, bench_result_t *out, char *err,
                         size_t errlen)
{
    return bench_nats_run(side, run, out, err, errlen);
}

/* The six runs of one side; a failed run is reported and leaves ok[i] 0. */
static int run_side(const char *name, run_fn fn, void *side, int verifies_events,
                    const opts_t *o, side_t *s)
{
    size_t lat_events = (size_t)(o->rate * o->seconds);
    size_t n = o->events, k = o->subscribers;
    const bench_run_t runs[R_COUNT] = {
        {n, 1, 0, 0, 0}, {n, 1, 0, 0, 1}, {n, 1, 0, 1, 1},
        {n, k, 0, 0, 0}, {n, k, 0, 0, 1}, {n, k, 0, 1, 1},
        {lat_events, 1, o->rate, 0, 0}, {lat_events, k, o->rate, 0, 0},
    };
    int failed = 0;
    for (int i = 0; i < R_COUNT; i++) {
        char err[512];
        if (runs[i].verify_events && !verifies_events)
            continue;
        fprintf(stderr, "%s: %zu events to %zu subscriber(s)%s%s%s...\n", name,
                runs[i].events, runs[i].subscribers, runs[i].rate > 0 ? " at a fixed rate" : "",
                runs[i].backlog ? ", drained from a backlog" : "",
                runs[i].verify_events ? ", every event verified" : "");
        s->ok[i] = fn(side, &runs[i], &s->r[i], err, sizeof err) == 0;
        if (!s->ok[i]) {
            fprintf(stderr, "%s: run failed: %s\n", name, err);
            failed = 1;
        }
    }
    return failed ? -1 : 0;
}

static void cell_rate(char *out, size_t len, const side_t *s, int i)
{
    if (s && s->ok[i])
        snprintf(out, len, "%.0f", s->r[i].events_per_s);
    else
        snprintf(out, len, "-");
}

static void cell_lat(char *out, size_t len, const side_t *s, int i)
{
    if (s && s->ok[i])
        snprintf(out, len, "%.2f / %.2f", s->r[i].p50_ms, s->r[i].p99_ms);
    else
        snprintf(out, len, "-");
}

static void print_row(const char *label, const side_t *e, const side_t *n, int i, int latency)
{
    char a[64], b[64], ratio[32] = "";
    (latency ? cell_lat : cell_rate)(a, sizeof a, e, i);
    (latency ? cell_lat : cell_rate)(b, sizeof b, n, i);
    if (!latency && e->ok[i] && n && n->ok[i] && n->r[i].events_per_s > 0)
        snprintf(ratio, sizeof ratio, "%.2f", e->r[i].events_per_s / n->r[i].events_per_s);
    printf("%-44s %16s %16s %10s\n", label, a, b, ratio);
}

static void print_table(const opts_t *o, size_t bytes, const side_t *e, const side_t *n)
{
    char l[R_COUNT][64];
    snprintf(l[R_ONE], 64, "events/s to 1 sub, end to end");
    snprintf(l[R_ONE_DRAIN], 64, "events/s to 1 sub, stream only");
    snprintf(l[R_ONE_DRAIN_EV], 64, "  + each event's signature verified");
    snprintf(l[R_MANY], 64, "events/s to each of %zu subs, end to end", o->subscribers);
    snprintf(l[R_MANY_DRAIN], 64, "events/s to each of %zu subs, stream only", o->subscribers);
    snprintf(l[R_MANY_DRAIN_EV], 64, "  + each event's signature verified");
    snprintf(l[R_LAT_ONE], 64, "latency ms p50 / p99 at %.0f/s, 1 sub", o->rate);
    snprintf(l[R_LAT_MANY], 64, "latency ms p50 / p99 at %.0f/s, %zu subs", o->rate,
             o->subscribers);
    printf("\n%-44s %16s %16s %10s\n", "", "entente", "NATS core", "ratio");
    for (int i = 0; i < R_COUNT; i++)
        print_row(l[i], e, n, i, i >= R_LAT_ONE);
    printf("\nevents of %zu bytes (NATS messages the same size); %zu events per throughput run,"
           " %.0f per latency run\n", bytes, o->events, o->rate * o->seconds);
    for (int i = 0; i < R_COUNT; i++)
        if (e->ok[i])
            printf("entente %-44s Append acked %.0f/s, round trip p50 %.2f p99 %.2f ms, "
                   "max latency %.1f ms, replayed %llu, gaps filled %llu, bad frames %llu\n",
                   l[i], e->r[i].sent_per_s, e->r[i].ack_p50_ms, e->r[i].ack_p99_ms,
                   e->r[i].max_ms, (unsigned long long)e->r[i].replayed,
                   (unsigned long long)e->r[i].gaps_filled, (unsigned long long)e->r[i].bad_frames);
    for (int i = 0; n && i < R_COUNT; i++)
        if (n->ok[i])
            printf("NATS    %-44s max latency %.1f ms, dropped %llu\n", l[i], n->r[i].max_ms,
                   (unsigned long long)n->r[i].dropped);
}

static void print_load(const char *when)
{
    FILE *f = fopen("/proc/loadavg", "r");
    char line[128] = "?";
    if (f && fgets(line, sizeof line, f))
        line[strcspn(line, "\n")] = '\0';
    if (f)
        fclose(f);
    printf("load average %s: %s (%ld CPUs)\n", when, line, sysconf(_SC_NPROCESSORS_ONLN));
}

static int run_nats(const opts_t *o, size_t bytes, side_t *n)
{
    char path[4096], err[512];
    if (!bench_nats_find(o->nats_server, path, sizeof path)) {
        printf("NATS: skipped, %s not found (Debian package nats-server)\n", o->nats_server);
        return 1;
    }
    bench_nats_t *nats = bench_nats_new(path, bytes, err, sizeof err);
    if (!nats) {
        fprintf(stderr, "NATS: %s\n", err);
        return -1;
    }
    int rc = run_side("NATS", run_nats_once, nats, 0, o, n);
    bench_nats_destroy(&nats);
    return rc;
}

int main(int argc, char **argv)
{
    opts_t o;
    if (parse(argc, argv, &o) != 0) {
        usage(stderr);
        return 2;
    }
    char err[512];
    bench_entente_t *ent = bench_entente_new(o.batch, err, sizeof err);
    if (!ent) {
        fprintf(stderr, "entente-bench-stream: %s\n", err);
        return 1;
    }
    print_load("before");
    side_t e = {0}, n = {0};
    size_t bytes = bench_entente_event_bytes(ent);
    int rc = run_side("entente", run_entente, ent, 1, &o, &e);
    bench_entente_destroy(&ent);
    int nrc = run_nats(&o, bytes, &n);
    print_load("after");
    print_table(&o, bytes, &e, nrc == 1 ? NULL : &n);
    return rc == 0 && nrc >= 0 ? 0 : 1;
}
