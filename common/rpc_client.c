#include "rpc_client.h"

#include <czmq.h>
#include <string.h>

#include "envelope.h"
#include "transport.h"
#include "pb_strict.h"

#define RPC_CLIENT_ATTEMPTS 3

struct rpc_client {
    char *endpoint;
    const identity_t *identity;
    const keyring_t *keyring;
    transport_opts_t topts;
    uint8_t server_pk[IDENTITY_PK_BYTES]; /* topts.server_pk points here */
    int nonstop;
    zsock_t *sock;
};

/* Methods that change nothing when repeated: reads, and Append, which stores
 * each event id once. Submit is not: a repeat reports the document as a
 * duplicate instead of its events. */
static const char *const idempotent_methods[] = {
    "entente.v1.Health/Check",        "entente.v1.Reflection/ListServices",
    "entente.v1.IndexService/Append", "entente.v1.IndexService/Replay",
    "entente.v1.QueryService/Search", "entente.v1.QueryService/Get",
    "entente.v1.QueryService/Aggregate", "entente.v1.QueryService/Replay",
};

int rpc_method_idempotent(const char *service, const char *method)
{
    char full[160];
    snprintf(full, sizeof full, "%s/%s", service, method);
    for (size_t i = 0; i < sizeof idempotent_methods / sizeof *idempotent_methods; i++)
        if (strcmp(full, idempotent_methods[i]) == 0)
            return 1;
    return 0;
}

rpc_client_t *rpc_client_new(const char *endpoint, const identity_t *identity,
                             const keyring_t *keyring, const transport_opts_t *topts, char *err,
                             size_t errlen)
{
    rpc_client_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->endpoint = strdup(endpoint);
    self->identity = identity;
    self->keyring = keyring;
    if (topts)
        self->topts = *topts;
    self->topts.identity = identity;
    if (topts && topts->server_pk) {
        memcpy(self->server_pk, topts->server_pk, IDENTITY_PK_BYTES);
        self->topts.server_pk = self->server_pk;
    }
    self->sock = transport_client_new(endpoint, &self->topts, err, errlen);
    if (!self->sock)
        rpc_client_destroy(&self);
    return self;
}

void rpc_client_set_nonstop(rpc_client_t *self) { self->nonstop = 1; }

void rpc_client_destroy(rpc_client_t **self)
{
    if (!self || !*self)
        return;
    zsock_destroy(&(*self)->sock);
    free((*self)->endpoint);
    free(*self);
    *self = NULL;
}

/* A fresh socket drops whatever the old one still queued (lazy pirate). */
static int rpc_client_reconnect(rpc_client_t *self, status_t *st)
{
    char err[256];
    zsock_destroy(&self->sock);
    self->sock = transport_client_new(self->endpoint, &self->topts, err, sizeof err);
    if (!self->sock) {
        status_set(st, STATUS_UNAVAILABLE, "%s", err);
        return -1;
    }
    return 0;
}

