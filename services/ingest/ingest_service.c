#include "ingest_service.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "entente/v1/services.pb-c.h"
#include "event_sign.h"
#include "extractor.h"
#include "entente_limits.h"
#include "keyring.h"
#include "log.h"
#include "outbox.h"
#include "sender.h"
#include "transport.h"

#define INGEST_BATCH_ROWS 512

typedef struct {
    Entente__V1__IngestService_Service base; /* first: handlers get this pointer */
    ingest_options_t *opts;
    rpc_server_t *server;
    extractor_t *extractor;
    outbox_t *outbox;
    zactor_t *sender;
    atomic_int wake_pending; /* a NEW waits in the sender's pipe (sender.h) */
    char outbox_path[4096];
    metrics_family_t *m_documents, *m_events;
} ingest_state_t;

static const rpc_acl_t ingest_acl[] = {
    {"Submit", ROLE_CLIENT | ROLE_ADMIN | ROLE_INGEST},
};

static int utf8_valid(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* Why a document cannot be taken, or NULL. */
static const char *ingest_check_document(const ingest_state_t *self,
                                         const Entente__V1__Document *d)
{
    long max = limits()->max_doc_bytes;
    size_t len = d->text ? strlen(d->text) : 0;
    if (!d->doc_id || !*d->doc_id)
        return "doc_id is empty";
    if (strlen(d->doc_id) > INGEST_MAX_DOC_ID)
        return "doc_id is longer than 256 bytes";
    if (!utf8_valid(d->doc_id, strlen(d->doc_id)))
        return "doc_id is not UTF-8";
    if (len == 0)
        return "text is empty";
    if ((long)len > max)
        return "text is larger than the document limit (--max-doc-bytes)";
    if (!utf8_valid(d->text, len))
        return "text is not valid UTF-8";
    return NULL;
}

/* Joins the evidence sentences into one string (caller frees). */
static char *ingest_evidence_text(const char *text, size_t len, const extract_event_t *x)
{
    size_t total = 1;
    for (size_t i = 0; i < x->n_evidence; i++)
        total += x->evidence[i].end - x->evidence[i].start + 1;
    char *out = malloc(total), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < x->n_evidence; i++) {
        uint32_t s = x->evidence[i].start, e = x->evidence[i].end;
        if (e > len || s > e)
            continue;
        if (p != out)
            *p++ = ' ';
        memcpy(p, text + s, e - s);
        p += e - s;
    }
    *p = '\0';
    return out;
}

/* The wire form of one extracted event; strings are borrowed from x and doc,
 * the allocations noted in owned[] are freed by ingest_event_free. */
typedef struct {
    Entente__V1__PartnershipEvent ev;
    Entente__V1__Span *spans;
    Entente__V1__Span **span_ptrs;
    char *evidence_text;
} ingest_event_t;

static int ingest_event_build(ingest_event_t *w, const extract_event_t *x,
                              const Entente__V1__Document *doc, const identity_t *signer)
{
    memset(w, 0, sizeof *w);
    entente__v1__partnership_event__init(&w->ev);
    Entente__V1__PartnershipEvent *ev = &w->ev;
    ev->id = (char *)x->id;
    ev->doc_id = doc->doc_id;
    ev->source_url = doc->url;
    ev->type = (char *)x->type;
    ev->instrument = (char *)(x->instrument ? x->instrument : "");
    ev->date = (char *)x->date;
    ev->date_precision = x->date_precision == 1   ? ENTENTE__V1__DATE_PRECISION__DATE_DAY
                         : x->date_precision == 2 ? ENTENTE__V1__DATE_PRECISION__DATE_MONTH
                                                  : ENTENTE__V1__DATE_PRECISION__DATE_UNKNOWN;
    ev->countries = x->countries;
    ev->n_countries = x->n_countries;
    ev->organizations = x->organizations;
    ev->n_organizations = x->n_organizations;
    ev->people = x->people;
    ev->n_people = x->n_people;
    ev->sectors = x->sectors;
    ev->n_sectors = x->n_sectors;
    ev->location = x->location ? x->location : "";
    ev->confidence = x->confidence;
    ev->cameo = (char *)(x->cameo ? x->cameo : "");
    ev->plover = (char *)(x->plover ? x->plover : "");
    ev->lang = (char *)(x->lang ? x->lang : "");
    ev->published = doc->published;
    w->spans = calloc(x->n_evidence ? x->n_evidence : 1, sizeof *w->spans);
    w->span_ptrs = calloc(x->n_evidence ? x->n_evidence : 1, sizeof *w->span_ptrs);
    w->evidence_text = ingest_evidence_text(doc->text, strlen(doc->text), x);
    if (!w->spans || !w->span_ptrs || !w->evidence_text)
        return -1;
    for (size_t i = 0; i < x->n_evidence; i++) {
        entente__v1__span__init(&w->spans[i]);
        w->spans[i].start = x->evidence[i].start;
        w->spans[i].end = x->evidence[i].end;
        w->span_ptrs[i] = &w->spans[i];
    }
    ev->evidence = w->span_ptrs;
    ev->n_evidence = x->n_evidence;
    ev->evidence_text = w->evidence_text;
    return event_sign(ev, signer);
}

