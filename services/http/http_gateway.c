#include "http_gateway.h"

#include <arpa/inet.h>
#include <czmq.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "entente.h"
#include "log.h"
#include "pbjson.h"
#include "web_files.h"

#define COMPONENT "entente-http"
#define MAX_VALUES 64      /* values of one list parameter */
#define MAX_VALUE_LEN 1024 /* bytes of one parameter value */
#define ARENA_BYTES 16384  /* copies of the list parameters of one request */
#define STREAM_FLUSH 65536 /* SSE bytes buffered before they are written */

/* ---- metrics -------------------------------------------------------------- */

enum { R_STATIC, R_HEALTHZ, R_READYZ, R_METRICS, R_EVENTS, R_EVENT, R_AGGREGATE, R_STREAM,
       R_OTHER, R_COUNT };
static const char *const route_names[R_COUNT] = {"static", "healthz", "readyz", "metrics", "events",
                                                 "event", "aggregate", "stream", "other"};
static const int metric_codes[] = {200, 400, 401, 403, 404, 405, 413, 429, 500, 501, 503, 504, 0};
#define N_CODES (sizeof metric_codes / sizeof *metric_codes)

/* ---- the client pool ---------------------------------------------------- */

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    entente_client_t **clients; /* idle clients (NULL: not created yet) */
    int *idle;
    int size;
} pool_t;

struct http_gateway {
    struct MHD_Daemon *daemon;
    http_options_t o;
    char *strings[8]; /* owned copies of the option strings */
    char url[320];
    int loopback;
    pool_t pool;
    atomic_int streams;
    atomic_int stopping;
    atomic_ulong requests[R_COUNT][N_CODES];
    atomic_ulong query_calls, query_errors, stream_events, stream_rejected;
    atomic_ullong request_us;
    uint64_t started_ms;
};

