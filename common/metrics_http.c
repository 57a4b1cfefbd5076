#include "metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct metrics_http {
    struct MHD_Daemon *daemon;
    metrics_t *metrics;
    int port;
};

int metrics_http_disabled(const char *address)
{
    return !address || !*address || strcmp(address, "none") == 0 || strcmp(address, "off") == 0;
}

static enum MHD_Result metrics_http_reply(struct MHD_Connection *conn, unsigned code,
                                          char *body, size_t len, const char *type)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, body ? MHD_RESPMEM_MUST_FREE
                                                        : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    enum MHD_Result rc = MHD_queue_response(conn, code, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result metrics_http_handle(void *cls, struct MHD_Connection *conn,
                                           const char *url, const char *method,
                                           const char *version, const char *upload_data,
                                           size_t *upload_data_size, void **con_cls)
{
    metrics_http_t *self = cls;
    static const char not_found[] = "not found: the metrics are at /metrics\n";
    static const char not_allowed[] = "only GET and HEAD\n";
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return metrics_http_reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
                                  strdup(not_allowed), sizeof not_allowed - 1, "text/plain");
    if (strcmp(url, "/metrics") != 0)
        return metrics_http_reply(conn, MHD_HTTP_NOT_FOUND, strdup(not_found),
                                  sizeof not_found - 1, "text/plain");
    size_t len = 0;
    char *text = metrics_render(self->metrics, &len);
    if (!text)
        return MHD_NO;
    return metrics_http_reply(conn, MHD_HTTP_OK, text, len,
                              "text/plain; version=0.0.4; charset=utf-8");
}

/* Parses HOST:PORT into addr; *flags gains the IPv6 bits when needed. */
static int metrics_http_address(const char *address, struct sockaddr_storage *addr,
                                unsigned *flags, char *err, size_t errlen)
{
    char host[128];
    const char *colon = strrchr(address, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    size_t hlen = colon ? (size_t)(colon - address) : 0;
    if (!colon || !end || *end || end == colon + 1 || port < 0 || port > 65535 || hlen == 0 ||
        hlen >= sizeof host) {
        snprintf(err, errlen, "metrics endpoint '%s': expected HOST:PORT", address);
        return -1;
    }
    memcpy(host, address, hlen);
    host[hlen] = '\0';
    memset(addr, 0, sizeof *addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
    if (strcmp(host, "*") == 0) {
        v6->sin6_family = AF_INET6;
        v6->sin6_addr = in6addr_any;
        v6->sin6_port = htons((uint16_t)port);
        *flags |= MHD_USE_DUAL_STACK;
        return 0;
    }
    if (host[0] == '[' && host[hlen - 1] == ']') {
        host[hlen - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = htons((uint16_t)port);
            *flags |= MHD_USE_IPv6;
            return 0;
        }
    } else if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        return 0;
    }
    snprintf(err, errlen, "metrics endpoint '%s': host must be an IPv4 address, [IPv6] or *",
             address);
    return -1;
}

metrics_http_t *metrics_http_start(metrics_t *metrics, const char *address, char *err,
                                   size_t errlen)
{
    struct sockaddr_storage addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD;
    if (!metrics || metrics_http_address(address, &addr, &flags, err, errlen) != 0)
        return NULL;
    metrics_http_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->metrics = metrics;
    errno = 0;
    self->daemon = MHD_start_daemon(flags, 0, NULL, NULL, metrics_http_handle, self,
                                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                                    MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
    const union MHD_DaemonInfo *info =
        self->daemon ? MHD_get_daemon_info(self->daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    if (!info) {
        snprintf(err, errlen, "metrics endpoint %s: %s", address,
                 errno ? strerror(errno) : "cannot listen");
        metrics_http_stop(&self);
        return NULL;
    }
    self->port = info->port;
    return self;
}

void metrics_http_stop(metrics_http_t **self)
{
    if (!self || !*self)
        return;
    if ((*self)->daemon)
        MHD_stop_daemon((*self)->daemon);
    free(*self);
    *self = NULL;
}

int metrics_http_port(const metrics_http_t *self) { return self->port; }
