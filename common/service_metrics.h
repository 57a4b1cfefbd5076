/* service_metrics — the metric families more than one service reports, named
 * and described in one place so every service registers them alike
 * (metrics.h finds a family again by name, and refuses a second shape).
 * The families belong to the registry; NULL registry, NULL families. */
#ifndef ENTENTE_SERVICE_METRICS_H
#define ENTENTE_SERVICE_METRICS_H

#include "metrics.h"

/* entente_signature_failures_total{service,kind}: kind is "request" (an RPC
 * envelope) or "event" (an event's ingest signature). */
metrics_family_t *service_metrics_signature_failures(metrics_t *m);

/* entente_replays_served_total{service} and entente_replay_events_total{service}:
 * Replay calls answered and the events they carried. */
void service_metrics_replays(metrics_t *m, metrics_family_t **calls, metrics_family_t **events);

#endif