int http_status_of_code(int code)
{
    switch (code) {
    case 0: return 200;                           /* OK */
    case 1: return 499;                           /* CANCELLED */
    case 3: return 400;                           /* INVALID_ARGUMENT */
    case 4: return 504;                           /* DEADLINE_EXCEEDED */
    case 5: return 404;                           /* NOT_FOUND */
    case 6: return 409;                           /* ALREADY_EXISTS */
    case 7: return 403;                           /* PERMISSION_DENIED */
    case 8: return 429;                           /* RESOURCE_EXHAUSTED */
    case 9: return 400;                           /* FAILED_PRECONDITION */
    case 10: return 409;                          /* ABORTED */
    case 11: return 400;                          /* OUT_OF_RANGE */
    case 12: return 501;                          /* UNIMPLEMENTED */
    case 14: return 503;                          /* UNAVAILABLE */
    case 16: return 401;                          /* UNAUTHENTICATED */
    default: return 500;                          /* UNKNOWN, INTERNAL, DATA_LOSS */
    }
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static entente_client_t *client_new(const http_gateway_t *g, const char *endpoint)
{
    entente_client_options_t co = {.endpoint = endpoint, .data_dir = g->o.data_dir,
                                   .key_path = g->o.key_path, .keyring_path = g->o.keyring_path,
                                   .timeout_ms = g->o.timeout_ms};
    char err[512];
    entente_client_t *c = entente_client_new(&co, err, sizeof err);
    if (!c)
        log_warn(COMPONENT, "query client: %s", err);
    return c;
}

/* A client for this request, waiting up to the call timeout for one to be
 * free; NULL when none is (UNAVAILABLE). */
static entente_client_t *pool_get(http_gateway_t *g, int *slot)
{
    pool_t *p = &g->pool;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += g->o.timeout_ms / 1000 + 1;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (int i = 0; i < p->size; i++)
            if (p->idle[i]) {
                p->idle[i] = 0;
                pthread_mutex_unlock(&p->lock);
                *slot = i;
                if (!p->clients[i])
                    p->clients[i] = client_new(g, g->o.query_endpoint);
                if (!p->clients[i]) {
                    pthread_mutex_lock(&p->lock);
                    p->idle[i] = 1;
                    pthread_cond_signal(&p->freed);
                    pthread_mutex_unlock(&p->lock);
                    return NULL;
                }
                return p->clients[i];
            }
        if (pthread_cond_timedwait(&p->freed, &p->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void pool_put(http_gateway_t *g, int slot)
{
    pthread_mutex_lock(&g->pool.lock);
    g->pool.idle[slot] = 1;
    pthread_cond_signal(&g->pool.freed);
    pthread_mutex_unlock(&g->pool.lock);
}

/* ---- responses ---------------------------------------------------------- */

static void count(http_gateway_t *g, int route, int status)
{
    size_t k = N_CODES - 1;
    for (size_t i = 0; i + 1 < N_CODES; i++)
        if (metric_codes[i] == status)
            k = i;
    atomic_fetch_add(&g->requests[route][k], 1);
}

static void security_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_body(http_gateway_t *g, struct MHD_Connection *c, int route,
                                 int status, const char *type, char *body, size_t len,
                                 const char *extra_header, const char *extra_value)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    security_headers(r);
    if (extra_header)
        MHD_add_response_header(r, extra_header, extra_value);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    count(g, route, status);
    return ret;
}

static enum MHD_Result send_json(http_gateway_t *g, struct MHD_Connection *c, int route,
                                 int status, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(7));
    json_decref(j);
    if (!s)
        return MHD_NO;
    size_t n = strlen(s);
    s[n] = '\0';
    return send_body(g, c, route, status, "application/json", s, n, NULL, NULL);
}

/* {code, status, message} with the HTTP status of the gRPC code. */
static enum MHD_Result send_error(http_gateway_t *g, struct MHD_Connection *c, int route, int code,
                                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static enum MHD_Result send_error(http_gateway_t *g, struct MHD_Connection *c, int route, int code,
                                  const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *j = json_pack("{s:i,s:s,s:s}", "code", code, "status", entente_status_name(code),
                          "message", msg);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s)
        return MHD_NO;
    int status = http_status_of_code(code);
    return send_body(g, c, route, status, "application/json", s, strlen(s),
                     status == 401 ? "WWW-Authenticate" : NULL, "Bearer realm=\"entente\"");
}

/* ---- parameters ------------------------------------------------------------ */

typedef struct {
    const char *items[MAX_VALUES];
    size_t n;
} list_t;

enum { P_LIST, P_ONE };
enum { U_FILTER = 1, U_PAGE = 2, U_GROUP = 4, U_STREAM = 8 };

typedef struct {
    list_t country, type, instrument, sector, pair;
    const char *since, *until, *person, *org, *location, *doc, *q, *order, *page_size,
        *page_token, *group_by, *from_seq, *access_token;
    char arena[ARENA_BYTES];
    size_t used;
    unsigned used_kinds;
    char err[300];
} params_t;

typedef struct {
    const char *name, *alias;
    int kind;
    unsigned use;
    size_t offset;
} param_spec_t;

#define PL(n, a, f) {n, a, P_LIST, U_FILTER, offsetof(params_t, f)}
#define PO(n, a, f, u) {n, a, P_ONE, u, offsetof(params_t, f)}
static const param_spec_t param_specs[] = {
    PL("country", "countriesAny", country),
    PL("pair", NULL, pair),
    PL("type", "types", type),
    PL("instrument", "instruments", instrument),
    PL("sector", "sectors", sector),
    PO("since", NULL, since, U_FILTER),
    PO("until", NULL, until, U_FILTER),
    PO("person", NULL, person, U_FILTER),
    PO("org", "organization", org, U_FILTER),
    PO("location", NULL, location, U_FILTER),
    PO("doc_id", "docId", doc, U_FILTER),
    PO("q", "text", q, U_FILTER),
    PO("order", NULL, order, U_PAGE),
    PO("page_size", "pageSize", page_size, U_PAGE),
    PO("page_token", "pageToken", page_token, U_PAGE),
    PO("group_by", "groupBy", group_by, U_GROUP),
    PO("from_seq", "fromSeq", from_seq, U_STREAM),
    PO("access_token", NULL, access_token, 0),
};

static enum MHD_Result param_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    params_t *p = cls;
    if (p->err[0])
        return MHD_NO;
    if (!value)
        value = "";
    const param_spec_t *s = NULL;
    for (size_t i = 0; i < sizeof param_specs / sizeof *param_specs; i++)
        if (strcmp(key, param_specs[i].name) == 0 ||
            (param_specs[i].alias && strcmp(key, param_specs[i].alias) == 0))
            s = &param_specs[i];
    if (!s) {
        snprintf(p->err, sizeof p->err, "unknown parameter '%.40s'", key);
        return MHD_NO;
    }
    size_t len = strlen(value);
    if (len > MAX_VALUE_LEN) {
        snprintf(p->err, sizeof p->err, "parameter %s is longer than %d bytes", s->name,
                 MAX_VALUE_LEN);
        return MHD_NO;
    }
    p->used_kinds |= s->use;
    if (s->kind == P_ONE) {
        const char **slot = (const char **)((char *)p + s->offset);
        if (*slot) {
            snprintf(p->err, sizeof p->err, "parameter %s is given twice", s->name);
            return MHD_NO;
        }
        *slot = value;
        return MHD_YES;
    }
    /* a list: repeated and comma-separated values add up */
    list_t *l = (list_t *)((char *)p + s->offset);
    if (p->used + len + 1 > sizeof p->arena) {
        snprintf(p->err, sizeof p->err, "too many parameter values");
        return MHD_NO;
    }
    char *copy = p->arena + p->used;
    memcpy(copy, value, len + 1);
    p->used += len + 1;
    for (char *tok = copy, *end; tok; tok = end) {
        end = strchr(tok, ',');
        if (end)
            *end++ = '\0';
        if (!*tok)
            continue;
        if (l->n == MAX_VALUES) {
            snprintf(p->err, sizeof p->err, "more than %d values of %s", MAX_VALUES, s->name);
            return MHD_NO;
        }
        if (l == &p->country || l == &p->pair)
            for (char *c = tok; *c; c++)
                if (*c >= 'a' && *c <= 'z')
                    *c = (char)(*c - 'a' + 'A');
        l->items[l->n++] = tok;
    }
    return MHD_YES;
}

/* Parses the query string; 0, or -1 with p->err. allowed: the U_* this route takes. */
static int params_parse(struct MHD_Connection *c, params_t *p, unsigned allowed)
{
    memset(p, 0, offsetof(params_t, arena));
    p->used = 0;
    p->used_kinds = 0;
    p->err[0] = '\0';
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, param_one, p);
    if (p->err[0])
        return -1;
    unsigned extra = p->used_kinds & ~allowed;
    if (extra) {
        snprintf(p->err, sizeof p->err, "parameter not taken here: %s",
                 extra & U_PAGE    ? "order, page_size or page_token"
                 : extra & U_GROUP ? "group_by"
                 : extra & U_STREAM ? "from_seq"
                                    : "filters");
        return -1;
    }
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || strlen(s) > 20)
        return -1;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* Fills f from p (pointers into p). all must hold 2 * MAX_VALUES. */
