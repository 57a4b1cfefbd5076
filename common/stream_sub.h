/* stream_sub — receives index's event stream without gaps or duplicates.
 *
 * The ZeroMQ guide's Clone pattern: the subscriber first replays what it
 * missed since from_seq (Replay, filtered on the server), then follows the
 * live stream, and fills any gap it detects with Replay again. A gap is an
 * event of its topics it has not delivered: seen in a batch's per-topic
 * previous sequence, in a heartbeat's recent topics, or assumed after missed
 * heartbeats, a silent publisher or a new epoch (restart). Events reach the
 * callback once each, in sequence order. Every frame's signature is checked
 * (an index key); with verify_events each event's ingest signature too.
 * What does not verify is dropped and counted, never delivered.
 * Not thread-safe; borrows identity, keyring and the config's strings. */
#ifndef ENTENTE_STREAM_SUB_H
#define ENTENTE_STREAM_SUB_H

#include <stddef.h>
#include <stdint.h>

#include "entente/v1/event.pb-c.h"
#include "identity.h"
#include "keyring.h"
#include "stream.h"

typedef struct {
    const char *pub_endpoint;    /* index's stream */
    const char *replay_endpoint; /* index's (or a query service's) RPC endpoint */
    const identity_t *identity;
    const keyring_t *keyring;
    stream_filter_t filter;
    uint64_t from_seq;           /* first sequence to deliver (1: everything) */
    int verify_events;           /* check each event's ingest signature */
    int rcvhwm;                  /* receive high-water mark; 0: 10000 */
    /* tcp endpoints: the Ed25519 keys of the publisher and of the replay
     * server (CurveZMQ, transport.h), unless plaintext */
    const uint8_t *pub_server_pk;
    const uint8_t *replay_server_pk;
    int plaintext;
} stream_sub_config_t;

typedef struct {
    uint64_t delivered;      /* events given to the callback */
    uint64_t last_seq;       /* the last of them */
    uint64_t gaps_filled;    /* replays that found events the stream had not brought */
    uint64_t replayed;       /* events delivered from Replay */
    uint64_t bad_frames;     /* frames dropped: signature, signer or format */
    uint64_t bad_events;     /* events dropped: ingest signature */
    uint64_t heartbeats;
    uint64_t commit_us;      /* when index committed the last event delivered (its clock,
                              * microseconds since the epoch); 0 when it came from Replay */
} stream_sub_stats_t;

/* Return non-zero to stop stream_sub_run after this event. */
typedef int (*stream_sub_fn)(const Entente__V1__PartnershipEvent *ev, void *arg);

typedef struct stream_sub stream_sub_t;

stream_sub_t *stream_sub_new(const stream_sub_config_t *cfg, char *err, size_t errlen);
void stream_sub_destroy(stream_sub_t **self);

/* Delivers events until the callback stops it (1), timeout_ms passes (0; -1
 * waits forever) or SIGINT/SIGTERM (-1). */
int stream_sub_run(stream_sub_t *self, stream_sub_fn fn, void *arg, int timeout_ms);
void stream_sub_stats(const stream_sub_t *self, stream_sub_stats_t *out);

#endif
