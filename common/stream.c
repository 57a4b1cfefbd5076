#include "stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "pb_strict.h"

static size_t topic_add(stream_topic_t *topics, size_t n, size_t max, const char *fmt,
                        const char *a, const char *b)
{
    if (n < max)
        snprintf(topics[n++], STREAM_TOPIC_MAX, fmt, a, b);
    return n;
}

size_t stream_event_topics(const Entente__V1__PartnershipEvent *ev, stream_topic_t *topics,
                           size_t max)
{
    size_t n = topic_add(topics, 0, max, "E.%s%s", "", "");
    n = topic_add(topics, n, max, "T.%s.%s", ev->type, "");
    for (size_t i = 0; i < ev->n_countries; i++) {
        n = topic_add(topics, n, max, "C.%s.%s", ev->countries[i], "");
        n = topic_add(topics, n, max, "TC.%s.%s.", ev->type, ev->countries[i]);
    }
    return n;
}

int stream_filter_topics(const stream_filter_t *f, stream_topic_t *topics, size_t max)
{
    size_t n = 0;
    if (f->n_types * (f->n_countries ? f->n_countries : 1) > max)
        return -1;
    if (!f->n_types && !f->n_countries)
        n = topic_add(topics, n, max, "E.%s%s", "", "");
    for (size_t i = 0; !f->n_types && i < f->n_countries; i++)
        n = topic_add(topics, n, max, "C.%s.%s", f->countries[i], "");
    for (size_t t = 0; t < f->n_types; t++) {
        if (!f->n_countries)
            n = topic_add(topics, n, max, "T.%s.%s", f->types[t], "");
        for (size_t i = 0; i < f->n_countries; i++)
            n = topic_add(topics, n, max, "TC.%s.%s.", f->types[t], f->countries[i]);
    }
    return (int)n;
}

static int in_list(const char *s, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

int stream_filter_match(const stream_filter_t *f, const Entente__V1__PartnershipEvent *ev)
{
    if (f->n_types && !in_list(ev->type, f->types, f->n_types))
        return 0;
    if (!f->n_countries)
        return 1;
    for (size_t i = 0; i < ev->n_countries; i++)
        if (in_list(ev->countries[i], f->countries, f->n_countries))
            return 1;
    return 0;
}

int stream_seal(const Entente__V1__StreamFrame *frame, const identity_t *signer, uint8_t **out,
                size_t *len)
{
    size_t plen = entente__v1__stream_frame__get_packed_size(frame);
    uint8_t *payload = malloc(plen ? plen : 1);
    uint8_t id[ENVELOPE_REQUEST_ID_BYTES];
    if (!payload)
        return -1;
    entente__v1__stream_frame__pack(frame, payload);
    envelope_new_request_id(id);
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    env.kind = ENTENTE__V1__KIND__STREAM;
    env.service = (char *)STREAM_SERVICE;
    env.method = (char *)(frame->body_case == ENTENTE__V1__STREAM_FRAME__BODY_BATCH ? "Batch"
                                                                                   : "Heartbeat");
    env.request_id = (ProtobufCBinaryData){sizeof id, id};
    env.payload = (ProtobufCBinaryData){plen, payload};
    int rc = envelope_seal(&env, signer, out, len);
    free(payload);
    return rc;
}

Entente__V1__StreamFrame *stream_open(const uint8_t *data, size_t len, const keyring_t *keyring,
                                      status_t *st)
{
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *signer = NULL;
    if (envelope_open(data, len, keyring, &env, &signer, st) != ENVELOPE_OK)
        return NULL;
    Entente__V1__StreamFrame *frame = NULL;
    if (!(signer->roles & ROLE_INDEX))
        status_set(st, STATUS_PERMISSION_DENIED, "stream frame signed by '%s', not an index",
                   signer->name);
    else if (env->kind != ENTENTE__V1__KIND__STREAM)
        status_set(st, STATUS_INVALID_ARGUMENT, "envelope is not a stream frame");
    else if (!(frame = (Entente__V1__StreamFrame *)pb_strict_unpack(
                     &entente__v1__stream_frame__descriptor, env->payload.len, env->payload.data)))
        status_set(st, STATUS_INVALID_ARGUMENT, "payload is not a StreamFrame");
    envelope_free(env);
    return frame;
}

status_code_t stream_replay(rpc_client_t *client, const ProtobufCServiceDescriptor **svc,
                            const Entente__V1__ReplayRequest *req,
                            Entente__V1__ReplayReply **rep, int timeout_ms, status_t *st)
{
    const ProtobufCServiceDescriptor *first =
        *svc ? *svc : &entente__v1__index_service__descriptor;
    status_code_t code = rpc_client_call(client, first, "Replay", &req->base,
                                         (ProtobufCMessage **)rep, timeout_ms, st);
    if (code == STATUS_UNIMPLEMENTED && !*svc) {
        first = &entente__v1__query_service__descriptor;
        code = rpc_client_call(client, first, "Replay", &req->base, (ProtobufCMessage **)rep,
                               timeout_ms, st);
    }
    if (code == STATUS_OK)
        *svc = first;
    return code;
}
