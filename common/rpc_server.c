#include "rpc_server.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

#include "entente/v1/services.pb-c.h"
#include "envelope.h"
#include "log.h"
#include "replay_guard.h"
#include "rpc_builtin.h"
#include "service_metrics.h"
#include "transport.h"
#include "pb_strict.h"

#define RPC_MAX_SERVICES 8
#define RPC_MAX_ACL 16
#define RPC_REPLAY_MAX_IDS 1000000

typedef struct {
    ProtobufCService *service;
    rpc_acl_t acl[RPC_MAX_ACL];
    size_t acl_count;
} rpc_entry_t;

struct rpc_server {
    char name[64];
    const identity_t *identity;
    const keyring_t *keyring;
    long max_msg_bytes;
    transport_opts_t topts;
    zsock_t *sock;
    replay_guard_t *guard;
    rpc_entry_t entries[RPC_MAX_SERVICES];
    size_t entry_count;
    int serving;
    uint64_t started_ms;
    _Atomic uint64_t counters[RPC_COUNTER_COUNT];
    rpc_builtin_t *builtin;
    metrics_t *metrics;
    metrics_family_t *m_requests, *m_duration, *m_sig_failures;
};

struct rpc_call {
    status_t status;
    const keyring_entry_t *caller;
    uint64_t deadline_ms;
    uint8_t *reply;        /* packed output message */
    size_t reply_len;
    int replied;
};

static const char *const counter_names[RPC_COUNTER_COUNT] = {
    "requests_total",           "replies_ok",
    "rejected_malformed",       "rejected_unsigned",
    "rejected_unknown_key",     "rejected_bad_signature",
    "rejected_clock_skew",      "rejected_replayed",
    "rejected_deadline",        "rejected_too_large",
    "rejected_unimplemented",   "rejected_permission",
    "rejected_bad_payload",     "rejected_busy",
    "handler_errors",
};

const char *rpc_counter_name(rpc_counter_t which) { return counter_names[which]; }

uint64_t rpc_server_counter(const rpc_server_t *self, rpc_counter_t which)
{
    return atomic_load(&self->counters[which]);
}

static void rpc_count(rpc_server_t *self, rpc_counter_t which)
{
    atomic_fetch_add(&self->counters[which], 1);
}

/* ---- handler helpers ---------------------------------------------------- */

void rpc_call_fail(rpc_call_t *call, status_code_t code, const char *fmt, ...)
{
    call->status.code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->status.message, sizeof call->status.message, fmt, ap);
    va_end(ap);
}

const keyring_entry_t *rpc_call_caller(const rpc_call_t *call) { return call->caller; }
uint64_t rpc_call_deadline_ms(const rpc_call_t *call) { return call->deadline_ms; }

/* The closure every handler calls with its output (or NULL after a failure). */
static void rpc_call_closure(const ProtobufCMessage *output, void *closure_data)
{
    rpc_call_t *call = closure_data;
    if (call->replied)
        return;
    call->replied = 1;
    if (!output || call->status.code != STATUS_OK)
        return;
    call->reply_len = protobuf_c_message_get_packed_size(output);
    call->reply = malloc(call->reply_len ? call->reply_len : 1);
    if (!call->reply) {
        status_set(&call->status, STATUS_RESOURCE_EXHAUSTED, "out of memory packing the reply");
        return;
    }
    protobuf_c_message_pack(output, call->reply);
}

/* ---- lifecycle ------------------------------------------------------------ */

static const rpc_entry_t *rpc_find_service(const rpc_server_t *self, const char *name);
static unsigned rpc_allowed_roles(const rpc_entry_t *e, const char *method);

static void rpc_server_metrics_init(rpc_server_t *self, metrics_t *m)
{
    self->metrics = m;
    self->m_requests = metrics_counter(m, "entente_rpc_requests_total",
                                       "Requests answered, by method and status.",
                                       "service,method,status");
    self->m_duration = metrics_histogram(m, "entente_rpc_request_duration_seconds",
                                         "Time from receiving a request to sending its reply.",
                                         "service,method", metrics_latency_bounds,
                                         metrics_latency_bound_count);
    self->m_sig_failures = service_metrics_signature_failures(m);
    const char *request[] = {self->name, "request"};
    metrics_add(self->m_sig_failures, request, 0); /* shown as 0 before the first */
}