static void ingest_event_free(ingest_event_t *w)
{
    free(w->spans);
    free(w->span_ptrs);
    free(w->evidence_text);
    if (w->ev.ingest_signature.len)
        free(w->ev.ingest_signature.data);
}

/* Extracts, signs and queues one new document; returns its event count, -1
 * on a failure, -2 when it yields more events than limits() allow. */
static int ingest_accept(ingest_state_t *self, Entente__V1__Document *doc,
                         Entente__V1__DocumentResult *r, char *err, size_t errlen)
{
    extract_doc_t in = {doc->doc_id, doc->lang, doc->published, doc->text, strlen(doc->text)};
    extract_result_t *res = NULL;
    if (extractor_run(self->extractor, &in, &res, err, errlen) != 0)
        return -1;
    size_t n = extract_result_count(res);
    if (n > (size_t)limits()->max_events_per_doc) {
        snprintf(err, errlen, "%zu events in one document, above the limit of %ld "
                 "(--max-events-per-doc)", n, limits()->max_events_per_doc);
        extract_result_destroy(&res);
        return -2;
    }
    ingest_event_t *wire = calloc(n ? n : 1, sizeof *wire);
    Entente__V1__PartnershipEvent **evs = calloc(n ? n : 1, sizeof *evs);
    int rc = wire && evs ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = ingest_event_build(&wire[i], extract_result_event(res, i), doc,
                                rpc_server_identity(self->server));
        evs[i] = &wire[i].ev;
    }
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    else if (outbox_accept(self->outbox, doc, evs, n, err, errlen) != 0)
        rc = -1;
    r->event_ids = calloc(n ? n : 1, sizeof *r->event_ids);
    for (size_t i = 0; rc == 0 && r->event_ids && i < n; i++)
        r->event_ids[r->n_event_ids++] = strdup(evs[i]->id);
    for (size_t i = 0; wire && i < n; i++)
        ingest_event_free(&wire[i]);
    free(wire);
    free(evs);
    extract_result_destroy(&res);
    return rc == 0 ? (int)n : -1;
}

static void ingest_one(ingest_state_t *self, Entente__V1__Document *doc,
                       Entente__V1__DocumentResult *r, Entente__V1__SubmitReply *out,
                       Entente__V1__Status *st)
{
    char err[512];
    entente__v1__document_result__init(r);
    entente__v1__status__init(st);
    r->doc_id = doc->doc_id;
    r->status = st;
    const char *why = ingest_check_document(self, doc);
    if (why) {
        st->code = STATUS_INVALID_ARGUMENT;
        st->message = strdup(why);
        out->rejected++;
        return;
    }
    uint8_t h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, (const uint8_t *)doc->text, strlen(doc->text));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    doc->sha256 = hex;
    outbox_seen_t seen;
    int events = -1;
    if (outbox_seen(self->outbox, doc->doc_id, hex, &seen, err, sizeof err) == 0) {
        if (seen == OUTBOX_DUPLICATE) {
            r->duplicate = 1;
            out->duplicates++;
            doc->sha256 = NULL;
            return;
        }
        if (seen == OUTBOX_CONFLICT) {
            st->code = STATUS_ALREADY_EXISTS;
            st->message = strdup("doc_id was accepted before with another text");
            out->rejected++;
            doc->sha256 = NULL;
            return;
        }
        events = ingest_accept(self, doc, r, err, sizeof err);
    }
    doc->sha256 = NULL;
    if (events < 0) {
        log_error(rpc_server_name(self->server), "document %s: %s", doc->doc_id, err);
        st->code = events == -2 ? STATUS_RESOURCE_EXHAUSTED : STATUS_UNAVAILABLE;
        st->message = strdup(err);
        out->rejected++;
        return;
    }
    r->events = (uint32_t)events;
    out->documents++;
    out->events += (uint32_t)events;
}

