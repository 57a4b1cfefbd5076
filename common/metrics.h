/* metrics — a registry of counters, gauges and histograms with labels,
 * rendered in the Prometheus text exposition format (version 0.0.4).
 *
 * A family is a metric name with its type, help and label names; each set of
 * label values is one series of it. Families are created on first use and
 * found again by name (metrics_counter on a name already registered with the
 * same type and labels returns that family), so the three services of
 * `entente run` share one registry and tell themselves apart by a "service"
 * label. The registry owns its families; they live until metrics_destroy.
 * Every function is thread-safe (one lock per registry) and does nothing on a
 * NULL family, so code can count whether or not metrics were asked for.
 * A family keeps at most METRICS_MAX_SERIES series: labels must come from
 * bounded sets (method names, status names), never from request content. */
#ifndef ENTENTE_METRICS_H
#define ENTENTE_METRICS_H

#include <stddef.h>

#define METRICS_MAX_LABELS 4
#define METRICS_MAX_SERIES 512
#define METRICS_MAX_BUCKETS 24

typedef struct metrics metrics_t;
typedef struct metrics_family metrics_family_t;

metrics_t *metrics_new(void);
void metrics_destroy(metrics_t **self);

/* labels: comma-separated label names ("service,method,status") or NULL.
 * NULL when self is NULL, a name or label is not a valid Prometheus name, or
 * the name is taken by a family of another type or labels. */
metrics_family_t *metrics_counter(metrics_t *self, const char *name, const char *help,
                                  const char *labels);
metrics_family_t *metrics_gauge(metrics_t *self, const char *name, const char *help,
                                const char *labels);
/* bounds: the buckets' upper bounds, increasing (+Inf is added). */
metrics_family_t *metrics_histogram(metrics_t *self, const char *name, const char *help,
                                    const char *labels, const double *bounds, size_t n_bounds);

/* The latency buckets every request histogram uses, in seconds. */
extern const double metrics_latency_bounds[];
extern const size_t metrics_latency_bound_count;

/* values: one per label name, in order (NULL for a family without labels). */
void metrics_add(metrics_family_t *family, const char *const *values, double delta);
void metrics_set(metrics_family_t *family, const char *const *values, double value);
void metrics_observe(metrics_family_t *family, const char *const *values, double value);

/* The text exposition of every family (malloc'd, NUL-terminated; the caller
 * frees it); NULL when out of memory. */
char *metrics_render(metrics_t *self, size_t *len);

#endif
