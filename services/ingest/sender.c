#include "sender.h"

#include "entente/v1/services.pb-c.h"
#include "envelope.h"
#include "log.h"
#include "outbox.h"
#include "rpc_client.h"

#define SENDER_TIMEOUT_MS 10000
#define SENDER_IDLE_MS 1000
#define SENDER_MAX_BACKOFF_MS 5000

typedef struct {
    sender_config_t cfg;
    outbox_t *outbox;
    rpc_client_t *client;
    int backoff_ms;
    metrics_family_t *m_depth, *m_delivered, *m_buried;
} sender_t;

static void sender_metrics_init(sender_t *self, metrics_t *m)
{
    self->m_depth = metrics_gauge(m, "entente_outbox_depth",
                                  "Documents and events waiting in ingest's outbox.", NULL);
    self->m_delivered = metrics_counter(m, "entente_outbox_delivered_events_total",
                                        "Events index acknowledged.", NULL);
    self->m_buried = metrics_counter(m, "entente_outbox_dead_letter_events_total",
                                     "Events index refused for good (moved to dead letters).",
                                     NULL);
}

/* Statuses after which the same batch would be refused again. */
static int sender_final(status_code_t code)
{
    return code == STATUS_INVALID_ARGUMENT || code == STATUS_UNAUTHENTICATED ||
           code == STATUS_PERMISSION_DENIED;
}

/* Sends one batch, waiting up to timeout_ms for index: 1 sent (more may
 * wait), 0 nothing to send, -1 failed. */
static int sender_send(sender_t *self, int timeout_ms)
{
    char err[512];
    outbox_batch_t b;
    if (outbox_peek(self->outbox, self->cfg.batch_rows, self->cfg.batch_bytes, &b, err,
                    sizeof err) != 0) {
        log_error(self->cfg.log_name, "%s", err);
        return -1;
    }
    if (!b.last_row) {
        outbox_batch_clear(&b); /* outbox_peek allocated the arrays anyway */
        metrics_set(self->m_depth, NULL, 0);
        return 0;
    }
    Entente__V1__AppendRequest req = ENTENTE__V1__APPEND_REQUEST__INIT;
    req.events = b.events;
    req.n_events = b.n_events;
    req.documents = b.docs;
    req.n_documents = b.n_docs;
    Entente__V1__AppendReply *rep = NULL;
    status_t st;
    status_code_t code = rpc_client_call(self->client, &entente__v1__index_service__descriptor,
                                         "Append", &req.base, (ProtobufCMessage **)&rep,
                                         timeout_ms, &st);
    int rc = 1;
    if (code == STATUS_OK) {
        log_debug(self->cfg.log_name, "index stored %u (%u already), head %llu", rep->stored,
                  rep->duplicates, (unsigned long long)rep->head_seq);
        protobuf_c_message_free_unpacked(&rep->base, NULL);
        rc = outbox_ack(self->outbox, b.last_row, err, sizeof err) == 0 ? 1 : -1;
        if (rc > 0)
            metrics_add(self->m_delivered, NULL, (double)b.n_events);
    } else if (sender_final(code)) {
        log_error(self->cfg.log_name, "index refused %zu events for good (%s: %s): moved to "
                  "dead letters", b.n_events, status_name(code), st.message);
        rc = outbox_bury(self->outbox, b.last_row, st.message, err, sizeof err) == 0 ? 1 : -1;
        if (rc > 0)
            metrics_add(self->m_buried, NULL, (double)b.n_events);
    } else {
        if (self->backoff_ms == 0)
            log_warn(self->cfg.log_name, "index unavailable (%s: %s); retrying", status_name(code),
                     st.message);
        rc = -1;
    }
    if (rc < 0 && code == STATUS_OK)
        log_error(self->cfg.log_name, "%s", err);
    outbox_batch_clear(&b);
    metrics_set(self->m_depth, NULL, (double)outbox_depth(self->outbox));
    return rc;
}

static int sender_next_wait(sender_t *self, int sent)
{
    if (sent > 0) {
        self->backoff_ms = 0;
        return 0;
    }
    if (sent == 0) {
        self->backoff_ms = 0;
        return SENDER_IDLE_MS;
    }
    self->backoff_ms = self->backoff_ms ? self->backoff_ms * 2 : 50;
    if (self->backoff_ms > SENDER_MAX_BACKOFF_MS)
        self->backoff_ms = SENDER_MAX_BACKOFF_MS;
    return self->backoff_ms;
}

/* On $TERM: keeps delivering until the outbox is empty or drain_ms is over,
 * waiting for index's acknowledgements (and for index) within that time. */
static void sender_drain(sender_t *self)
{
    int64_t until = zclock_mono() + self->cfg.drain_ms, left;
    while ((left = until - zclock_mono()) > 0) {
        int rc = sender_send(self, (int)left);
        if (rc == 0)
            break;
        if (rc < 0)
            zclock_sleep(left < 100 ? (int)left : 100);
    }
    int64_t rows = outbox_depth(self->outbox);
    if (rows > 0)
        log_warn(self->cfg.log_name, "%lld rows stay in the outbox for the next start",
                 (long long)rows);
    else
        log_info(self->cfg.log_name, "outbox flushed to index");
}

static void sender_actor(zsock_t *pipe, void *args)
{
    sender_t *self = args;
    char err[512] = "";
    zsock_signal(pipe, 0);
    self->outbox = outbox_open(self->cfg.outbox_path, err, sizeof err);
    if (self->outbox)
        self->client = rpc_client_new(self->cfg.index_endpoint, self->cfg.identity,
                                      self->cfg.keyring, &self->cfg.index_transport, err,
                                      sizeof err);
    if (self->client)
        rpc_client_set_nonstop(self->client);
    zstr_send(pipe, self->client ? "" : err);
    sender_metrics_init(self, self->cfg.metrics);
    zpoller_t *poller = zpoller_new(pipe, NULL);
    zpoller_set_nonstop(poller, true);
    uint64_t next = 0; /* when to try sending again */
    while (self->client) {
        uint64_t now = envelope_now_ms();
        if (zpoller_wait(poller, next > now ? (int)(next - now) : 0)) {
            char *cmd = zstr_recv(pipe);
            int stop = !cmd || streq(cmd, "$TERM");
            zstr_free(&cmd);
            if (stop) {
                sender_drain(self);
                break;
            }
            if (self->cfg.wake_pending)
                atomic_store(self->cfg.wake_pending, 0);
            if (!self->backoff_ms)
                next = 0; /* new rows: send now, unless index is being waited for */
            continue;
        }
        int wait_ms = sender_next_wait(self, sender_send(self, SENDER_TIMEOUT_MS));
        next = envelope_now_ms() + (uint64_t)wait_ms;
    }
    zpoller_destroy(&poller);
    rpc_client_destroy(&self->client);
    outbox_close(&self->outbox);
    free(self);
}

zactor_t *sender_start(const sender_config_t *cfg, char *err, size_t errlen)
{
    sender_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->cfg = *cfg;
    zactor_t *actor = zactor_new(sender_actor, self);
    char *why = actor ? zstr_recv(actor) : NULL;
    if (!why || *why) {
        snprintf(err, errlen, "sender: %s", why ? why : "cannot start");
        zstr_free(&why);
        zactor_destroy(&actor);
        return NULL;
    }
    zstr_free(&why);
    return actor;
}