/* Sends one request and waits for the reply with the same request id. */
static status_code_t rpc_client_attempt(rpc_client_t *self, Entente__V1__Envelope *req,
                                        const ProtobufCMethodDescriptor *m,
                                        ProtobufCMessage **output, uint64_t until_ms,
                                        status_t *st)
{
    uint8_t *frame = NULL;
    size_t len = 0;
    envelope_new_request_id(req->request_id.data);
    req->timestamp_ms = 0;
    req->signature.len = 0;
    if (envelope_seal(req, self->identity, &frame, &len) != 0) {
        status_set(st, STATUS_INTERNAL, "cannot sign the request");
        return st->code;
    }
    zframe_t *f = zframe_new(frame, len);
    free(frame);
    if (zframe_send(&f, self->sock, 0) != 0) {
        status_set(st, STATUS_UNAVAILABLE, "cannot send to %s", self->endpoint);
        return st->code;
    }
    for (;;) {
        uint64_t now = envelope_now_ms();
        if (now >= until_ms) {
            status_set(st, STATUS_DEADLINE_EXCEEDED, "no reply from %s in time", self->endpoint);
            return st->code;
        }
        zpoller_t *poller = zpoller_new(self->sock, NULL);
        zpoller_set_nonstop(poller, self->nonstop);
        void *ready = zpoller_wait(poller, (int)(until_ms - now));
        int interrupted = zpoller_terminated(poller);
        zpoller_destroy(&poller);
        if (!ready) {
            if (interrupted)
                status_set(st, STATUS_CANCELLED, "interrupted");
            else
                status_set(st, STATUS_DEADLINE_EXCEEDED, "no reply from %s in time%s",
                           self->endpoint,
                           transport_uses_curve(self->endpoint, &self->topts)
                               ? " (CurveZMQ: is the server key right, and this client's key "
                                 "in the server's keyring?)"
                               : "");
            return st->code;
        }
        zframe_t *reply = zframe_recv(self->sock);
        if (!reply)
            continue;
        Entente__V1__Envelope *env = NULL;
        const keyring_entry_t *signer = NULL;
        status_t vst;
        if (envelope_open(zframe_data(reply), zframe_size(reply), self->keyring, &env, &signer,
                          &vst) != ENVELOPE_OK) {
            zframe_destroy(&reply);
            status_set(st, STATUS_UNAUTHENTICATED, "reply rejected: %s", vst.message);
            return st->code;
        }
        zframe_destroy(&reply);
        /* a refusal of a frame the server could not read carries no id; with one
         * call outstanding it is ours */
        int ours = env->request_id.len == 0 ||
                   (env->request_id.len == req->request_id.len &&
                    memcmp(env->request_id.data, req->request_id.data, req->request_id.len) == 0);
        if (!ours) {
            envelope_free(env); /* a late reply to an earlier attempt */
            continue;
        }
        status_code_t code = env->status ? (status_code_t)env->status->code : STATUS_UNKNOWN;
        if (code != STATUS_OK) {
            status_set(st, code, "%s", env->status && env->status->message ? env->status->message
                                                                            : "no status");
        } else {
            *output = pb_strict_unpack(m->output, env->payload.len, env->payload.data);
            if (!*output)
                status_set(st, STATUS_INTERNAL, "reply is not a valid %s", m->output->name);
            else
                status_set(st, STATUS_OK, "ok");
        }
        envelope_free(env);
        return st->code;
    }
}

status_code_t rpc_client_call(rpc_client_t *self, const ProtobufCServiceDescriptor *service,
                              const char *method, const ProtobufCMessage *input,
                              ProtobufCMessage **output, int timeout_ms, status_t *st)
{
    *output = NULL;
    const ProtobufCMethodDescriptor *m =
        protobuf_c_service_descriptor_get_method_by_name(service, method);
    if (!m || input->descriptor != m->input) {
        status_set(st, STATUS_INVALID_ARGUMENT, "%s has no method %s taking this input",
                   service->name, method);
        return st->code;
    }
    uint8_t request_id[ENVELOPE_REQUEST_ID_BYTES];
    size_t plen = protobuf_c_message_get_packed_size(input);
    uint8_t *payload = malloc(plen ? plen : 1);
    if (!payload) {
        status_set(st, STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return st->code;
    }
    protobuf_c_message_pack(input, payload);
    uint64_t start = envelope_now_ms();
    uint64_t until = start + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1);
    Entente__V1__Envelope req = ENTENTE__V1__ENVELOPE__INIT;
    req.kind = ENTENTE__V1__KIND__REQUEST;
    req.service = (char *)service->name;
    req.method = (char *)m->name;
    req.request_id = (ProtobufCBinaryData){sizeof request_id, request_id};
    req.deadline_ms = until;
    req.payload = (ProtobufCBinaryData){plen, payload};
    int attempts = rpc_method_idempotent(service->name, m->name) ? RPC_CLIENT_ATTEMPTS : 1;
    status_code_t code = STATUS_UNKNOWN;
    for (int i = 0; i < attempts; i++) {
        uint64_t now = envelope_now_ms();
        /* share what remains of the deadline among the attempts left */
        uint64_t slice = now < until ? (until - now) / (uint64_t)(attempts - i) : 0;
        code = rpc_client_attempt(self, &req, m, output, now + slice, st);
        if (code != STATUS_DEADLINE_EXCEEDED && code != STATUS_UNAVAILABLE)
            break;
        if (i + 1 < attempts && rpc_client_reconnect(self, st) != 0)
            break;
    }
    free(payload);
    return code;
}