rpc_server_t *rpc_server_new(const rpc_server_config_t *cfg, char *err, size_t errlen)
{
    rpc_server_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(self->name, sizeof self->name, "%s", cfg->name);
    self->identity = cfg->identity;
    self->keyring = cfg->keyring;
    self->max_msg_bytes = cfg->max_msg_bytes > 0 ? cfg->max_msg_bytes : TRANSPORT_DEFAULT_MAX_MSG;
    self->topts = (transport_opts_t){.max_msg_bytes = self->max_msg_bytes,
                                     .identity = cfg->identity, .plaintext = cfg->plaintext};
    self->sock = transport_server_new(&self->topts);
    self->guard = replay_guard_new(cfg->skew_ms ? cfg->skew_ms : 30000, RPC_REPLAY_MAX_IDS);
    if (!self->sock || !self->guard) {
        snprintf(err, errlen, "cannot create the server socket");
        rpc_server_destroy(&self);
        return NULL;
    }
    self->serving = 1;
    self->started_ms = envelope_now_ms();
    rpc_server_metrics_init(self, cfg->metrics);
    self->builtin = rpc_builtin_new(self);
    if (!self->builtin) {
        snprintf(err, errlen, "cannot register Health and Reflection");
        rpc_server_destroy(&self);
        return NULL;
    }
    return self;
}

void rpc_server_destroy(rpc_server_t **self)
{
    if (!self || !*self)
        return;
    zsock_destroy(&(*self)->sock);
    replay_guard_destroy(&(*self)->guard);
    rpc_builtin_destroy(&(*self)->builtin);
    free(*self);
    *self = NULL;
}

int rpc_server_add_service(rpc_server_t *self, ProtobufCService *service, const rpc_acl_t *acl,
                           size_t acl_count)
{
    if (self->entry_count == RPC_MAX_SERVICES || acl_count > RPC_MAX_ACL ||
        rpc_find_service(self, service->descriptor->name))
        return -1;
    rpc_entry_t *e = &self->entries[self->entry_count++];
    e->service = service;
    memcpy(e->acl, acl, acl_count * sizeof *acl);
    e->acl_count = acl_count;
    return 0;
}

int rpc_server_bind(rpc_server_t *self, const char *endpoint, char *err, size_t errlen)
{
    return transport_bind(self->sock, endpoint, &self->topts, err, errlen);
}

zsock_t *rpc_server_socket(rpc_server_t *self) { return self->sock; }
void rpc_server_set_serving(rpc_server_t *self, int serving) { self->serving = serving; }
const identity_t *rpc_server_identity(const rpc_server_t *self) { return self->identity; }
const keyring_t *rpc_server_keyring(const rpc_server_t *self) { return self->keyring; }
const char *rpc_server_name(const rpc_server_t *self) { return self->name; }
metrics_t *rpc_server_metrics(const rpc_server_t *self) { return self->metrics; }
int rpc_server_serving(const rpc_server_t *self) { return self->serving; }
uint64_t rpc_server_started_ms(const rpc_server_t *self) { return self->started_ms; }
size_t rpc_server_service_count(const rpc_server_t *self) { return self->entry_count; }

const ProtobufCServiceDescriptor *rpc_server_service_at(const rpc_server_t *self, size_t i)
{
    return i < self->entry_count ? self->entries[i].service->descriptor : NULL;
}

unsigned rpc_server_method_roles(const rpc_server_t *self, size_t i, const char *method)
{
    return i < self->entry_count ? rpc_allowed_roles(&self->entries[i], method) : 0;
}

/* ---- one request ------------------------------------------------------------ */

static const rpc_entry_t *rpc_find_service(const rpc_server_t *self, const char *name)
{
    for (size_t i = 0; i < self->entry_count; i++)
        if (name && strcmp(self->entries[i].service->descriptor->name, name) == 0)
            return &self->entries[i];
    return NULL;
}

static unsigned rpc_allowed_roles(const rpc_entry_t *e, const char *method)
{
    for (size_t i = 0; i < e->acl_count; i++)
        if (strcmp(e->acl[i].method, method) == 0)
            return e->acl[i].roles;
    return 0;
}

/* The sealed reply to req (NULL when the request could not be decoded). */
static int rpc_seal_reply(rpc_server_t *self, const Entente__V1__Envelope *req,
                          const rpc_call_t *call, uint8_t **frame, size_t *len)
{
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    Entente__V1__Status st = ENTENTE__V1__STATUS__INIT;
    env.kind = ENTENTE__V1__KIND__REPLY;
    if (req) {
        env.service = req->service;
        env.method = req->method;
        env.request_id = req->request_id;
    }
    st.code = call->status.code;
    st.message = (char *)(call->status.code == STATUS_OK ? "" : call->status.message);
    env.status = &st;
    if (call->status.code == STATUS_OK) {
        env.payload.data = call->reply;
        env.payload.len = call->reply_len;
    }
    if (envelope_seal(&env, self->identity, frame, len) != 0) {
        log_error(self->name, "cannot seal a reply");
        return -1;
    }
    return 0;
}

