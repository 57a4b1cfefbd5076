/* fuzz_submit — IngestService.Submit as ingest receives it: the batch and
 * document checks (batch size, doc_id, UTF-8, document size), extraction,
 * signing and the outbox, through rpc_server_answer on a real ingest module.
 *
 * Input: one mode byte, then a SubmitRequest payload, sealed with the client
 * key. Mode bit 0: submit it twice (the second time its documents are
 * duplicates). index is never reachable: accepted documents stay in the
 * scratch outbox. */
#include <stdio.h>
#include <stdlib.h>

#include "envelope.h"
#include "fuzz_common.h"
#include "ingest_service.h"
#include "rpc_server.h"

static rpc_server_t *server;
static ingest_options_t opts;
static char endpoint[400];

static void start(const fz_keys_t *k)
{
    snprintf(endpoint, sizeof endpoint, "ipc://%s/no-index", fz_scratch());
    opts.data_dir = fz_scratch();
    opts.index_endpoint = endpoint;
    server = fz_serve("fuzz-ingest", k->ingest, ingest_service_module(&opts));
}

static void submit(const fz_keys_t *k, const uint8_t *data, size_t size)
{
    uint8_t *frame = NULL, *reply = NULL;
    size_t flen = 0, rlen = 0;
    if (fz_seal_request("entente.v1.IngestService", "Submit", data, size, k->client, &frame,
                        &flen) == 0) {
        if (rpc_server_answer(server, frame, flen, &reply, &rlen) != 0)
            abort(); /* a server always answers */
        Entente__V1__Envelope *env = NULL;
        const keyring_entry_t *who = NULL;
        status_t st;
        if (envelope_open(reply, rlen, k->keyring, &env, &who, &st) != ENVELOPE_OK || !env->status)
            abort();
        envelope_free(env);
    }
    free(frame);
    free(reply);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fz_keys_t *k = fz_keys();
    if (!server)
        start(k);
    if (size < 1)
        return 0;
    for (int i = 0; i < (data[0] & 1 ? 2 : 1); i++)
        submit(k, data + 1, size - 1);
    return 0;
}
