#include "stream_sub.h"

#include <czmq.h>
#include <string.h>

#include "envelope.h"
#include "event_sign.h"
#include "log.h"
#include "rpc_client.h"
#include "transport.h"

#define SUB_REPLAY_PAGE 1000
#define SUB_RPC_TIMEOUT_MS 5000
#define SUB_DEFAULT_INTERVAL_MS 1000

struct stream_sub {
    stream_sub_config_t cfg;
    zsock_t *sock;
    rpc_client_t *replay;
    stream_topic_t topics[STREAM_MAX_TOPICS];
    int n_topics;
    uint64_t last;       /* last sequence delivered (or from_seq - 1) */
    uint64_t epoch, beat;
    uint32_t interval_ms;
    uint64_t heard_ms;   /* when the publisher was last heard */
    int caught_up;       /* the first replay is done */
    stream_sub_stats_t stats;
    stream_sub_fn fn;
    void *arg;
    int stop;
};

stream_sub_t *stream_sub_new(const stream_sub_config_t *cfg, char *err, size_t errlen)
{
    stream_sub_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->cfg = *cfg;
    self->last = cfg->from_seq ? cfg->from_seq - 1 : 0;
    self->interval_ms = SUB_DEFAULT_INTERVAL_MS;
    self->n_topics = stream_filter_topics(&cfg->filter, self->topics, STREAM_MAX_TOPICS);
    if (self->n_topics < 0) {
        snprintf(err, errlen, "filter needs more than %d topics", STREAM_MAX_TOPICS);
        free(self);
        return NULL;
    }
    transport_opts_t pub = {.identity = cfg->identity, .server_pk = cfg->pub_server_pk,
                            .plaintext = cfg->plaintext};
    transport_opts_t replay = {.server_pk = cfg->replay_server_pk, .plaintext = cfg->plaintext};
    self->sock = transport_socket(ZMQ_SUB, &pub);
    if (self->sock) {
        zsock_set_rcvhwm(self->sock, cfg->rcvhwm > 0 ? cfg->rcvhwm : 10000);
        for (int i = 0; i < self->n_topics; i++)
            zsock_set_subscribe(self->sock, self->topics[i]);
        zsock_set_subscribe(self->sock, STREAM_HEARTBEAT_TOPIC);
    } else {
        snprintf(err, errlen, "cannot create the SUB socket");
    }
    if (!self->sock || transport_connect(self->sock, cfg->pub_endpoint, &pub, err, errlen) != 0) {
        stream_sub_destroy(&self);
        return NULL;
    }
    self->replay = rpc_client_new(cfg->replay_endpoint, cfg->identity, cfg->keyring, &replay, err,
                                  errlen);
    if (!self->replay)
        stream_sub_destroy(&self);
    return self;
}

void stream_sub_destroy(stream_sub_t **self)
{
    if (!self || !*self)
        return;
    zsock_destroy(&(*self)->sock);
    rpc_client_destroy(&(*self)->replay);
    free(*self);
    *self = NULL;
}

void stream_sub_stats(const stream_sub_t *self, stream_sub_stats_t *out)
{
    *out = self->stats;
    out->last_seq = self->last;
}

/* Hands one event to the callback if it is next, wanted and genuine. */
static void sub_deliver(stream_sub_t *self, const Entente__V1__PartnershipEvent *ev)
{
    if (self->stop || ev->seq <= self->last || !stream_filter_match(&self->cfg.filter, ev))
        return;
    char why[256];
    self->last = ev->seq;
    if (self->cfg.verify_events &&
        event_verify(ev, self->cfg.keyring, ROLE_INGEST, why, sizeof why) != 0) {
        self->stats.bad_events++;
        log_warn("subscriber", "dropped event %llu: %s", (unsigned long long)ev->seq, why);
        return;
    }
    self->stats.delivered++;
    if (self->fn(ev, self->arg))
        self->stop = 1;
}

/* Replays the filter's events after last, up to upto (0: all). Returns the
 * number delivered, -1 when Replay cannot be reached. */
static long sub_replay(stream_sub_t *self, uint64_t upto)
{
    long delivered = 0;
    while (!self->stop && (!upto || self->last < upto)) {
        Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
        req.from_seq = self->last + 1;
        req.limit = SUB_REPLAY_PAGE;
        req.types = (char **)self->cfg.filter.types;
        req.n_types = self->cfg.filter.n_types;
        req.countries = (char **)self->cfg.filter.countries;
        req.n_countries = self->cfg.filter.n_countries;
        Entente__V1__ReplayReply *rep = NULL;
        status_t st;
        if (rpc_client_call(self->replay, &entente__v1__index_service__descriptor, "Replay",
                            &req.base, (ProtobufCMessage **)&rep, SUB_RPC_TIMEOUT_MS,
                            &st) != STATUS_OK) {
            log_warn("subscriber", "replay: %s: %s", status_name(st.code), st.message);
            return -1;
        }
        uint64_t before = self->stats.delivered;
        int beyond = 0;
        self->stats.commit_us = 0;
        for (size_t i = 0; i < rep->n_events && !beyond; i++) {
            beyond = upto && rep->events[i]->seq > upto;
            if (!beyond)
                sub_deliver(self, rep->events[i]);
        }
        delivered += (long)(self->stats.delivered - before);
        /* every event up to scanned_to was considered: none is missing below it */
        uint64_t covered = beyond ? upto : rep->scanned_to;
        if (upto && covered > upto)
            covered = upto;
        if (!self->stop && covered > self->last)
            self->last = covered;
        int done = beyond || rep->n_events == 0 || rep->scanned_to >= rep->head_seq;
        protobuf_c_message_free_unpacked(&rep->base, NULL);
        if (done)
            break;
    }
    self->stats.replayed += (uint64_t)delivered;
    return delivered;
}

