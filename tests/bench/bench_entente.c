#include "bench_entente.h"

#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_events.h"
#include "curve_auth.h"
#include "datadir.h"
#include "entente.h"
#include "index_service.h"
#include "keyring.h"

#define ENT_SETUP_MS 10000

struct bench_entente {
    char dir[4096], rpc[64], pub[64];
    identity_t *index_id, *ingest_id;
    keyring_t *keyring;
    index_options_t index;
    curve_auth_t *auth;       /* tcp is CurveZMQ, as deployed: the keyring admits */
    zactor_t *actor;
    entente_client_t *ingest; /* calls Append as the ingest identity */
    size_t batch;
    uint64_t head;            /* last sequence committed */
    unsigned tag;             /* makes each run's event ids new */
    size_t event_bytes;
    atomic_int abort, gate;
};

/* One libentente subscriber thread. */
typedef struct {
    bench_entente_t *b;
    uint64_t from_seq; /* the warm-up event; measured events follow it */
    int verify;
    bench_track_t track;
    double *lag_ms; /* per event: commit -> callback */
    entente_subscription_t *sub;
    atomic_int ready, warm, failed;
    entente_subscription_stats_t stats;
    pthread_t thread;
} ent_sub_t;

static int ent_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static int ent_keys(bench_entente_t *self, char *err, size_t errlen)
{
    char path[4200];
    if (datadir_init(self->dir, err, errlen) != 0)
        return -1;
    datadir_key_path(self->dir, "index", path, sizeof path);
    if (!(self->index_id = identity_load(path, err, errlen)))
        return -1;
    datadir_key_path(self->dir, "ingest", path, sizeof path);
    if (!(self->ingest_id = identity_load(path, err, errlen)))
        return -1;
    datadir_keyring_path(self->dir, path, sizeof path);
    return (self->keyring = keyring_load(path, err, errlen)) ? 0 : -1;
}

static int ent_start_index(bench_entente_t *self, char *err, size_t errlen)
{
    int rpc_port = bench_free_port(err, errlen), pub_port = bench_free_port(err, errlen);
    if (rpc_port < 0 || pub_port < 0)
        return -1;
    snprintf(self->rpc, sizeof self->rpc, "tcp://127.0.0.1:%d", rpc_port);
    snprintf(self->pub, sizeof self->pub, "tcp://127.0.0.1:%d", pub_port);
    self->index = (index_options_t){.data_dir = self->dir, .pub_endpoints = {self->pub}};
    service_def_t def = {.rpc = {.name = "entente-index", .identity = self->index_id,
                                 .keyring = self->keyring,
                                 .max_msg_bytes = 64L * 1024 * 1024},
                         .endpoints = {self->rpc},
                         .module = index_service_module(&self->index)};
    if (!(self->auth = curve_auth_start(self->keyring, NULL, err, errlen)) ||
        !(self->actor = service_host_start(&def, err, errlen)))
        return -1;
    char key[4200], ring[4200];
    datadir_key_path(self->dir, "ingest", key, sizeof key);
    datadir_keyring_path(self->dir, ring, sizeof ring);
    entente_client_options_t co = {.endpoint = self->rpc, .key_path = key, .keyring_path = ring,
                                   .timeout_ms = 60000, .max_msg_bytes = 64L * 1024 * 1024,
                                   .server_key = "index"};
    return (self->ingest = entente_client_new(&co, err, errlen)) ? 0 : -1;
}