/* Checks that do not need the method: freshness and deadline. */
static rpc_counter_t rpc_check_fresh(rpc_server_t *self, const Entente__V1__Envelope *env,
                                     status_t *st)
{
    uint64_t now = envelope_now_ms();
    if (env->kind != ENTENTE__V1__KIND__REQUEST) {
        status_set(st, STATUS_INVALID_ARGUMENT, "envelope is not a request");
        return RPC_REJECT_MALFORMED;
    }
    if (env->request_id.len < 8 || env->request_id.len > 32) {
        status_set(st, STATUS_INVALID_ARGUMENT, "request_id must be 8 to 32 bytes");
        return RPC_REJECT_MALFORMED;
    }
    switch (replay_guard_check(self->guard, env->key_id, env->request_id.data,
                               env->request_id.len, env->timestamp_ms, now)) {
    case REPLAY_SKEWED:
        status_set(st, STATUS_UNAUTHENTICATED, "timestamp %llu is outside the accepted window",
                   (unsigned long long)env->timestamp_ms);
        return RPC_REJECT_SKEW;
    case REPLAY_REPLAYED:
        status_set(st, STATUS_UNAUTHENTICATED, "request id was already used");
        return RPC_REJECT_REPLAYED;
    case REPLAY_FULL:
        status_set(st, STATUS_RESOURCE_EXHAUSTED, "too many requests in the replay window");
        return RPC_REJECT_BUSY;
    case REPLAY_FRESH:
        break;
    }
    if (env->deadline_ms && now > env->deadline_ms) {
        status_set(st, STATUS_DEADLINE_EXCEEDED, "deadline passed %llu ms before arrival",
                   (unsigned long long)(now - env->deadline_ms));
        return RPC_REJECT_DEADLINE;
    }
    return RPC_OK;
}

/* The counter of each envelope_open fault. */
static const rpc_counter_t fault_counters[] = {
    [ENVELOPE_OK] = RPC_OK,
    [ENVELOPE_MALFORMED] = RPC_REJECT_MALFORMED,
    [ENVELOPE_UNSIGNED] = RPC_REJECT_UNSIGNED,
    [ENVELOPE_UNKNOWN_KEY] = RPC_REJECT_UNKNOWN_KEY,
    [ENVELOPE_BAD_SIGNATURE] = RPC_REJECT_BAD_SIGNATURE,
};

/* Decodes the input, runs the handler through the service's invoke. */
static rpc_counter_t rpc_dispatch(rpc_server_t *self, const Entente__V1__Envelope *env,
                                  const keyring_entry_t *caller, rpc_call_t *call)
{
    const rpc_entry_t *entry = rpc_find_service(self, env->service);
    if (!entry) {
        status_set(&call->status, STATUS_UNIMPLEMENTED, "unknown service '%.64s'",
                   env->service ? env->service : "");
        return RPC_REJECT_UNIMPLEMENTED;
    }
    const ProtobufCServiceDescriptor *d = entry->service->descriptor;
    const ProtobufCMethodDescriptor *m =
        env->method ? protobuf_c_service_descriptor_get_method_by_name(d, env->method) : NULL;
    if (!m) {
        status_set(&call->status, STATUS_UNIMPLEMENTED, "%s has no method '%.64s'", d->name,
                   env->method ? env->method : "");
        return RPC_REJECT_UNIMPLEMENTED;
    }
    if (!(rpc_allowed_roles(entry, m->name) & caller->roles)) {
        status_set(&call->status, STATUS_PERMISSION_DENIED, "key '%s' may not call %s.%s",
                   caller->name, d->name, m->name);
        return RPC_REJECT_PERMISSION;
    }
    ProtobufCMessage *input =
        pb_strict_unpack(m->input, env->payload.len, env->payload.data);
    if (!input) {
        status_set(&call->status, STATUS_INVALID_ARGUMENT, "payload is not a valid %s",
                   m->input->name);
        return RPC_REJECT_BAD_PAYLOAD;
    }
    call->caller = caller;
    call->deadline_ms = env->deadline_ms;
    entry->service->invoke(entry->service, (unsigned)(m - d->methods), input, rpc_call_closure,
                           call);
    protobuf_c_message_free_unpacked(input, NULL);
    if (call->status.code == STATUS_OK && !call->reply) {
        status_set(&call->status, STATUS_INTERNAL, "handler returned no reply");
    }
    return call->status.code == STATUS_OK ? RPC_OK : RPC_HANDLER_ERRORS;
}

