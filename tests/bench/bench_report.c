#include "bench_report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void bench_report_machine(const char *when)
{
    char load[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (!fgets(load, sizeof load, f))
            snprintf(load, sizeof load, "?");
        fclose(f);
    }
    load[strcspn(load, "\n")] = '\0';
    time_t now = time(NULL);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", localtime(&now));
    printf("# %s %s: %ld cpus, load average (1/5/15 min, runnable/total, last pid) %s\n", when,
           stamp, sysconf(_SC_NPROCESSORS_ONLN), load);
    fflush(stdout);
}

void bench_report_ingest(const bench_ingest_result_t *r, size_t batch)
{
    double rate = r->total_s > 0 ? (double)r->docs / r->total_s : 0;
    printf("\n== bulk ingest, end to end (extraction, signing, outbox, index verification and "
           "commit)\n");
    printf("   %zu documents (%zu per Submit), %zu events, %zu duplicates, %zu rejected\n",
           r->docs, batch, r->events, r->duplicates, r->rejected);
    printf("   all Submits answered in %.2f s (%.0f docs/s); index committed every event "
           "after %.2f s\n", r->submit_s, r->submit_s > 0 ? (double)r->docs / r->submit_s : 0,
           r->total_s);
    printf("   %-34s %8.0f docs/s  %8.0f events/s   target >= %.0f docs/s: %s\n",
           "ingest end to end", rate, r->total_s > 0 ? (double)r->events / r->total_s : 0,
           BENCH_INGEST_TARGET, rate >= BENCH_INGEST_TARGET ? "met" : "MISSED");
    fflush(stdout);
}

void bench_report_store(uint64_t events, const bench_store_info_t *info)
{
    printf("\n== query store: %llu events, %.0f MB\n", (unsigned long long)events,
           info->mbytes);
    if (info->reused)
        printf("   reused from an earlier run (--store-dir)\n");
    else
        printf("   generated in %.1f s by the fast path: events signed with the ingest key and "
               "written with event_store_append directly, not through ingest and index\n",
               info->seconds);
    fflush(stdout);
}

void bench_report_shape(const bench_query_shape_t *s)
{
    printf("   Search: a country pair (drawn as events carry them) and a 30..730-day range, "
           "date order, default page\n");
    printf("   mean reply %.0f bytes (%.1f events), request %.0f bytes, %.0f matches per query; "
           "the floor's SQL gives the same pages\n", s->reply_bytes, s->events,
           s->request_bytes, s->total);
    fflush(stdout);
}

void bench_report_header(void)
{
    printf("\n%-26s %7s %10s %9s %9s %9s  %s\n", "operation", "clients", "calls/s", "p50 ms",
           "p99 ms", "max ms", "target");
}

void bench_report_rule(const char *title)
{
    printf("-- %s\n", title);
}

void bench_report_row(const char *what, int clients, const bench_result_t *r,
                      const bench_target_t *t)
{
    char verdict[64] = "";
    if (t->p99_ms > 0 && (t->clients == 0 || t->clients == clients))
        snprintf(verdict, sizeof verdict, "p99 <= %.0f ms: %s", t->p99_ms,
                 r->p99_us <= t->p99_ms * 1000 ? "met" : "MISSED");
    printf("%-26s %7d %10.0f %9.3f %9.3f %9.3f  %s\n", what, clients, r->per_s,
           r->p50_us / 1000, r->p99_us / 1000, r->max_us / 1000, verdict);
    fflush(stdout);
}
