#include "bench_store_build.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_load.h"
#include "bench_store_gen.h"
#include "datadir.h"
#include "event_sign.h"
#include "event_store.h"

#define BUILD_BATCH 5000

static uint64_t store_head_of(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return 0;
    char err[512];
    event_store_t *s = event_store_open(path, EVENT_STORE_REPLICA, err, sizeof err);
    uint64_t head = s ? event_store_head(s) : 0;
    event_store_close(&s);
    return head;
}

/* A store file and what sqlite keeps beside it. */
static void unlink_store(const char *path)
{
    char side[4200];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int copy_file(const char *from, const char *to, char *err, size_t errlen)
{
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    struct stat sb;
    int ok = in >= 0 && out >= 0 && fstat(in, &sb) == 0;
    for (off_t left = ok ? sb.st_size : 0; ok && left > 0;) {
        ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
        ok = n > 0;
        left -= n;
    }
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    if (!ok)
        snprintf(err, errlen, "copying %s to %s failed", from, to);
    return ok ? 0 : -1;
}

/* Events [first, first + n) and their documents, in one append. */
static int build_batch(event_store_t *store, const identity_t *signer, uint64_t first, size_t n,
                       gen_arena_t *arena, char *err, size_t errlen)
{
    static Entente__V1__PartnershipEvent evs[BUILD_BATCH], *ev_ptrs[BUILD_BATCH];
    static Entente__V1__Document docs[BUILD_BATCH], *doc_ptrs[BUILD_BATCH];
    gen_arena_reset(arena);
    for (size_t i = 0; i < n; i++) {
        gen_event(first + i, arena, &evs[i]);
        event_sign(&evs[i], signer);
        ev_ptrs[i] = &evs[i];
    }
    uint64_t d0 = gen_doc_of_event(first), d1 = gen_doc_of_event(first + n - 1);
    size_t n_docs = 0;
    for (uint64_t k = d0; k <= d1; k++) {
        gen_store_document(k, arena, &docs[n_docs]);
        doc_ptrs[n_docs] = &docs[n_docs];
        n_docs++;
    }
    event_store_result_t res;
    int rc = event_store_append(store, ev_ptrs, n, doc_ptrs, n_docs, &res, err, errlen);
    for (size_t i = 0; i < n; i++)
        free(evs[i].ingest_signature.data);
    if (rc == 0 && res.stored != n) {
        snprintf(err, errlen, "generated events collided (%u of %zu stored)", res.stored, n);
        rc = -1;
    }
    return rc;
}

static int build_file(const char *path, const identity_t *signer, uint64_t n_events, char *err,
                      size_t errlen)
{
    unlink_store(path);
    event_store_t *store = event_store_open(path, EVENT_STORE_REPLICA, err, errlen);
    if (!store)
        return -1;
    /* a half-built file is thrown away, so nothing needs to reach the disk early */
    sqlite3_exec(event_store_db(store), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
    gen_arena_t arena = {0};
    int rc = 0;
    for (uint64_t i = 1; rc == 0 && i <= n_events; i += BUILD_BATCH) {
        size_t n = n_events - i + 1 < BUILD_BATCH ? (size_t)(n_events - i + 1) : BUILD_BATCH;
        rc = build_batch(store, signer, i, n, &arena, err, errlen);
        if (isatty(2))
            fprintf(stderr, "\rgenerating the store: %llu / %llu events",
                    (unsigned long long)(i + n - 1), (unsigned long long)n_events);
    }
    if (isatty(2))
        fprintf(stderr, "\n");
    gen_arena_free(&arena);
    event_store_close(&store);
    return rc;
}

int bench_store_build(const char *data_dir, uint64_t n_events, bench_store_info_t *info,
                      char *err, size_t errlen)
{
    memset(info, 0, sizeof *info);
    char query[4096], index[4096], build[4096], key[4096];
    snprintf(query, sizeof query, "%s/query.db", data_dir);
    snprintf(index, sizeof index, "%s/index.db", data_dir);
    snprintf(build, sizeof build, "%s/build.db", data_dir);
    double t0 = bench_now();
    if (datadir_init(data_dir, err, errlen) != 0)
        return -1;
    if (store_head_of(query) == n_events && store_head_of(index) == n_events) {
        info->reused = 1;
    } else {
        datadir_key_path(data_dir, "ingest", key, sizeof key);
        identity_t *signer = identity_load(key, err, errlen);
        int rc = signer ? build_file(build, signer, n_events, err, errlen) : -1;
        identity_destroy(&signer);
        unlink_store(index);
        if (rc != 0 || copy_file(build, index, err, errlen) != 0)
            return -1;
        unlink_store(query);
        if (rename(build, query) != 0) {
            snprintf(err, errlen, "renaming %s: %m", build);
            return -1;
        }
    }
    struct stat sb;
    info->mbytes = stat(query, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
    info->seconds = bench_now() - t0;
    return 0;
}