static int params_filter(params_t *p, Entente__V1__Filter *f, char **all, char pairs[][3])
{
    size_t n_all = 0;
    for (size_t i = 0; i < p->pair.n; i++) {
        const char *s = p->pair.items[i];
        if (strlen(s) != 5 || (s[2] != '-' && s[2] != '~')) {
            snprintf(p->err, sizeof p->err, "pair '%.20s' is not two country codes, e.g. KR-VN",
                     s);
            return -1;
        }
        memcpy(pairs[2 * i], s, 2);
        memcpy(pairs[2 * i + 1], s + 3, 2);
        pairs[2 * i][2] = pairs[2 * i + 1][2] = '\0';
        all[n_all++] = pairs[2 * i];
        all[n_all++] = pairs[2 * i + 1];
    }
    f->countries_any = (char **)p->country.items;
    f->n_countries_any = p->country.n;
    f->countries_all = all;
    f->n_countries_all = n_all;
    f->types = (char **)p->type.items;
    f->n_types = p->type.n;
    f->instruments = (char **)p->instrument.items;
    f->n_instruments = p->instrument.n;
    f->sectors = (char **)p->sector.items;
    f->n_sectors = p->sector.n;
    const char *texts[] = {p->since, p->until, p->person, p->org, p->location, p->doc, p->q};
    char **fields[] = {&f->since, &f->until, &f->person, &f->organization, &f->location,
                       &f->doc_id, &f->text};
    for (int i = 0; i < 7; i++)
        if (texts[i] && *texts[i])
            *fields[i] = (char *)texts[i];
    return 0;
}

/* ---- authorization ----------------------------------------------------------- */

/* 0 when the request may read; -1 when a response (401) was queued. */
static int authorize(http_gateway_t *g, struct MHD_Connection *c, const char *access_token,
                     int route, enum MHD_Result *ret)
{
    if (!g->o.token)
        return 0;
    const char *given = NULL;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h && strncasecmp(h, "Bearer ", 7) == 0)
        given = h + 7;
    else if (access_token)
        given = access_token;
    size_t n = strlen(g->o.token);
    if (given && strlen(given) == n && sodium_memcmp(given, g->o.token, n) == 0)
        return 0;
    *ret = send_error(g, c, route, 16, given ? "bearer token is not valid"
                                             : "a bearer token is required (Authorization: "
                                               "Bearer TOKEN, or access_token=TOKEN)");
    return -1;
}

/* ---- handlers ---------------------------------------------------------------- */

static enum MHD_Result reply_status(http_gateway_t *g, struct MHD_Connection *c, int route,
                                    const entente_status_t *st)
{
    atomic_fetch_add(&g->query_errors, 1);
    return send_error(g, c, route, st->code, "%s", st->message);
}

static enum MHD_Result h_events(http_gateway_t *g, struct MHD_Connection *c, params_t *p)
{
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    Entente__V1__Filter f = ENTENTE__V1__FILTER__INIT;
    char *all[2 * MAX_VALUES], pairs[2 * MAX_VALUES][3];
    if (params_filter(p, &f, all, pairs) != 0)
        return send_error(g, c, R_EVENTS, 3, "%s", p->err);
    req.filter = &f;
    static const struct {
        const char *name, *alt;
        Entente__V1__Order v;
    } orders[] = {{"date", "ORDER_DATE_DESC", ENTENTE__V1__ORDER__ORDER_DATE_DESC},
                  {"date-asc", "ORDER_DATE_ASC", ENTENTE__V1__ORDER__ORDER_DATE_ASC},
                  {"seq", "ORDER_SEQ_ASC", ENTENTE__V1__ORDER__ORDER_SEQ_ASC},
                  {"seq-desc", "ORDER_SEQ_DESC", ENTENTE__V1__ORDER__ORDER_SEQ_DESC}};
    if (p->order && *p->order) {
        int found = 0;
        for (size_t i = 0; i < sizeof orders / sizeof *orders; i++)
            if (!strcmp(p->order, orders[i].name) || !strcmp(p->order, orders[i].alt)) {
                req.order = orders[i].v;
                found = 1;
            }
        if (!found)
            return send_error(g, c, R_EVENTS, 3,
                              "order '%.30s' is not date, date-asc, seq or seq-desc", p->order);
    }
    req.page_size = 20;
    if (p->page_size && *p->page_size) {
        uint64_t n;
        if (parse_u64(p->page_size, &n) != 0 || n < 1 || n > 1000)
            return send_error(g, c, R_EVENTS, 3, "page_size '%.30s' is not 1 to 1000",
                              p->page_size);
        req.page_size = (uint32_t)n;
    }
    if (p->page_token && *p->page_token)
        req.page_token = (char *)p->page_token;
    int slot;
    entente_client_t *cl = pool_get(g, &slot);
    if (!cl)
        return send_error(g, c, R_EVENTS, 14, "no query client is free");
    Entente__V1__SearchReply *rep = NULL;
    entente_status_t st;
    atomic_fetch_add(&g->query_calls, 1);
    int rc = entente_search(cl, &req, &rep, &st);
    pool_put(g, slot);
    if (rc != 0)
        return reply_status(g, c, R_EVENTS, &st);
    json_t *j = pbjson_from_message(&rep->base);
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return send_json(g, c, R_EVENTS, 200, j);
}

