/* `entente run`: ingest, index and query in one process, wired over inproc,
 * also serving their usual tcp endpoints so every client command works. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "curve_auth.h"
#include "datadir.h"
#include "entente_limits.h"
#include "endpoints.h"
#include "event_view.h"
#include "http_gateway.h"
#include "ingest_cli.h"
#include "index_service.h"
#include "ingest_service.h"
#include "log.h"
#include "metrics_http.h"
#include "query_service.h"
#include "transport.h"

enum { RUN_INGEST, RUN_INDEX, RUN_QUERY, RUN_SERVICES };

typedef struct {
    const char *data, *log_level, *metrics_endpoint;
    const char *tcp[RUN_SERVICES], *pub_tcp;
    const char *http_listen, *http_token;
    long max_msg, skew_ms;
    int plaintext;
    config_list_t ingest;
} run_opts_t;

typedef struct {
    identity_t *ids[RUN_SERVICES];
    keyring_t *keyring;
    metrics_t *metrics;
    metrics_http_t *metrics_http;
    curve_auth_t *auth;
    ingest_options_t ingest;
    index_options_t index;
    query_options_t query;
    zactor_t *actors[RUN_SERVICES];
    http_gateway_t *http;
} run_state_t;

static const char *const run_names[RUN_SERVICES] = {"ingest", "index", "query"};
static const char *const run_servers[RUN_SERVICES] = {"entente-ingest", "entente-index",
                                                      "entente-query"};
static const char *const run_inproc[RUN_SERVICES] = {INGEST_INPROC_ENDPOINT, INDEX_INPROC_ENDPOINT,
                                                     QUERY_INPROC_ENDPOINT};


static int run_load_keys(run_state_t *st, const char *data, char *err, size_t errlen)
{
    char path[4096];
    if (datadir_init(data, err, errlen) != 0)
        return -1;
    for (int i = 0; i < RUN_SERVICES; i++) {
        datadir_key_path(data, run_names[i], path, sizeof path);
        if (!(st->ids[i] = identity_load(path, err, errlen)))
            return -1;
    }
    datadir_keyring_path(data, path, sizeof path);
    st->keyring = keyring_load(path, err, errlen);
    return st->keyring ? 0 : -1;
}

static int run_start(run_state_t *st, const run_opts_t *o, char *err, size_t errlen)
{
    st->index = (index_options_t){.data_dir = o->data,
                                  .pub_endpoints = {INDEX_INPROC_PUB_ENDPOINT,
                                                    endpoint_or_off(o->pub_tcp)},
                                  .plaintext = o->plaintext};
    if (o->plaintext)
        log_warn("entente run", "--insecure-plaintext: tcp is neither encrypted nor limited to "
                 "the keyring");
    else if (!(st->auth = curve_auth_start(st->keyring, st->metrics, err, errlen)))
        return -1;
    st->ingest = (ingest_options_t){.data_dir = o->data, .index_endpoint = INDEX_INPROC_ENDPOINT};
    st->query = (query_options_t){.data_dir = o->data, .index_endpoint = INDEX_INPROC_ENDPOINT,
                                  .pub_endpoint = INDEX_INPROC_PUB_ENDPOINT};
    service_module_t modules[RUN_SERVICES] = {ingest_service_module(&st->ingest),
                                              index_service_module(&st->index),
                                              query_service_module(&st->query)};
    /* index first: the others connect to it */
    static const int order[RUN_SERVICES] = {RUN_INDEX, RUN_INGEST, RUN_QUERY};
    for (int k = 0; k < RUN_SERVICES; k++) {
        int i = order[k];
        service_def_t def = {.rpc = {.name = run_servers[i], .identity = st->ids[i],
                                     .keyring = st->keyring, .max_msg_bytes = o->max_msg,
                                     .skew_ms = (uint64_t)o->skew_ms, .metrics = st->metrics,
                                     .plaintext = o->plaintext},
                             .endpoints = {run_inproc[i], endpoint_or_off(o->tcp[i])},
                             .module = modules[i]};
        st->actors[i] = service_host_start(&def, err, errlen);
        if (!st->actors[i])
            return -1;
    }
    if (!metrics_http_disabled(o->metrics_endpoint) &&
        !(st->metrics_http = metrics_http_start(st->metrics, o->metrics_endpoint, err, errlen)))
        return -1;
    if (!endpoint_or_off(o->http_listen))
        return 0;
    http_options_t ho = {.listen = o->http_listen, .query_endpoint = QUERY_INPROC_ENDPOINT,
                         .pub_endpoint = INDEX_INPROC_PUB_ENDPOINT,
                         .replay_endpoint = INDEX_INPROC_ENDPOINT, .data_dir = o->data,
                         .token = o->http_token, .metrics = st->metrics};
    st->http = http_gateway_start(&ho, err, errlen);
    return st->http ? 0 : -1;
}

