/* rpc_server + rpc_client in one process: a test IndexService registered
 * through its generated descriptor behind an ACL, served by service_host on
 * an inproc endpoint. Dispatch, handler failures, roles, deadlines, replays,
 * reflection, client timeouts and the idempotent retry. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "entente/v1/services.pb-c.h"
#include "log.h"
#include "rpc_client.h"
#include "rpc_server.h"
#include "service_host.h"
#include "test_util.h"

/* ---- the test IndexService ---------------------------------------------- */

typedef struct {
    Entente__V1__IndexService_Service base; /* first: handlers get this pointer */
    rpc_server_t *server;
} test_index_t;

/* What the last handler saw (written by the server thread before it replies). */
static struct {
    const char *handler;
    char caller[IDENTITY_NAME_MAX + 1];
    uint64_t deadline_ms;
    _Atomic int runs;
} seen;

static void note(const char *handler, void *data)
{
    seen.handler = handler;
    snprintf(seen.caller, sizeof seen.caller, "%s", rpc_call_caller(data)->name);
    seen.deadline_ms = rpc_call_deadline_ms(data);
    seen.runs++;
}

/* Append stores nothing: an empty batch fails, otherwise it echoes the count. */
static void test_append(Entente__V1__IndexService_Service *svc,
                        const Entente__V1__AppendRequest *in,
                        Entente__V1__AppendReply_Closure closure, void *data)
{
    note("Append", data);
    if (in->n_events == 0) {
        rpc_call_fail(data, STATUS_FAILED_PRECONDITION, "empty batch");
        closure(NULL, data);
        return;
    }
    Entente__V1__AppendReply out = ENTENTE__V1__APPEND_REPLY__INIT;
    out.stored = (uint32_t)in->n_events;
    closure(&out, data);
}

/* Replay answers head_seq = from_seq + 100; limit 999 forgets to reply. */
static void test_replay(Entente__V1__IndexService_Service *svc,
                        const Entente__V1__ReplayRequest *in,
                        Entente__V1__ReplayReply_Closure closure, void *data)
{
    note("Replay", data);
    if (in->limit == 999)
        return;
    Entente__V1__ReplayReply out = ENTENTE__V1__REPLAY_REPLY__INIT;
    out.head_seq = in->from_seq + 100;
    closure(&out, data);
}

static const rpc_acl_t test_acl[] = {{"Append", ROLE_INGEST}, {"Replay", ROLE_CLIENT}};
static rpc_server_t *the_server;

static void *test_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                        size_t errlen)
{
    test_index_t *self = calloc(1, sizeof *self);
    self->base = (Entente__V1__IndexService_Service)ENTENTE__V1__INDEX_SERVICE__INIT(test_);
    self->server = server;
    if (rpc_server_add_service(server, &self->base.base, test_acl, 2) != 0) {
        snprintf(err, errlen, "cannot register");
        free(self);
        return NULL;
    }
    /* a second registration of the same service is refused */
    if (rpc_server_add_service(server, &self->base.base, test_acl, 2) != -1) {
        snprintf(err, errlen, "registered twice");
        free(self);
        return NULL;
    }
    the_server = server;
    return self;
}

static void test_stop(void **state)
{
    free(*state);
    *state = NULL;
}

/* ---- fixture -------------------------------------------------------------- */

typedef struct {
    char endpoint[64];
    identity_t *server_id, *client_id, *ingest_id, *stranger;
    keyring_t *ring;
    zactor_t *host;
    rpc_client_t *client, *ingest;
    zsock_t *raw; /* a DEALER for hand-made frames */
} fixture_t;

