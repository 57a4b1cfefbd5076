/* index_service — the single writer of the event store.
 *
 * As a service_module_t it registers entente.v1.IndexService on the server it
 * is given: Append (from ingest keys only) verifies every event's ingest
 * signature, stores each id once under a gap-free sequence number,
 * acknowledges the range and publishes the stored events on the stream
 * (stream_pub.h) with a heartbeat every heartbeat_ms; Replay serves events
 * from a sequence number, optionally filtered by type and country.
 * The options are borrowed for the life of the service. */
#ifndef ENTENTE_INDEX_SERVICE_H
#define ENTENTE_INDEX_SERVICE_H

#include "endpoints.h"
#include "service_host.h"

#define INDEX_HEARTBEAT_MS 1000

typedef struct {
    const char *data_dir;      /* the store is DATA/index.db */
    const char *pub_endpoints[SERVICE_MAX_ENDPOINTS]; /* stream of committed events */
    long heartbeat_ms;         /* stream heartbeat interval; 0: INDEX_HEARTBEAT_MS */
    int plaintext;             /* tcp stream endpoints without CurveZMQ */
    long stream_hwm;           /* frames queued per subscriber before dropping; 0: 100000 */
} index_options_t;

service_module_t index_service_module(index_options_t *opts);

#endif
