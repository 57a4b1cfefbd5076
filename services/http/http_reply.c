#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_internal.h"

static const char *const route_names[R_COUNT] = {
    "static", "healthz", "readyz", "metrics", "events", "event", "aggregate", "stream", "other"};
static const int metric_codes[HTTP_N_CODES] = {200, 400, 401, 403, 404, 405, 413,
                                               429, 500, 501, 503, 504, 0};

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

void http_reply_count(http_gateway_t *g, int route, int status)
{
    size_t k = HTTP_N_CODES - 1;
    for (size_t i = 0; i + 1 < HTTP_N_CODES; i++)
        if (metric_codes[i] == status)
            k = i;
    atomic_fetch_add(&g->requests[route][k], 1);
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
    atomic_fetch_add(&g->query_errors, 1);
    return http_reply_error(g, c, route, st->code, "%s", st->message);
}

enum MHD_Result http_reply_metrics(http_gateway_t *g, struct MHD_Connection *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return MHD_NO;
    fprintf(f, "# HELP entente_http_requests_total HTTP requests by route and status.\n"
               "# TYPE entente_http_requests_total counter\n");
    for (int r = 0; r < R_COUNT; r++)
        for (size_t k = 0; k < HTTP_N_CODES; k++) {
            unsigned long v = atomic_load(&g->requests[r][k]);
            if (v) {
                if (metric_codes[k])
                    fprintf(f, "entente_http_requests_total{route=\"%s\",code=\"%d\"} %lu\n",
                            route_names[r], metric_codes[k], v);
                else
                    fprintf(f, "entente_http_requests_total{route=\"%s\",code=\"other\"} %lu\n",
                            route_names[r], v);
            }
        }
    fprintf(f,
            "# TYPE entente_http_request_seconds_total counter\n"
            "entente_http_request_seconds_total %.6f\n"
            "# TYPE entente_http_query_calls_total counter\nentente_http_query_calls_total %lu\n"
            "# TYPE entente_http_query_errors_total counter\nentente_http_query_errors_total %lu\n"
            "# TYPE entente_http_stream_clients gauge\nentente_http_stream_clients %d\n"
            "# TYPE entente_http_stream_clients_max gauge\nentente_http_stream_clients_max %d\n"
            "# TYPE entente_http_stream_rejected_total counter\n"
            "entente_http_stream_rejected_total %lu\n"
            "# TYPE entente_http_stream_events_total counter\n"
            "entente_http_stream_events_total %lu\n"
            "# TYPE entente_http_uptime_seconds gauge\nentente_http_uptime_seconds %.3f\n",
            (double)atomic_load(&g->request_us) / 1e6, atomic_load(&g->query_calls),
            atomic_load(&g->query_errors), atomic_load(&g->streams), g->o.max_streams,
            atomic_load(&g->stream_rejected), atomic_load(&g->stream_events),
            (double)(http_now_ms() - g->started_ms) / 1000.0);
    fclose(f);
    return http_reply_body(g, c, R_METRICS, 200, "text/plain; version=0.0.4", buf, len, NULL, NULL);
}
