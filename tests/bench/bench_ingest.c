#include "bench_ingest.h"

#include <czmq.h>
#include <stdio.h>
#include <string.h>

#include "bench_load.h"
#include "bench_services.h"
#include "bench_store_gen.h"
#include "entente/v1/services.pb-c.h"
#include "rpc_client.h"

#define INGEST_CALL_MS 120000
#define INGEST_DRAIN_S 300.0

/* index's highest committed seq (0 when it does not answer). */
static uint64_t index_head(rpc_client_t *index)
{
    Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
    req.from_seq = UINT64_MAX;
    req.limit = 1;
    Entente__V1__ReplayReply *rep = NULL;
    status_t st;
    if (rpc_client_call(index, &entente__v1__index_service__descriptor, "Replay", &req.base,
                        (ProtobufCMessage **)&rep, 5000, &st) != STATUS_OK)
        return 0;
    uint64_t head = rep->head_seq;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return head;
}

static int submit_batch(rpc_client_t *ingest, size_t first, size_t n, gen_arena_t *arena,
                        bench_ingest_result_t *out, char *err, size_t errlen)
{
    Entente__V1__Document docs[n], *ptrs[n];
    gen_arena_reset(arena);
    for (size_t i = 0; i < n; i++) {
        gen_article(first + i, arena, &docs[i]);
        ptrs[i] = &docs[i];
    }
    Entente__V1__SubmitRequest req = ENTENTE__V1__SUBMIT_REQUEST__INIT;
    req.documents = ptrs;
    req.n_documents = n;
    Entente__V1__SubmitReply *rep = NULL;
    status_t st;
    if (rpc_client_call(ingest, &entente__v1__ingest_service__descriptor, "Submit", &req.base,
                        (ProtobufCMessage **)&rep, INGEST_CALL_MS, &st) != STATUS_OK) {
        snprintf(err, errlen, "Submit: %s: %s", status_name(st.code), st.message);
        return -1;
    }
    out->docs += rep->documents;
    out->events += rep->events;
    out->duplicates += rep->duplicates;
    out->rejected += rep->rejected;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return 0;
}

static int ingest_drive(bench_services_t *svc, const bench_ingest_opts_t *opts,
                        bench_ingest_result_t *out, char *err, size_t errlen)
{
    rpc_client_t *ingest = bench_services_client(svc, BENCH_INGEST, err, errlen);
    rpc_client_t *index = ingest ? bench_services_client(svc, BENCH_INDEX, err, errlen) : NULL;
    gen_arena_t arena = {0};
    int rc = index ? 0 : -1;
    double t0 = bench_now();
    for (size_t k = 1; rc == 0 && k <= opts->docs; k += opts->batch) {
        size_t n = opts->docs - k + 1 < opts->batch ? opts->docs - k + 1 : opts->batch;
        rc = submit_batch(ingest, k, n, &arena, out, err, errlen);
    }
    out->submit_s = bench_now() - t0;
    while (rc == 0 && index_head(index) < out->events) {
        if (bench_now() - t0 > INGEST_DRAIN_S) {
            snprintf(err, errlen, "index did not commit %zu events in %.0f s", out->events,
                     INGEST_DRAIN_S);
            rc = -1;
        }
        zclock_sleep(5);
    }
    out->total_s = bench_now() - t0;
    gen_arena_free(&arena);
    rpc_client_destroy(&index);
    rpc_client_destroy(&ingest);
    return rc;
}

int bench_ingest_run(const char *data_dir, const bench_ingest_opts_t *opts,
                     bench_ingest_result_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const int want[BENCH_SERVICES] = {[BENCH_INGEST] = 1};
    bench_services_t *svc = bench_services_start(data_dir, want, err, errlen);
    if (!svc)
        return -1;
    int rc = ingest_drive(svc, opts, out, err, errlen);
    bench_services_stop(&svc);
    return rc;
}
