#include "query_service.h"

#include <stdlib.h>
#include <string.h>

#include "entente/v1/services.pb-c.h"
#include "event_store.h"
#include "entente_limits.h"
#include "keyring.h"
#include "log.h"
#include "replica.h"
#include "search.h"
#include "service_metrics.h"

typedef struct {
    Entente__V1__QueryService_Service base; /* first: handlers get this pointer */
    query_options_t *opts;
    rpc_server_t *server;
    event_store_t *store; /* read side; the replica writes through its own */
    stmt_cache_t *stmts;  /* Search's and Aggregate's statements on store */
    zactor_t *replica;
    char path[4096];
    metrics_family_t *m_replays, *m_replayed;
} query_state_t;

static const rpc_acl_t query_acl[] = {
    {"Search", ROLE_ANY},
    {"Get", ROLE_ANY},
    {"Aggregate", ROLE_ANY},
    {"Replay", ROLE_ANY},
};

static void query_search(Entente__V1__QueryService_Service *svc,
                         const Entente__V1__SearchRequest *in,
                         Entente__V1__SearchReply_Closure closure, void *data)
{
    query_state_t *self = (query_state_t *)svc;
    Entente__V1__SearchReply out;
    status_t st;
    if (search_run(self->stmts, in, &out, &st) != 0) {
        rpc_call_fail(data, st.code, "%s", st.message);
        closure(NULL, data);
        return;
    }
    closure(&out, data);
    search_reply_clear(&out);
}

static void query_aggregate(Entente__V1__QueryService_Service *svc,
                            const Entente__V1__AggregateRequest *in,
                            Entente__V1__AggregateReply_Closure closure, void *data)
{
    query_state_t *self = (query_state_t *)svc;
    Entente__V1__AggregateReply out;
    status_t st;
    if (search_aggregate(self->stmts, in, &out, &st) != 0) {
        rpc_call_fail(data, st.code, "%s", st.message);
        closure(NULL, data);
        return;
    }
    closure(&out, data);
    search_aggregate_clear(&out);
}

static void query_get(Entente__V1__QueryService_Service *svc, const Entente__V1__GetRequest *in,
                      Entente__V1__GetReply_Closure closure, void *data)
{
    query_state_t *self = (query_state_t *)svc;
    Entente__V1__GetReply out = ENTENTE__V1__GET_REPLY__INIT;
    char err[512];
    if (!in->id || !*in->id || strlen(in->id) > 128) {
        rpc_call_fail(data, STATUS_INVALID_ARGUMENT, "an event id is required");
    } else if (event_store_get(self->store, in->id, &out.event, err, sizeof err) != 0 ||
               (out.event && event_store_document(self->store, out.event->doc_id, &out.document,
                                                  err, sizeof err) != 0)) {
        rpc_call_fail(data, STATUS_UNAVAILABLE, "store: %s", err);
    } else if (!out.event) {
        rpc_call_fail(data, STATUS_NOT_FOUND, "no event %s", in->id);
    }
    closure(out.event ? &out : NULL, data);
    if (out.event)
        entente__v1__partnership_event__free_unpacked(out.event, NULL);
    if (out.document)
        entente__v1__document__free_unpacked(out.document, NULL);
}

static void query_replay(Entente__V1__QueryService_Service *svc,
                         const Entente__V1__ReplayRequest *in,
                         Entente__V1__ReplayReply_Closure closure, void *data)
{
    query_state_t *self = (query_state_t *)svc;
    uint32_t max = (uint32_t)limits()->max_page;
    uint32_t limit = in->limit && in->limit < max ? in->limit : max;
    Entente__V1__ReplayReply out = ENTENTE__V1__REPLAY_REPLY__INIT;
    event_store_filter_t filter = {in->types, in->n_types, in->countries, in->n_countries};
    char err[512];
    if (event_store_replay(self->store, in->from_seq ? in->from_seq : 1, limit, &filter,
                           &out.events, &out.n_events, &out.scanned_to, err, sizeof err) != 0) {
        rpc_call_fail(data, STATUS_INVALID_ARGUMENT, "%s", err);
        closure(NULL, data);
        return;
    }
    out.head_seq = event_store_head(self->store);
    const char *name[] = {rpc_server_name(self->server)};
    metrics_add(self->m_replays, name, 1);
    metrics_add(self->m_replayed, name, (double)out.n_events);
    closure(&out, data);
    event_store_free_events(out.events, out.n_events);
}

static void query_stop(void **state)
{
    query_state_t *self = *state;
    if (!self)
        return;
    service_host_stop(&self->replica);
    stmt_cache_destroy(&self->stmts);
    event_store_close(&self->store);
    free(self);
    *state = NULL;
}

static void *query_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                         size_t errlen)
{
    query_options_t *opts = arg;
    query_state_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->base = (Entente__V1__QueryService_Service)ENTENTE__V1__QUERY_SERVICE__INIT(query_);
    self->opts = opts;
    self->server = server;
    snprintf(self->path, sizeof self->path, "%s/%s", opts->data_dir ? opts->data_dir : ".",
             opts->store_name ? opts->store_name : "query.db");
    replica_config_t rc = {self->path,
                           opts->index_endpoint,
                           opts->pub_endpoint,
                           rpc_server_identity(server),
                           rpc_server_keyring(server),
                           opts->poll_ms ? opts->poll_ms : 1000,
                           rpc_server_name(server),
                           rpc_server_metrics(server),
                           {.server_pk = opts->index_pk, .plaintext = opts->plaintext}};
    service_metrics_replays(rpc_server_metrics(server), &self->m_replays, &self->m_replayed);
    self->replica = replica_start(&rc, err, errlen);
    if (self->replica)
        self->store = event_store_open(self->path, EVENT_STORE_REPLICA, err, errlen);
    if (self->store && !(self->stmts = stmt_cache_new(event_store_db(self->store))))
        snprintf(err, errlen, "out of memory");
    void *state = self;
    if (!self->stmts || rpc_server_add_service(server, &self->base.base, query_acl,
                                               sizeof query_acl / sizeof *query_acl) != 0) {
        if (self->stmts)
            snprintf(err, errlen, "cannot register QueryService");
        query_stop(&state);
    }
    return state;
}

service_module_t query_service_module(query_options_t *opts)
{
    return (service_module_t){query_start, query_stop, opts};
}