static int setup(void **state)
{
    static int n;
    fixture_t *f = calloc(1, sizeof *f);
    snprintf(f->endpoint, sizeof f->endpoint, "inproc://test-rpc-%d", n++);
    f->server_id = tu_identity("index");
    f->client_id = tu_identity("client");
    f->ingest_id = tu_identity("ingest");
    f->stranger = tu_identity("stranger");
    f->ring = keyring_new();
    keyring_add(f->ring, "index", identity_public_key(f->server_id), ROLE_INDEX);
    keyring_add(f->ring, "client", identity_public_key(f->client_id), ROLE_CLIENT);
    keyring_add(f->ring, "ingest", identity_public_key(f->ingest_id), ROLE_INGEST);
    service_def_t def = {.rpc = {.name = "test-index", .identity = f->server_id,
                                 .keyring = f->ring, .max_msg_bytes = 4096, .skew_ms = 5000},
                         .endpoints = {f->endpoint},
                         .module = {test_start, test_stop, NULL}};
    char err[256];
    f->host = service_host_start(&def, err, sizeof err);
    if (!f->host)
        fail_msg("service_host_start: %s", err);
    f->client = rpc_client_new(f->endpoint, f->client_id, f->ring, 0, err, sizeof err);
    f->ingest = rpc_client_new(f->endpoint, f->ingest_id, f->ring, 0, err, sizeof err);
    assert_non_null(f->client);
    assert_non_null(f->ingest);
    f->raw = zsock_new_dealer(f->endpoint);
    assert_non_null(f->raw);
    seen.runs = 0;
    seen.handler = NULL;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    zsock_destroy(&f->raw);
    rpc_client_destroy(&f->client);
    rpc_client_destroy(&f->ingest);
    zactor_destroy(&f->host);
    the_server = NULL;
    keyring_destroy(&f->ring);
    identity_destroy(&f->server_id);
    identity_destroy(&f->client_id);
    identity_destroy(&f->ingest_id);
    identity_destroy(&f->stranger);
    free(f);
    return 0;
}

/* Sends a raw frame and returns the reply's status code (verified). */
static int raw_call(fixture_t *f, const uint8_t *frame, size_t len, char *msg, size_t msglen)
{
    zframe_t *out = zframe_new(frame, len);
    assert_int_equal(zframe_send(&out, f->raw, 0), 0);
    zsock_set_rcvtimeo(f->raw, 3000);
    zframe_t *in = zframe_recv(f->raw);
    if (!in)
        fail_msg("no reply from the server");
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *who = NULL;
    status_t st;
    assert_int_equal(envelope_open(zframe_data(in), zframe_size(in), f->ring, &env, &who, &st),
                     ENVELOPE_OK);
    zframe_destroy(&in);
    assert_string_equal(who->name, "index");
    assert_int_equal(env->kind, ENTENTE__V1__KIND__REPLY);
    assert_non_null(env->status);
    int code = env->status->code;
    if (msg)
        snprintf(msg, msglen, "%s", env->status->message);
    envelope_free(env);
    return code;
}

static int raw_request(fixture_t *f, const tu_request_t *req, const identity_t *signer)
{
    uint8_t *frame;
    size_t len;
    tu_seal_request(req, signer, &frame, &len);
    int code = raw_call(f, frame, len, NULL, 0);
    free(frame);
    return code;
}

static uint64_t counter(rpc_counter_t which) { return rpc_server_counter(the_server, which); }

