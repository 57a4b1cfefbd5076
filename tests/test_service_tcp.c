/* A real service binary over tcp: every bad input of the protocol, sent by
 * hand on a raw DEALER, gets its status and counter, and a good Health
 * request succeeds after each.
 *
 * usage: test_service_tcp PATH-TO-BINARY SERVICE   (SERVICE: index, ingest, query)
 * The binary runs with a temp data dir, a free loopback port and
 * --max-msg-bytes 4096; it is killed and reaped at the end, also on failure. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datadir.h"
#include "entente/v1/services.pb-c.h"
#include "rpc_client.h"
#include "rpc_server.h"
#include "test_util.h"
#include "transport.h"

#define MAX_MSG 4096
#define SKEW_MS 5000

static struct {
    const char *binary, *service;
    char dir[4096], endpoint[64], server_name[64];
    pid_t child;
    identity_t *client, *reader, *stranger;
    keyring_t *ring;
} g;

/* ---- the child process ------------------------------------------------------ */

static pid_t spawn(int port, int pub_port)
{
    char endpoint[64], pub[64], index[64];
    snprintf(endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", port);
    snprintf(pub, sizeof pub, "tcp://127.0.0.1:%d", pub_port);
    snprintf(index, sizeof index, "tcp://127.0.0.1:%d", pub_port);
    char metrics[64];
    snprintf(metrics, sizeof metrics, "127.0.0.1:%d", tu_free_port());
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
        char skew[16], max[16];
        snprintf(skew, sizeof skew, "%d", SKEW_MS);
        snprintf(max, sizeof max, "%d", MAX_MSG);
        const char *extra_flag = strcmp(g.service, "index") == 0 ? "--pub-endpoint"
                                                                  : "--index-endpoint";
        const char *extra_value = strcmp(g.service, "index") == 0 ? pub : index;
        execl(g.binary, g.binary, "--data", g.dir, "--endpoint", endpoint, extra_flag,
              extra_value, "--max-msg-bytes", max, "--skew-ms", skew, "--log-level", "warn",
              "--metrics-endpoint", metrics, (char *)NULL);
        _exit(127);
    }
    snprintf(g.endpoint, sizeof g.endpoint, "%s", endpoint);
    return pid;
}

/* Waits up to ms for the child; returns its wait status, or -1 if still running. */
static int reap(int ms)
{
    for (int waited = 0; g.child > 0; waited += 10) {
        int status;
        pid_t r = waitpid(g.child, &status, WNOHANG);
        if (r == g.child) {
            g.child = 0;
            return status;
        }
        if (waited >= ms)
            return -1;
        usleep(10000);
    }
    return -1;
}

static void kill_child(void)
{
    if (g.child > 0) {
        kill(g.child, SIGKILL);
        waitpid(g.child, NULL, 0);
        g.child = 0;
    }
}

static void cleanup_at_exit(void)
{
    kill_child();
    tu_rmrf(g.dir);
}

/* CurveZMQ to the service: its key is the keyring entry named for it. */
static transport_opts_t curve_to_service(int plaintext)
{
    static uint8_t pk[IDENTITY_PK_BYTES];
    char err[256];
    assert_int_equal(keyring_server_key(g.ring, g.service, NULL, pk, err, sizeof err), 0);
    return (transport_opts_t){.server_pk = pk, .plaintext = plaintext};
}

/* Health through rpc_client as who; 0 when it serves. */
static int health_as(const identity_t *who, int plaintext, Entente__V1__HealthCheckResponse **out,
                     int timeout_ms)
{
    char err[256];
    transport_opts_t topts = curve_to_service(plaintext);
    rpc_client_t *c = rpc_client_new(g.endpoint, who, g.ring, &topts, err, sizeof err);
    assert_non_null(c);
    Entente__V1__HealthCheckRequest in = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    ProtobufCMessage *msg = NULL;
    status_t st;
    int rc = rpc_client_call(c, &entente__v1__health__descriptor, "Check", &in.base, &msg,
                             timeout_ms, &st) == STATUS_OK ? 0 : -1;
    rpc_client_destroy(&c);
    if (out)
        *out = (Entente__V1__HealthCheckResponse *)msg;
    else if (msg)
        protobuf_c_message_free_unpacked(msg, NULL);
    return rc;
}

