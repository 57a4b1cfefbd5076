/* query_service — answers Search, Get, Aggregate and Replay.
 *
 * As a service_module_t it registers entente.v1.QueryService on the server it
 * is given. It reads its own store (DATA/query.db), which a replica actor
 * keeps in step with index. The options are borrowed for the life of the
 * service. */
#ifndef ENTENTE_QUERY_SERVICE_H
#define ENTENTE_QUERY_SERVICE_H

#include "endpoints.h"
#include "service_host.h"


typedef struct {
    const char *data_dir;       /* the store is DATA/<store_name> */
    const char *store_name;     /* NULL: "query.db" (two replicas in one dir need two) */
    const char *index_endpoint; /* index's RPC endpoint */
    const char *pub_endpoint;   /* index's stream (NULL: poll only) */
    int poll_ms;                /* replica poll interval; 0: 1000 ms */
    const uint8_t *index_pk;    /* index's Ed25519 key: CurveZMQ to tcp index endpoints */
    int plaintext;              /* tcp without CurveZMQ */
} query_options_t;

service_module_t query_service_module(query_options_t *opts);

#endif