static enum MHD_Result h_event(http_gateway_t *g, struct MHD_Connection *c, const char *id)
{
    if (!*id || strlen(id) > 128 || strchr(id, '/'))
        return send_error(g, c, R_EVENT, 3, "event id is 1 to 128 characters");
    int slot;
    entente_client_t *cl = pool_get(g, &slot);
    if (!cl)
        return send_error(g, c, R_EVENT, 14, "no query client is free");
    Entente__V1__GetReply *rep = NULL;
    entente_status_t st;
    atomic_fetch_add(&g->query_calls, 1);
    int rc = entente_get(cl, id, &rep, &st);
    char why[256] = "";
    int bad = rc == 0 && rep->event ? entente_verify_event(cl, rep->event, why, sizeof why) : -1;
    pool_put(g, slot);
    if (rc != 0)
        return reply_status(g, c, R_EVENT, &st);
    json_t *j = pbjson_from_message(&rep->base);
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    json_object_set_new(j, "verified", json_boolean(bad == 0));
    json_object_set_new(j, "verifyError", json_string(bad ? (*why ? why : "no event") : ""));
    return send_json(g, c, R_EVENT, 200, j);
}

static enum MHD_Result h_aggregate(http_gateway_t *g, struct MHD_Connection *c, params_t *p)
{
    Entente__V1__AggregateRequest req = ENTENTE__V1__AGGREGATE_REQUEST__INIT;
    Entente__V1__Filter f = ENTENTE__V1__FILTER__INIT;
    char *all[2 * MAX_VALUES], pairs[2 * MAX_VALUES][3];
    if (params_filter(p, &f, all, pairs) != 0)
        return send_error(g, c, R_AGGREGATE, 3, "%s", p->err);
    req.filter = &f;
    static const char *const groups[] = {"type", "country", "pair", "sector", "year", "month"};
    if (!p->group_by || !*p->group_by)
        return send_error(g, c, R_AGGREGATE, 3,
                          "group_by is required: type, country, pair, sector, year or month");
    int found = 0;
    for (int i = 0; i < 6; i++) {
        char alt[24];
        snprintf(alt, sizeof alt, "GROUP_%s", groups[i]);
        for (char *a = alt; *a; a++)
            *a = (char)(*a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a);
        if (!strcmp(p->group_by, groups[i]) || !strcmp(p->group_by, alt)) {
            req.group_by = (Entente__V1__GroupBy)i;
            found = 1;
        }
    }
    if (!found)
        return send_error(g, c, R_AGGREGATE, 3,
                          "group_by '%.30s' is not type, country, pair, sector, year or month",
                          p->group_by);
    int slot;
    entente_client_t *cl = pool_get(g, &slot);
    if (!cl)
        return send_error(g, c, R_AGGREGATE, 14, "no query client is free");
    Entente__V1__AggregateReply *rep = NULL;
    entente_status_t st;
    atomic_fetch_add(&g->query_calls, 1);
    int rc = entente_aggregate(cl, &req, &rep, &st);
    pool_put(g, slot);
    if (rc != 0)
        return reply_status(g, c, R_AGGREGATE, &st);
    json_t *j = pbjson_from_message(&rep->base);
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return send_json(g, c, R_AGGREGATE, 200, j);
}

/* ---- /v1/stream ------------------------------------------------------------- */

typedef struct {
    http_gateway_t *g;
    entente_subscription_t *sub;
    entente_client_t *query;      /* confirms filters the subscription cannot apply */
    Entente__V1__Filter *filter;  /* owned copy */
    int confirm;
    uint64_t query_head;
    char *out;
    size_t len, pos, cap;
    uint64_t last_write_ms;
    int failed;
} stream_t;

static void stream_append(stream_t *s, const char *data, size_t n)
{
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n)
            cap *= 2;
        char *o = realloc(s->out, cap);
        if (!o) {
            s->failed = 1;
            return;
        }
        s->out = o;
        s->cap = cap;
    }
    memcpy(s->out + s->len, data, n);
    s->len += n;
}

