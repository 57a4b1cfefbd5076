/* limits: each bound of entente_limits.h (docs/LIMITS.md) is set by its flag
 * or ENTENTE_* variable, refused out of range, and answered with a clear
 * error when a request or a document goes past it. The frame size limit
 * (--max-msg-bytes) is tested over tcp in test_service_tcp. */
#include <stdlib.h>
#include <string.h>

#include "docreader.h"
#include "entente_limits.h"
#include "envelope.h"
#include "event_store.h"
#include "index_service.h"
#include "ingest_service.h"
#include "rpc_server.h"
#include "search.h"
#include "stmt_cache.h"
#include "test_util.h"

typedef struct {
    char dir[256];
    identity_t *server_id, *ingest_id;
    keyring_t *ring;
    rpc_server_t *server;
    zloop_t *loop;
    service_module_t module;
    void *state;
    index_options_t index_opts;
    ingest_options_t ingest_opts;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    tu_mkdtemp(f->dir);
    f->server_id = tu_identity("server");
    f->ingest_id = tu_identity("ingest");
    f->ring = keyring_new();
    keyring_add(f->ring, "server", identity_public_key(f->server_id), ROLE_INDEX);
    keyring_add(f->ring, "ingest", identity_public_key(f->ingest_id), ROLE_INGEST | ROLE_CLIENT);
    char err[256];
    rpc_server_config_t cfg = {.name = "limits", .identity = f->server_id, .keyring = f->ring,
                               .max_msg_bytes = 4 << 20};
    f->server = rpc_server_new(&cfg, err, sizeof err);
    f->loop = zloop_new();
    assert_non_null(f->server);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    if (f->state)
        f->module.stop(&f->state);
    zloop_destroy(&f->loop);
    rpc_server_destroy(&f->server);
    keyring_destroy(&f->ring);
    identity_destroy(&f->server_id);
    identity_destroy(&f->ingest_id);
    tu_rmrf(f->dir);
    free(f);
    char err[128];
    limits_t d = limits_defaults();
    assert_int_equal(limits_set(&d, err, sizeof err), 0);
    return 0;
}

static void start(fixture_t *f, service_module_t m)
{
    char err[256];
    f->module = m;
    f->state = m.start(f->server, f->loop, m.arg, err, sizeof err);
    assert_non_null(f->state);
}

static void apply(limits_t l)
{
    char err[128];
    assert_int_equal(limits_set(&l, err, sizeof err), 0);
}

/* Calls method with input signed by the ingest key; returns the reply's
 * status code, its message in msg, its payload decoded as out_desc in *out. */
static int call(fixture_t *f, const char *service, const char *method,
                const ProtobufCMessage *input, char *msg, size_t msglen,
                const ProtobufCMessageDescriptor *out_desc, ProtobufCMessage **out)
{
    tu_request_t req = {.service = service, .method = method, .input = input};
    uint8_t *frame, *reply;
    size_t len, rlen;
    tu_seal_request(&req, f->ingest_id, &frame, &len);
    assert_int_equal(rpc_server_answer(f->server, frame, len, &reply, &rlen), 0);
    Entente__V1__Envelope *env;
    const keyring_entry_t *who;
    status_t st;
    assert_int_equal(envelope_open(reply, rlen, f->ring, &env, &who, &st), ENVELOPE_OK);
    int code = env->status ? (int)env->status->code : 0;
    snprintf(msg, msglen, "%s", env->status && env->status->message ? env->status->message : "");
    if (out)
        *out = code == 0 ? protobuf_c_message_unpack(out_desc, NULL, env->payload.len,
                                                     env->payload.data)
                         : NULL;
    envelope_free(env);
    free(frame);
    free(reply);
    return code;
}

static void test_flags_env_and_ranges(void **state)
{
    limits_t l = *limits();
    config_option_t opts[LIMITS_OPTION_COUNT];
    limits_options(&l, opts);
    config_spec_t spec = {"test", "", "", opts, LIMITS_OPTION_COUNT};
    char *argv[] = {"test", "--max-batch", "3", NULL};
    setenv("ENTENTE_MAX_PAGE", "7", 1);
    char err[256];
    int next;
    int rc = config_parse(&spec, 3, argv, &next, err, sizeof err);
    unsetenv("ENTENTE_MAX_PAGE");
    assert_int_equal(rc, 0);
    assert_int_equal(limits_set(&l, err, sizeof err), 0);
    assert_int_equal(limits()->max_batch, 3);
    assert_int_equal(limits()->max_page, 7);
    assert_int_equal(limits()->max_doc_bytes, LIMITS_DEFAULT_DOC_BYTES);
    l.max_filter_values = LIMITS_FILTER_VALUES_CEILING + 1;
    assert_int_equal(limits_set(&l, err, sizeof err), -1);
    assert_non_null(strstr(err, "--max-filter-values"));
    assert_int_equal(limits()->max_filter_values, LIMITS_DEFAULT_FILTER_VALUES);
    l = limits_defaults();
    l.max_json_depth = 0;
    assert_int_equal(limits_set(&l, err, sizeof err), -1);
    assert_non_null(strstr(err, "--max-json-depth"));
}