static void sub_fill(stream_sub_t *self, uint64_t upto)
{
    long n = sub_replay(self, upto);
    if (n > 0 && self->caught_up)
        self->stats.gaps_filled++;
}

/* Whether any of this frame's topic sequences is one of ours we have not had. */
static int sub_missing(const stream_sub_t *self, Entente__V1__TopicSeq **seqs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (seqs[i]->seq <= self->last)
            continue;
        for (int t = 0; t < self->n_topics; t++)
            if (strcmp(seqs[i]->topic, self->topics[t]) == 0)
                return 1;
    }
    return 0;
}

static void sub_on_batch(stream_sub_t *self, const Entente__V1__StreamBatch *b)
{
    if (b->last_seq <= self->last)
        return; /* the same batch under another of our topics, or old */
    if (sub_missing(self, b->prev, b->n_prev) || (self->epoch && b->epoch != self->epoch))
        sub_fill(self, b->first_seq - 1);
    self->epoch = b->epoch;
    self->stats.commit_us = b->commit_us;
    for (size_t i = 0; i < b->n_events; i++)
        sub_deliver(self, b->events[i]);
}

static void sub_on_heartbeat(stream_sub_t *self, const Entente__V1__Heartbeat *hb)
{
    self->stats.heartbeats++;
    int restarted = self->epoch && hb->epoch != self->epoch;
    int skipped = self->epoch == hb->epoch && hb->beat != self->beat + 1;
    self->epoch = hb->epoch;
    self->beat = hb->beat;
    if (hb->interval_ms)
        self->interval_ms = hb->interval_ms;
    if (restarted || skipped || sub_missing(self, hb->recent, hb->n_recent))
        sub_fill(self, hb->head_seq);
}

static void sub_on_message(stream_sub_t *self, zmsg_t *msg)
{
    zframe_t *topic = zmsg_first(msg), *body = zmsg_next(msg);
    status_t st;
    Entente__V1__StreamFrame *f =
        topic && body ? stream_open(zframe_data(body), zframe_size(body), self->cfg.keyring, &st)
                      : NULL;
    if (!f) {
        self->stats.bad_frames++;
        log_warn("subscriber", "dropped a stream frame: %s",
                 topic && body ? st.message : "not [topic, envelope]");
        return;
    }
    self->heard_ms = envelope_now_ms();
    if (f->body_case == ENTENTE__V1__STREAM_FRAME__BODY_BATCH)
        sub_on_batch(self, f->batch);
    else if (f->body_case == ENTENTE__V1__STREAM_FRAME__BODY_HEARTBEAT)
        sub_on_heartbeat(self, f->heartbeat);
    entente__v1__stream_frame__free_unpacked(f, NULL);
}

int stream_sub_run(stream_sub_t *self, stream_sub_fn fn, void *arg, int timeout_ms)
{
    self->fn = fn;
    self->arg = arg;
    self->stop = 0;
    uint64_t until = timeout_ms < 0 ? UINT64_MAX : envelope_now_ms() + (uint64_t)timeout_ms;
    if (!self->caught_up) {
        sub_replay(self, 0);
        self->caught_up = 1;
        self->heard_ms = envelope_now_ms();
    }
    zpoller_t *poller = zpoller_new(self->sock, NULL);
    int rc = 0;
    while (!self->stop) {
        uint64_t now = envelope_now_ms();
        if (now >= until)
            break;
        uint64_t wait = until - now < self->interval_ms ? until - now : self->interval_ms;
        if (zpoller_wait(poller, (int)wait)) {
            zmsg_t *msg = zmsg_recv(self->sock);
            if (msg)
                sub_on_message(self, msg);
            zmsg_destroy(&msg);
        } else if (zpoller_terminated(poller)) {
            rc = -1;
            break;
        } else if (envelope_now_ms() - self->heard_ms > 3ull * self->interval_ms) {
            /* a silent publisher: whatever it committed is in its store */
            sub_fill(self, 0);
            self->heard_ms = envelope_now_ms();
        }
    }
    zpoller_destroy(&poller);
    return self->stop ? 1 : rc;
}
