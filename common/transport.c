#include "transport.h"

#include <errno.h>
#include <zmq.h>

long transport_hard_cap(const transport_opts_t *opts)
{
    long max = opts && opts->max_msg_bytes > 0 ? opts->max_msg_bytes : TRANSPORT_DEFAULT_MAX_MSG;
    return 2 * max + 4096;
}

static void transport_common(zsock_t *sock, const transport_opts_t *opts)
{
    zsock_set_linger(sock, 0);
    zsock_set_maxmsgsize(sock, (int)transport_hard_cap(opts));
    zsock_set_sndhwm(sock, 10000);
    zsock_set_rcvhwm(sock, 10000);
}

zsock_t *transport_server_new(const transport_opts_t *opts)
{
    zsock_t *sock = zsock_new(ZMQ_ROUTER);
    if (!sock)
        return NULL;
    transport_common(sock, opts);
    /* a reply to a client that went away is dropped rather than queued */
    zsock_set_router_mandatory(sock, 0);
    return sock;
}

zsock_t *transport_client_new(const char *endpoint, const transport_opts_t *opts, char *err,
                              size_t errlen)
{
    zsock_t *sock = zsock_new(ZMQ_DEALER);
    if (!sock) {
        snprintf(err, errlen, "cannot create socket: %s", zmq_strerror(errno));
        return NULL;
    }
    transport_common(sock, opts);
    if (zsock_connect(sock, "%s", endpoint) != 0) {
        snprintf(err, errlen, "%s: %s", endpoint, zmq_strerror(errno));
        zsock_destroy(&sock);
        return NULL;
    }
    return sock;
}

int transport_bind(zsock_t *sock, const char *endpoint, char *err, size_t errlen)
{
    if (zsock_bind(sock, "%s", endpoint) < 0) {
        snprintf(err, errlen, "%s: %s", endpoint, zmq_strerror(errno));
        return -1;
    }
    return 0;
}
