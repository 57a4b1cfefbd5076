#include "event_sign.h"

#include <stdio.h>
#include <stdlib.h>

/* The event as signed: provenance fields cleared. Returns malloc'd bytes. */
static uint8_t *event_signed_bytes(const Entente__V1__PartnershipEvent *ev, size_t *len)
{
    Entente__V1__PartnershipEvent copy = *ev;
    copy.seq = 0;
    copy.ingest_signature = (ProtobufCBinaryData){0, NULL};
    copy.ingest_key_id = (char *)"";
    *len = entente__v1__partnership_event__get_packed_size(&copy);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf)
        entente__v1__partnership_event__pack(&copy, buf);
    return buf;
}

int event_sign(Entente__V1__PartnershipEvent *ev, const identity_t *signer)
{
    size_t len;
    uint8_t *buf = event_signed_bytes(ev, &len);
    uint8_t *sig = malloc(IDENTITY_SIG_BYTES);
    if (!buf || !sig) {
        free(buf);
        free(sig);
        return -1;
    }
    identity_sign(signer, buf, len, sig);
    free(buf);
    ev->ingest_key_id = (char *)identity_key_id(signer);
    ev->ingest_signature = (ProtobufCBinaryData){IDENTITY_SIG_BYTES, sig};
    return 0;
}

int event_verify(const Entente__V1__PartnershipEvent *ev, const keyring_t *keyring,
                 unsigned roles, char *err, size_t errlen)
{
    const keyring_entry_t *who =
        ev->ingest_key_id ? keyring_find(keyring, ev->ingest_key_id) : NULL;
    if (!who) {
        snprintf(err, errlen, "event %.40s: signer key '%.32s' is not in the keyring",
                 ev->id ? ev->id : "", ev->ingest_key_id ? ev->ingest_key_id : "");
        return -1;
    }
    if (!(who->roles & roles)) {
        snprintf(err, errlen, "event %.40s: key '%s' may not sign events", ev->id ? ev->id : "",
                 who->name);
        return -1;
    }
    if (ev->ingest_signature.len != IDENTITY_SIG_BYTES) {
        snprintf(err, errlen, "event %.40s: no signature", ev->id ? ev->id : "");
        return -1;
    }
    size_t len;
    uint8_t *buf = event_signed_bytes(ev, &len);
    int ok = buf && keyring_verify(who, buf, len, ev->ingest_signature.data) == 0;
    free(buf);
    if (!ok)
        snprintf(err, errlen, "event %.40s: bad signature", ev->id ? ev->id : "");
    return ok ? 0 : -1;
}
