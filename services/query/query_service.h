/* query_service — answers Search, Get, Aggregate and Replay from a store kept in sync with index.
 *
 * As a service_module_t it registers entente.v1.QueryService on the server it
 * is given. The options are borrowed for the life of the service. */
#ifndef ENTENTE_QUERY_SERVICE_H
#define ENTENTE_QUERY_SERVICE_H

#include "endpoints.h"
#include "service_host.h"


typedef struct {
    const char *data_dir;       /* where the service keeps its files */
    const char *index_endpoint; /* index's RPC endpoint */
} query_options_t;

service_module_t query_service_module(query_options_t *opts);

#endif