/* "entente.v1.IndexService/Append" when the request named a method this
 * server has, else "unknown": labels stay a bounded set. */
static void rpc_method_label(const rpc_server_t *self, const Entente__V1__Envelope *env,
                             char *out, size_t outlen)
{
    const rpc_entry_t *e = env ? rpc_find_service(self, env->service) : NULL;
    const ProtobufCMethodDescriptor *m =
        e && env->method
            ? protobuf_c_service_descriptor_get_method_by_name(e->service->descriptor, env->method)
            : NULL;
    if (m)
        snprintf(out, outlen, "%s/%s", e->service->descriptor->name, m->name);
    else
        snprintf(out, outlen, "unknown");
}

static void rpc_server_observe(rpc_server_t *self, const Entente__V1__Envelope *env,
                               rpc_counter_t outcome, status_code_t code, int64_t elapsed_us)
{
    if (!self->metrics)
        return;
    char method[160];
    rpc_method_label(self, env, method, sizeof method);
    const char *labels[] = {self->name, method, status_name(code)};
    metrics_add(self->m_requests, labels, 1);
    metrics_observe(self->m_duration, labels, (double)elapsed_us / 1e6);
    if (outcome == RPC_REJECT_UNSIGNED || outcome == RPC_REJECT_UNKNOWN_KEY ||
        outcome == RPC_REJECT_BAD_SIGNATURE) {
        const char *kind[] = {self->name, "request"};
        metrics_add(self->m_sig_failures, kind, 1);
    }
}

int rpc_server_answer(rpc_server_t *self, const uint8_t *data, size_t len, uint8_t **reply,
                      size_t *reply_len)
{
    *reply = NULL;
    *reply_len = 0;
    int64_t started_us = zclock_usecs();
    rpc_count(self, RPC_REQUESTS);
    rpc_call_t call = {.status = {.code = STATUS_OK}};
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *caller = NULL;
    rpc_counter_t outcome;
    envelope_fault_t fault;
    if (len > (size_t)self->max_msg_bytes) {
        status_set(&call.status, STATUS_RESOURCE_EXHAUSTED, "request of %zu bytes exceeds %ld",
                   len, self->max_msg_bytes);
        outcome = RPC_REJECT_TOO_LARGE;
    } else if ((fault = envelope_open(data, len, self->keyring, &env, &caller, &call.status)) !=
               ENVELOPE_OK) {
        outcome = fault_counters[fault];
        /* decoded only to echo its request id, so the caller can match the refusal */
        if (fault != ENVELOPE_MALFORMED)
            env = (Entente__V1__Envelope *)pb_strict_unpack(&entente__v1__envelope__descriptor,
                                                             len, data);
    } else if ((outcome = rpc_check_fresh(self, env, &call.status)) == RPC_OK) {
        outcome = rpc_dispatch(self, env, caller, &call);
    }
    rpc_count(self, outcome);
    if (outcome != RPC_OK)
        log_debug(self->name, "%s %s.%s: %s %s", counter_names[outcome],
                  env && env->service ? env->service : "?", env && env->method ? env->method : "?",
                  status_name(call.status.code), call.status.message);
    int rc = rpc_seal_reply(self, env, &call, reply, reply_len);
    rpc_server_observe(self, env, outcome, call.status.code, zclock_usecs() - started_us);
    free(call.reply);
    envelope_free(env);
    return rc;
}

void rpc_server_handle(rpc_server_t *self)
{
    zmsg_t *msg = zmsg_recv(self->sock);
    if (!msg)
        return;
    /* what precedes the last frame routes the reply back */
    zframe_t *body = zmsg_last(msg);
    if (zmsg_size(msg) < 2) {
        zmsg_destroy(&msg);
        return;
    }
    zmsg_remove(msg, body);
    uint8_t *frame = NULL;
    size_t len = 0;
    if (rpc_server_answer(self, zframe_data(body), zframe_size(body), &frame, &len) == 0) {
        zmsg_addmem(msg, frame, len);
        free(frame);
        zmsg_send(&msg, self->sock);
    }
    zmsg_destroy(&msg);
    zframe_destroy(&body);
}