/* Highest sequence a service's Replay reports (0 when it does not answer). */
static uint64_t run_head(entente_client_t *c, const ProtobufCServiceDescriptor *svc)
{
    Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
    req.from_seq = UINT64_MAX;
    req.limit = 1;
    Entente__V1__ReplayReply *rep = NULL;
    entente_status_t st;
    if (entente_call(c, svc, "Replay", &req.base, (ProtobufCMessage **)&rep, &st) != 0)
        return 0;
    uint64_t head = rep->head_seq;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return head;
}

static entente_client_t *run_client(const char *data, const char *endpoint)
{
    entente_client_options_t co = {.endpoint = endpoint, .data_dir = data, .timeout_ms = 30000};
    char err[512];
    entente_client_t *c = entente_client_new(&co, err, sizeof err);
    if (!c)
        log_error("entente run", "%s", err);
    return c;
}

/* Ingests the files given with --ingest, waits until query has every stored
 * event, and shows the latest of them. */
static void run_ingest(const run_opts_t *o)
{
    entente_client_t *ingest = run_client(o->data, INGEST_INPROC_ENDPOINT);
    entente_client_t *index = run_client(o->data, INDEX_INPROC_ENDPOINT);
    entente_client_t *query = run_client(o->data, QUERY_INPROC_ENDPOINT);
    if (ingest && index && query) {
        ingest_cli_opts_t io = {.batch = 64, .progress = isatty(2)};
        ingest_cli_summary_t sum;
        /* a data directory used before already holds events: wait for the new ones */
        uint64_t before = run_head(index, &entente__v1__index_service__descriptor);
        ingest_cli_paths(ingest, &io, (char **)o->ingest.items, (int)o->ingest.n, &sum);
        ingest_cli_print_summary(&sum);
        /* the outbox drains to index, then the replica follows */
        for (int i = 0; i < 100 && !zsys_interrupted; i++) {
            uint64_t head = run_head(index, &entente__v1__index_service__descriptor);
            if (head >= before + sum.events &&
                run_head(query, &entente__v1__query_service__descriptor) == head)
                break;
            zclock_sleep(100);
        }
        Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
        req.page_size = 20;
        Entente__V1__SearchReply *rep = NULL;
        entente_status_t st;
        if (entente_search(query, &req, &rep, &st) == 0) {
            printf("%llu events stored; the latest by date:\n", (unsigned long long)rep->total);
            event_view_table_header(stdout);
            for (size_t i = 0; i < rep->n_events; i++)
                event_view_table_row(stdout, rep->events[i]);
            fflush(stdout);
            protobuf_c_message_free_unpacked(&rep->base, NULL);
        }
    }
    entente_client_destroy(&ingest);
    entente_client_destroy(&index);
    entente_client_destroy(&query);
}

static void run_stop(run_state_t *st)
{
    http_gateway_stop(&st->http); /* its requests need query */
    /* ingest first so what it holds reaches index, index last */
    static const int order[RUN_SERVICES] = {RUN_INGEST, RUN_QUERY, RUN_INDEX};
    for (int k = 0; k < RUN_SERVICES; k++)
        service_host_stop(&st->actors[order[k]]);
    metrics_http_stop(&st->metrics_http);
    curve_auth_stop(&st->auth);
    metrics_destroy(&st->metrics);
    keyring_destroy(&st->keyring);
    for (int i = 0; i < RUN_SERVICES; i++)
        identity_destroy(&st->ids[i]);
}

