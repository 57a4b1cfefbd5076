/* bench_query — the operations the query benchmark times, as bench_op_t.
 *
 * Search by a country pair and a date range, and Get by id, through the
 * query service's RPC endpoint; the same Search run in-process by search_run
 * (no RPC); and the floor: the SQL the Search runs, as prepared statements on
 * a direct connection to the store file. Requests are drawn from
 * bench_store_gen, so they hit the pairs and dates the store holds. The
 * argument is borrowed by every thread. */
#ifndef ENTENTE_BENCH_QUERY_H
#define ENTENTE_BENCH_QUERY_H

#include <stdint.h>

#include "bench_load.h"
#include "identity.h"
#include "entente/v1/services.pb-c.h"
#include "keyring.h"
#include "rpc_client.h"

/* A Search by country pair and date range, drawn like the store's events
 * (the strings live in the struct or in bench_store_gen's tables). */
typedef struct {
    Entente__V1__SearchRequest req;
    Entente__V1__Filter filter;
    char *pair[2];
    char since[11], until[11], since_month[11];
} bench_search_req_t;
void bench_search_req_draw(bench_search_req_t *s, uint64_t *rng);

#define BENCH_QUERY_CALL_MS 10000
/* One Search over RPC (*rep: free with protobuf_c_message_free_unpacked). */
int bench_search_rpc(rpc_client_t *c, const bench_search_req_t *s,
                     Entente__V1__SearchReply **rep, char *err, size_t errlen);

typedef struct {
    const char *endpoint; /* query's RPC endpoint */
    const identity_t *client;
    const keyring_t *keyring;
    const uint8_t *server_pk; /* query's Ed25519 key: the RPC is CurveZMQ */
    const char *store_path; /* the store file (query.db) */
    uint64_t n_events;      /* ids 1..n_events exist */
} bench_query_arg_t;

/* A client of arg's query service over Curve (destroy with rpc_client_destroy). */
rpc_client_t *bench_query_client(const bench_query_arg_t *arg, char *err, size_t errlen);

bench_op_t bench_query_search_rpc(bench_query_arg_t *arg);
bench_op_t bench_query_get_rpc(bench_query_arg_t *arg);
bench_op_t bench_query_search_inproc(bench_query_arg_t *arg);
bench_op_t bench_query_search_sql(bench_query_arg_t *arg);

/* Runs samples Searches over RPC: mean packed reply bytes, events per page
 * and matches per query; and checks that the floor's SQL is the one
 * search_run prepares (-1 with err when it is not). */
typedef struct {
    double reply_bytes, request_bytes, events, total;
} bench_query_shape_t;
int bench_query_calibrate(bench_query_arg_t *arg, int samples, bench_query_shape_t *out,
                          char *err, size_t errlen);

#endif