/* Health with the client key; 0 when it serves. */
static int health(Entente__V1__HealthCheckResponse **out, int timeout_ms)
{
    return health_as(g.client, 0, out, timeout_ms);
}

static int start_service(void **state)
{
    char err[512], path[4096];
    atexit(cleanup_at_exit);
    tu_mkdtemp(g.dir);
    assert_int_equal(datadir_init(g.dir, err, sizeof err), 0);
    /* one more key with the client role only, and one nobody trusts */
    g.reader = tu_identity("reader");
    g.stranger = tu_identity("stranger");
    char line[512], ring_path[4096];
    keyring_format_line("reader", identity_public_key(g.reader), ROLE_CLIENT, line, sizeof line);
    datadir_keyring_path(g.dir, ring_path, sizeof ring_path);
    FILE *f = fopen(ring_path, "a");
    assert_non_null(f);
    fprintf(f, "%s\n", line);
    fclose(f);
    datadir_key_path(g.dir, "client", path, sizeof path);
    g.client = identity_load(path, err, sizeof err);
    g.ring = keyring_load(ring_path, err, sizeof err);
    assert_non_null(g.client);
    assert_non_null(g.ring);
    /* a free port may be taken between the probe and the bind: try again */
    for (int attempt = 0; attempt < 5; attempt++) {
        g.child = spawn(tu_free_port(), tu_free_port());
        for (int i = 0; i < 100 && g.child > 0; i++) {
            if (health(NULL, 300) == 0)
                return 0;
            reap(0);
        }
        kill_child();
    }
    fail_msg("%s never answered Health on %s", g.binary, g.endpoint);
    return -1;
}

static int stop_service(void **state)
{
    kill_child();
    identity_destroy(&g.client);
    identity_destroy(&g.reader);
    identity_destroy(&g.stranger);
    keyring_destroy(&g.ring);
    tu_rmrf(g.dir);
    g.dir[0] = '\0';
    return 0;
}

/* ---- raw requests ------------------------------------------------------------ */

static zsock_t *raw_dealer(void)
{
    /* the connection is the client key's; what each test signs with varies */
    char err[256];
    transport_opts_t topts = curve_to_service(0);
    topts.identity = g.client;
    topts.max_msg_bytes = MAX_MSG * 4;
    zsock_t *s = transport_client_new(g.endpoint, &topts, err, sizeof err);
    assert_non_null(s);
    zsock_set_rcvtimeo(s, 3000);
    return s;
}

/* Sends frame on a fresh DEALER; returns the reply's status code, or -1 when
 * no reply came within wait_ms. The reply must be signed by the server. */
static int raw_call(const uint8_t *frame, size_t len, int wait_ms)
{
    zsock_t *s = raw_dealer();
    zsock_set_rcvtimeo(s, wait_ms);
    zframe_t *out = zframe_new(frame, len);
    assert_int_equal(zframe_send(&out, s, 0), 0);
    zframe_t *in = zframe_recv(s);
    zsock_destroy(&s);
    Entente__V1__Envelope *sent = entente__v1__envelope__unpack(NULL, len, frame);
    if (!in) {
        envelope_free(sent);
        return -1;
    }
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *who = NULL;
    status_t st;
    assert_int_equal(envelope_open(zframe_data(in), zframe_size(in), g.ring, &env, &who, &st),
                     ENVELOPE_OK);
    zframe_destroy(&in);
    assert_string_equal(who->name, g.service);
    assert_int_equal(env->kind, ENTENTE__V1__KIND__REPLY);
    assert_non_null(env->status);
    /* whenever the request decodes, the reply carries its id (even refused,
     * except for its size: an oversized frame is not decoded at all) */
    if (sent && sent->request_id.len && env->status->code != STATUS_RESOURCE_EXHAUSTED) {
        assert_int_equal(env->request_id.len, sent->request_id.len);
        assert_memory_equal(env->request_id.data, sent->request_id.data, sent->request_id.len);
    }
    int code = env->status->code;
    envelope_free(sent);
    envelope_free(env);
    return code;
}

static uint64_t counter(const char *name)
{
    Entente__V1__HealthCheckResponse *h = NULL;
    assert_int_equal(health(&h, 3000), 0);
    uint64_t v = UINT64_MAX;
    for (size_t i = 0; i < h->n_counters; i++)
        if (strcmp(h->counters[i]->name, name) == 0)
            v = h->counters[i]->value;
    protobuf_c_message_free_unpacked(&h->base, NULL);
    if (v == UINT64_MAX)
        fail_msg("Health reports no counter %s", name);
    return v;
}

