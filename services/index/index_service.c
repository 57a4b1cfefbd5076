#include "index_service.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entente/v1/services.pb-c.h"
#include "event_sign.h"
#include "event_store.h"
#include "entente_limits.h"
#include "keyring.h"
#include "log.h"
#include "service_metrics.h"
#include "stream_pub.h"

typedef struct {
    Entente__V1__IndexService_Service base; /* first: handlers get this pointer */
    index_options_t *opts;
    rpc_server_t *server;
    event_store_t *store;
    stream_pub_t *pub;
    int heartbeat_timer;
    zloop_t *loop;
    metrics_family_t *m_stored, *m_duplicates, *m_published, *m_replays, *m_replayed,
        *m_sig_failures, *m_head;
} index_state_t;

static const rpc_acl_t index_acl[] = {
    {"Append", ROLE_INGEST},
    {"Replay", ROLE_ANY},
};

/* Every event must be whole and signed by an ingest key before any is stored. */
static int index_check_batch(index_state_t *self, const Entente__V1__AppendRequest *in,
                             rpc_call_t *call)
{
    size_t max = (size_t)limits()->max_batch;
    if (in->n_events > max || in->n_documents > max) {
        rpc_call_fail(call, STATUS_RESOURCE_EXHAUSTED,
                      "%zu events and %zu documents in one Append, above the limit of %zu "
                      "(--max-batch)", in->n_events, in->n_documents, max);
        return -1;
    }
    for (size_t i = 0; i < in->n_documents; i++)
        if (!in->documents[i]->doc_id || !*in->documents[i]->doc_id) {
            rpc_call_fail(call, STATUS_INVALID_ARGUMENT, "document %zu has no doc_id", i);
            return -1;
        }
    for (size_t i = 0; i < in->n_events; i++) {
        const Entente__V1__PartnershipEvent *ev = in->events[i];
        char why[256];
        if (!ev->id || !*ev->id || !ev->type || !*ev->type || !ev->doc_id || !*ev->doc_id) {
            rpc_call_fail(call, STATUS_INVALID_ARGUMENT, "event %zu lacks id, type or doc_id", i);
            return -1;
        }
        if (event_verify(ev, rpc_server_keyring(self->server), ROLE_INGEST, why, sizeof why)) {
            const char *labels[] = {rpc_server_name(self->server), "event"};
            metrics_add(self->m_sig_failures, labels, 1);
            rpc_call_fail(call, STATUS_UNAUTHENTICATED, "%s", why);
            return -1;
        }
    }
    return 0;
}

static uint64_t index_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Publishes what a commit stored, read back so the stream carries exactly
 * the stored events with their sequence numbers. */
static void index_publish(index_state_t *self, uint64_t first_seq, uint32_t count,
                          uint64_t commit_us)
{
    Entente__V1__PartnershipEvent **events = NULL;
    size_t n = 0;
    uint64_t scanned;
    char err[512];
    if (event_store_replay(self->store, first_seq, count, NULL, &events, &n, &scanned, err,
                           sizeof err) != 0 ||
        stream_pub_publish(self->pub, events, n, commit_us) != 0)
        log_error(rpc_server_name(self->server), "publishing seq %llu..: %s",
                  (unsigned long long)first_seq, err);
    else
        metrics_add(self->m_published, NULL, (double)n);
    event_store_free_events(events, n);
}

static int index_heartbeat(zloop_t *loop, int timer_id, void *arg)
{
    index_state_t *self = arg;
    stream_pub_heartbeat(self->pub, event_store_head(self->store),
                         (uint32_t)self->opts->heartbeat_ms);
    return 0;
}

static void index_append(Entente__V1__IndexService_Service *svc,
                         const Entente__V1__AppendRequest *in,
                         Entente__V1__AppendReply_Closure closure, void *data)
{
    index_state_t *self = (index_state_t *)svc;
    event_store_result_t res;
    char err[512];
    if (index_check_batch(self, in, data) != 0) {
        log_warn(rpc_server_name(self->server), "Append refused");
        closure(NULL, data);
        return;
    }
    if (event_store_append(self->store, in->events, in->n_events, in->documents,
                           in->n_documents, &res, err, sizeof err) != 0) {
        log_error(rpc_server_name(self->server), "%s", err);
        rpc_call_fail(data, STATUS_UNAVAILABLE, "store: %s", err);
        closure(NULL, data);
        return;
    }
    metrics_add(self->m_stored, NULL, res.stored);
    metrics_add(self->m_duplicates, NULL, res.duplicates);
    metrics_set(self->m_head, NULL, (double)res.head_seq);
    if (res.stored)
        index_publish(self, res.first_seq, res.stored, index_now_us());
    Entente__V1__AppendReply out = ENTENTE__V1__APPEND_REPLY__INIT;
    out.first_seq = res.first_seq;
    out.last_seq = res.last_seq;
    out.stored = res.stored;
    out.duplicates = res.duplicates;
    out.head_seq = res.head_seq;
    closure(&out, data);
}

/* The source documents of a page of events, each once (events of one
 * document are stored together, so comparing with the previous is enough). */
static int index_replay_documents(index_state_t *self, Entente__V1__PartnershipEvent **events,
                                  size_t n, Entente__V1__Document ***docs, size_t *n_docs,
                                  rpc_call_t *call)
{
    char err[512];
    *docs = calloc(n, sizeof **docs);
    *n_docs = 0;
    if (!*docs) {
        rpc_call_fail(call, STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(events[i]->doc_id, events[i - 1]->doc_id) == 0)
            continue;
        Entente__V1__Document *d = NULL;
        if (event_store_document(self->store, events[i]->doc_id, &d, err, sizeof err) != 0) {
            rpc_call_fail(call, STATUS_INTERNAL, "%s", err);
            while (*n_docs > 0)
                entente__v1__document__free_unpacked((*docs)[--*n_docs], NULL);
            free(*docs);
            *docs = NULL;
            return -1;
        }
        if (d)
            (*docs)[(*n_docs)++] = d;
    }
    return 0;
}

