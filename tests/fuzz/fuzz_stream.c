/* fuzz_stream — a stream frame as a subscriber receives it (stream_open:
 * signature, index role, StreamFrame decode), raw and re-sealed by the
 * trusted index key so the payload decode is reached. */
#include <stdlib.h>

#include "envelope.h"
#include "fuzz_common.h"
#include "stream.h"

static void check(const uint8_t *frame, size_t len)
{
    status_t st;
    Entente__V1__StreamFrame *f = stream_open(frame, len, fz_keys()->keyring, &st);
    if (f && f->body_case == ENTENTE__V1__STREAM_FRAME__BODY_BATCH && f->batch) {
        stream_filter_t filter = {0};
        stream_topic_t topics[STREAM_MAX_TOPICS];
        for (size_t i = 0; i < f->batch->n_events; i++) {
            stream_event_topics(f->batch->events[i], topics, STREAM_MAX_TOPICS);
            stream_filter_match(&filter, f->batch->events[i]);
        }
    }
    if (f)
        entente__v1__stream_frame__free_unpacked(f, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fz_keys_t *k = fz_keys();
    check(data, size);
    Entente__V1__Envelope *e = entente__v1__envelope__unpack(NULL, size, data);
    if (!e)
        return 0;
    Entente__V1__Envelope copy = *e;
    copy.signature = (ProtobufCBinaryData){0, NULL};
    copy.key_id = NULL;
    uint8_t *frame = NULL;
    size_t len = 0;
    if (envelope_seal(&copy, size & 1 ? k->client : k->index, &frame, &len) == 0) {
        check(frame, len);
        free(frame);
    }
    entente__v1__envelope__free_unpacked(e, NULL);
    return 0;
}