static status_code_t replay(rpc_client_t *c, uint64_t from, uint32_t limit, uint64_t *head,
                            status_t *st)
{
    Entente__V1__ReplayRequest in = ENTENTE__V1__REPLAY_REQUEST__INIT;
    in.from_seq = from;
    in.limit = limit;
    ProtobufCMessage *out = NULL;
    status_code_t code = rpc_client_call(c, &entente__v1__index_service__descriptor, "Replay",
                                         &in.base, &out, tu_ms(2000), st);
    if (code == STATUS_OK) {
        assert_non_null(out);
        *head = ((Entente__V1__ReplayReply *)out)->head_seq;
        protobuf_c_message_free_unpacked(out, NULL);
    } else {
        assert_null(out);
    }
    return code;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_dispatch(void **state)
{
    fixture_t *f = *state;
    status_t st;
    uint64_t head = 0;
    uint64_t before = envelope_now_ms();
    assert_int_equal(replay(f->client, 5, 0, &head, &st), STATUS_OK);
    assert_int_equal(head, 105);
    assert_string_equal(seen.handler, "Replay");
    assert_string_equal(seen.caller, "client");
    assert_true(seen.deadline_ms >= before + (uint64_t)tu_ms(2000) &&
                seen.deadline_ms < before + (uint64_t)tu_ms(2000) + 2000);

    Entente__V1__PartnershipEvent ev = ENTENTE__V1__PARTNERSHIP_EVENT__INIT, *evs[] = {&ev, &ev};
    Entente__V1__AppendRequest in = ENTENTE__V1__APPEND_REQUEST__INIT;
    in.events = evs;
    in.n_events = 2;
    ProtobufCMessage *out = NULL;
    assert_int_equal(rpc_client_call(f->ingest, &entente__v1__index_service__descriptor, "Append",
                                     &in.base, &out, tu_ms(2000), &st),
                     STATUS_OK);
    assert_string_equal(seen.handler, "Append");
    assert_string_equal(seen.caller, "ingest");
    assert_int_equal(((Entente__V1__AppendReply *)out)->stored, 2);
    protobuf_c_message_free_unpacked(out, NULL);
    assert_int_equal(counter(RPC_OK), 2);
    assert_int_equal(counter(RPC_REQUESTS), 2);
}

static void test_handler_failure_propagates(void **state)
{
    fixture_t *f = *state;
    Entente__V1__AppendRequest in = ENTENTE__V1__APPEND_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    assert_int_equal(rpc_client_call(f->ingest, &entente__v1__index_service__descriptor, "Append",
                                     &in.base, &out, tu_ms(2000), &st),
                     STATUS_FAILED_PRECONDITION);
    assert_null(out);
    assert_string_equal(st.message, "empty batch");
    /* a handler that never calls its closure is an internal error */
    uint64_t head;
    assert_int_equal(replay(f->client, 1, 999, &head, &st), STATUS_INTERNAL);
    assert_int_equal(counter(RPC_HANDLER_ERRORS), 2);
    /* and the server goes on */
    assert_int_equal(replay(f->client, 1, 0, &head, &st), STATUS_OK);
}

static void test_permission_denied(void **state)
{
    fixture_t *f = *state;
    Entente__V1__PartnershipEvent ev = ENTENTE__V1__PARTNERSHIP_EVENT__INIT, *evs[] = {&ev};
    Entente__V1__AppendRequest in = ENTENTE__V1__APPEND_REQUEST__INIT;
    in.events = evs;
    in.n_events = 1;
    ProtobufCMessage *out = NULL;
    status_t st;
    /* only ingest may Append; only client may Replay */
    assert_int_equal(rpc_client_call(f->client, &entente__v1__index_service__descriptor, "Append",
                                     &in.base, &out, tu_ms(2000), &st),
                     STATUS_PERMISSION_DENIED);
    assert_non_null(strstr(st.message, "may not call"));
    uint64_t head;
    assert_int_equal(replay(f->ingest, 1, 0, &head, &st), STATUS_PERMISSION_DENIED);
    assert_int_equal(seen.runs, 0);
    assert_int_equal(counter(RPC_REJECT_PERMISSION), 2);
}

static void test_deadline_exceeded(void **state)
{
    fixture_t *f = *state;
    tu_request_t req = {.service = "entente.v1.IndexService", .method = "Replay",
                        .deadline_ms = envelope_now_ms() - 1000};
    assert_int_equal(raw_request(f, &req, f->client_id), STATUS_DEADLINE_EXCEEDED);
    assert_int_equal(seen.runs, 0); /* a request past its deadline is not executed */
    assert_int_equal(counter(RPC_REJECT_DEADLINE), 1);
    req.deadline_ms = envelope_now_ms() + 5000;
    assert_int_equal(raw_request(f, &req, f->client_id), STATUS_OK);
    assert_int_equal(seen.runs, 1);
}

static void test_unknown_service_and_method(void **state)
{
    fixture_t *f = *state;
    ProtobufCMessage *out = NULL;
    status_t st;
    Entente__V1__GetRequest get = ENTENTE__V1__GET_REQUEST__INIT;
    assert_int_equal(rpc_client_call(f->client, &entente__v1__query_service__descriptor, "Get",
                                     &get.base, &out, tu_ms(2000), &st),
                     STATUS_UNIMPLEMENTED);
    tu_request_t req = {.service = "entente.v1.IndexService", .method = "Delete"};
    assert_int_equal(raw_request(f, &req, f->client_id), STATUS_UNIMPLEMENTED);
    assert_int_equal(counter(RPC_REJECT_UNIMPLEMENTED), 2);
    /* the client refuses a method its descriptor lacks, or the wrong input */
    assert_int_equal(rpc_client_call(f->client, &entente__v1__index_service__descriptor, "Nope",
                                     &get.base, &out, tu_ms(2000), &st),
                     STATUS_INVALID_ARGUMENT);
    assert_int_equal(rpc_client_call(f->client, &entente__v1__index_service__descriptor, "Replay",
                                     &get.base, &out, tu_ms(2000), &st),
                     STATUS_INVALID_ARGUMENT);
}

static void test_bad_requests(void **state)
{
    fixture_t *f = *state;
    static const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    char msg[256];
    /* garbage payload for the method's input type */
    tu_request_t req = {.service = "entente.v1.IndexService", .method = "Replay",
                        .raw_payload = junk, .raw_len = sizeof junk};
    assert_int_equal(raw_request(f, &req, f->client_id), STATUS_INVALID_ARGUMENT);
    assert_int_equal(counter(RPC_REJECT_BAD_PAYLOAD), 1);
    /* not an envelope at all */
    assert_int_equal(raw_call(f, junk, sizeof junk, msg, sizeof msg), STATUS_INVALID_ARGUMENT);
    assert_int_equal(counter(RPC_REJECT_MALFORMED), 1);
    /* a reply sent as a request */
    tu_request_t reply = {.kind = ENTENTE__V1__KIND__REPLY};
    assert_int_equal(raw_request(f, &reply, f->client_id), STATUS_INVALID_ARGUMENT);
    /* request ids of the wrong size */
    static const uint8_t short_id[4] = {1, 2, 3, 4};
    tu_request_t shortreq = {.request_id = short_id, .request_id_len = sizeof short_id};
    assert_int_equal(raw_request(f, &shortreq, f->client_id), STATUS_INVALID_ARGUMENT);
    assert_int_equal(counter(RPC_REJECT_MALFORMED), 3);
    /* a key the server does not know */
    tu_request_t ok = {0};
    assert_int_equal(raw_request(f, &ok, f->stranger), STATUS_UNAUTHENTICATED);
    assert_int_equal(counter(RPC_REJECT_UNKNOWN_KEY), 1);
    /* over max_msg_bytes (4096) */
    uint8_t *big = calloc(1, 5000);
    tu_request_t large = {.raw_payload = big, .raw_len = 5000};
    assert_int_equal(raw_request(f, &large, f->client_id), STATUS_RESOURCE_EXHAUSTED);
    assert_int_equal(counter(RPC_REJECT_TOO_LARGE), 1);
    free(big);
    assert_int_equal(raw_request(f, &ok, f->client_id), STATUS_OK);
}

static void test_replay_and_skew(void **state)
{
    fixture_t *f = *state;
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, f->client_id, &frame, &len);
    assert_int_equal(raw_call(f, frame, len, NULL, 0), STATUS_OK);
    char msg[256];
    assert_int_equal(raw_call(f, frame, len, msg, sizeof msg), STATUS_UNAUTHENTICATED);
    assert_non_null(strstr(msg, "already used"));
    free(frame);
    assert_int_equal(counter(RPC_REJECT_REPLAYED), 1);
    tu_request_t old = {.timestamp_ms = envelope_now_ms() - 60000};
    tu_request_t future = {.timestamp_ms = envelope_now_ms() + 60000};
    assert_int_equal(raw_request(f, &old, f->client_id), STATUS_UNAUTHENTICATED);
    assert_int_equal(raw_request(f, &future, f->client_id), STATUS_UNAUTHENTICATED);
    assert_int_equal(counter(RPC_REJECT_SKEW), 2);
}

