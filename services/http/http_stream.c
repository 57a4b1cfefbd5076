#include <czmq.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_internal.h"
#include "pbjson.h"

#define STREAM_FLUSH 65536 /* SSE bytes buffered before they are written */

typedef struct {
    http_gateway_t *g;
    entente_subscription_t *sub;
    entente_client_t *query;     /* confirms filters the subscription cannot apply */
    Entente__V1__Filter *filter; /* owned copy */
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

/* Whether ev matches the whole filter, as Search says (the subscription
 * applied types and countries_any already). */
static int stream_confirm(stream_t *s, const Entente__V1__PartnershipEvent *ev)
{
    if (!s->confirm)
        return 1;
    if (s->filter->doc_id && *s->filter->doc_id && strcmp(s->filter->doc_id, ev->doc_id))
        return 0;
    if (!s->query && !(s->query = http_pool_client_new(s->g, s->g->o.query_endpoint)))
        return 0;
    /* query follows the same stream: wait until it holds this event */
    for (int i = 0; i < 50 && s->query_head < ev->seq && !atomic_load(&s->g->stopping); i++) {
        s->query_head = http_pool_query_head(s->query);
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
            metrics_add(s->g->m_stream_events, NULL, 1);
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
            s->last_write_ms = http_now_ms();
            return (ssize_t)n;
        }
        s->pos = s->len = 0;
        if (s->failed || atomic_load(&s->g->stopping))
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (http_now_ms() - s->last_write_ms >= (uint64_t)s->g->o.keepalive_ms) {
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
    metrics_set(s->g->m_streams, NULL, atomic_fetch_sub(&s->g->streams, 1) - 1);
    free(s->out);
    free(s);
}

/* Where the client resumes: after Last-Event-ID, at from_seq, or (0) at the
 * head. 0, or -1 with err. */
static int stream_from(struct MHD_Connection *c, const http_params_t *p, uint64_t *from,
                       const char **err)
{
    *from = 0;
    const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
    if (last && *last) {
        *err = "Last-Event-ID is not a sequence number";
        if (http_params_u64(last, from) != 0 || *from == UINT64_MAX)
            return -1;
        (*from)++;
    } else if (p->from_seq && *p->from_seq) {
        *err = "from_seq is not a sequence number";
        if (http_params_u64(p->from_seq, from) != 0 || *from == 0 || *from == UINT64_MAX)
            return -1;
    }
    return 0;
}

static void stream_head(entente_client_t *cl, ProtobufCMessage *rep, void *arg)
{
    (void)rep;
    *(uint64_t *)arg = http_pool_query_head(cl);
}

/* A stream of filter f from sequence from; NULL (with err) when the
 * subscription cannot start. It takes over the slot the caller counted in
 * g->streams: stream_free gives it back, and so does a failure here. */
static stream_t *stream_new(http_gateway_t *g, const Entente__V1__Filter *f, uint64_t from,
                            char *err, size_t errlen)
{
    stream_t *s = calloc(1, sizeof *s);
    size_t plen = protobuf_c_message_get_packed_size(&f->base);
    uint8_t *packed = malloc(plen + 1);
    if (s && packed) {
        protobuf_c_message_pack(&f->base, packed);
        s->filter = entente__v1__filter__unpack(NULL, plen, packed);
    }
    free(packed);
    if (!s || !s->filter) {
        free(s);
        atomic_fetch_sub(&g->streams, 1);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->g = g;
    s->confirm = f->n_countries_all || f->n_instruments || f->n_sectors || f->since || f->until ||
                 f->person || f->organization || f->location || f->doc_id || f->text;
    entente_subscribe_options_t so = {.pub_endpoint = g->o.pub_endpoint,
                                      .replay_endpoint = g->o.replay_endpoint,
                                      .data_dir = g->o.data_dir,
                                      .key_path = g->o.key_path,
                                      .keyring_path = g->o.keyring_path,
                                      .server_key = g->o.index_key,
                                      .plaintext = g->o.plaintext,
                                      .types = s->filter->types,
                                      .n_types = s->filter->n_types,
                                      .countries = s->filter->countries_any,
                                      .n_countries = s->filter->n_countries_any,
                                      .from_seq = from,
                                      .verify_events = 1};
    s->sub = entente_subscribe(&so, err, errlen);
    if (!s->sub) {
        stream_free(s);
        return NULL;
    }
    stream_append(s, "retry: 2000\n\n", 13);
    s->last_write_ms = http_now_ms();
    return s;
}

enum MHD_Result http_stream_open(http_gateway_t *g, struct MHD_Connection *c, http_params_t *p)
{
    if (!g->o.pub_endpoint)
        return http_reply_error(g, c, R_STREAM, 12, "this gateway has no event stream configured");
    uint64_t from, head = 0;
    const char *why;
    if (stream_from(c, p, &from, &why) != 0)
        return http_reply_error(g, c, R_STREAM, 3, "%s", why);
    /* Search checks the filter the way /v1/events does; the head is where a
     * stream without a resume point starts */
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.filter = &p->filter;
    req.page_size = 1;
    ProtobufCMessage *rep = NULL;
    entente_status_t st;
    if (http_pool_call(g, &entente__v1__query_service__descriptor, "Search", &req.base, &rep, &st,
                       from ? NULL : stream_head, &head) != 0)
        return http_reply_status(g, c, R_STREAM, &st);
    protobuf_c_message_free_unpacked(rep, NULL);
    int open = atomic_fetch_add(&g->streams, 1);
    if (open >= g->o.max_streams) {
        atomic_fetch_sub(&g->streams, 1);
        metrics_add(g->m_stream_rejected, NULL, 1);
        return http_reply_error(g, c, R_STREAM, 8, "more than %d stream clients", g->o.max_streams);
    }
    metrics_set(g->m_streams, NULL, open + 1);
    char err[512];
    stream_t *s = stream_new(g, &p->filter, from ? from : head + 1, err, sizeof err);
    if (!s)
        return http_reply_error(g, c, R_STREAM, 14, "stream: %s", err);
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, stream_read, s, stream_free);
    if (!r) {
        stream_free(s);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    http_reply_security_headers(r);
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    http_reply_count(g, R_STREAM, 200);
    return ret;
}
