/* replica — keeps the query service's own event store in step with index.
 *
 * A zactor with its own store connection and its own client to index: it asks
 * Replay for everything past its head (with the source documents) and applies
 * it, at once while pages come back full, whenever index's stream says events
 * were committed, and at least every poll interval. Index being away only
 * delays it; it picks up where its store ends, so replicas started late
 * catch up and then follow live. A pull that finds events the stream did not
 * announce (after a poll interval, a restart or a lost frame) counts as a
 * gap filled. The config's strings, identity, keyring and metrics are
 * borrowed and must outlive the actor. */
#ifndef ENTENTE_REPLICA_H
#define ENTENTE_REPLICA_H

#include <czmq.h>

#include "identity.h"
#include "keyring.h"
#include "metrics.h"

typedef struct {
    const char *store_path;
    const char *index_endpoint;
    const char *pub_endpoint;  /* index's stream; NULL: poll only */
    const identity_t *identity;
    const keyring_t *keyring;
    int poll_ms;     /* wait between polls once caught up */
    const char *log_name;
    metrics_t *metrics;        /* entente_replica_* (NULL: not counted) */
} replica_config_t;

/* Starts the actor once its store is open; any message on its pipe other
 * than $TERM makes it poll now. */
zactor_t *replica_start(const replica_config_t *cfg, char *err, size_t errlen);

#endif