static void test_reflection_and_health(void **state)
{
    fixture_t *f = *state;
    Entente__V1__ListServicesRequest lin = ENTENTE__V1__LIST_SERVICES_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    assert_int_equal(rpc_client_call(f->client, &entente__v1__reflection__descriptor,
                                     "ListServices", &lin.base, &out, tu_ms(2000), &st),
                     STATUS_OK);
    Entente__V1__ListServicesResponse *r = (void *)out;
    assert_int_equal(r->n_services, 3);
    assert_string_equal(r->services[2]->name, "entente.v1.IndexService");
    assert_int_equal(r->services[2]->n_methods, 2);
    assert_string_equal(r->services[2]->methods[0]->name, "Append");
    assert_string_equal(r->services[2]->methods[0]->input_type, "entente.v1.AppendRequest");
    assert_string_equal(r->services[2]->methods[0]->roles[0], "ingest");
    assert_string_equal(r->services[2]->methods[1]->roles[0], "client");
    protobuf_c_message_free_unpacked(out, NULL);

    Entente__V1__HealthCheckRequest hin = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    hin.service = "entente.v1.IndexService";
    assert_int_equal(rpc_client_call(f->client, &entente__v1__health__descriptor, "Check",
                                     &hin.base, &out, tu_ms(2000), &st),
                     STATUS_OK);
    Entente__V1__HealthCheckResponse *h = (void *)out;
    assert_int_equal(h->status, ENTENTE__V1__SERVING_STATUS__SERVING);
    assert_string_equal(h->server, "test-index");
    assert_int_equal(h->n_counters, RPC_COUNTER_COUNT);
    assert_string_equal(h->counters[RPC_REQUESTS]->name, "requests_total");
    assert_int_equal(h->counters[RPC_REQUESTS]->value, 2); /* ListServices and this one */
    protobuf_c_message_free_unpacked(out, NULL);
    hin.service = "entente.v1.Nothing";
    assert_int_equal(rpc_client_call(f->client, &entente__v1__health__descriptor, "Check",
                                     &hin.base, &out, tu_ms(2000), &st),
                     STATUS_NOT_FOUND);
}