static int search_code(event_store_t *store, const Entente__V1__SearchRequest *req, char *msg)
{
    Entente__V1__SearchReply out;
    status_t st;
    stmt_cache_t *stmts = stmt_cache_new(event_store_db(store));
    assert_non_null(stmts);
    int rc = search_run(stmts, req, &out, &st);
    stmt_cache_destroy(&stmts);
    if (rc != 0) {
        snprintf(msg, 256, "%s", st.message);
        return st.code;
    }
    search_reply_clear(&out);
    return 0;
}

static void test_page_size_and_filter_values(void **state)
{
    fixture_t *f = *state;
    char path[512], err[256], msg[256];
    snprintf(path, sizeof path, "%s/q.db", f->dir);
    event_store_t *store = event_store_open(path, EVENT_STORE_REPLICA, err, sizeof err);
    assert_non_null(store);
    limits_t l = limits_defaults();
    l.max_page = 5;
    l.max_filter_values = 2;
    apply(l);
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.page_size = 5;
    assert_int_equal(search_code(store, &req, msg), 0);
    req.page_size = 6;
    assert_int_equal(search_code(store, &req, msg), STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(msg, "--max-page"));
    req.page_size = 0; /* the default page, lowered to the limit */
    assert_int_equal(search_code(store, &req, msg), 0);
    Entente__V1__Filter flt = ENTENTE__V1__FILTER__INIT;
    char *ccs[] = {"VN", "FR", "JP"}, *types[] = {"meeting", "meeting", "meeting"};
    req.filter = &flt;
    flt.countries_any = ccs;
    flt.n_countries_any = 2;
    assert_int_equal(search_code(store, &req, msg), 0);
    flt.n_countries_any = 3;
    assert_int_equal(search_code(store, &req, msg), STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(msg, "--max-filter-values"));
    flt.n_countries_any = 0;
    flt.types = types;
    flt.n_types = 3;
    assert_int_equal(search_code(store, &req, msg), STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(msg, "--max-filter-values"));
    event_store_close(&store);
}

/* The result of reading the one document of a JSON Lines file holding line. */
static int read_one(const fixture_t *f, const char *line, char *err, size_t errlen)
{
    char path[512];
    snprintf(path, sizeof path, "%s/in.jsonl", f->dir);
    tu_write_file(path, line);
    docreader_t *rd = docreader_new(path, 0, err, errlen);
    assert_non_null(rd);
    docreader_doc_t doc;
    int rc = docreader_next(rd, &doc, err, errlen);
    docreader_destroy(&rd);
    return rc;
}

static void test_reader_document_size_and_json_depth(void **state)
{
    fixture_t *f = *state;
    limits_t l = limits_defaults();
    l.max_doc_bytes = 10;
    l.max_json_depth = 3;
    apply(l);
    char err[512];
    assert_int_equal(read_one(f, "{\"doc_id\":\"a\",\"text\":\"0123456789\"}\n", err, sizeof err),
                     DOCREADER_DOC);
    assert_int_equal(read_one(f, "{\"doc_id\":\"a\",\"text\":\"0123456789A\"}\n", err, sizeof err),
                     DOCREADER_SKIP);
    assert_non_null(strstr(err, "too large"));
    /* brackets inside strings do not count */
    assert_int_equal(read_one(f, "{\"doc_id\":\"[[[[\",\"text\":\"x\",\"n\":[[1]]}\n", err,
                              sizeof err),
                     DOCREADER_DOC);
    assert_int_equal(read_one(f, "{\"doc_id\":\"a\",\"text\":\"x\",\"n\":[[[1]]]}\n", err,
                              sizeof err),
                     DOCREADER_SKIP);
    assert_non_null(strstr(err, "--max-json-depth"));
}