/* The heart of each test: frame gets code, counter goes up by one, and the
 * service still answers a good request. */
static void expect_rejected(const uint8_t *frame, size_t len, int code, const char *counter_name)
{
    uint64_t before = counter(counter_name);
    int got = raw_call(frame, len, 3000);
    if (got != code)
        fail_msg("expected %s, got %s", status_name(code), got < 0 ? "no reply" : status_name(got));
    assert_int_equal(counter(counter_name), before + 1);
    assert_int_equal(health(NULL, 3000), 0);
}

static void expect_request_rejected(const tu_request_t *req, const identity_t *signer, int code,
                                    const char *counter_name)
{
    uint8_t *frame;
    size_t len;
    tu_seal_request(req, signer, &frame, &len);
    expect_rejected(frame, len, code, counter_name);
    free(frame);
}

/* ---- tests ------------------------------------------------------------------- */

static void test_health_over_tcp(void **state)
{
    Entente__V1__HealthCheckResponse *h = NULL;
    assert_int_equal(health(&h, 3000), 0);
    char want[64];
    snprintf(want, sizeof want, "entente-%s", g.service);
    assert_string_equal(h->server, want);
    assert_int_equal(h->status, ENTENTE__V1__SERVING_STATUS__SERVING);
    assert_int_equal(h->n_counters, RPC_COUNTER_COUNT);
    protobuf_c_message_free_unpacked(&h->base, NULL);
    /* a good raw request too */
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, g.client, &frame, &len);
    assert_int_equal(raw_call(frame, len, 3000), STATUS_OK);
    free(frame);
}

static void test_not_an_envelope(void **state)
{
    static const uint8_t junk[] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff this is not protobuf";
    expect_rejected(junk, sizeof junk, STATUS_INVALID_ARGUMENT, "rejected_malformed");
}

static void test_truncated_envelope(void **state)
{
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, g.client, &frame, &len);
    expect_rejected(frame, len - 1, STATUS_INVALID_ARGUMENT, "rejected_malformed");
    expect_rejected(frame, len / 2, STATUS_INVALID_ARGUMENT, "rejected_malformed");
    free(frame);
}

static void test_garbage_payload(void **state)
{
    static const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    tu_request_t req = {.raw_payload = junk, .raw_len = sizeof junk};
    expect_request_rejected(&req, g.client, STATUS_INVALID_ARGUMENT, "rejected_bad_payload");
}

static void test_not_a_request(void **state)
{
    tu_request_t req = {.kind = ENTENTE__V1__KIND__STREAM};
    expect_request_rejected(&req, g.client, STATUS_INVALID_ARGUMENT, "rejected_malformed");
    static const uint8_t id[3] = {1, 2, 3};
    tu_request_t short_id = {.request_id = id, .request_id_len = sizeof id};
    expect_request_rejected(&short_id, g.client, STATUS_INVALID_ARGUMENT, "rejected_malformed");
}

static void test_unknown_service(void **state)
{
    tu_request_t req = {.service = "entente.v1.NoSuchService", .method = "Check"};
    expect_request_rejected(&req, g.client, STATUS_UNIMPLEMENTED, "rejected_unimplemented");
}

static void test_unknown_method(void **state)
{
    tu_request_t req = {.service = "entente.v1.Health", .method = "Explode"};
    expect_request_rejected(&req, g.client, STATUS_UNIMPLEMENTED, "rejected_unimplemented");
}

static void test_missing_signature(void **state)
{
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, g.client, &frame, &len);
    expect_rejected(frame, len - ENVELOPE_TRAILER_BYTES, STATUS_UNAUTHENTICATED,
                    "rejected_unsigned");
    expect_rejected(frame, 0, STATUS_UNAUTHENTICATED, "rejected_unsigned");
    free(frame);
}

static void test_bad_signature(void **state)
{
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, g.client, &frame, &len);
    frame[len - 10] ^= 0x40;
    expect_rejected(frame, len, STATUS_UNAUTHENTICATED, "rejected_bad_signature");
    free(frame);
}

/* CurveZMQ: a key outside the keyring cannot even connect (the ZAP handler
 * refuses its handshake), nor can a plaintext client; a keyring key can. */