/* A reply signed by a key the client does not trust is refused. */
static void test_client_refuses_untrusted_reply(void **state)
{
    fixture_t *f = *state;
    keyring_t *ring = keyring_new();
    keyring_add(ring, "client", identity_public_key(f->client_id), ROLE_CLIENT);
    char err[256];
    rpc_client_t *c = rpc_client_new(f->endpoint, f->client_id, ring, 0, err, sizeof err);
    status_t st;
    uint64_t head;
    assert_int_equal(replay(c, 1, 0, &head, &st), STATUS_UNAUTHENTICATED);
    assert_non_null(strstr(st.message, "reply rejected"));
    rpc_client_destroy(&c);
    keyring_destroy(&ring);
}

/* Refusals before the envelope is trusted still carry the caller's request
 * id, so a real client sees the status at once instead of timing out. */
static void test_client_sees_early_refusals(void **state)
{
    fixture_t *f = *state;
    char err[256];
    rpc_client_t *c = rpc_client_new(f->endpoint, f->stranger, f->ring, 0, err, sizeof err);
    Entente__V1__HealthCheckRequest in = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    int64_t t0 = zclock_mono();
    assert_int_equal(rpc_client_call(c, &entente__v1__health__descriptor, "Check", &in.base, &out,
                                     3000, &st),
                     STATUS_UNAUTHENTICATED);
    assert_non_null(strstr(st.message, "unknown key"));
    rpc_client_destroy(&c);
    /* over max_msg_bytes (4096), below the hard cap */
    static uint8_t big[5000];
    Entente__V1__SubmitRequest sub = ENTENTE__V1__SUBMIT_REQUEST__INIT;
    Entente__V1__Document doc = ENTENTE__V1__DOCUMENT__INIT, *docs[] = {&doc};
    memset(big, 'a', sizeof big - 1);
    doc.doc_id = "big";
    doc.text = (char *)big;
    sub.documents = docs;
    sub.n_documents = 1;
    assert_int_equal(rpc_client_call(f->client, &entente__v1__ingest_service__descriptor,
                                     "Submit", &sub.base, &out, 3000, &st),
                     STATUS_RESOURCE_EXHAUSTED);
    assert_true(zclock_mono() - t0 < 2000);
    assert_int_equal(counter(RPC_REJECT_UNKNOWN_KEY), 1);
    assert_int_equal(counter(RPC_REJECT_TOO_LARGE), 1);
}

/* ---- a fake server that counts requests and answers when told ----------- */

