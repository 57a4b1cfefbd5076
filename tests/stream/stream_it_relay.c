/* stream_it relay: a relay of index's stream, the subscribers' side of a
 * network that a test can cut (kill the relay) and restore. With --forge it
 * slips forged frames in front of the genuine ones: signed by an unknown
 * key, with a broken signature, and (--tamper-events, for about half the
 * batches) a frame properly signed with the index key whose first event was
 * altered after ingest signed it. */
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

#include "stream.h"
#include "stream_it.h"

typedef struct {
    zsock_t *out;
    identity_t *rogue;
    const identity_t *index;
    int forge, tamper;
    long unknown_key, broken, tampered;
} sit_relay_t;

static void sit_send(sit_relay_t *f, zframe_t *topic, const uint8_t *body, size_t len)
{
    zmsg_t *m = zmsg_new();
    zmsg_addmem(m, zframe_data(topic), zframe_size(topic));
    zmsg_addmem(m, body, len);
    zmsg_send(&m, f->out);
}

static void sit_reseal(sit_relay_t *f, zframe_t *topic, const Entente__V1__StreamFrame *frame,
                       const identity_t *signer, long *counter)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    if (stream_seal(frame, signer, &buf, &len) == 0) {
        sit_send(f, topic, buf, len);
        (*counter)++;
    }
    free(buf);
}

static void sit_relay_one(sit_relay_t *f, zframe_t *topic, zframe_t *body,
                          const keyring_t *keyring)
{
    status_t st;
    Entente__V1__StreamFrame *frame =
        stream_open(zframe_data(body), zframe_size(body), keyring, &st);
    if (frame && f->forge) {
        sit_reseal(f, topic, frame, f->rogue, &f->unknown_key);
        uint8_t *broken = malloc(zframe_size(body));
        memcpy(broken, zframe_data(body), zframe_size(body));
        broken[zframe_size(body) - 5] ^= 0x40; /* inside the trailing signature */
        sit_send(f, topic, broken, zframe_size(body));
        f->broken++;
        free(broken);
        /* about every other batch (the same under all its topics), so that the
         * stream delivers the rest */
        if (f->tamper && frame->body_case == ENTENTE__V1__STREAM_FRAME__BODY_BATCH &&
            frame->batch->first_seq / 7 % 2 == 0) {
            Entente__V1__PartnershipEvent *ev = frame->batch->events[0];
            free(ev->evidence_text);
            ev->evidence_text = strdup("FORGED evidence");
            sit_reseal(f, topic, frame, f->index, &f->tampered);
        }
    }
    if (frame)
        entente__v1__stream_frame__free_unpacked(frame, NULL);
    sit_send(f, topic, zframe_data(body), zframe_size(body));
}

int sit_relay(int argc, char **argv)
{
    const char *bind = NULL, *upstream = NULL, *data = NULL;
    int forge = 0, tamper = 0;
    const config_option_t opts[] = {
        {"endpoint", 'e', CONFIG_STRING, &bind, "ENDPOINT", "where subscribers connect"},
        {"upstream", 0, CONFIG_STRING, &upstream, "ENDPOINT", "index's stream"},
        {"data", 'd', CONFIG_STRING, &data, "DIR", "data directory (index key, keyring)"},
        {"forge", 0, CONFIG_FLAG, &forge, NULL, "add frames of an unknown key, broken ones"},
        {"tamper-events", 0, CONFIG_FLAG, &tamper, NULL, "also alter events in signed frames"},
    };
    sit_keys_t keys;
    if (sit_parse("stream_it relay", opts, sizeof opts / sizeof *opts, argc, argv) != 0 ||
        !bind || !upstream || !data || sit_keys_load(data, &keys) != 0)
        return 2;
    char err[512];
    sit_relay_t f = {.out = zsock_new_pub(bind), .index = keys.index, .forge = forge || tamper,
                     .tamper = tamper,
                     .rogue = identity_generate("rogue", err, sizeof err)};
    zsock_t *in = zsock_new_sub(upstream, "");
    if (!f.out || !in || !f.rogue) {
        fprintf(stderr, "stream_it relay: cannot bind %s or reach %s\n", bind, upstream);
        return 1;
    }
    zsock_set_sndhwm(f.out, 0);
    while (!zsys_interrupted) {
        zmsg_t *m = zmsg_recv(in);
        if (!m)
            break;
        zframe_t *topic = zmsg_first(m), *body = zmsg_next(m);
        if (topic && body)
            sit_relay_one(&f, topic, body, keys.keyring);
        zmsg_destroy(&m);
    }
    fprintf(stderr, "unknown_key %ld\nbroken %ld\ntampered %ld\n", f.unknown_key, f.broken,
            f.tampered);
    zsock_destroy(&in);
    zsock_destroy(&f.out);
    identity_destroy(&f.rogue);
    sit_keys_free(&keys);
    return 0;
}
