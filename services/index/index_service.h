/* index_service — the single writer of the event store.
 *
 * As a service_module_t it registers entente.v1.IndexService on the server it
 * is given. The options are borrowed for the life of the service. */
#ifndef ENTENTE_INDEX_SERVICE_H
#define ENTENTE_INDEX_SERVICE_H

#include "endpoints.h"
#include "service_host.h"


typedef struct {
    const char *data_dir;      /* where the store lives */
    const char *pub_endpoints[SERVICE_MAX_ENDPOINTS]; /* stream of committed events */
} index_options_t;

service_module_t index_service_module(index_options_t *opts);

#endif