typedef struct {
    char endpoint[64];
    const identity_t *signer;
    int answer_from;     /* answer the n-th request and later; 0: never */
    int stale_first;     /* before the answer, send a reply to another request id */
    _Atomic int requests;
    int bound;           /* set before the actor signals it started */
    uint8_t ids[8][32];  /* request ids seen */
} fake_t;

static void fake_reply(fake_t *fk, zsock_t *router, zframe_t *who,
                       const Entente__V1__Envelope *req, int stale)
{
    Entente__V1__ReplayReply out = ENTENTE__V1__REPLAY_REPLY__INIT;
    out.head_seq = 42;
    uint8_t payload[32], other[16] = {0};
    size_t plen = protobuf_c_message_pack(&out.base, payload);
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    Entente__V1__Status st = ENTENTE__V1__STATUS__INIT;
    env.kind = ENTENTE__V1__KIND__REPLY;
    env.request_id = stale ? (ProtobufCBinaryData){sizeof other, other} : req->request_id;
    env.status = &st;
    env.payload = (ProtobufCBinaryData){plen, payload};
    uint8_t *frame;
    size_t len;
    envelope_seal(&env, fk->signer, &frame, &len);
    zmsg_t *m = zmsg_new();
    zmsg_addmem(m, zframe_data(who), zframe_size(who));
    zmsg_addmem(m, frame, len);
    free(frame);
    zmsg_send(&m, router);
}

static void fake_actor(zsock_t *pipe, void *arg)
{
    fake_t *fk = arg;
    zsock_t *router = zsock_new_router(fk->endpoint);
    fk->bound = router != NULL;
    zsock_signal(pipe, 0);
    if (!router)
        return;
    zpoller_t *poller = zpoller_new(pipe, router, NULL);
    for (;;) {
        void *which = zpoller_wait(poller, -1);
        if (which != router)
            break; /* $TERM or interrupted */
        zmsg_t *m = zmsg_recv(router);
        zframe_t *who = zmsg_pop(m), *body = zmsg_pop(m);
        int n = ++fk->requests;
        Entente__V1__Envelope *req =
            entente__v1__envelope__unpack(NULL, zframe_size(body), zframe_data(body));
        if (req && n <= 8)
            memcpy(fk->ids[n - 1], req->request_id.data,
                   req->request_id.len < 32 ? req->request_id.len : 32);
        if (req && fk->answer_from && n >= fk->answer_from) {
            if (fk->stale_first)
                fake_reply(fk, router, who, req, 1);
            fake_reply(fk, router, who, req, 0);
        }
        envelope_free(req);
        zframe_destroy(&who);
        zframe_destroy(&body);
        zmsg_destroy(&m);
    }
    zpoller_destroy(&poller);
    zsock_destroy(&router);
}

/* Each fake gets its own endpoint: a closed socket's inproc name is released
 * asynchronously, so reusing it could bind nothing. */
static zactor_t *fake_start(fake_t *fk)
{
    static int n;
    snprintf(fk->endpoint, sizeof fk->endpoint, "inproc://fake-%d", n++);
    zactor_t *fake = zactor_new(fake_actor, fk);
    assert_non_null(fake);
    assert_true(fk->bound);
    return fake;
}

static int fake_count_settled(fake_t *fk)
{
    zclock_sleep(200); /* the last attempt's frame may still be in flight */
    return fk->requests;
}