bench_entente_t *bench_entente_new(size_t batch, char *err, size_t errlen)
{
    bench_entente_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(self->dir, sizeof self->dir, "%s/entente-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    self->batch = batch ? batch : 1000;
    if (!mkdtemp(self->dir)) {
        snprintf(err, errlen, "%s: cannot create", self->dir);
        self->dir[0] = '\0';
        bench_entente_destroy(&self);
    } else if (ent_keys(self, err, errlen) != 0 || ent_start_index(self, err, errlen) != 0)
        bench_entente_destroy(&self);
    return self;
}

void bench_entente_destroy(bench_entente_t **self)
{
    if (!self || !*self)
        return;
    bench_entente_t *b = *self;
    entente_client_destroy(&b->ingest);
    service_host_stop(&b->actor);
    curve_auth_stop(&b->auth);
    keyring_destroy(&b->keyring);
    identity_destroy(&b->index_id);
    identity_destroy(&b->ingest_id);
    if (b->dir[0])
        nftw(b->dir, ent_rm, 16, FTW_DEPTH | FTW_PHYS);
    free(b);
    *self = NULL;
}

size_t bench_entente_event_bytes(bench_entente_t *self)
{
    if (!self->event_bytes) {
        char err[256];
        bench_events_t *one = bench_events_new(self->ingest_id, 64, 0, err, sizeof err);
        self->event_bytes = one ? bench_events_mean_bytes(one) : 0;
        bench_events_destroy(&one);
    }
    return self->event_bytes;
}

/* Commits events through Append; each must be new. */
static int ent_append(bench_entente_t *self, Entente__V1__PartnershipEvent **events, size_t n,
                      char *err, size_t errlen)
{
    Entente__V1__AppendRequest req = ENTENTE__V1__APPEND_REQUEST__INIT;
    req.events = events;
    req.n_events = n;
    Entente__V1__AppendReply *rep = NULL;
    entente_status_t st;
    if (entente_call(self->ingest, &entente__v1__index_service__descriptor, "Append", &req.base,
                     (ProtobufCMessage **)&rep, &st) != 0) {
        snprintf(err, errlen, "Append: %s: %s", entente_status_name(st.code), st.message);
        return -1;
    }
    int rc = rep->stored == n && rep->first_seq == self->head + 1 ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "Append stored %u of %zu events from seq %llu", rep->stored, n,
                 (unsigned long long)rep->first_seq);
    self->head = rep->head_seq;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return rc;
}

static int ent_sub_event(const Entente__V1__PartnershipEvent *ev, void *arg)
{
    ent_sub_t *s = arg;
    if (ev->seq == s->from_seq) {
        atomic_store(&s->warm, 1);
        return 0;
    }
    size_t i = (size_t)(ev->seq - s->from_seq - 1);
    bench_gate_wait(&s->b->gate, &s->b->abort);
    entente_subscription_stats_t st;
    entente_subscription_stats(s->sub, &st);
    if (i < s->track.n)
        s->lag_ms[i] = st.commit_us ? (bench_wall_us() - (double)st.commit_us) / 1e3 : -1;
    return bench_track_hit(&s->track, i);
}

static void *ent_sub_main(void *arg)
{
    ent_sub_t *s = arg;
    char err[512];
    entente_subscribe_options_t o = {.pub_endpoint = s->b->pub, .replay_endpoint = s->b->rpc,
                                     .data_dir = s->b->dir, .from_seq = s->from_seq,
                                     .verify_events = s->verify};
    entente_subscription_t *sub = entente_subscribe(&o, err, sizeof err);
    s->sub = sub;
    if (!sub) {
        fprintf(stderr, "bench: subscribe: %s\n", err);
        atomic_store(&s->failed, 1);
    }
    atomic_store(&s->ready, 1);
    while (sub && !bench_track_done(&s->track) && !atomic_load(&s->b->abort))
        entente_subscription_run(sub, ent_sub_event, s, 200);
    if (sub)
        entente_subscription_stats(sub, &s->stats);
    entente_subscription_destroy(&s->sub);
    return NULL;
}

/* Waits until every subscriber is ready (or, warm, has had the warm-up
 * event); -1 on timeout or failure. */
static int ent_wait_all(ent_sub_t *subs, size_t k, int warm)
{
    double until = bench_now_us() + ENT_SETUP_MS * 1e3;
    for (size_t i = 0; i < k; i++)
        while (!atomic_load(warm ? &subs[i].warm : &subs[i].ready)) {
            if (atomic_load(&subs[i].failed) || bench_now_us() > until)
                return -1;
            bench_sleep_us(1000);
        }
    return 0;
}

typedef struct {
    bench_entente_t *b;
    Entente__V1__PartnershipEvent **events;
    double *rtt_ms; /* per event: its Append's round trip */
    char *err;
    size_t errlen;
} ent_sender_t;

static int ent_send(void *ctx, size_t first, size_t count)
{
    ent_sender_t *s = ctx;
    double t = bench_now_us();
    int rc = ent_append(s->b, s->events + first, count, s->err, s->errlen);
    for (size_t i = first; i < first + count; i++)
        s->rtt_ms[i] = (bench_now_us() - t) / 1e3;
    return rc;
}

/* Sums the subscribers' counters; latency from the commit times of the
 * events that came live (replayed ones have none and are counted apart). */
