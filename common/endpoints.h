/* endpoints — where each service listens by default, and the inproc names
 * `entente run` wires them with. One place, so services need not include one
 * another to find each other. */
#ifndef ENTENTE_ENDPOINTS_H
#define ENTENTE_ENDPOINTS_H

#define INGEST_DEFAULT_ENDPOINT "tcp://127.0.0.1:7101"
#define INDEX_DEFAULT_ENDPOINT "tcp://127.0.0.1:7102"
#define INDEX_DEFAULT_PUB_ENDPOINT "tcp://127.0.0.1:7103"
#define QUERY_DEFAULT_ENDPOINT "tcp://127.0.0.1:7104"

/* GET /metrics of each standalone service (HOST:PORT; "none" turns it off) */
#define INGEST_DEFAULT_METRICS "127.0.0.1:9101"
#define INDEX_DEFAULT_METRICS "127.0.0.1:9102"
#define QUERY_DEFAULT_METRICS "127.0.0.1:9104"

#define INGEST_INPROC_ENDPOINT "inproc://entente-ingest"
#define INDEX_INPROC_ENDPOINT "inproc://entente-index"
#define INDEX_INPROC_PUB_ENDPOINT "inproc://entente-index-pub"
#define QUERY_INPROC_ENDPOINT "inproc://entente-query"

#include <string.h>

/* An endpoint option as given: NULL when it is unset, "" or "none" (the
 * way a flag or ENTENTE_* variable turns that endpoint off). */
static inline const char *endpoint_or_off(const char *e)
{
    return e && *e && strcmp(e, "none") ? e : NULL;
}

#endif
