/* The gateway's server: listening, authorization, routing and the page's
 * static files. The routes' work is in http_api.c and http_stream.c. */
#include "http_gateway.h"

#include <arpa/inet.h>
#include <czmq.h>
#include <jansson.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "endpoints.h"
#include "http_internal.h"
#include "log.h"
#include "web_files.h"

/* ---- authorization ----------------------------------------------------------- */

/* 0 when the request may read; -1 when a response (401) was queued. */
static int authorize(http_gateway_t *g, struct MHD_Connection *c, const char *access_token,
                     int route, enum MHD_Result *ret)
{
    if (!g->o.token)
        return 0;
    const char *given = NULL;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h && strncasecmp(h, "Bearer ", 7) == 0)
        given = h + 7;
    else if (access_token)
        given = access_token;
    size_t n = strlen(g->o.token);
    if (given && strlen(given) == n && sodium_memcmp(given, g->o.token, n) == 0)
        return 0;
    *ret = http_reply_error(g, c, route, 16,
                            given ? "bearer token is not valid"
                                  : "a bearer token is required (Authorization: "
                                    "Bearer TOKEN, or access_token=TOKEN)");
    return -1;
}

static enum MHD_Result h_static(http_gateway_t *g, struct MHD_Connection *c, const char *url)
{
    const char *name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
    for (size_t i = 0; i < web_file_count; i++)
        if (strcmp(web_files[i].name, name) == 0) {
            struct MHD_Response *r = MHD_create_response_from_buffer(
                web_files[i].len, (void *)web_files[i].data, MHD_RESPMEM_PERSISTENT);
            if (!r)
                return MHD_NO;
            MHD_add_response_header(r, "Content-Type", web_files[i].type);
            MHD_add_response_header(r, "Cache-Control", "no-cache");
            MHD_add_response_header(r, "Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            http_reply_security_headers(r);
            enum MHD_Result ret = MHD_queue_response(c, 200, r);
            MHD_destroy_response(r);
            http_reply_count(g, R_STATIC, 200);
            return ret;
        }
    return http_reply_error(g, c, R_OTHER, 5, "no such route: %.100s", url);
}

/* ---- dispatch -------------------------------------------------------------- */

static int route_of(const char *url)
{
    static const struct {
        const char *path;
        int route;
    } routes[] = {{"/v1/events", R_EVENTS}, {"/v1/aggregate", R_AGGREGATE},
                  {"/v1/stream", R_STREAM}, {"/healthz", R_HEALTHZ},
                  {"/readyz", R_READYZ},    {"/metrics", R_METRICS}};
    if (!strncmp(url, "/v1/events/", 11))
        return R_EVENT;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (!strcmp(url, routes[i].path))
            return routes[i].route;
    return R_OTHER;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    http_gateway_t *g = cls;
    static int marker;
    if (*con_cls) { /* a body still arriving after the answer: discard it */
        *upload_data_size = 0;
        return MHD_YES;
    }
    *con_cls = &marker;
    uint64_t t0 = http_now_ms();
    enum MHD_Result ret;
    int route = route_of(url);
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return http_reply_error(g, c, route, 7, "the gateway is read-only: %.16s is not allowed",
                                method);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if ((cl && strcmp(cl, "0")) ||
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding")) {
        char *b = strdup("{\"code\":3,\"status\":\"INVALID_ARGUMENT\",\"message\":"
                         "\"a GET request carries no body\"}");
        return b ? http_reply_body(g, c, route, 413, "application/json", b, strlen(b), "Connection",
                                   "close")
                 : MHD_NO;
    }
    if (route == R_HEALTHZ) {
        ret = http_reply_json(
            g, c, route, 200,
            json_pack("{s:s,s:s}", "status", "SERVING", "version", entente_version()));
    } else if (route == R_OTHER) {
        ret = h_static(g, c, url);
    } else {
        http_params_t *p = malloc(sizeof *p);
        if (!p)
            return MHD_NO;
        unsigned allowed = route == R_EVENTS      ? HTTP_USE_FILTER | HTTP_USE_PAGE
                           : route == R_AGGREGATE ? HTTP_USE_FILTER | HTTP_USE_GROUP
                           : route == R_STREAM    ? HTTP_USE_FILTER | HTTP_USE_STREAM
                                                  : 0;
        int bad = http_params_parse(c, p, allowed);
        if (route != R_READYZ && authorize(g, c, p->access_token, route, &ret) != 0) {
            /* ret is set */
        } else if (bad) {
            ret = http_reply_error(g, c, route, 3, "%s", p->err);
        } else if (route == R_EVENTS) {
            ret = http_api_events(g, c, p);
        } else if (route == R_EVENT) {
            ret = http_api_event(g, c, url + 11);
        } else if (route == R_AGGREGATE) {
            ret = http_api_aggregate(g, c, p);
        } else if (route == R_STREAM) {
            ret = http_stream_open(g, c, p);
        } else if (route == R_READYZ) {
            ret = http_api_readyz(g, c);
        } else {
            ret = http_reply_metrics(g, c);
        }
        free(p);
    }
    http_reply_timed(g, route, (double)(http_now_ms() - t0) / 1e3);
    return ret;
}

/* ---- start and stop ------------------------------------------------------------ */

/* Parses "http://HOST:PORT/" or "HOST:PORT" into sa. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa, socklen_t *salen,
                        char *host, size_t hostlen, char *err, size_t errlen)
{
    const char *s = listen;
    if (!strncmp(s, "http://", 7))
        s += 7;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash = '\0';
    char *port, *h = buf;
    if (buf[0] == '[') {
        char *close = strchr(buf, ']');
        if (!close || close[1] != ':') {
            snprintf(err, errlen, "listen address '%s' is not http://HOST:PORT/", listen);
            return -1;
        }
        *close = '\0';
        h = buf + 1;
        port = close + 2;
    } else {
        port = strrchr(buf, ':');
        if (!port) {
            snprintf(err, errlen, "listen address '%s' is not http://HOST:PORT/", listen);
            return -1;
        }
        *port++ = '\0';
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE},
                    *res = NULL;
    int rc = getaddrinfo(*h ? h : NULL, port, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errlen, "listen address '%s': %s", listen, gai_strerror(rc));
        return -1;
    }
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    *salen = res->ai_addrlen;
    freeaddrinfo(res);
    snprintf(host, hostlen, "%s", h);
    return 0;
}

static int is_loopback(const struct sockaddr_storage *sa)
{
    if (sa->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return 0;
}

static char *keep(http_gateway_t *g, int i, const char *s)
{
    return s ? (g->strings[i] = strdup(s)) : NULL;
}

/* g->o: owned copies of opts' strings, defaults for what is unset. */
static void gateway_options(http_gateway_t *g, const http_options_t *opts)
{
    g->o = *opts;
    g->o.listen = keep(g, 0, opts->listen ? opts->listen : HTTP_DEFAULT_LISTEN);
    g->o.query_endpoint = keep(g, 1, opts->query_endpoint);
    g->o.pub_endpoint = keep(g, 2, endpoint_or_off(opts->pub_endpoint));
    g->o.replay_endpoint =
        keep(g, 3, opts->replay_endpoint ? opts->replay_endpoint : INDEX_DEFAULT_ENDPOINT);
    g->o.data_dir = keep(g, 4, opts->data_dir);
    g->o.key_path = keep(g, 5, opts->key_path);
    g->o.keyring_path = keep(g, 6, opts->keyring_path);
    g->o.token = keep(g, 7, opts->token && *opts->token ? opts->token : NULL);
    int *values[] = {&g->o.timeout_ms,      &g->o.pool,           &g->o.max_streams,
                     &g->o.max_connections, &g->o.idle_timeout_s, &g->o.keepalive_ms};
    static const int defaults[] = {5000, 8, 32, 256, 30, 10000};
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
        if (*values[i] <= 0)
            *values[i] = defaults[i];
}

/* Starts libmicrohttpd on sa and sets g->url; 0, or -1 with err. */
static int gateway_listen(http_gateway_t *g, const struct sockaddr_storage *sa, const char *host,
                          char *err, size_t errlen)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | (sa->ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    /* clang-format off */
    g->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, g,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)g->o.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)g->o.max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)g->o.idle_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_END);
    /* clang-format on */
    if (!g->daemon) {
        snprintf(err, errlen, "cannot listen on %s (address in use?)", g->o.listen);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(g->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    if (sa->ss_family == AF_INET6)
        snprintf(g->url, sizeof g->url, "http://[%s]:%u/", host, port);
    else
        snprintf(g->url, sizeof g->url, "http://%s:%u/", *host ? host : "0.0.0.0", port);
    return 0;
}

http_gateway_t *http_gateway_start(const http_options_t *opts, char *err, size_t errlen)
{
    if (!opts->query_endpoint) {
        snprintf(err, errlen, "no query endpoint");
        return NULL;
    }
    http_gateway_t *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    gateway_options(g, opts);
    g->metrics = opts->metrics ? opts->metrics : (g->own_metrics = metrics_new());
    http_reply_metrics_init(g);
    struct sockaddr_storage sa;
    socklen_t salen = 0;
    char host[256];
    int rc = http_pool_init(g);
    if (rc != 0)
        snprintf(err, errlen, "out of memory");
    if (rc == 0)
        rc = parse_listen(g->o.listen, &sa, &salen, host, sizeof host, err, errlen);
    if (rc == 0 && !is_loopback(&sa) && !g->o.token) {
        snprintf(err, errlen,
                 "%s is not a loopback address: set a bearer token (--http-token or "
                 "ENTENTE_HTTP_TOKEN)",
                 g->o.listen);
        rc = -1;
    }
    /* try the client's keys now, so a bad data dir fails at start */
    if (rc == 0 && !(g->pool.clients[0] = http_pool_client_new(g, g->o.query_endpoint))) {
        snprintf(err, errlen, "cannot make a query client (keys in %s?)",
                 g->o.data_dir ? g->o.data_dir : "?");
        rc = -1;
    }
    if (rc == 0)
        rc = gateway_listen(g, &sa, host, err, errlen);
    if (rc != 0) {
        http_gateway_stop(&g);
        return NULL;
    }
    log_info(HTTP_COMPONENT, "serving %s (query %s, stream %s)%s", g->url, g->o.query_endpoint,
             g->o.pub_endpoint ? g->o.pub_endpoint : "off",
             g->o.token ? ", bearer token required" : ", read-only, no token");
    return g;
}

const char *http_gateway_url(const http_gateway_t *self) { return self->url; }

void http_gateway_stop(http_gateway_t **self)
{
    if (!self || !*self)
        return;
    http_gateway_t *g = *self;
    atomic_store(&g->stopping, 1);
    if (g->daemon)
        MHD_stop_daemon(g->daemon);
    http_pool_fini(g);
    metrics_destroy(&g->own_metrics);
    for (int i = 0; i < 8; i++)
        free(g->strings[i]);
    free(g);
    *self = NULL;
}
