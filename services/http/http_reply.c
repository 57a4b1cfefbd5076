#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_internal.h"

static const char *const route_names[R_COUNT] = {
    "static", "healthz", "readyz", "metrics", "events", "event", "aggregate", "stream", "other"};

int http_status_of_code(int code)
{
    /* grpc-gateway's HTTPStatusFromCode, by gRPC code: OK, CANCELLED, UNKNOWN,
     * INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS,
     * PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED,
     * OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS,
     * UNAUTHENTICATED */
    static const int http[] = {200, 499, 500, 400, 504, 404, 409, 403, 429,
                               400, 409, 400, 501, 500, 503, 500, 401};
    return code >= 0 && code < (int)(sizeof http / sizeof *http) ? http[code] : 500;
}

void http_reply_metrics_init(http_gateway_t *g)
{
    metrics_t *m = g->metrics;
    g->m_requests = metrics_counter(m, "entente_http_requests_total",
                                    "HTTP requests by route and status.", "route,code");
    g->m_duration = metrics_histogram(m, "entente_http_request_duration_seconds",
                                      "Time to answer an HTTP request (to the first byte of a "
                                      "stream).",
                                      "route", metrics_latency_bounds, metrics_latency_bound_count);
    g->m_query_calls = metrics_counter(m, "entente_http_query_calls_total",
                                       "Calls to the query service.", NULL);
    g->m_query_errors = metrics_counter(m, "entente_http_query_errors_total",
                                        "Calls to the query service that failed.", NULL);
    g->m_streams = metrics_gauge(m, "entente_http_stream_clients", "Open /v1/stream clients.", NULL);
    g->m_stream_rejected = metrics_counter(m, "entente_http_stream_rejected_total",
                                           "Streams refused beyond --max-streams.", NULL);
    g->m_stream_events = metrics_counter(m, "entente_http_stream_events_total",
                                         "Events sent to stream clients.", NULL);
}

void http_reply_count(http_gateway_t *g, int route, int status)
{
    char code[16];
    snprintf(code, sizeof code, "%d", status);
    const char *values[] = {route_names[route], code};
    metrics_add(g->m_requests, values, 1);
}

void http_reply_timed(http_gateway_t *g, int route, double seconds)
{
    const char *values[] = {route_names[route]};
    metrics_observe(g->m_duration, values, seconds);
}

void http_reply_security_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

enum MHD_Result http_reply_body(http_gateway_t *g, struct MHD_Connection *c, int route, int status,
                                const char *type, char *body, size_t len, const char *extra_header,
                                const char *extra_value)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    http_reply_security_headers(r);
    if (extra_header)
        MHD_add_response_header(r, extra_header, extra_value);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    http_reply_count(g, route, status);
    return ret;
}

enum MHD_Result http_reply_json(http_gateway_t *g, struct MHD_Connection *c, int route, int status,
                                json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(7));
    json_decref(j);
    if (!s)
        return MHD_NO;
    size_t n = strlen(s);
    s[n] = '\0';
    return http_reply_body(g, c, route, status, "application/json", s, n, NULL, NULL);
}

enum MHD_Result http_reply_error(http_gateway_t *g, struct MHD_Connection *c, int route, int code,
                                 const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *j = json_pack("{s:i,s:s,s:s}", "code", code, "status", entente_status_name(code),
                          "message", msg);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s)
        return MHD_NO;
    int status = http_status_of_code(code);
    return http_reply_body(g, c, route, status, "application/json", s, strlen(s),
                           status == 401 ? "WWW-Authenticate" : NULL, "Bearer realm=\"entente\"");
}

enum MHD_Result http_reply_status(http_gateway_t *g, struct MHD_Connection *c, int route,
                                  const entente_status_t *st)
{
    metrics_add(g->m_query_errors, NULL, 1);
    return http_reply_error(g, c, route, st->code, "%s", st->message);
}

enum MHD_Result http_reply_metrics(http_gateway_t *g, struct MHD_Connection *c)
{
    size_t len = 0;
    char *text = metrics_render(g->metrics, &len);
    if (!text)
        return MHD_NO;
    return http_reply_body(g, c, R_METRICS, 200, "text/plain; version=0.0.4; charset=utf-8", text,
                           len, NULL, NULL);
}