static void ent_collect(ent_sub_t *subs, size_t k, size_t n, bench_result_t *out)
{
    size_t cap = n * k;
    double *lags = malloc((cap ? cap : 1) * sizeof *lags);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        for (size_t j = 0; lags && j < n; j++)
            if (subs[i].lag_ms[j] >= 0)
                lags[m++] = subs[i].lag_ms[j];
        out->replayed += subs[i].stats.replayed;
        out->gaps_filled += subs[i].stats.gaps_filled;
        out->bad_frames += subs[i].stats.bad_frames;
        out->bad_events += subs[i].stats.bad_events;
    }
    if (lags)
        bench_percentiles(lags, m, &out->p50_ms, &out->p99_ms, &out->max_ms);
    free(lags);
}

static int ent_fail(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return -1;
}

static int ent_measure(bench_entente_t *self, const bench_run_t *run, bench_events_t *events,
                       ent_sub_t *subs, bench_result_t *out, char *err, size_t errlen)
{
    size_t n = run->events, k = run->subscribers;
    Entente__V1__PartnershipEvent **list = bench_events_list(events);
    bench_track_t **tracks = calloc(k, sizeof *tracks);
    double *sent_at = calloc(n ? n : 1, sizeof *sent_at);
    double *rtt = calloc(n ? n : 1, sizeof *rtt), max;
    int rc = tracks && sent_at && rtt ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    else if (ent_wait_all(subs, k, 0) != 0)
        rc = ent_fail(err, errlen, "subscribers did not start");
    bench_sleep_us(300e3); /* let the SUB sockets connect before the warm-up */
    if (rc == 0)
        rc = ent_append(self, list, 1, err, errlen);
    if (rc == 0 && ent_wait_all(subs, k, 1) != 0)
        rc = ent_fail(err, errlen, "subscribers did not receive the warm-up event");
    if (rc == 0)
        rc = bench_send(ent_send, &(ent_sender_t){self, list + 1, rtt, err, errlen}, n,
                        self->batch, run->rate, sent_at);
    double acked = bench_now_us();
    atomic_store(&self->gate, 1);
    for (size_t i = 0; i < k; i++)
        tracks[i] = &subs[i].track;
    if (rc == 0 && bench_wait_tracks(tracks, k, bench_drain_ms(run)) != 0)
        rc = ent_fail(err, errlen, "not every subscriber received every event");
    atomic_store(&self->abort, 1);
    for (size_t i = 0; i < k; i++)
        pthread_join(subs[i].thread, NULL);
    if (rc == 0) {
        bench_result_fill(out, sent_at, n, run->backlog ? acked : sent_at[0], acked, tracks, k);
        ent_collect(subs, k, n, out);
        bench_percentiles(rtt, n, &out->ack_p50_ms, &out->ack_p99_ms, &max);
    }
    free(rtt);
    free(tracks);
    free(sent_at);
    return rc;
}

int bench_entente_run(bench_entente_t *self, const bench_run_t *run, bench_result_t *out,
                      char *err, size_t errlen)
{
    size_t k = run->subscribers;
    memset(out, 0, sizeof *out);
    bench_events_t *events =
        bench_events_new(self->ingest_id, run->events + 1, ++self->tag, err, errlen);
    ent_sub_t *subs = calloc(k ? k : 1, sizeof *subs);
    if (!events || !subs) {
        bench_events_destroy(&events);
        free(subs);
        return -1;
    }
    atomic_store(&self->abort, 0);
    atomic_store(&self->gate, !run->backlog);
    size_t started = 0;
    for (; started < k; started++) {
        subs[started] = (ent_sub_t){.b = self, .from_seq = self->head + 1,
                                    .verify = run->verify_events};
        subs[started].lag_ms = calloc(run->events ? run->events : 1, sizeof(double));
        if (!subs[started].lag_ms || bench_track_init(&subs[started].track, run->events) != 0) {
            free(subs[started].lag_ms);
            break;
        }
        if (pthread_create(&subs[started].thread, NULL, ent_sub_main, &subs[started]) != 0) {
            bench_track_free(&subs[started].track);
            free(subs[started].lag_ms);
            break;
        }
    }
    int rc;
    if (started == k)
        rc = ent_measure(self, run, events, subs, out, err, errlen);
    else {
        rc = ent_fail(err, errlen, "cannot start the subscribers");
        atomic_store(&self->abort, 1);
        for (size_t i = 0; i < started; i++)
            pthread_join(subs[i].thread, NULL);
    }
    for (size_t i = 0; i < started; i++) {
        bench_track_free(&subs[i].track);
        free(subs[i].lag_ms);
    }
    free(subs);
    bench_events_destroy(&events);
    return rc;
}
