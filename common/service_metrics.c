#include "service_metrics.h"

metrics_family_t *service_metrics_signature_failures(metrics_t *m)
{
    return metrics_counter(m, "entente_signature_failures_total",
                           "Signatures refused: unsigned, unknown key or bad signature (kind: "
                           "request envelope or event).",
                           "service,kind");
}

void service_metrics_replays(metrics_t *m, metrics_family_t **calls, metrics_family_t **events)
{
    *calls = metrics_counter(m, "entente_replays_served_total", "Replay calls answered.",
                             "service");
    *events = metrics_counter(m, "entente_replay_events_total",
                              "Events sent in answers to Replay.", "service");
}
