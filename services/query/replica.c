#include "replica.h"

#include <string.h>

#include "entente/v1/services.pb-c.h"
#include "event_store.h"
#include "log.h"
#include "rpc_client.h"

#define REPLICA_PAGE 1000
#define REPLICA_TIMEOUT_MS 5000
#define REPLICA_MAX_BACKOFF_MS 5000

typedef struct {
    replica_config_t cfg;
    event_store_t *store;
    rpc_client_t *client;
    zsock_t *stream; /* index's stream, only as a signal that there is more */
    int backoff_ms;
    metrics_family_t *m_applied, *m_gaps, *m_head;
} replica_t;

static void replica_metrics_init(replica_t *self, metrics_t *m)
{
    self->m_applied = metrics_counter(m, "entente_replica_events_applied_total",
                                      "Events the query replica copied from index.", NULL);
    self->m_gaps = metrics_counter(m, "entente_replica_gaps_filled_total",
                                   "Pulls that found events the stream had not announced.", NULL);
    self->m_head = metrics_gauge(m, "entente_replica_head_seq",
                                 "Last sequence number in the query replica.", NULL);
}

/* One Replay page applied; 1 when the page was full (more is waiting).
 * announced: the stream said there were new events. */
static int replica_pull(replica_t *self, int announced)
{
    Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
    req.from_seq = event_store_head(self->store) + 1;
    req.limit = REPLICA_PAGE;
    req.with_documents = 1;
    Entente__V1__ReplayReply *rep = NULL;
    status_t st;
    if (rpc_client_call(self->client, &entente__v1__index_service__descriptor, "Replay",
                        &req.base, (ProtobufCMessage **)&rep, REPLICA_TIMEOUT_MS,
                        &st) != STATUS_OK) {
        if (self->backoff_ms == 0)
            log_warn(self->cfg.log_name, "replay from index: %s: %s", status_name(st.code),
                     st.message);
        self->backoff_ms = self->backoff_ms ? self->backoff_ms * 2 : 100;
        if (self->backoff_ms > REPLICA_MAX_BACKOFF_MS)
            self->backoff_ms = REPLICA_MAX_BACKOFF_MS;
        return -1;
    }
    self->backoff_ms = 0;
    char err[512];
    event_store_result_t res;
    int rc = 0;
    if (event_store_put_documents(self->store, rep->documents, rep->n_documents, err,
                                  sizeof err) != 0 ||
        event_store_apply(self->store, rep->events, rep->n_events, &res, err, sizeof err) != 0) {
        log_error(self->cfg.log_name, "applying replay: %s", err);
        rc = -1;
    } else if (res.stored) {
        log_debug(self->cfg.log_name, "replica at seq %llu", (unsigned long long)res.head_seq);
        metrics_add(self->m_applied, NULL, res.stored);
        metrics_set(self->m_head, NULL, (double)res.head_seq);
        if (!announced)
            metrics_add(self->m_gaps, NULL, 1);
    }
    int full = rc == 0 && rep->n_events == REPLICA_PAGE;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return full;
}

static void replica_actor(zsock_t *pipe, void *args)
{
    replica_t *self = args;
    char err[512];
    self->store = event_store_open(self->cfg.store_path, EVENT_STORE_REPLICA, err, sizeof err);
    if (self->store)
        self->client = rpc_client_new(self->cfg.index_endpoint, self->cfg.identity,
                                      self->cfg.keyring, 0, err, sizeof err);
    zsock_signal(pipe, 0);
    /* zactor_new took the signal; this line says how setup went */
    if (self->client && self->cfg.pub_endpoint) {
        self->stream = zsock_new(ZMQ_SUB);
        if (self->stream) {
            zsock_set_linger(self->stream, 0);
            zsock_set_subscribe(self->stream, "E.");
            zsock_set_subscribe(self->stream, "H.");
            zsock_connect(self->stream, "%s", self->cfg.pub_endpoint);
        }
    }
    zstr_send(pipe, self->client ? "" : err);
    zpoller_t *poller = zpoller_new(pipe, self->stream, NULL);
    /* the owner stops the replica: a signal alone must not */
    zpoller_set_nonstop(poller, true);
    replica_metrics_init(self, self->cfg.metrics);
    if (self->store)
        metrics_set(self->m_head, NULL, (double)event_store_head(self->store));
    int wait_ms = 0, announced = 0;
    while (self->client) {
        void *ready = zpoller_wait(poller, wait_ms);
        if (ready == pipe) {
            char *cmd = zstr_recv(pipe);
            int stop = !cmd || streq(cmd, "$TERM");
            zstr_free(&cmd);
            if (stop)
                break;
        } else if (ready == self->stream) {
            /* the frames' content comes again, signed, through Replay */
            zmsg_t *msg;
            while ((msg = zmsg_recv_nowait(self->stream))) {
                /* a batch announces events; a heartbeat only tells the head */
                zframe_t *topic = zmsg_first(msg);
                announced |= topic && zframe_size(topic) >= 2 &&
                             memcmp(zframe_data(topic), "E.", 2) == 0;
                zmsg_destroy(&msg);
            }
        }
        int full = replica_pull(self, announced);
        /* the rest of a long catch-up is still what the stream announced */
        announced = full == 1 && announced;
        wait_ms = full == 1 ? 0 : (self->backoff_ms ? self->backoff_ms : self->cfg.poll_ms);
    }
    zpoller_destroy(&poller);
    zsock_destroy(&self->stream);
    rpc_client_destroy(&self->client);
    event_store_close(&self->store);
    free(self);
}

zactor_t *replica_start(const replica_config_t *cfg, char *err, size_t errlen)
{
    replica_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->cfg = *cfg;
    zactor_t *actor = zactor_new(replica_actor, self);
    char *why = actor ? zstr_recv(actor) : NULL;
    if (!why || *why) {
        snprintf(err, errlen, "replica: %s", why ? why : "cannot start");
        zstr_free(&why);
        zactor_destroy(&actor);
        return NULL;
    }
    zstr_free(&why);
    return actor;
}