static void index_replay(Entente__V1__IndexService_Service *svc,
                         const Entente__V1__ReplayRequest *in,
                         Entente__V1__ReplayReply_Closure closure, void *data)
{
    index_state_t *self = (index_state_t *)svc;
    uint32_t max = (uint32_t)limits()->max_page;
    uint32_t limit = in->limit && in->limit < max ? in->limit : max;
    Entente__V1__PartnershipEvent **events = NULL;
    size_t n = 0;
    uint64_t scanned = 0;
    char err[512];
    event_store_filter_t filter = {in->types, in->n_types, in->countries, in->n_countries};
    if (in->n_types + in->n_countries > 512) {
        rpc_call_fail(data, STATUS_INVALID_ARGUMENT, "at most 512 filter values");
        closure(NULL, data);
        return;
    }
    if (event_store_replay(self->store, in->from_seq ? in->from_seq : 1, limit, &filter, &events,
                           &n, &scanned, err, sizeof err) != 0) {
        rpc_call_fail(data, STATUS_INTERNAL, "%s", err);
        closure(NULL, data);
        return;
    }
    Entente__V1__ReplayReply out = ENTENTE__V1__REPLAY_REPLY__INIT;
    out.events = events;
    out.n_events = n;
    out.head_seq = event_store_head(self->store);
    out.scanned_to = scanned;
    Entente__V1__Document **docs = NULL;
    if (in->with_documents && n &&
        index_replay_documents(self, events, n, &docs, &out.n_documents, data) != 0) {
        closure(NULL, data);
        event_store_free_events(events, n);
        return;
    }
    out.documents = docs;
    const char *name[] = {rpc_server_name(self->server)};
    metrics_add(self->m_replays, name, 1);
    metrics_add(self->m_replayed, name, (double)n);
    closure(&out, data);
    for (size_t i = 0; i < out.n_documents; i++)
        entente__v1__document__free_unpacked(docs[i], NULL);
    free(docs);
    event_store_free_events(events, n);
}

static void index_stop(void **state);

static void index_metrics_init(index_state_t *self, metrics_t *m)
{
    self->m_stored = metrics_counter(m, "entente_index_events_stored_total",
                                     "Events stored under a new sequence number.", NULL);
    self->m_duplicates = metrics_counter(m, "entente_index_events_duplicate_total",
                                         "Events appended again (already stored).", NULL);
    self->m_published = metrics_counter(m, "entente_index_events_published_total",
                                        "Events published on the stream.", NULL);
    self->m_head = metrics_gauge(m, "entente_index_head_seq", "Last sequence number stored.",
                                 NULL);
    self->m_sig_failures = service_metrics_signature_failures(m);
    const char *event[] = {rpc_server_name(self->server), "event"};
    metrics_add(self->m_sig_failures, event, 0);
    service_metrics_replays(m, &self->m_replays, &self->m_replayed);
}

static void *index_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                         size_t errlen)
{
    index_options_t *opts = arg;
    index_state_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->base = (Entente__V1__IndexService_Service)ENTENTE__V1__INDEX_SERVICE__INIT(index_);
    self->opts = opts;
    self->server = server;
    char path[4096];
    snprintf(path, sizeof path, "%s/index.db", opts->data_dir ? opts->data_dir : ".");
    self->store = event_store_open(path, EVENT_STORE_PRIMARY, err, errlen);
    if (self->store)
        self->pub = stream_pub_new(rpc_server_identity(server), self->store, opts->plaintext, err,
                                   errlen);
    if (self->pub && opts->stream_hwm > 0)
        stream_pub_set_hwm(self->pub, (int)opts->stream_hwm);
    for (int i = 0; self->pub && i < SERVICE_MAX_ENDPOINTS && opts->pub_endpoints[i]; i++)
        if (stream_pub_bind(self->pub, opts->pub_endpoints[i], err, errlen) != 0)
            stream_pub_destroy(&self->pub);
    void *state = self;
    if (!self->pub || rpc_server_add_service(server, &self->base.base, index_acl,
                                             sizeof index_acl / sizeof *index_acl) != 0) {
        if (self->pub)
            snprintf(err, errlen, "cannot register IndexService");
        index_stop(&state);
        return NULL;
    }
    if (opts->heartbeat_ms <= 0)
        opts->heartbeat_ms = INDEX_HEARTBEAT_MS;
    index_metrics_init(self, rpc_server_metrics(server));
    metrics_set(self->m_head, NULL, (double)event_store_head(self->store));
    self->loop = loop;
    self->heartbeat_timer = zloop_timer(loop, (size_t)opts->heartbeat_ms, 0, index_heartbeat, self);
    log_info(rpc_server_name(server), "store %s at seq %llu", path,
             (unsigned long long)event_store_head(self->store));
    return self;
}

static void index_stop(void **state)
{
    index_state_t *self = *state;
    if (!self)
        return;
    if (self->loop)
        zloop_timer_end(self->loop, self->heartbeat_timer);
    stream_pub_destroy(&self->pub);
    event_store_close(&self->store);
    free(self);
    *state = NULL;
}

service_module_t index_service_module(index_options_t *opts)
{
    return (service_module_t){index_start, index_stop, opts};
}
