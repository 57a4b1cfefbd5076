/* fuzz_append — IndexService's request payloads (Append batches, Replay)
 * decoded and validated by a real index service module on its store.
 *
 * Input: one mode byte, then the payload. Mode bit 0: re-sign every event of
 * the decoded AppendRequest with the trusted ingest key (so batches get past
 * the signature check into the store); bit 1: call Replay instead of Append;
 * bit 2: sign the request with a client key (PERMISSION_DENIED for Append). */
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "event_sign.h"
#include "fuzz_common.h"
#include "index_service.h"
#include "rpc_server.h"

static rpc_server_t *server;
static index_options_t opts;

static void start(const fz_keys_t *k)
{
    opts.data_dir = fz_scratch();
    server = fz_serve("fuzz-index", k->index, index_service_module(&opts));
}

/* Re-signs the events of an AppendRequest payload; NULL when it does not decode. */
static uint8_t *resign(const uint8_t *payload, size_t len, size_t *outlen, const fz_keys_t *k)
{
    Entente__V1__AppendRequest *req = entente__v1__append_request__unpack(NULL, len, payload);
    if (!req)
        return NULL;
    for (size_t i = 0; i < req->n_events; i++) {
        Entente__V1__PartnershipEvent *ev = req->events[i];
        free(ev->ingest_signature.data);
        ev->ingest_signature = (ProtobufCBinaryData){0, NULL};
        if (ev->ingest_key_id != protobuf_c_empty_string)
            free(ev->ingest_key_id);
        event_sign(ev, k->ingest);
        ev->ingest_key_id = strdup(ev->ingest_key_id);
    }
    uint8_t *out = fz_pack(&req->base, outlen);
    entente__v1__append_request__free_unpacked(req, NULL);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fz_keys_t *k = fz_keys();
    if (!server)
        start(k);
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    const uint8_t *payload = data + 1;
    size_t len = size - 1;
    uint8_t *resigned = NULL;
    if ((mode & 3) == 1 && (resigned = resign(payload, len, &len, k)))
        payload = resigned;
    uint8_t *frame = NULL, *reply = NULL;
    size_t flen = 0, rlen = 0;
    if (fz_seal_request("entente.v1.IndexService", mode & 2 ? "Replay" : "Append", payload, len,
                        mode & 4 ? k->client : k->ingest, &frame, &flen) == 0 &&
        rpc_server_answer(server, frame, flen, &reply, &rlen) != 0)
        abort();
    free(frame);
    free(reply);
    free(resigned);
    return 0;
}