static uint64_t query_head(entente_client_t *c)
{
    Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
    req.from_seq = UINT64_MAX;
    req.limit = 1;
    Entente__V1__ReplayReply *rep = NULL;
    entente_status_t st;
    if (entente_call(c, &entente__v1__query_service__descriptor, "Replay", &req.base,
                     (ProtobufCMessage **)&rep, &st) != 0)
        return 0;
    uint64_t head = rep->head_seq;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return head;
}

/* Whether ev matches the whole filter, as Search says (the subscription
 * applied types and countries_any already). */
static int stream_confirm(stream_t *s, const Entente__V1__PartnershipEvent *ev)
{
    if (!s->confirm)
        return 1;
    if (s->filter->doc_id && *s->filter->doc_id && strcmp(s->filter->doc_id, ev->doc_id))
        return 0;
    if (!s->query && !(s->query = client_new(s->g, s->g->o.query_endpoint)))
        return 0;
    /* query follows the same stream: wait until it holds this event */
    for (int i = 0; i < 50 && s->query_head < ev->seq && !atomic_load(&s->g->stopping); i++) {
        s->query_head = query_head(s->query);
        if (s->query_head < ev->seq)
            zclock_sleep(100);
    }
    Entente__V1__Filter f = *s->filter;
    f.doc_id = ev->doc_id;
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.filter = &f;
    req.page_size = 1000;
    Entente__V1__SearchReply *rep = NULL;
    entente_status_t st;
    int match = 0;
    if (entente_search(s->query, &req, &rep, &st) == 0) {
        for (size_t i = 0; i < rep->n_events; i++)
            if (!strcmp(rep->events[i]->id, ev->id))
                match = 1;
        protobuf_c_message_free_unpacked(&rep->base, NULL);
    }
    return match;
}

static int stream_on_event(const Entente__V1__PartnershipEvent *ev, void *arg)
{
    stream_t *s = arg;
    if (stream_confirm(s, ev)) {
        json_t *j = pbjson_from_message(&ev->base);
        char *data = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(7));
        json_decref(j);
        if (data) {
            char head[64];
            int n = snprintf(head, sizeof head, "id: %" PRIu64 "\ndata: ", ev->seq);
            stream_append(s, head, (size_t)n);
            stream_append(s, data, strlen(data));
            stream_append(s, "\n\n", 2);
            free(data);
            atomic_fetch_add(&s->g->stream_events, 1);
        }
    }
    return s->len >= STREAM_FLUSH || s->failed;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    stream_t *s = cls;
    for (;;) {
        if (s->pos < s->len) {
            size_t n = s->len - s->pos < max ? s->len - s->pos : max;
            memcpy(buf, s->out + s->pos, n);
            s->pos += n;
            s->last_write_ms = now_ms();
            return (ssize_t)n;
        }
        s->pos = s->len = 0;
        if (s->failed || atomic_load(&s->g->stopping))
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (now_ms() - s->last_write_ms >= (uint64_t)s->g->o.keepalive_ms) {
            stream_append(s, ": keepalive\n\n", 13);
            continue;
        }
        if (entente_subscription_run(s->sub, stream_on_event, s, 250) < 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
    }
}

static void stream_free(void *cls)
{
    stream_t *s = cls;
    entente_subscription_destroy(&s->sub);
    entente_client_destroy(&s->query);
    if (s->filter)
        protobuf_c_message_free_unpacked(&s->filter->base, NULL);
    atomic_fetch_sub(&s->g->streams, 1);
    free(s->out);
    free(s);
}