static void test_client_timeout_when_nobody_answers(void **state)
{
    fixture_t *f = *state;
    char endpoint[64], err[256];
    snprintf(endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", tu_free_port());
    /* a tcp client is CurveZMQ: it needs some server key even where nobody listens */
    transport_opts_t topts = {.server_pk = identity_public_key(f->ingest_id)};
    rpc_client_t *c = rpc_client_new(endpoint, f->client_id, f->ring, &topts, err, sizeof err);
    assert_non_null(c);
    Entente__V1__HealthCheckRequest in = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    int64_t t0 = zclock_mono();
    assert_int_equal(rpc_client_call(c, &entente__v1__health__descriptor, "Check", &in.base, &out,
                                     300, &st),
                     STATUS_DEADLINE_EXCEEDED);
    int64_t took = zclock_mono() - t0;
    assert_null(out);
    assert_true(took >= 290 && took < 2000);
    rpc_client_destroy(&c);
}

/* An idempotent method is retried with fresh request ids; others are not. */
static void test_idempotent_retry(void **state)
{
    fixture_t *f = *state;
    char err[256];
    fake_t fk = {.signer = f->server_id};
    zactor_t *fake = fake_start(&fk);
    rpc_client_t *c = rpc_client_new(fk.endpoint, f->client_id, f->ring, 0, err, sizeof err);
    Entente__V1__ReplayRequest rin = ENTENTE__V1__REPLAY_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    assert_true(rpc_method_idempotent("entente.v1.IndexService", "Replay"));
    assert_false(rpc_method_idempotent("entente.v1.IngestService", "Submit"));
    assert_int_equal(rpc_client_call(c, &entente__v1__index_service__descriptor, "Replay",
                                     &rin.base, &out, 900, &st),
                     STATUS_DEADLINE_EXCEEDED);
    assert_int_equal(fake_count_settled(&fk), 3);
    assert_memory_not_equal(fk.ids[0], fk.ids[1], 16);
    assert_memory_not_equal(fk.ids[1], fk.ids[2], 16);

    fk.requests = 0;
    Entente__V1__SubmitRequest sin = ENTENTE__V1__SUBMIT_REQUEST__INIT;
    assert_int_equal(rpc_client_call(c, &entente__v1__ingest_service__descriptor, "Submit",
                                     &sin.base, &out, 600, &st),
                     STATUS_DEADLINE_EXCEEDED);
    assert_int_equal(fake_count_settled(&fk), 1);
    rpc_client_destroy(&c);
    zactor_destroy(&fake);
}

/* The retry that gets an answer succeeds; a stale reply is skipped. */
static void test_retry_then_success(void **state)
{
    fixture_t *f = *state;
    char err[256];
    fake_t fk = {.signer = f->server_id, .answer_from = 2, .stale_first = 1};
    zactor_t *fake = fake_start(&fk);
    rpc_client_t *c = rpc_client_new(fk.endpoint, f->client_id, f->ring, 0, err, sizeof err);
    Entente__V1__ReplayRequest rin = ENTENTE__V1__REPLAY_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    assert_int_equal(rpc_client_call(c, &entente__v1__index_service__descriptor, "Replay",
                                     &rin.base, &out, 1500, &st),
                     STATUS_OK);
    assert_int_equal(((Entente__V1__ReplayReply *)out)->head_seq, 42);
    protobuf_c_message_free_unpacked(out, NULL);
    assert_int_equal(fake_count_settled(&fk), 2);
    rpc_client_destroy(&c);
    zactor_destroy(&fake);
}

/* A stop answers every request already received before the server closes. */
static void test_stop_answers_requests_in_flight(void **state)
{
    fixture_t *f = *state;
    enum { N = 50 };
    Entente__V1__HealthCheckRequest in = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    for (int i = 0; i < N; i++) {
        tu_request_t req = {.service = "entente.v1.Health", .method = "Check", .input = &in.base};
        uint8_t *frame = NULL;
        size_t len = 0;
        tu_seal_request(&req, f->client_id, &frame, &len);
        zframe_t *out = zframe_new(frame, len);
        free(frame);
        assert_int_equal(zframe_send(&out, f->raw, 0), 0);
    }
    zactor_destroy(&f->host); /* $TERM while requests wait on its socket */
    zsock_set_rcvtimeo(f->raw, 2000);
    int answered = 0;
    zframe_t *reply;
    while (answered < N && (reply = zframe_recv(f->raw))) {
        answered++;
        zframe_destroy(&reply);
    }
    assert_int_equal(answered, N);
}

int main(void)
{
    zsys_init();
    zsys_set_logstream(NULL);
    log_set_level(LOG_LEVEL_WARN);
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_dispatch),
        T(test_handler_failure_propagates),
        T(test_permission_denied),
        T(test_deadline_exceeded),
        T(test_unknown_service_and_method),
        T(test_bad_requests),
        T(test_replay_and_skew),
        T(test_reflection_and_health),
        T(test_client_refuses_untrusted_reply),
        T(test_client_sees_early_refusals),
        T(test_client_timeout_when_nobody_answers),
        T(test_idempotent_retry),
        T(test_retry_then_success),
        T(test_stop_answers_requests_in_flight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
