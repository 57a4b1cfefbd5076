/* stream_pub — index's publisher of committed events.
 *
 * Owns a PUB socket. stream_pub_publish sends consecutive committed events as
 * signed StreamBatch frames of at most STREAM_PUB_BATCH events, each under
 * every topic of its events, with the previous sequence of each topic so a
 * filtered subscriber can tell a gap from events it never wanted.
 * stream_pub_heartbeat sends the head, the epoch and the topics published on
 * in the last few beats. Topic heads are seeded from the store at start, so a
 * restarted index continues the chains. Borrows identity; single-threaded. */
#ifndef ENTENTE_STREAM_PUB_H
#define ENTENTE_STREAM_PUB_H

#include <stddef.h>
#include <stdint.h>

#include "event_store.h"
#include "identity.h"

#define STREAM_PUB_BATCH 256
#define STREAM_PUB_RECENT_BEATS 5

typedef struct stream_pub stream_pub_t;

/* tcp endpoints are bound as CurveZMQ servers with signer's keys unless
 * plaintext (transport.h). */
stream_pub_t *stream_pub_new(const identity_t *signer, event_store_t *store, int plaintext,
                             char *err, size_t errlen);
void stream_pub_destroy(stream_pub_t **self);
int stream_pub_bind(stream_pub_t *self, const char *endpoint, char *err, size_t errlen);

/* events: consecutive committed events in sequence order (seq set),
 * committed at commit_us (microseconds since the Unix epoch). */
int stream_pub_publish(stream_pub_t *self, Entente__V1__PartnershipEvent *const *events,
                       size_t n, uint64_t commit_us);
int stream_pub_heartbeat(stream_pub_t *self, uint64_t head_seq, uint32_t interval_ms);

uint64_t stream_pub_events(const stream_pub_t *self);  /* events published */
uint64_t stream_pub_epoch(const stream_pub_t *self);

#endif