static void test_curve_admits_keyring_keys_only(void **state)
{
    assert_int_equal(health_as(g.reader, 0, NULL, 3000), 0);
    assert_int_equal(health_as(g.stranger, 0, NULL, 600), -1);
    assert_int_equal(health_as(g.client, 1, NULL, 600), -1);
    assert_int_equal(health(NULL, 3000), 0);
}

static void test_unknown_key(void **state)
{
    tu_request_t req = {0};
    expect_request_rejected(&req, g.stranger, STATUS_UNAUTHENTICATED, "rejected_unknown_key");
}

/* A method the client role may not call, found through Reflection. */
static void test_role_not_allowed(void **state)
{
    char err[256];
    transport_opts_t topts = curve_to_service(0);
    rpc_client_t *c = rpc_client_new(g.endpoint, g.reader, g.ring, &topts, err, sizeof err);
    Entente__V1__ListServicesRequest in = ENTENTE__V1__LIST_SERVICES_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    status_t st;
    assert_int_equal(rpc_client_call(c, &entente__v1__reflection__descriptor, "ListServices",
                                     &in.base, &out, 3000, &st),
                     STATUS_OK);
    rpc_client_destroy(&c);
    Entente__V1__ListServicesResponse *r = (void *)out;
    char service[128] = "", method[64] = "";
    for (size_t s = 0; s < r->n_services && !*method; s++)
        for (size_t m = 0; m < r->services[s]->n_methods && !*method; m++) {
            const Entente__V1__MethodInfo *mi = r->services[s]->methods[m];
            unsigned roles = 0, one;
            for (size_t k = 0; k < mi->n_roles; k++)
                if (keyring_roles_parse(mi->roles[k], &one) == 0)
                    roles |= one;
            if (!(roles & ROLE_CLIENT)) {
                snprintf(service, sizeof service, "%s", r->services[s]->name);
                snprintf(method, sizeof method, "%s", mi->name);
            }
        }
    protobuf_c_message_free_unpacked(out, NULL);
    if (!*method && strcmp(g.service, "index") == 0)
        fail_msg("IndexService.Append must be refused to a client key");
    if (!*method) {
        print_message("entente-%s has no method the client role may not call\n", g.service);
        skip();
    }
    tu_request_t req = {.service = service, .method = method};
    expect_request_rejected(&req, g.reader, STATUS_PERMISSION_DENIED, "rejected_permission");
}

static void test_replayed_request_id(void **state)
{
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, g.client, &frame, &len);
    assert_int_equal(raw_call(frame, len, 3000), STATUS_OK);
    expect_rejected(frame, len, STATUS_UNAUTHENTICATED, "rejected_replayed");
    free(frame);
}

static void test_timestamp_outside_window(void **state)
{
    tu_request_t old = {.timestamp_ms = envelope_now_ms() - 4 * SKEW_MS};
    tu_request_t future = {.timestamp_ms = envelope_now_ms() + 4 * SKEW_MS};
    expect_request_rejected(&old, g.client, STATUS_UNAUTHENTICATED, "rejected_clock_skew");
    expect_request_rejected(&future, g.client, STATUS_UNAUTHENTICATED, "rejected_clock_skew");
}

static void test_expired_deadline(void **state)
{
    tu_request_t req = {.deadline_ms = envelope_now_ms() - 1};
    expect_request_rejected(&req, g.client, STATUS_DEADLINE_EXCEEDED, "rejected_deadline");
}

/* Between --max-msg-bytes and the hard cap: answered RESOURCE_EXHAUSTED. */
static void test_over_size_limit(void **state)
{
    transport_opts_t o = {.max_msg_bytes = MAX_MSG};
    size_t n = (size_t)(MAX_MSG + transport_hard_cap(&o)) / 2;
    uint8_t *big = calloc(1, n);
    tu_request_t req = {.raw_payload = big, .raw_len = n};
    uint8_t *frame;
    size_t len;
    tu_seal_request(&req, g.client, &frame, &len);
    assert_true((long)len > MAX_MSG && (long)len < transport_hard_cap(&o));
    expect_rejected(frame, len, STATUS_RESOURCE_EXHAUSTED, "rejected_too_large");
    free(frame);
    free(big);
}

/* Above the hard cap libzmq drops the peer: no reply, nothing counted, and
 * a new client is served. */