int cmd_run(int argc, char **argv)
{
    run_opts_t o = {.data = "./data", .log_level = "info",
                    .tcp = {INGEST_DEFAULT_ENDPOINT, INDEX_DEFAULT_ENDPOINT, QUERY_DEFAULT_ENDPOINT},
                    .pub_tcp = INDEX_DEFAULT_PUB_ENDPOINT, .http_listen = HTTP_DEFAULT_LISTEN,
                    .max_msg = TRANSPORT_DEFAULT_MAX_MSG, .skew_ms = 30000,
                    .metrics_endpoint = "none"};
    limits_t lim = *limits();
    enum { RUN_OWN_OPTIONS = 13 }; /* the options below; the limits' follow */
    config_option_t opts[RUN_OWN_OPTIONS + LIMITS_OPTION_COUNT] = {
        {"data", 'd', CONFIG_STRING, &o.data, "DIR", "data directory (created with keys on first start)"},
        {"ingest-endpoint", 0, CONFIG_STRING, &o.tcp[RUN_INGEST], "ENDPOINT", "ingest's tcp endpoint (none: off)"},
        {"index-endpoint", 0, CONFIG_STRING, &o.tcp[RUN_INDEX], "ENDPOINT", "index's tcp endpoint (none: off)"},
        {"pub-endpoint", 0, CONFIG_STRING, &o.pub_tcp, "ENDPOINT", "index's event stream (none: off)"},
        {"query-endpoint", 0, CONFIG_STRING, &o.tcp[RUN_QUERY], "ENDPOINT", "query's tcp endpoint (none: off)"},
        {"http-listen", 0, CONFIG_STRING, &o.http_listen, "URL", "the web page, REST API and /metrics (none: off)"},
        {"http-token", 0, CONFIG_STRING, &o.http_token, "TOKEN", "bearer token of the REST API (needed off loopback)"},
        {"metrics-endpoint", 0, CONFIG_STRING, &o.metrics_endpoint, "HOST:PORT", "also serve GET /metrics of all four here (none: off)"},
        {"insecure-plaintext", 0, CONFIG_FLAG, &o.plaintext, NULL, "tcp endpoints without CurveZMQ (any client may connect)"},
        {"log-level", 0, CONFIG_STRING, &o.log_level, "LEVEL", "debug, info, warn or error"},
        {"max-msg-bytes", 0, CONFIG_INT, &o.max_msg, "N", "largest request accepted (bytes)"},
        {"skew-ms", 0, CONFIG_INT, &o.skew_ms, "MS", "accepted clock difference of requests"},
        {"ingest", 'i', CONFIG_LIST, &o.ingest, "PATH", "ingest these files or directories once started"},
    };
    limits_options(&lim, opts + RUN_OWN_OPTIONS);
    config_spec_t spec = {"entente run", "[OPTIONS]",
                          "Runs ingest, index and query in one process, with the web page and REST API "
                          "(entente-http) on --http-listen, until SIGINT or SIGTERM. "
                          "Keys and the keyring are created in the data directory on first start "
                          "and reused after; clients pointed at the same directory find them.",
                          opts, sizeof opts / sizeof *opts};
    char err[512];
    int next, rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    log_level_t level;
    if (rc == 0 && (next != argc || log_level_parse(o.log_level, &level) != 0 ||
                    o.max_msg < 1024 || o.skew_ms < 1)) {
        snprintf(err, sizeof err, "bad argument, --log-level, --max-msg-bytes or --skew-ms");
        rc = -1;
    }
    if (rc == 0 && limits_set(&lim, err, sizeof err) != 0)
        rc = -1;
    if (rc != 0) {
        if (rc < 0)
            fprintf(stderr, "entente run: %s\n", err);
        return rc < 0 ? 2 : 0;
    }
    log_set_level(level);
    run_state_t st = {.metrics = metrics_new()};
    if (run_load_keys(&st, o.data, err, sizeof err) != 0 ||
        run_start(&st, &o, err, sizeof err) != 0) {
        log_error("entente run", "%s", err);
        run_stop(&st);
        return 1;
    }
    log_info("entente run", "serving: ingest %s, index %s (stream %s), query %s; data in %s",
             o.tcp[RUN_INGEST], o.tcp[RUN_INDEX], o.pub_tcp, o.tcp[RUN_QUERY], o.data);
    if (st.metrics_http)
        log_info("entente run", "metrics: GET /metrics on %s (port %d)", o.metrics_endpoint,
                 metrics_http_port(st.metrics_http));
    if (o.ingest.n)
        run_ingest(&o);
    if (st.http) {
        printf("web timeline and REST API: %s\n", http_gateway_url(st.http));
        fflush(stdout);
    }
    rc = service_host_wait(st.actors, RUN_SERVICES, "entente run");
    log_info("entente run", "shutting down");
    run_stop(&st);
    return rc;
}
