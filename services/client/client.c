#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "event_sign.h"
#include "entente.h"
#include "identity.h"
#include "keyring.h"
#include "rpc_client.h"
#include "status.h"
#include "transport.h"

#define CLIENT_DEFAULT_TIMEOUT_MS 5000

struct entente_client {
    identity_t *identity;
    keyring_t *keyring;
    rpc_client_t *rpc;
    int timeout_ms;
};

entente_client_t *entente_client_new(const entente_client_options_t *opts, char *err,
                                     size_t errlen)
{
    if (!opts || !opts->endpoint) {
        snprintf(err, errlen, "an endpoint is required");
        return NULL;
    }
    const char *dir = opts->data_dir ? opts->data_dir : "./data";
    char key[4096], ring[4096];
    datadir_key_path(dir, "client", key, sizeof key);
    datadir_keyring_path(dir, ring, sizeof ring);
    entente_client_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : CLIENT_DEFAULT_TIMEOUT_MS;
    self->identity = identity_load(opts->key_path ? opts->key_path : key, err, errlen);
    if (self->identity)
        self->keyring =
            keyring_load(opts->keyring_path ? opts->keyring_path : ring, err, errlen);
    uint8_t server_pk[IDENTITY_PK_BYTES];
    transport_opts_t topts = {.max_msg_bytes = opts->max_msg_bytes, .plaintext = opts->plaintext};
    if (self->keyring && transport_uses_curve(opts->endpoint, &topts)) {
        if (!opts->server_key)
            snprintf(err, errlen, "%s is CurveZMQ: say which server it is (server key: a keyring "
                     "name, a role such as query, or hex)", opts->endpoint);
        else if (keyring_server_key(self->keyring, opts->server_key, NULL, server_pk, err,
                                    errlen) == 0)
            topts.server_pk = server_pk;
        if (!topts.server_pk)
            keyring_destroy(&self->keyring);
    }
    if (self->keyring)
        self->rpc = rpc_client_new(opts->endpoint, self->identity, self->keyring, &topts, err,
                                   errlen);
    if (!self->rpc)
        entente_client_destroy(&self);
    return self;
}

void entente_client_destroy(entente_client_t **self)
{
    if (!self || !*self)
        return;
    rpc_client_destroy(&(*self)->rpc);
    keyring_destroy(&(*self)->keyring);
    identity_destroy(&(*self)->identity);
    free(*self);
    *self = NULL;
}

int entente_call(entente_client_t *self, const ProtobufCServiceDescriptor *service,
                 const char *method, const ProtobufCMessage *input, ProtobufCMessage **output,
                 entente_status_t *st)
{
    status_t s;
    status_code_t code =
        rpc_client_call(self->rpc, service, method, input, output, self->timeout_ms, &s);
    if (st) {
        st->code = (int)code;
        snprintf(st->message, sizeof st->message, "%s", s.message);
    }
    return (int)code;
}

int entente_health(entente_client_t *self, const char *service,
                   Entente__V1__HealthCheckResponse **out, entente_status_t *st)
{
    Entente__V1__HealthCheckRequest req = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    req.service = (char *)(service ? service : "");
    return entente_call(self, &entente__v1__health__descriptor, "Check", &req.base,
                        (ProtobufCMessage **)out, st);
}

int entente_list_services(entente_client_t *self, Entente__V1__ListServicesResponse **out,
                          entente_status_t *st)
{
    Entente__V1__ListServicesRequest req = ENTENTE__V1__LIST_SERVICES_REQUEST__INIT;
    return entente_call(self, &entente__v1__reflection__descriptor, "ListServices", &req.base,
                        (ProtobufCMessage **)out, st);
}

int entente_submit(entente_client_t *self, const Entente__V1__SubmitRequest *req,
                   Entente__V1__SubmitReply **out, entente_status_t *st)
{
    return entente_call(self, &entente__v1__ingest_service__descriptor, "Submit", &req->base,
                        (ProtobufCMessage **)out, st);
}

int entente_search(entente_client_t *self, const Entente__V1__SearchRequest *req,
                   Entente__V1__SearchReply **out, entente_status_t *st)
{
    return entente_call(self, &entente__v1__query_service__descriptor, "Search", &req->base,
                        (ProtobufCMessage **)out, st);
}

int entente_get(entente_client_t *self, const char *id, Entente__V1__GetReply **out,
                entente_status_t *st)
{
    Entente__V1__GetRequest req = ENTENTE__V1__GET_REQUEST__INIT;
    req.id = (char *)id;
    return entente_call(self, &entente__v1__query_service__descriptor, "Get", &req.base,
                        (ProtobufCMessage **)out, st);
}

int entente_aggregate(entente_client_t *self, const Entente__V1__AggregateRequest *req,
                      Entente__V1__AggregateReply **out, entente_status_t *st)
{
    return entente_call(self, &entente__v1__query_service__descriptor, "Aggregate", &req->base,
                        (ProtobufCMessage **)out, st);
}

int entente_verify_event(const entente_client_t *self, const Entente__V1__PartnershipEvent *ev,
                         char *err, size_t errlen)
{
    return event_verify(ev, self->keyring, ROLE_INGEST, err, errlen);
}

const char *entente_status_name(int code) { return status_name(code); }
const char *entente_version(void) { return ENTENTE_VERSION; }
