/* ingest_service — extracts partnership events from submitted articles, signs
 * them and delivers them to index.
 *
 * As a service_module_t it registers entente.v1.IngestService on the server
 * it is given. Submit checks each document, skips one already accepted, runs
 * the extractor, signs every event with the service's key and queues the
 * document and its events in the outbox (DATA/ingest.db) before answering;
 * a sender actor delivers the outbox to index. The options are borrowed for
 * the life of the service. */
#ifndef ENTENTE_INGEST_SERVICE_H
#define ENTENTE_INGEST_SERVICE_H

#include "endpoints.h"
#include "service_host.h"

#define INGEST_MAX_DOC_ID 256

typedef struct {
    const char *data_dir;       /* the outbox is DATA/ingest.db */
    const char *index_endpoint; /* index's RPC endpoint */
    const char *lexicon_dir;    /* NULL: the built-in lexicons */
    const uint8_t *index_pk;    /* index's Ed25519 key: CurveZMQ to a tcp index_endpoint */
    int plaintext;              /* tcp without CurveZMQ */
    int drain_ms;               /* at stop, how long to flush the outbox; 0: 5000 */
} ingest_options_t;

service_module_t ingest_service_module(ingest_options_t *opts);

#endif
