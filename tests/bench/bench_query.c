#include "bench_query.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_store_gen.h"
#include "entente/v1/services.pb-c.h"
#include "event_store.h"
#include "rpc_client.h"
#include "search.h"


void bench_search_req_draw(bench_search_req_t *s, uint64_t *rng)
{
    const char *a, *b;
    gen_pair(rng, &a, &b);
    s->pair[0] = (char *)a;
    s->pair[1] = (char *)b;
    gen_range(rng, s->since, s->until);
    snprintf(s->since_month, sizeof s->since_month, "%.7s-01", s->since);
    entente__v1__filter__init(&s->filter);
    s->filter.countries_all = s->pair;
    s->filter.n_countries_all = 2;
    s->filter.since = s->since;
    s->filter.until = s->until;
    entente__v1__search_request__init(&s->req);
    s->req.filter = &s->filter;
}

/* ---- over RPC ------------------------------------------------------------------ */

rpc_client_t *bench_query_client(const bench_query_arg_t *arg, char *err, size_t errlen)
{
    transport_opts_t t = {.server_pk = arg->server_pk};
    return rpc_client_new(arg->endpoint, arg->client, arg->keyring, &t, err, errlen);
}

static void *rpc_open(void *arg, int thread, char *err, size_t errlen)
{
    return bench_query_client(arg, err, errlen);
}

static void rpc_close(void **ctx) { rpc_client_destroy((rpc_client_t **)ctx); }

int bench_search_rpc(rpc_client_t *c, const bench_search_req_t *s, Entente__V1__SearchReply **rep,
                      char *err, size_t errlen)
{
    status_t st;
    if (rpc_client_call(c, &entente__v1__query_service__descriptor, "Search", &s->req.base,
                        (ProtobufCMessage **)rep, BENCH_QUERY_CALL_MS, &st) != STATUS_OK) {
        snprintf(err, errlen, "Search: %s: %s", status_name(st.code), st.message);
        return -1;
    }
    return 0;
}

static int op_search_rpc(void *ctx, uint64_t *rng, char *err, size_t errlen)
{
    bench_search_req_t s;
    bench_search_req_draw(&s, rng);
    Entente__V1__SearchReply *rep = NULL;
    if (bench_search_rpc(ctx, &s, &rep, err, errlen) != 0)
        return -1;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return 0;
}

typedef struct {
    rpc_client_t *client;
    uint64_t n_events;
} get_ctx_t;

static void *get_open(void *arg, int thread, char *err, size_t errlen)
{
    bench_query_arg_t *q = arg;
    get_ctx_t *g = calloc(1, sizeof *g);
    if (g && !(g->client = bench_query_client(q, err, errlen))) {
        free(g);
        return NULL;
    }
    if (g)
        g->n_events = q->n_events;
    return g;
}

static void get_close(void **ctx)
{
    get_ctx_t *g = *ctx;
    rpc_client_destroy(&g->client);
    free(g);
    *ctx = NULL;
}

static int op_get_rpc(void *ctx, uint64_t *rng, char *err, size_t errlen)
{
    get_ctx_t *g = ctx;
    char id[33];
    gen_event_id(1 + gen_next(rng) % g->n_events, id);
    Entente__V1__GetRequest req = ENTENTE__V1__GET_REQUEST__INIT;
    req.id = id;
    Entente__V1__GetReply *rep = NULL;
    status_t st;
    if (rpc_client_call(g->client, &entente__v1__query_service__descriptor, "Get", &req.base,
                        (ProtobufCMessage **)&rep, BENCH_QUERY_CALL_MS, &st) != STATUS_OK) {
        snprintf(err, errlen, "Get %s: %s: %s", id, status_name(st.code), st.message);
        return -1;
    }
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return 0;
}

bench_op_t bench_query_search_rpc(bench_query_arg_t *arg)
{
    return (bench_op_t){rpc_open, op_search_rpc, rpc_close, arg};
}

bench_op_t bench_query_get_rpc(bench_query_arg_t *arg)
{
    return (bench_op_t){get_open, op_get_rpc, get_close, arg};
}

/* ---- in-process ------------------------------------------------------------------ */

typedef struct {
    event_store_t *store;
    stmt_cache_t *stmts;
} inproc_ctx_t;

static void inproc_close(void **ctx)
{
    inproc_ctx_t *c = *ctx;
    stmt_cache_destroy(&c->stmts);
    event_store_close(&c->store);
    free(c);
    *ctx = NULL;
}

static void *inproc_open(void *arg, int thread, char *err, size_t errlen)
{
    bench_query_arg_t *q = arg;
    inproc_ctx_t *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    void *ctx = c;
    c->store = event_store_open(q->store_path, EVENT_STORE_REPLICA, err, errlen);
    if (c->store && !(c->stmts = stmt_cache_new(event_store_db(c->store))))
        snprintf(err, errlen, "out of memory");
    if (!c->stmts)
        inproc_close(&ctx);
    return ctx;
}

static int op_search_inproc(void *ctx, uint64_t *rng, char *err, size_t errlen)
{
    inproc_ctx_t *c = ctx;
    bench_search_req_t s;
    bench_search_req_draw(&s, rng);
    Entente__V1__SearchReply out;
    status_t st;
    if (search_run(c->stmts, &s.req, &out, &st) != 0) {
        snprintf(err, errlen, "search_run: %s", st.message);
        return -1;
    }
    search_reply_clear(&out);
    return 0;
}

bench_op_t bench_query_search_inproc(bench_query_arg_t *arg)
{
    return (bench_op_t){inproc_open, op_search_inproc, inproc_close, arg};
}
