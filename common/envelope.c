#include "envelope.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pb_strict.h"

/* field 15, wire type 2 (length-delimited), then the length 64 */
static const uint8_t trailer_head[2] = {0x7a, 0x40};

uint64_t envelope_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void envelope_new_request_id(uint8_t *id) { randombytes_buf(id, ENVELOPE_REQUEST_ID_BYTES); }

int envelope_seal(Entente__V1__Envelope *env, const identity_t *signer, uint8_t **out,
                  size_t *outlen)
{
    if (env->signature.len != 0)
        return -1;
    env->key_id = (char *)identity_key_id(signer);
    if (env->timestamp_ms == 0)
        env->timestamp_ms = envelope_now_ms();
    if (env->version == 0)
        env->version = ENVELOPE_VERSION;
    size_t body = protobuf_c_message_get_packed_size(&env->base);
    uint8_t *buf = malloc(body + ENVELOPE_TRAILER_BYTES);
    if (!buf)
        return -1;
    protobuf_c_message_pack(&env->base, buf);
    memcpy(buf + body, trailer_head, sizeof trailer_head);
    identity_sign(signer, buf, body, buf + body + sizeof trailer_head);
    *out = buf;
    *outlen = body + ENVELOPE_TRAILER_BYTES;
    return 0;
}

envelope_fault_t envelope_open(const uint8_t *frame, size_t len, const keyring_t *keyring,
                            Entente__V1__Envelope **env, const keyring_entry_t **signer,
                            status_t *st)
{
    *env = NULL;
    *signer = NULL;
    Entente__V1__Envelope *e =
        (Entente__V1__Envelope *)pb_strict_unpack(&entente__v1__envelope__descriptor, len, frame);
    if (!e) {
        status_set(st, STATUS_INVALID_ARGUMENT, "frame is not an entente.v1.Envelope");
        return ENVELOPE_MALFORMED;
    }
    if (len < ENVELOPE_TRAILER_BYTES ||
        memcmp(frame + len - ENVELOPE_TRAILER_BYTES, trailer_head, sizeof trailer_head) != 0) {
        status_set(st, STATUS_UNAUTHENTICATED, "envelope is not signed");
        envelope_free(e);
        return ENVELOPE_UNSIGNED;
    }
    const uint8_t *sig = frame + len - IDENTITY_SIG_BYTES;
    const keyring_entry_t *who = e->key_id ? keyring_find(keyring, e->key_id) : NULL;
    envelope_fault_t fault = ENVELOPE_OK;
    if (!who) {
        status_set(st, STATUS_UNAUTHENTICATED, "unknown key id '%.32s'",
                   e->key_id ? e->key_id : "");
        fault = ENVELOPE_UNKNOWN_KEY;
    } else if (keyring_verify(who, frame, len - ENVELOPE_TRAILER_BYTES, sig) != 0) {
        status_set(st, STATUS_UNAUTHENTICATED, "bad signature for key %s", who->key_id);
        fault = ENVELOPE_BAD_SIGNATURE;
    } else if (e->version != ENVELOPE_VERSION) {
        status_set(st, STATUS_INVALID_ARGUMENT, "unsupported protocol version %u", e->version);
        fault = ENVELOPE_MALFORMED;
    }
    if (fault != ENVELOPE_OK) {
        envelope_free(e);
        return fault;
    }
    *env = e;
    *signer = who;
    status_set(st, STATUS_OK, "ok");
    return ENVELOPE_OK;
}

void envelope_free(Entente__V1__Envelope *env)
{
    if (env)
        entente__v1__envelope__free_unpacked(env, NULL);
}
