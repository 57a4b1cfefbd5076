/* stream — topics, filters and signed frames of index's event stream.
 *
 * Every committed event is published under these ZeroMQ topics (prefix
 * subscriptions, each ending with '.'): "E." (all events), "T.<type>.",
 * "C.<CC>." for each of its countries and "TC.<type>.<CC>." for each country;
 * heartbeats under "H.". A subscriber with a filter (types, countries: any
 * of) subscribes to the topics whose union is exactly its filter. A frame is
 * a STREAM envelope (service entente.v1.Stream, method Batch or Heartbeat)
 * whose payload is a StreamFrame, signed by the index key. */
#ifndef ENTENTE_STREAM_H
#define ENTENTE_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "entente/v1/services.pb-c.h"
#include "identity.h"
#include "keyring.h"
#include "rpc_client.h"
#include "status.h"

#define STREAM_SERVICE "entente.v1.Stream"
#define STREAM_HEARTBEAT_TOPIC "H."
#define STREAM_TOPIC_MAX 40
#define STREAM_MAX_TOPICS 256 /* per event or per filter */

typedef char stream_topic_t[STREAM_TOPIC_MAX];

/* What a subscriber wants: events of any of types (none: every type) with
 * any of countries (none: every country). Strings are borrowed. */
typedef struct {
    char *const *types;
    size_t n_types;
    char *const *countries;
    size_t n_countries;
} stream_filter_t;

size_t stream_event_topics(const Entente__V1__PartnershipEvent *ev, stream_topic_t *topics,
                           size_t max);
/* -1 when the filter would need more than max topics. */
int stream_filter_topics(const stream_filter_t *f, stream_topic_t *topics, size_t max);
int stream_filter_match(const stream_filter_t *f, const Entente__V1__PartnershipEvent *ev);

/* A signed STREAM envelope carrying frame (*out malloc'd, caller frees). */
int stream_seal(const Entente__V1__StreamFrame *frame, const identity_t *signer, uint8_t **out,
                size_t *len);
/* Verifies (signer must hold the index role) and decodes; NULL with st set. */
Entente__V1__StreamFrame *stream_open(const uint8_t *data, size_t len, const keyring_t *keyring,
                                      status_t *st);

/* Replay from an endpoint that is index's or a query service's (both answer
 * the same Replay under their own service name): *svc remembers which one
 * answered, start with NULL. On OK *rep is to be freed by the caller. */
status_code_t stream_replay(rpc_client_t *client, const ProtobufCServiceDescriptor **svc,
                            const Entente__V1__ReplayRequest *req,
                            Entente__V1__ReplayReply **rep, int timeout_ms, status_t *st);

#endif
