/* ingest_service — extracts partnership events from submitted articles, signs them and delivers them to index.
 *
 * As a service_module_t it registers entente.v1.IngestService on the server it
 * is given. The options are borrowed for the life of the service. */
#ifndef ENTENTE_INGEST_SERVICE_H
#define ENTENTE_INGEST_SERVICE_H

#include "endpoints.h"
#include "service_host.h"


typedef struct {
    const char *data_dir;       /* where the service keeps its files */
    const char *index_endpoint; /* index's RPC endpoint */
} ingest_options_t;

service_module_t ingest_service_module(ingest_options_t *opts);

#endif
