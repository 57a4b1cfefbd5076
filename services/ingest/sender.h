/* sender — drains ingest's outbox into index.
 *
 * A zactor with its own outbox connection and index client. It sends the
 * oldest rows as one Append, removes them once index acknowledges, and retries
 * with backoff while index is away, so an event leaves the outbox only when it
 * is stored (index stores each id once, so a resend after a crash is
 * harmless). A batch index refuses for good (a bad signature, say) goes to
 * the dead letters, logged. Any message on the pipe other than $TERM says new
 * rows are waiting; on $TERM it keeps sending for up to drain_ms first.
 * The waker sets *wake_pending before it sends such a message and sends none
 * while it is set; the sender clears it on receipt. So at most one waits in
 * the pipe, however fast rows come while index is away: Submit never blocks
 * on a full pipe while the sender waits on index, and $TERM always finds
 * room (czmq's zactor_destroy sends it without blocking).
 * The config is copied; its strings, identity, keyring and metrics are
 * borrowed. */
#ifndef ENTENTE_SENDER_H
#define ENTENTE_SENDER_H

#include <czmq.h>
#include <stdatomic.h>
#include <stdint.h>

#include "identity.h"
#include "keyring.h"
#include "metrics.h"
#include "transport.h"

typedef struct {
    const char *outbox_path;
    const char *index_endpoint;
    const identity_t *identity;
    const keyring_t *keyring;
    const char *log_name;
    size_t batch_rows;    /* rows per Append */
    size_t batch_bytes;   /* bytes per Append, below index's message limit */
    int drain_ms;         /* how long $TERM waits for the outbox to empty */
    metrics_t *metrics;   /* entente_outbox_* (NULL: not counted) */
    transport_opts_t index_transport; /* index's key or plaintext, for a tcp endpoint */
    atomic_int *wake_pending; /* see above; NULL: the waker does not coalesce */
} sender_config_t;

zactor_t *sender_start(const sender_config_t *cfg, char *err, size_t errlen);

#endif
