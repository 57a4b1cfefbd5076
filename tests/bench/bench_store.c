/* entente-bench-store — ingest throughput, and query latency on a large store.
 *
 * usage: entente-bench-store [--events N] [--docs N] [--batch N] [--seconds S]
 *                            [--quick] [--store-dir DIR]
 *
 * In one run: (1) bulk ingest end to end through embedded ingest and index
 * over tcp; (2) a store of --events generated events (the fast path, see
 * bench_store_build.h), query and index started on it, and Search by country
 * pair and date range and Get by id from 1, 4 and 16 concurrent clients;
 * (3) the floor under those: the same Search in-process without RPC, its SQL
 * on a plain connection, and a bare ZeroMQ round trip with a reply of the
 * Search reply's size. A benchmark, not a test: it prints figures and the
 * targets they are held to, and fails only when something does not work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_ingest.h"
#include "bench_load.h"
#include "bench_query.h"
#include "bench_report.h"
#include "bench_services.h"
#include "bench_store_build.h"
#include "bench_zmq.h"
#include "config.h"
#include "log.h"

typedef struct {
    long events, docs, batch, quick;
    const char *seconds, *store_dir;
    double secs;
} opts_t;

static const int client_counts[] = {1, 4, 16};
#define N_COUNTS (sizeof client_counts / sizeof *client_counts)

/* One operation at 1, 4 and 16 clients, a row each; 0 when no call failed. */
static int measure(const char *what, bench_op_t op, double seconds, const bench_target_t *target)
{
    int failed = 0;
    for (size_t i = 0; i < N_COUNTS; i++) {
        bench_result_t r;
        char err[512];
        if (bench_load_run(&op, client_counts[i], seconds, &r, err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s\n", what, err);
            return -1;
        }
        bench_report_row(what, client_counts[i], &r, target);
        if (r.errors) {
            fprintf(stderr, "%s: %llu failed calls, first: %s\n", what,
                    (unsigned long long)r.errors, r.first_error);
            failed = 1;
        }
    }
    return failed ? -1 : 0;
}

static int run_ingest(const opts_t *o, const char *dir)
{
    char path[4200], err[512];
    snprintf(path, sizeof path, "%s/ingest", dir);
    bench_rmrf(path);
    bench_ingest_opts_t io = {(size_t)o->docs, (size_t)o->batch};
    bench_ingest_result_t r;
    if (bench_ingest_run(path, &io, &r, err, sizeof err) != 0) {
        fprintf(stderr, "ingest: %s\n", err);
        return -1;
    }
    bench_report_ingest(&r, (size_t)o->batch);
    return r.rejected ? -1 : 0;
}

static int run_queries(const opts_t *o, const char *store_dir)
{
    char err[512], path[4300];
    bench_store_info_t info;
    if (bench_store_build(store_dir, (uint64_t)o->events, &info, err, sizeof err) != 0) {
        fprintf(stderr, "store: %s\n", err);
        return -1;
    }
    bench_report_store((uint64_t)o->events, &info);
    const int want[BENCH_SERVICES] = {[BENCH_QUERY] = 1};
    bench_services_t *svc = bench_services_start(store_dir, want, err, sizeof err);
    if (!svc) {
        fprintf(stderr, "services: %s\n", err);
        return -1;
    }
    snprintf(path, sizeof path, "%s/query.db", store_dir);
    bench_query_arg_t qa = {bench_services_endpoint(svc, BENCH_QUERY),
                            bench_services_client_id(svc), bench_services_keyring(svc),
                            bench_services_server_pk(svc, BENCH_QUERY), path, (uint64_t)o->events};
    bench_query_shape_t shape;
    int rc = bench_query_calibrate(&qa, o->quick ? 20 : 200, &shape, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "calibration: %s\n", err);
    } else {
        bench_report_shape(&shape);
        bench_report_header();
        const bench_target_t search_t = {16, 2.0}, get_t = {0, 1.0}, none = {0, 0};
        rc |= measure("Search pair+date (RPC)", bench_query_search_rpc(&qa), o->secs, &search_t);
        rc |= measure("Get by id (RPC)", bench_query_get_rpc(&qa), o->secs, &get_t);
        bench_report_rule("floor");
        rc |= measure("Search in-process", bench_query_search_inproc(&qa), o->secs, &none);
        rc |= measure("Search SQL, bare sqlite", bench_query_search_sql(&qa), o->secs, &none);
        bench_zmq_t *z = bench_zmq_start((size_t)shape.request_bytes, (size_t)shape.reply_bytes,
                                         err, sizeof err);
        if (z)
            rc |= measure("ZeroMQ round trip", bench_zmq_op(z), o->secs, &none);
        else
            rc = -1;
        bench_zmq_stop(&z);
    }
    bench_services_stop(&svc);
    return rc;
}

int main(int argc, char **argv)
{
    opts_t o = {.events = 1000000, .docs = 20000, .batch = 100, .seconds = "5"};
    const config_option_t opts[] = {
        {"events", 0, CONFIG_INT, &o.events, "N", "events in the query store (default 1000000)"},
        {"docs", 0, CONFIG_INT, &o.docs, "N", "articles ingested end to end (default 20000)"},
        {"batch", 0, CONFIG_INT, &o.batch, "N", "articles per Submit (default 100)"},
        {"seconds", 0, CONFIG_STRING, &o.seconds, "S", "time per measurement (default 5)"},
        {"store-dir", 0, CONFIG_STRING, &o.store_dir, "DIR",
         "keep the generated store here and reuse it next time (default: a temporary dir)"},
        {"quick", 'q', CONFIG_FLAG, &o.quick, NULL,
         "a smoke run: 20000 events, 300 articles, 0.3 s per measurement"},
    };
    config_spec_t spec = {"entente-bench-store", "[OPTIONS]",
                          "Measures bulk ingest end to end and query latency on a generated "
                          "store, with the ZeroMQ and sqlite floors under them.",
                          opts, sizeof opts / sizeof *opts};
    char err[512];
    int next, rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    if (rc != 0 || next != argc) {
        if (rc <= 0)
            fprintf(stderr, "entente-bench-store: %s\n", rc < 0 ? err : "unexpected argument");
        return rc > 0 ? 0 : 2;
    }
    if (o.quick) {
        o.events = 20000;
        o.docs = 300;
        o.seconds = "0.3";
    }
    o.secs = strtod(o.seconds, NULL);
    if (o.events < 1000 || o.docs < 1 || o.batch < 1 || o.batch > 1000 || !(o.secs > 0)) {
        fprintf(stderr, "entente-bench-store: --events >= 1000, --docs >= 1, --batch 1..1000, "
                        "--seconds > 0\n");
        return 2;
    }
    log_set_level(LOG_LEVEL_WARN);
    char tmp[4096], store[4200];
    if (bench_workdir(tmp, sizeof tmp, err, sizeof err) != 0) {
        fprintf(stderr, "entente-bench-store: %s\n", err);
        return 1;
    }
    snprintf(store, sizeof store, "%s/store", o.store_dir ? o.store_dir : tmp);
    bench_report_machine("start");
    rc = run_ingest(&o, tmp);
    rc |= run_queries(&o, store);
    bench_report_machine("end");
    bench_rmrf(tmp);
    return rc ? 1 : 0;
}
