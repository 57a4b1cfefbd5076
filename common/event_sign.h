/* event_sign — the ingest signature each partnership event carries end to end.
 *
 * The signed bytes are the event serialized with seq = 0 and with
 * ingest_signature and ingest_key_id empty (protobuf-c packs fields in number
 * order, so the bytes follow from the content). index checks the signature
 * before storing; subscribers and query clients may check it again. */
#ifndef ENTENTE_EVENT_SIGN_H
#define ENTENTE_EVENT_SIGN_H

#include <stddef.h>

#include "entente/v1/event.pb-c.h"
#include "identity.h"
#include "keyring.h"

/* Signs ev in place: sets ingest_key_id and ingest_signature (malloc'd; the
 * caller frees ev->ingest_signature.data unless ev came from unpack). */
int event_sign(Entente__V1__PartnershipEvent *ev, const identity_t *signer);

/* 0 when ev carries a valid signature by a key of the keyring whose roles
 * include one of roles; -1 with err saying why. */
int event_verify(const Entente__V1__PartnershipEvent *ev, const keyring_t *keyring,
                 unsigned roles, char *err, size_t errlen);

#endif