static enum MHD_Result h_stream(http_gateway_t *g, struct MHD_Connection *c, params_t *p)
{
    Entente__V1__Filter f = ENTENTE__V1__FILTER__INIT;
    char *all[2 * MAX_VALUES], pairs[2 * MAX_VALUES][3];
    if (params_filter(p, &f, all, pairs) != 0)
        return send_error(g, c, R_STREAM, 3, "%s", p->err);
    if (!g->o.pub_endpoint)
        return send_error(g, c, R_STREAM, 12, "this gateway has no event stream configured");
    uint64_t from = 0;
    const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
    if (last && *last) {
        if (parse_u64(last, &from) != 0 || from == UINT64_MAX)
            return send_error(g, c, R_STREAM, 3, "Last-Event-ID is not a sequence number");
        from++;
    } else if (p->from_seq && *p->from_seq) {
        if (parse_u64(p->from_seq, &from) != 0 || from == 0 || from == UINT64_MAX)
            return send_error(g, c, R_STREAM, 3, "from_seq is not a sequence number");
    }
    if (atomic_fetch_add(&g->streams, 1) >= g->o.max_streams) {
        atomic_fetch_sub(&g->streams, 1);
        atomic_fetch_add(&g->stream_rejected, 1);
        return send_error(g, c, R_STREAM, 8, "more than %d stream clients", g->o.max_streams);
    }
    /* Search checks the filter the way /v1/events does, and finds the head */
    int slot;
    entente_client_t *cl = pool_get(g, &slot);
    if (!cl) {
        atomic_fetch_sub(&g->streams, 1);
        return send_error(g, c, R_STREAM, 14, "no query client is free");
    }
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.filter = &f;
    req.page_size = 1;
    Entente__V1__SearchReply *rep = NULL;
    entente_status_t st;
    int rc = entente_search(cl, &req, &rep, &st);
    uint64_t head = rc == 0 && !from ? query_head(cl) : 0;
    pool_put(g, slot);
    if (rep)
        protobuf_c_message_free_unpacked(&rep->base, NULL);
    if (rc != 0) {
        atomic_fetch_sub(&g->streams, 1);
        return reply_status(g, c, R_STREAM, &st);
    }
    if (!from)
        from = head + 1;
    stream_t *s = calloc(1, sizeof *s);
    size_t plen = protobuf_c_message_get_packed_size(&f.base);
    uint8_t *packed = malloc(plen + 1);
    if (s && packed) {
        protobuf_c_message_pack(&f.base, packed);
        s->filter = entente__v1__filter__unpack(NULL, plen, packed);
    }
    free(packed);
    if (!s || !s->filter) {
        free(s);
        atomic_fetch_sub(&g->streams, 1);
        return send_error(g, c, R_STREAM, 8, "out of memory");
    }
    s->g = g;
    s->confirm = f.n_countries_all || f.n_instruments || f.n_sectors || f.since || f.until ||
                 f.person || f.organization || f.location || f.doc_id || f.text;
    entente_subscribe_options_t so = {
        .pub_endpoint = g->o.pub_endpoint, .replay_endpoint = g->o.replay_endpoint,
        .data_dir = g->o.data_dir, .key_path = g->o.key_path, .keyring_path = g->o.keyring_path,
        .types = s->filter->types, .n_types = s->filter->n_types,
        .countries = s->filter->countries_any, .n_countries = s->filter->n_countries_any,
        .from_seq = from, .verify_events = 1};
    char err[512];
    s->sub = entente_subscribe(&so, err, sizeof err);
    if (!s->sub) {
        stream_free(s);
        return send_error(g, c, R_STREAM, 14, "stream: %s", err);
    }
    stream_append(s, "retry: 2000\n\n", 13);
    s->last_write_ms = now_ms();
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, stream_read, s, stream_free);
    if (!r) {
        stream_free(s);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    security_headers(r);
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    count(g, R_STREAM, 200);
    return ret;
}

/* ---- health, readiness, metrics ------------------------------------------------ */

static enum MHD_Result h_readyz(http_gateway_t *g, struct MHD_Connection *c)
{
    int slot;
    entente_client_t *cl = pool_get(g, &slot);
    if (!cl)
        return send_error(g, c, R_READYZ, 14, "no query client is free");
    Entente__V1__HealthCheckResponse *h = NULL;
    entente_status_t st;
    int rc = entente_health(cl, NULL, &h, &st);
    pool_put(g, slot);
    if (rc != 0)
        return send_error(g, c, R_READYZ, 14, "query service: %s: %s",
                          entente_status_name(st.code), st.message);
    int serving = h->status == ENTENTE__V1__SERVING_STATUS__SERVING;
    json_t *j = json_pack("{s:s,s:s,s:s}", "status", serving ? "SERVING" : "NOT_SERVING", "query",
                          h->server ? h->server : "", "version", entente_version());
    protobuf_c_message_free_unpacked(&h->base, NULL);
    if (!serving) {
        json_decref(j);
        return send_error(g, c, R_READYZ, 14, "query service is not serving");
    }
    return send_json(g, c, R_READYZ, 200, j);
}

static enum MHD_Result h_metrics(http_gateway_t *g, struct MHD_Connection *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    fprintf(f, "# HELP entente_http_requests_total HTTP requests by route and status.\n"
               "# TYPE entente_http_requests_total counter\n");
    for (int r = 0; r < R_COUNT; r++)
        for (size_t k = 0; k < N_CODES; k++) {
            unsigned long v = atomic_load(&g->requests[r][k]);
            if (v) {
                if (metric_codes[k])
                    fprintf(f, "entente_http_requests_total{route=\"%s\",code=\"%d\"} %lu\n",
                            route_names[r], metric_codes[k], v);
                else
                    fprintf(f, "entente_http_requests_total{route=\"%s\",code=\"other\"} %lu\n",
                            route_names[r], v);
            }
        }
    fprintf(f,
            "# TYPE entente_http_request_seconds_total counter\n"
            "entente_http_request_seconds_total %.6f\n"
            "# TYPE entente_http_query_calls_total counter\nentente_http_query_calls_total %lu\n"
            "# TYPE entente_http_query_errors_total counter\nentente_http_query_errors_total %lu\n"
            "# TYPE entente_http_stream_clients gauge\nentente_http_stream_clients %d\n"
            "# TYPE entente_http_stream_clients_max gauge\nentente_http_stream_clients_max %d\n"
            "# TYPE entente_http_stream_rejected_total counter\n"
            "entente_http_stream_rejected_total %lu\n"
            "# TYPE entente_http_stream_events_total counter\n"
            "entente_http_stream_events_total %lu\n"
            "# TYPE entente_http_uptime_seconds gauge\nentente_http_uptime_seconds %.3f\n",
            (double)atomic_load(&g->request_us) / 1e6, atomic_load(&g->query_calls),
            atomic_load(&g->query_errors), atomic_load(&g->streams), g->o.max_streams,
            atomic_load(&g->stream_rejected), atomic_load(&g->stream_events),
            (double)(now_ms() - g->started_ms) / 1000.0);
    fclose(f);
    return send_body(g, c, R_METRICS, 200, "text/plain; version=0.0.4", buf, len, NULL, NULL);
}