static void test_append_batch(void **state)
{
    fixture_t *f = *state;
    f->index_opts.data_dir = f->dir;
    start(f, index_service_module(&f->index_opts));
    limits_t l = limits_defaults();
    l.max_batch = 2;
    apply(l);
    Entente__V1__PartnershipEvent evs[3], *ptrs[3];
    for (int i = 0; i < 3; i++) {
        entente__v1__partnership_event__init(&evs[i]);
        ptrs[i] = &evs[i];
    }
    Entente__V1__AppendRequest req = ENTENTE__V1__APPEND_REQUEST__INIT;
    req.events = ptrs;
    req.n_events = 3;
    char msg[256];
    assert_int_equal(call(f, "entente.v1.IndexService", "Append", &req.base, msg, sizeof msg,
                          NULL, NULL),
                     STATUS_RESOURCE_EXHAUSTED);
    assert_non_null(strstr(msg, "--max-batch"));
    /* within the limit the batch is checked further: unsigned events are refused */
    req.n_events = 2;
    int code = call(f, "entente.v1.IndexService", "Append", &req.base, msg, sizeof msg, NULL, NULL);
    assert_int_not_equal(code, STATUS_RESOURCE_EXHAUSTED);
    assert_null(strstr(msg, "--max-batch"));
}

static const char two_events[] =
    "Seoul (VNA) - Vietnam and the Republic of Korea signed a memorandum of understanding on 5G "
    "telecommunications on March 3, 2022. In Paris, France and Japan signed an agreement on "
    "cybersecurity on May 4, 2021.";

/* Submits docs; returns the call's status, *reply the decoded SubmitReply. */
static int submit(fixture_t *f, Entente__V1__Document **docs, size_t n, char *msg,
                  Entente__V1__SubmitReply **reply)
{
    Entente__V1__SubmitRequest req = ENTENTE__V1__SUBMIT_REQUEST__INIT;
    req.documents = docs;
    req.n_documents = n;
    return call(f, "entente.v1.IngestService", "Submit", &req.base, msg, 256,
                &entente__v1__submit_reply__descriptor, (ProtobufCMessage **)reply);
}

static void test_submit_batch_document_size_and_events(void **state)
{
    fixture_t *f = *state;
    char endpoint[400], msg[256];
    snprintf(endpoint, sizeof endpoint, "ipc://%s/no-index", f->dir);
    f->ingest_opts.data_dir = f->dir;
    f->ingest_opts.index_endpoint = endpoint;
    start(f, ingest_service_module(&f->ingest_opts));
    Entente__V1__Document d[3], *docs[3];
    const char *ids[] = {"big", "two", "two-again"};
    for (int i = 0; i < 3; i++) {
        entente__v1__document__init(&d[i]);
        d[i].doc_id = (char *)ids[i];
        d[i].text = (char *)two_events;
        docs[i] = &d[i];
    }
    char longer[sizeof two_events + 8];
    snprintf(longer, sizeof longer, "%s Again.", two_events);
    d[0].text = longer;
    limits_t l = limits_defaults();
    l.max_batch = 2;
    apply(l);
    Entente__V1__SubmitReply *reply = NULL;
    assert_int_equal(submit(f, docs, 3, msg, &reply), STATUS_RESOURCE_EXHAUSTED);
    assert_non_null(strstr(msg, "--max-batch"));

    l.max_doc_bytes = (long)strlen(two_events); /* "big" is longer */
    l.max_events_per_doc = 1;
    apply(l);
    assert_int_equal(submit(f, docs, 2, msg, &reply), STATUS_OK);
    assert_int_equal(reply->n_results, 2);
    assert_int_equal(reply->results[0]->status->code, STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(reply->results[0]->status->message, "--max-doc-bytes"));
    assert_int_equal(reply->results[1]->status->code, STATUS_RESOURCE_EXHAUSTED);
    assert_non_null(strstr(reply->results[1]->status->message, "--max-events-per-doc"));
    entente__v1__submit_reply__free_unpacked(reply, NULL);

    l.max_events_per_doc = 2;
    l.max_doc_bytes = LIMITS_DEFAULT_DOC_BYTES;
    apply(l);
    assert_int_equal(submit(f, docs + 2, 1, msg, &reply), STATUS_OK);
    assert_int_equal(reply->results[0]->status->code, STATUS_OK);
    assert_int_equal(reply->events, 2);
    entente__v1__submit_reply__free_unpacked(reply, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_flags_env_and_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_size_and_filter_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_document_size_and_json_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_batch_document_size_and_events, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
