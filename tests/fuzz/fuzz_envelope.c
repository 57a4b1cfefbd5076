/* fuzz_envelope — a frame as a server receives it.
 *
 * The input is one request frame. It goes through envelope_open (trailer,
 * key lookup, signature) and then through rpc_server_answer exactly as
 * rpc_server_handle would (size limit, signature, freshness, replay guard,
 * deadline, role, method lookup and payload decode of Health / Reflection).
 * Random bytes never carry a valid signature, so when the input decodes as
 * an Envelope it is also re-sealed by a trusted client key and answered
 * again: the fuzzer then explores everything behind the signature check. */
#include <stdlib.h>

#include "envelope.h"
#include "fuzz_common.h"
#include "pb_strict.h"
#include "rpc_server.h"

static rpc_server_t *server;

static void answer(const uint8_t *frame, size_t len)
{
    uint8_t *reply = NULL;
    size_t rlen = 0;
    if (rpc_server_answer(server, frame, len, &reply, &rlen) != 0)
        abort(); /* a server always answers */
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *who = NULL;
    status_t st;
    /* the reply is signed by the server and decodes */
    if (envelope_open(reply, rlen, fz_keys()->keyring, &env, &who, &st) != ENVELOPE_OK)
        abort();
    envelope_free(env);
    free(reply);
}

static void destroy_server(void) { rpc_server_destroy(&server); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fz_keys_t *k = fz_keys();
    if (!server) {
        char err[256];
        rpc_server_config_t cfg = {.name = "fuzz", .identity = k->index, .keyring = k->keyring,
                                   .max_msg_bytes = 1 << 20};
        server = rpc_server_new(&cfg, err, sizeof err);
        if (!server)
            abort();
        atexit(destroy_server);
    }
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *who = NULL;
    status_t st;
    if (envelope_open(data, size, k->keyring, &env, &who, &st) == ENVELOPE_OK && !who)
        abort();
    envelope_free(env);
    answer(data, size);

    /* decoded as envelope_open decodes (a field numbered 0 is refused) */
    Entente__V1__Envelope *e =
        (Entente__V1__Envelope *)pb_strict_unpack(&entente__v1__envelope__descriptor, size, data);
    if (!e)
        return 0;
    Entente__V1__Envelope copy = *e;
    copy.signature = (ProtobufCBinaryData){0, NULL};
    copy.key_id = NULL;
    if (!(size & 1))
        copy.timestamp_ms = 0; /* now: fresh */
    uint8_t *frame = NULL;
    size_t len = 0;
    if (envelope_seal(&copy, size & 2 ? k->ingest : k->client, &frame, &len) == 0) {
        /* what we sealed opens, unless it claims a protocol version we do not speak */
        envelope_fault_t f = envelope_open(frame, len, k->keyring, &env, &who, &st);
        if (f != ENVELOPE_OK && !(f == ENVELOPE_MALFORMED && copy.version != ENVELOPE_VERSION))
            abort();
        envelope_free(env);
        answer(frame, len);
        free(frame);
    }
    entente__v1__envelope__free_unpacked(e, NULL);
    return 0;
}
