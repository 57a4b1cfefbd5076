/* http_params — the query string of a gateway request: every Search filter
 * (repeated or comma-separated lists), paging, group_by, from_seq and
 * access_token, checked against what the route takes, and the filter they
 * make. Pointers in an http_params_t point into the connection's values and
 * the struct's own arena: valid while the request is handled. */
#ifndef ENTENTE_HTTP_PARAMS_H
#define ENTENTE_HTTP_PARAMS_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#include "entente/v1/services.pb-c.h"

#define HTTP_MAX_VALUES 64      /* values of one list parameter */
#define HTTP_MAX_VALUE_LEN 1024 /* bytes of one parameter value */
#define HTTP_ARENA_BYTES 16384  /* copies of the list parameters of one request */

/* What a route takes. */
enum { HTTP_USE_FILTER = 1, HTTP_USE_PAGE = 2, HTTP_USE_GROUP = 4, HTTP_USE_STREAM = 8 };

typedef struct {
    const char *items[HTTP_MAX_VALUES];
    size_t n;
} http_list_t;

/* The filter's storage: countries_all points into it. */
typedef struct {
    char *all[2];
    char pairs[2][3];
} http_filter_buf_t;

typedef struct {
    http_list_t country, type, instrument, sector, pair;
    const char *since, *until, *person, *org, *location, *doc, *q, *order, *page_size, *page_token,
        *group_by, *from_seq, *access_token;
    Entente__V1__Filter filter; /* the filter parameters, pointing into this struct */
    http_filter_buf_t filter_buf;
    char arena[HTTP_ARENA_BYTES];
    size_t used;
    unsigned used_kinds;
    char err[300];
} http_params_t;

/* Parses c's query string into p, and p->filter; allowed: the HTTP_USE_*
 * of the route. 0, or -1 with p->err. */
int http_params_parse(struct MHD_Connection *c, http_params_t *p, unsigned allowed);
/* A decimal uint64 with nothing around it: 0, or -1. */
int http_params_u64(const char *s, uint64_t *out);

#endif
