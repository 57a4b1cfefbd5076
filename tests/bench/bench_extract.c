/* bench_extract — one-thread throughput of the extraction library.
 *
 * usage: entente-bench-extract CORPUS.jsonl [TARGET_MB]
 *
 * Loads the corpus once, then extracts its articles over and over until
 * TARGET_MB (default 50) of text has gone through, and reports articles/s,
 * MB/s and the peak resident set size, sampled along the way so a growing
 * footprint would show. A benchmark, not a test: it prints, never fails on
 * speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "docreader.h"
#include "extractor.h"

typedef struct {
    char *doc_id, *lang, *published, *text;
    size_t len;
} article_t;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static article_t *load(const char *path, size_t *n)
{
    char err[512];
    docreader_t *rd = docreader_new(path, 0, err, sizeof err);
    if (!rd) {
        fprintf(stderr, "bench: %s\n", err);
        return NULL;
    }
    article_t *a = NULL;
    size_t cap = 0;
    *n = 0;
    docreader_doc_t d;
    int rc;
    while ((rc = docreader_next(rd, &d, err, sizeof err)) != DOCREADER_EOF) {
        if (rc != DOCREADER_DOC) {
            fprintf(stderr, "bench: %s\n", err);
            if (rc == DOCREADER_FAIL)
                break;
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            article_t *p = realloc(a, cap * sizeof *p);
            if (!p)
                break;
            a = p;
        }
        a[(*n)++] = (article_t){dup_or_null(d.doc_id), dup_or_null(d.lang),
                                dup_or_null(d.published), strndup(d.text, d.len), d.len};
    }
    docreader_destroy(&rd);
    return a;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout, "usage: %s CORPUS.jsonl [TARGET_MB]\n", argv[0]);
        return argc < 2 ? 2 : 0;
    }
    double target_mb = argc > 2 ? atof(argv[2]) : 50.0;
    if (target_mb <= 0)
        target_mb = 50.0;
    size_t n = 0;
    article_t *arts = load(argv[1], &n);
    if (!arts || n == 0) {
        fprintf(stderr, "bench: no articles in %s\n", argv[1]);
        return 1;
    }
    char err[512];
    double t0 = now();
    extractor_t *x = extractor_new(NULL, err, sizeof err);
    if (!x) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    double t_load = now() - t0;
    long rss_start = peak_rss_kb();
    size_t target = (size_t)(target_mb * 1024 * 1024), bytes = 0, docs = 0, events = 0;
    size_t next_report = target / 4;
    t0 = now();
    while (bytes < target) {
        for (size_t i = 0; i < n && bytes < target; i++) {
            extract_doc_t d = {arts[i].doc_id, arts[i].lang, arts[i].published, arts[i].text,
                               arts[i].len};
            extract_result_t *res;
            if (extractor_run(x, &d, &res, err, sizeof err) < 0) {
                fprintf(stderr, "bench: %s: %s\n", arts[i].doc_id, err);
                return 1;
            }
            events += extract_result_count(res);
            extract_result_destroy(&res);
            bytes += arts[i].len;
            docs++;
            if (bytes >= next_report) {
                printf("  %6.1f MB  peak RSS %ld kB\n", (double)bytes / 1048576.0, peak_rss_kb());
                next_report += target / 4;
            }
        }
    }
    double dt = now() - t0;
    printf("corpus: %zu articles, %.1f MB extracted (%zu passes), %zu events\n", n,
           (double)bytes / 1048576.0, docs / n, events);
    printf("lexicons loaded in %.1f ms\n", t_load * 1000);
    printf("one thread: %.0f articles/s, %.2f MB/s (%.2f s)\n", (double)docs / dt,
           (double)bytes / 1048576.0 / dt, dt);
    printf("peak RSS: %ld kB after loading, %ld kB at the end\n", rss_start, peak_rss_kb());
    extractor_destroy(&x);
    for (size_t i = 0; i < n; i++) {
        free(arts[i].doc_id);
        free(arts[i].lang);
        free(arts[i].published);
        free(arts[i].text);
    }
    free(arts);
    return 0;
}
