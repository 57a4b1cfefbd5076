#include "stream_pub.h"

#include <czmq.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "log.h"
#include "stream.h"
#include "transport.h"

/* Last sequence and the beat it was published in, per topic. */
typedef struct {
    uint64_t seq;
    uint64_t beat;
} topic_head_t;

struct stream_pub {
    const identity_t *signer;
    transport_opts_t topts;
    zsock_t *sock;
    zhashx_t *heads; /* topic -> topic_head_t*, owned */
    uint64_t epoch;
    uint64_t beat;
    _Atomic uint64_t published;
};

static void head_free(void **item)
{
    free(*item);
    *item = NULL;
}

static void head_set(stream_pub_t *self, const char *topic, uint64_t seq, uint64_t beat)
{
    topic_head_t *h = zhashx_lookup(self->heads, topic);
    if (!h) {
        h = calloc(1, sizeof *h);
        if (!h)
            return;
        zhashx_insert(self->heads, topic, h);
    }
    if (seq > h->seq)
        h->seq = seq;
    h->beat = beat;
}

/* Topic heads from the store: one query per topic family. */
static int stream_pub_seed(stream_pub_t *self, event_store_t *store, char *err, size_t errlen)
{
    static const char *const sql[] = {
        "SELECT 'E.', MAX(seq) FROM events HAVING MAX(seq) IS NOT NULL",
        "SELECT 'T.' || type || '.', MAX(seq) FROM events GROUP BY type",
        "SELECT 'C.' || cc || '.', MAX(seq) FROM event_countries GROUP BY cc",
        ("SELECT 'TC.' || e.type || '.' || c.cc || '.', MAX(e.seq) FROM events e"
         " JOIN event_countries c ON c.seq = e.seq GROUP BY e.type, c.cc"),
    };
    sqlite3 *db = event_store_db(store);
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "stream topics: %s", sqlite3_errmsg(db));
            return -1;
        }
        while (sqlite3_step(st) == SQLITE_ROW)
            head_set(self, (const char *)sqlite3_column_text(st, 0),
                     (uint64_t)sqlite3_column_int64(st, 1), 0);
        sqlite3_finalize(st);
    }
    return 0;
}

stream_pub_t *stream_pub_new(const identity_t *signer, event_store_t *store, int plaintext,
                             char *err, size_t errlen)
{
    stream_pub_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->signer = signer;
    self->heads = zhashx_new();
    zhashx_set_destructor(self->heads, head_free);
    self->topts = (transport_opts_t){.identity = signer, .plaintext = plaintext};
    self->sock = transport_socket(ZMQ_PUB, &self->topts);
    randombytes_buf(&self->epoch, sizeof self->epoch);
    self->epoch |= 1; /* never 0, which means "none" on the wire */
    if (!self->sock || stream_pub_seed(self, store, err, errlen) != 0) {
        if (!self->sock)
            snprintf(err, errlen, "cannot create the PUB socket");
        stream_pub_destroy(&self);
        return NULL;
    }
    return self;
}

void stream_pub_destroy(stream_pub_t **self)
{
    if (!self || !*self)
        return;
    zsock_destroy(&(*self)->sock);
    zhashx_destroy(&(*self)->heads);
    free(*self);
    *self = NULL;
}

void stream_pub_set_hwm(stream_pub_t *self, int hwm) { zsock_set_sndhwm(self->sock, hwm); }

int stream_pub_bind(stream_pub_t *self, const char *endpoint, char *err, size_t errlen)
{
    return transport_bind(self->sock, endpoint, &self->topts, err, errlen);
}

uint64_t stream_pub_events(const stream_pub_t *self) { return atomic_load(&self->published); }
uint64_t stream_pub_epoch(const stream_pub_t *self) { return self->epoch; }

/* Sends one sealed frame under each topic; the body is shared, not copied. */
static int stream_pub_send(stream_pub_t *self, stream_topic_t *topics, size_t n,
                           const Entente__V1__StreamFrame *frame)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    if (stream_seal(frame, self->signer, &buf, &len) != 0)
        return -1;
    zmq_msg_t body;
    zmq_msg_init_size(&body, len);
    memcpy(zmq_msg_data(&body), buf, len);
    free(buf);
    void *sock = zsock_resolve(self->sock);
    for (size_t i = 0; i < n; i++) {
        zmq_msg_t copy;
        zmq_msg_init(&copy);
        zmq_msg_copy(&copy, &body);
        zmq_send(sock, topics[i], strlen(topics[i]), ZMQ_SNDMORE);
        if (zmq_msg_send(&copy, sock, 0) < 0)
            zmq_msg_close(&copy);
    }
    zmq_msg_close(&body);
    return 0;
}

