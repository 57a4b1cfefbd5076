/* search — Search and Aggregate over an event store, from a Filter.
 *
 * Filters become one parameterised SQL statement (values are always bound,
 * never pasted). Results are ordered by date or by sequence and paged with
 * an opaque token that encodes the position and a hash of the query, so a
 * token is only accepted by the query that produced it. Every refusal of the
 * request itself (unknown country, type, sector, inverted dates, bad token,
 * full-text syntax) is INVALID_ARGUMENT. */
#ifndef ENTENTE_SEARCH_H
#define ENTENTE_SEARCH_H

#include <sqlite3.h>

#include "entente/v1/services.pb-c.h"
#include "entente_limits.h"
#include "status.h"
#include "stmt_cache.h"

#define SEARCH_DEFAULT_PAGE 20 /* never above limits()->max_page */

/* Both run on the connection of cache, whose prepared statements they reuse. */

/* Fills out (events owned by out: free with search_reply_clear). */
int search_run(stmt_cache_t *cache, const Entente__V1__SearchRequest *req,
               Entente__V1__SearchReply *out, status_t *st);
void search_reply_clear(Entente__V1__SearchReply *out);

/* Fills out (buckets owned by out: free with search_aggregate_clear). */
int search_aggregate(stmt_cache_t *cache, const Entente__V1__AggregateRequest *req,
                     Entente__V1__AggregateReply *out, status_t *st);
void search_aggregate_clear(Entente__V1__AggregateReply *out);

#endif
