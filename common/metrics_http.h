/* metrics_http — serves a metrics registry as GET /metrics (Prometheus text
 * format) from libmicrohttpd's own thread.
 *
 * address is "HOST:PORT": an IPv4 address ("0.0.0.0:9102"), "[IPv6]:PORT"
 * or "*:PORT" (every interface, IPv4 and IPv6); port 0 picks a free one
 * (metrics_http_port says which). Other paths answer 404, other methods 405.
 * Borrows metrics, which must outlive the server. */
#ifndef ENTENTE_METRICS_HTTP_H
#define ENTENTE_METRICS_HTTP_H

#include <stddef.h>

#include "metrics.h"

typedef struct metrics_http metrics_http_t;

/* NULL with err naming the address when it is malformed or cannot be bound. */
metrics_http_t *metrics_http_start(metrics_t *metrics, const char *address, char *err,
                                   size_t errlen);
void metrics_http_stop(metrics_http_t **self);
int metrics_http_port(const metrics_http_t *self);

/* Whether an --metrics-endpoint value turns the server off ("", "none", "off"). */
int metrics_http_disabled(const char *address);

#endif