/* The distinct topics of events, with their previous heads; advances heads. */
static size_t stream_pub_chain(stream_pub_t *self, Entente__V1__PartnershipEvent *const *events,
                               size_t n, stream_topic_t *topics, Entente__V1__TopicSeq *prev,
                               size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        stream_topic_t mine[STREAM_MAX_TOPICS];
        size_t k = stream_event_topics(events[i], mine, STREAM_MAX_TOPICS);
        for (size_t t = 0; t < k; t++) {
            size_t j = 0;
            while (j < count && strcmp(topics[j], mine[t]) != 0)
                j++;
            if (j == count && count < max) {
                memcpy(topics[count], mine[t], STREAM_TOPIC_MAX);
                topic_head_t *h = zhashx_lookup(self->heads, mine[t]);
                entente__v1__topic_seq__init(&prev[count]);
                prev[count].topic = topics[count];
                prev[count].seq = h ? h->seq : 0;
                count++;
            }
            head_set(self, mine[t], events[i]->seq, self->beat);
        }
    }
    return count;
}

int stream_pub_publish(stream_pub_t *self, Entente__V1__PartnershipEvent *const *events,
                       size_t n, uint64_t commit_us)
{
    enum { MAX_BATCH_TOPICS = 2048 };
    stream_topic_t *topics = calloc(MAX_BATCH_TOPICS, sizeof *topics);
    Entente__V1__TopicSeq *prev = calloc(MAX_BATCH_TOPICS, sizeof *prev);
    Entente__V1__TopicSeq **prev_ptrs = calloc(MAX_BATCH_TOPICS, sizeof *prev_ptrs);
    int rc = topics && prev && prev_ptrs ? 0 : -1;
    for (size_t at = 0; rc == 0 && at < n; at += STREAM_PUB_BATCH) {
        size_t k = n - at < STREAM_PUB_BATCH ? n - at : STREAM_PUB_BATCH;
        size_t nt = stream_pub_chain(self, events + at, k, topics, prev, MAX_BATCH_TOPICS);
        for (size_t i = 0; i < nt; i++)
            prev_ptrs[i] = &prev[i];
        Entente__V1__StreamBatch batch = ENTENTE__V1__STREAM_BATCH__INIT;
        batch.events = (Entente__V1__PartnershipEvent **)events + at;
        batch.n_events = k;
        batch.first_seq = events[at]->seq;
        batch.last_seq = events[at + k - 1]->seq;
        batch.prev = prev_ptrs;
        batch.n_prev = nt;
        batch.epoch = self->epoch;
        batch.commit_us = commit_us;
        Entente__V1__StreamFrame frame = ENTENTE__V1__STREAM_FRAME__INIT;
        frame.body_case = ENTENTE__V1__STREAM_FRAME__BODY_BATCH;
        frame.batch = &batch;
        rc = stream_pub_send(self, topics, nt, &frame);
        atomic_fetch_add(&self->published, k);
    }
    free(topics);
    free(prev);
    free(prev_ptrs);
    return rc;
}

int stream_pub_heartbeat(stream_pub_t *self, uint64_t head_seq, uint32_t interval_ms)
{
    self->beat++;
    size_t n = 0, cap = zhashx_size(self->heads);
    Entente__V1__TopicSeq *recent = calloc(cap ? cap : 1, sizeof *recent);
    Entente__V1__TopicSeq **ptrs = calloc(cap ? cap : 1, sizeof *ptrs);
    if (!recent || !ptrs) {
        free(recent);
        free(ptrs);
        return -1;
    }
    for (topic_head_t *h = zhashx_first(self->heads); h; h = zhashx_next(self->heads)) {
        if (h->beat + STREAM_PUB_RECENT_BEATS < self->beat)
            continue;
        entente__v1__topic_seq__init(&recent[n]);
        recent[n].topic = (char *)zhashx_cursor(self->heads);
        recent[n].seq = h->seq;
        ptrs[n] = &recent[n];
        n++;
    }
    Entente__V1__Heartbeat hb = ENTENTE__V1__HEARTBEAT__INIT;
    hb.head_seq = head_seq;
    hb.epoch = self->epoch;
    hb.beat = self->beat;
    hb.interval_ms = interval_ms;
    hb.recent = ptrs;
    hb.n_recent = n;
    Entente__V1__StreamFrame frame = ENTENTE__V1__STREAM_FRAME__INIT;
    frame.body_case = ENTENTE__V1__STREAM_FRAME__BODY_HEARTBEAT;
    frame.heartbeat = &hb;
    stream_topic_t topic = STREAM_HEARTBEAT_TOPIC;
    int rc = stream_pub_send(self, &topic, 1, &frame);
    free(recent);
    free(ptrs);
    return rc;
}