static void ingest_submit(Entente__V1__IngestService_Service *svc,
                          const Entente__V1__SubmitRequest *in,
                          Entente__V1__SubmitReply_Closure closure, void *data)
{
    ingest_state_t *self = (ingest_state_t *)svc;
    if (in->n_documents > (size_t)limits()->max_batch) {
        rpc_call_fail(data, STATUS_RESOURCE_EXHAUSTED,
                      "%zu documents in one Submit, above the limit of %ld (--max-batch)",
                      in->n_documents, limits()->max_batch);
        closure(NULL, data);
        return;
    }
    size_t n = in->n_documents;
    Entente__V1__SubmitReply out = ENTENTE__V1__SUBMIT_REPLY__INIT;
    Entente__V1__DocumentResult *results = calloc(n ? n : 1, sizeof *results);
    Entente__V1__DocumentResult **ptrs = calloc(n ? n : 1, sizeof *ptrs);
    Entente__V1__Status *sts = calloc(n ? n : 1, sizeof *sts);
    if (!results || !ptrs || !sts) {
        rpc_call_fail(data, STATUS_RESOURCE_EXHAUSTED, "out of memory");
        closure(NULL, data);
    } else {
        for (size_t i = 0; i < n; i++) {
            ingest_one(self, in->documents[i], &results[i], &out, &sts[i]);
            ptrs[i] = &results[i];
        }
        static const char *const accepted[] = {"accepted"}, *const duplicate[] = {"duplicate"},
                                 *const rejected[] = {"rejected"};
        metrics_add(self->m_documents, accepted, out.documents);
        metrics_add(self->m_documents, duplicate, out.duplicates);
        metrics_add(self->m_documents, rejected, out.rejected);
        metrics_add(self->m_events, NULL, out.events);
        out.results = ptrs;
        out.n_results = n;
        if (out.events || out.documents)
            if (!atomic_exchange(&self->wake_pending, 1))
                zstr_send(self->sender, "NEW");
        closure(&out, data);
    }
    for (size_t i = 0; results && sts && i < n; i++) {
        if (sts[i].message != protobuf_c_empty_string)
            free(sts[i].message);
        for (size_t k = 0; k < results[i].n_event_ids; k++)
            free(results[i].event_ids[k]);
        free(results[i].event_ids);
    }
    free(results);
    free(ptrs);
    free(sts);
}

static void ingest_stop(void **state)
{
    ingest_state_t *self = *state;
    if (!self)
        return;
    service_host_stop(&self->sender);
    outbox_close(&self->outbox);
    extractor_destroy(&self->extractor);
    free(self);
    *state = NULL;
}

static void *ingest_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                          size_t errlen)
{
    ingest_options_t *opts = arg;
    ingest_state_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->base = (Entente__V1__IngestService_Service)ENTENTE__V1__INGEST_SERVICE__INIT(ingest_);
    self->opts = opts;
    self->server = server;
    self->m_documents = metrics_counter(rpc_server_metrics(server), "entente_ingest_documents_total",
                                        "Documents submitted, by result.", "result");
    self->m_events = metrics_counter(rpc_server_metrics(server), "entente_ingest_events_total",
                                     "Events extracted, signed and queued for index.", NULL);
    snprintf(self->outbox_path, sizeof self->outbox_path, "%s/ingest.db",
             opts->data_dir ? opts->data_dir : ".");
    self->extractor = extractor_new(opts->lexicon_dir, err, errlen);
    if (self->extractor)
        self->outbox = outbox_open(self->outbox_path, err, errlen);
    if (self->outbox) {
        sender_config_t sc = {self->outbox_path, opts->index_endpoint, rpc_server_identity(server),
                              rpc_server_keyring(server), rpc_server_name(server),
                              INGEST_BATCH_ROWS, TRANSPORT_DEFAULT_MAX_MSG / 2,
                              opts->drain_ms > 0 ? opts->drain_ms : SERVICE_DEFAULT_GRACE_MS,
                              rpc_server_metrics(server),
                              {.server_pk = opts->index_pk, .plaintext = opts->plaintext},
                              &self->wake_pending};
        self->sender = sender_start(&sc, err, errlen);
    }
    void *state = self;
    if (!self->sender || rpc_server_add_service(server, &self->base.base, ingest_acl,
                                                sizeof ingest_acl / sizeof *ingest_acl) != 0) {
        if (self->sender)
            snprintf(err, errlen, "cannot register IngestService");
        ingest_stop(&state);
    }
    return state;
}

service_module_t ingest_service_module(ingest_options_t *opts)
{
    return (service_module_t){ingest_start, ingest_stop, opts};
}