static enum MHD_Result h_static(http_gateway_t *g, struct MHD_Connection *c, const char *url)
{
    const char *name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
    for (size_t i = 0; i < web_file_count; i++)
        if (strcmp(web_files[i].name, name) == 0) {
            struct MHD_Response *r = MHD_create_response_from_buffer(
                web_files[i].len, (void *)web_files[i].data, MHD_RESPMEM_PERSISTENT);
            if (!r)
                return MHD_NO;
            MHD_add_response_header(r, "Content-Type", web_files[i].type);
            MHD_add_response_header(r, "Cache-Control", "no-cache");
            MHD_add_response_header(r, "Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            security_headers(r);
            enum MHD_Result ret = MHD_queue_response(c, 200, r);
            MHD_destroy_response(r);
            count(g, R_STATIC, 200);
            return ret;
        }
    return send_error(g, c, R_OTHER, 5, "no such route: %.100s", url);
}

/* ---- dispatch -------------------------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    http_gateway_t *g = cls;
    static int marker;
    if (*con_cls) { /* a body still arriving after the answer: discard it */
        *upload_data_size = 0;
        return MHD_YES;
    }
    *con_cls = &marker;
    uint64_t t0 = now_ms();
    enum MHD_Result ret;
    int route = R_OTHER;
    if (!strncmp(url, "/v1/events/", 11))
        route = R_EVENT;
    else if (!strcmp(url, "/v1/events"))
        route = R_EVENTS;
    else if (!strcmp(url, "/v1/aggregate"))
        route = R_AGGREGATE;
    else if (!strcmp(url, "/v1/stream"))
        route = R_STREAM;
    else if (!strcmp(url, "/healthz"))
        route = R_HEALTHZ;
    else if (!strcmp(url, "/readyz"))
        route = R_READYZ;
    else if (!strcmp(url, "/metrics"))
        route = R_METRICS;
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(g, c, route, 7, "the gateway is read-only: %.16s is not allowed",
                          method);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if ((cl && strcmp(cl, "0")) ||
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding"))
    {
        char *b = strdup("{\"code\":3,\"status\":\"INVALID_ARGUMENT\",\"message\":"
                         "\"a GET request carries no body\"}");
        return b ? send_body(g, c, route, 413, "application/json", b, strlen(b), "Connection",
                             "close")
                 : MHD_NO;
    }
    if (route == R_HEALTHZ) {
        ret = send_json(g, c, route, 200,
                        json_pack("{s:s,s:s}", "status", "SERVING", "version", entente_version()));
    } else if (route == R_OTHER) {
        ret = h_static(g, c, url);
    } else {
        params_t *p = malloc(sizeof *p);
        if (!p)
            return MHD_NO;
        unsigned allowed = route == R_EVENTS      ? U_FILTER | U_PAGE
                           : route == R_AGGREGATE ? U_FILTER | U_GROUP
                           : route == R_STREAM    ? U_FILTER | U_STREAM
                                                  : 0;
        int bad = params_parse(c, p, allowed);
        if (route != R_READYZ && authorize(g, c, p->access_token, route, &ret) != 0) {
            /* ret is set */
        } else if (bad) {
            ret = send_error(g, c, route, 3, "%s", p->err);
        } else if (route == R_EVENTS) {
            ret = h_events(g, c, p);
        } else if (route == R_EVENT) {
            ret = h_event(g, c, url + 11);
        } else if (route == R_AGGREGATE) {
            ret = h_aggregate(g, c, p);
        } else if (route == R_STREAM) {
            ret = h_stream(g, c, p);
        } else if (route == R_READYZ) {
            ret = h_readyz(g, c);
        } else {
            ret = h_metrics(g, c);
        }
        free(p);
    }
    atomic_fetch_add(&g->request_us, (now_ms() - t0) * 1000);
    return ret;
}

/* ---- start and stop ------------------------------------------------------------ */