static void test_over_hard_cap(void **state)
{
    transport_opts_t o = {.max_msg_bytes = MAX_MSG};
    size_t n = (size_t)transport_hard_cap(&o) + 1000;
    uint8_t *big = calloc(1, n);
    uint64_t before = counter("requests_total");
    assert_int_equal(raw_call(big, n, 1000), -1);
    free(big);
    assert_int_equal(health(NULL, 3000), 0);
    /* only the Health call of counter() itself, not the dropped frame */
    assert_int_equal(counter("requests_total"), before + 2);
}

/* SIGTERM: the service drains and exits 0 (in the sanitizer build this also
 * fails when it leaked). Runs last. */
/* The child's resident size in KiB (VmRSS of /proc/PID/status). */
static long child_rss_kib(void)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)g.child);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(f);
    assert_true(kib > 0);
    return kib;
}

/* Memory discipline: 10,000 requests, half of them answered Health checks
 * and half garbage refused, leave the resident size flat between the
 * 1,000th and the 10,000th (the replay window's ids are all it may keep). */
static void test_rss_flat_over_10k_requests(void **state)
{
    char err[256];
    transport_opts_t topts = curve_to_service(0);
    rpc_client_t *c = rpc_client_new(g.endpoint, g.client, g.ring, &topts, err, sizeof err);
    assert_non_null(c);
    zsock_t *raw = raw_dealer();
    static const uint8_t garbage[] = {0x0a, 0x05, 'h', 'e', 'l', 'l', 'o', 0xff, 0x01};
    Entente__V1__HealthCheckRequest in = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    long at_1k = 0, at_10k = 0;
    for (int i = 1; i <= 10000; i++) {
        if (i % 2) {
            ProtobufCMessage *msg = NULL;
            status_t st;
            assert_int_equal(rpc_client_call(c, &entente__v1__health__descriptor, "Check", &in.base,
                                             &msg, 3000, &st),
                             STATUS_OK);
            protobuf_c_message_free_unpacked(msg, NULL);
        } else {
            zframe_t *out = zframe_new(garbage, sizeof garbage);
            assert_int_equal(zframe_send(&out, raw, 0), 0);
            zframe_t *reply = zframe_recv(raw);
            assert_non_null(reply);
            zframe_destroy(&reply);
        }
        if (i == 1000)
            at_1k = child_rss_kib();
    }
    at_10k = child_rss_kib();
    printf("entente-%s RSS: %ld KiB after 1,000 requests, %ld KiB after 10,000 (%+ld KiB)\n",
           g.service, at_1k, at_10k, at_10k - at_1k);
    zsock_destroy(&raw);
    rpc_client_destroy(&c);
#if defined(__SANITIZE_ADDRESS__)
    /* ASan's quarantine keeps freed memory resident: its figures are noise */
    return;
#endif
    if (at_10k - at_1k > 4096)
        fail_msg("RSS grew by %ld KiB over 9,000 requests", at_10k - at_1k);
}

static void test_sigterm_exits_cleanly(void **state)
{
    assert_true(g.child > 0);
    assert_int_equal(kill(g.child, SIGTERM), 0);
    int status = reap(10000);
    if (status == -1)
        fail_msg("entente-%s did not exit within 10 s of SIGTERM", g.service);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s BINARY SERVICE\n", argv[0]);
        return 2;
    }
    g.binary = argv[1];
    g.service = argv[2];
    zsys_init();
    zsys_set_logstream(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health_over_tcp),
        cmocka_unit_test(test_not_an_envelope),
        cmocka_unit_test(test_truncated_envelope),
        cmocka_unit_test(test_garbage_payload),
        cmocka_unit_test(test_not_a_request),
        cmocka_unit_test(test_unknown_service),
        cmocka_unit_test(test_unknown_method),
        cmocka_unit_test(test_missing_signature),
        cmocka_unit_test(test_bad_signature),
        cmocka_unit_test(test_curve_admits_keyring_keys_only),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_role_not_allowed),
        cmocka_unit_test(test_replayed_request_id),
        cmocka_unit_test(test_timestamp_outside_window),
        cmocka_unit_test(test_expired_deadline),
        cmocka_unit_test(test_over_size_limit),
        cmocka_unit_test(test_over_hard_cap),
        cmocka_unit_test(test_rss_flat_over_10k_requests),
        cmocka_unit_test(test_sigterm_exits_cleanly),
    };
    return cmocka_run_group_tests(tests, start_service, stop_service);
}
