/* envelope — build, sign, verify and decode the one wire message.
 *
 * A sealed frame is the serialized Envelope without its signature, followed by
 * field 15 (tag 0x7a, length 0x40) and the 64-byte Ed25519 signature of every
 * byte before it. envelope_open checks that trailer, finds the signer in the
 * keyring by key_id and verifies the signature before anything reads the
 * payload. */
#ifndef ENTENTE_ENVELOPE_H
#define ENTENTE_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "entente/v1/envelope.pb-c.h"
#include "identity.h"
#include "keyring.h"
#include "status.h"

#define ENVELOPE_VERSION 1
#define ENVELOPE_REQUEST_ID_BYTES 16
#define ENVELOPE_TRAILER_BYTES (2 + IDENTITY_SIG_BYTES)

/* Sets key_id and (when 0) timestamp_ms of env from signer, serializes and
 * signs. *out is malloc'd; the caller frees it. env's signature must be empty. */
int envelope_seal(Entente__V1__Envelope *env, const identity_t *signer, uint8_t **out,
                  size_t *outlen);

typedef enum {
    ENVELOPE_OK = 0,
    ENVELOPE_MALFORMED,     /* not an Envelope, or an unsupported version */
    ENVELOPE_UNSIGNED,      /* no signature trailer */
    ENVELOPE_UNKNOWN_KEY,   /* key_id not in the keyring */
    ENVELOPE_BAD_SIGNATURE, /* signature does not verify */
} envelope_fault_t;

/* Verifies and decodes a sealed frame. On success *env is the decoded envelope
 * (free with envelope_free) and *signer its keyring entry. On failure returns
 * the fault, st holds the status a server answers with (INVALID_ARGUMENT for a
 * malformed frame, UNAUTHENTICATED otherwise) and why, and *env is NULL. */
envelope_fault_t envelope_open(const uint8_t *frame, size_t len, const keyring_t *keyring,
                            Entente__V1__Envelope **env, const keyring_entry_t **signer,
                            status_t *st);

void envelope_free(Entente__V1__Envelope *env);

/* Fresh random request id into id[ENVELOPE_REQUEST_ID_BYTES]. */
void envelope_new_request_id(uint8_t *id);

/* Current Unix time in milliseconds. */
uint64_t envelope_now_ms(void);

#endif