/* Parses "http://HOST:PORT/" or "HOST:PORT" into sa. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa, socklen_t *salen,
                        char *host, size_t hostlen, char *err, size_t errlen)
{
    const char *s = listen;
    if (!strncmp(s, "http://", 7))
        s += 7;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash = '\0';
    char *port, *h = buf;
    if (buf[0] == '[') {
        char *close = strchr(buf, ']');
        if (!close || close[1] != ':') {
            snprintf(err, errlen, "listen address '%s' is not http://HOST:PORT/", listen);
            return -1;
        }
        *close = '\0';
        h = buf + 1;
        port = close + 2;
    } else {
        port = strrchr(buf, ':');
        if (!port) {
            snprintf(err, errlen, "listen address '%s' is not http://HOST:PORT/", listen);
            return -1;
        }
        *port++ = '\0';
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE},
                    *res = NULL;
    int rc = getaddrinfo(*h ? h : NULL, port, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errlen, "listen address '%s': %s", listen, gai_strerror(rc));
        return -1;
    }
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    *salen = res->ai_addrlen;
    freeaddrinfo(res);
    snprintf(host, hostlen, "%s", h);
    return 0;
}

static int is_loopback(const struct sockaddr_storage *sa)
{
    if (sa->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return 0;
}

static char *keep(http_gateway_t *g, int i, const char *s)
{
    return s ? (g->strings[i] = strdup(s)) : NULL;
}

http_gateway_t *http_gateway_start(const http_options_t *opts, char *err, size_t errlen)
{
    if (!opts->query_endpoint) {
        snprintf(err, errlen, "no query endpoint");
        return NULL;
    }
    http_gateway_t *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g->o = *opts;
    g->o.listen = keep(g, 0, opts->listen ? opts->listen : HTTP_DEFAULT_LISTEN);
    g->o.query_endpoint = keep(g, 1, opts->query_endpoint);
    g->o.pub_endpoint = keep(g, 2, opts->pub_endpoint && *opts->pub_endpoint &&
                                           strcmp(opts->pub_endpoint, "none")
                                       ? opts->pub_endpoint
                                       : NULL);
    g->o.replay_endpoint = keep(g, 3, opts->replay_endpoint ? opts->replay_endpoint
                                                            : opts->query_endpoint);
    g->o.data_dir = keep(g, 4, opts->data_dir);
    g->o.key_path = keep(g, 5, opts->key_path);
    g->o.keyring_path = keep(g, 6, opts->keyring_path);
    g->o.token = keep(g, 7, opts->token && *opts->token ? opts->token : NULL);
    if (g->o.timeout_ms <= 0)
        g->o.timeout_ms = 5000;
    if (g->o.pool <= 0)
        g->o.pool = 8;
    if (g->o.max_streams <= 0)
        g->o.max_streams = 32;
    if (g->o.max_connections <= 0)
        g->o.max_connections = 256;
    if (g->o.idle_timeout_s <= 0)
        g->o.idle_timeout_s = 30;
    if (g->o.keepalive_ms <= 0)
        g->o.keepalive_ms = 10000;
    g->started_ms = now_ms();
    pthread_mutex_init(&g->pool.lock, NULL);
    pthread_cond_init(&g->pool.freed, NULL);
    g->pool.size = g->o.pool;
    g->pool.clients = calloc((size_t)g->o.pool, sizeof *g->pool.clients);
    g->pool.idle = calloc((size_t)g->o.pool, sizeof *g->pool.idle);
    for (int i = 0; g->pool.idle && i < g->o.pool; i++)
        g->pool.idle[i] = 1;

    struct sockaddr_storage sa;
    socklen_t salen = 0;
    char host[256];
    if (!g->pool.clients || !g->pool.idle ||
        parse_listen(g->o.listen, &sa, &salen, host, sizeof host, err, errlen) != 0) {
        http_gateway_stop(&g);
        return NULL;
    }
    g->loopback = is_loopback(&sa);
    if (!g->loopback && !g->o.token) {
        snprintf(err, errlen,
                 "%s is not a loopback address: set a bearer token (--http-token or "
                 "ENTENTE_HTTP_TOKEN)",
                 g->o.listen);
        http_gateway_stop(&g);
        return NULL;
    }
    /* try the client's keys now, so a bad data dir fails at start */
    entente_client_t *probe = client_new(g, g->o.query_endpoint);
    if (!probe) {
        snprintf(err, errlen, "cannot make a query client (keys in %s?)",
                 g->o.data_dir ? g->o.data_dir : "?");
        http_gateway_stop(&g);
        return NULL;
    }
    g->pool.clients[0] = probe;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    g->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, g, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)g->o.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)g->o.max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)g->o.idle_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_LISTENING_ADDRESS_REUSE,
        (unsigned)1, MHD_OPTION_END);
    if (!g->daemon) {
        snprintf(err, errlen, "cannot listen on %s (address in use?)", g->o.listen);
        http_gateway_stop(&g);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(g->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    if (sa.ss_family == AF_INET6)
        snprintf(g->url, sizeof g->url, "http://[%s]:%u/", host, port);
    else
        snprintf(g->url, sizeof g->url, "http://%s:%u/", *host ? host : "0.0.0.0", port);
    log_info(COMPONENT, "serving %s (query %s, stream %s)%s", g->url, g->o.query_endpoint,
             g->o.pub_endpoint ? g->o.pub_endpoint : "off",
             g->o.token ? ", bearer token required" : ", read-only, no token");
    return g;
}

const char *http_gateway_url(const http_gateway_t *self) { return self->url; }

void http_gateway_stop(http_gateway_t **self)
{
    if (!self || !*self)
        return;
    http_gateway_t *g = *self;
    atomic_store(&g->stopping, 1);
    if (g->daemon)
        MHD_stop_daemon(g->daemon);
    for (int i = 0; g->pool.clients && i < g->pool.size; i++)
        entente_client_destroy(&g->pool.clients[i]);
    free(g->pool.clients);
    free(g->pool.idle);
    pthread_mutex_destroy(&g->pool.lock);
    pthread_cond_destroy(&g->pool.freed);
    for (int i = 0; i < 8; i++)
        free(g->strings[i]);
    free(g);
    *self = NULL;
}
