#include "transport.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <zmq.h>

#include "curve_auth.h"

long transport_hard_cap(const transport_opts_t *opts)
{
    long max = opts && opts->max_msg_bytes > 0 ? opts->max_msg_bytes : TRANSPORT_DEFAULT_MAX_MSG;
    return 2 * max + 4096;
}

zsock_t *transport_socket(int type, const transport_opts_t *opts)
{
    zsock_t *sock = zsock_new(type);
    if (!sock)
        return NULL;
    zsock_set_linger(sock, 0);
    zsock_set_maxmsgsize(sock, (int)transport_hard_cap(opts));
    zsock_set_sndhwm(sock, type == ZMQ_PUB ? 100000 : 10000);
    zsock_set_rcvhwm(sock, 10000);
    return sock;
}

zsock_t *transport_server_new(const transport_opts_t *opts)
{
    zsock_t *sock = transport_socket(ZMQ_ROUTER, opts);
    /* a reply to a client that went away is dropped rather than queued */
    if (sock)
        zsock_set_router_mandatory(sock, 0);
    return sock;
}

zsock_t *transport_client_new(const char *endpoint, const transport_opts_t *opts, char *err,
                              size_t errlen)
{
    zsock_t *sock = transport_socket(ZMQ_DEALER, opts);
    if (!sock) {
        snprintf(err, errlen, "cannot create socket: %s", zmq_strerror(errno));
        return NULL;
    }
    if (transport_connect(sock, endpoint, opts, err, errlen) != 0)
        zsock_destroy(&sock);
    return sock;
}

int transport_uses_curve(const char *endpoint, const transport_opts_t *opts)
{
    return strncmp(endpoint, "tcp://", 6) == 0 && !(opts && opts->plaintext);
}

/* Our own Curve key pair on sock; the secret leaves no copy behind. */
static int transport_curve_keys(zsock_t *sock, const transport_opts_t *opts, const char *endpoint,
                                char *err, size_t errlen)
{
    uint8_t pk[IDENTITY_CURVE_BYTES], sk[IDENTITY_CURVE_BYTES];
    if (!opts || !opts->identity || identity_curve_keys(opts->identity, pk, sk) != 0) {
        snprintf(err, errlen, "%s: CurveZMQ needs this process's key", endpoint);
        return -1;
    }
    zsock_set_curve_publickey_bin(sock, pk);
    zsock_set_curve_secretkey_bin(sock, sk);
    sodium_memzero(sk, sizeof sk);
    return 0;
}

int transport_bind(zsock_t *sock, const char *endpoint, const transport_opts_t *opts, char *err,
                   size_t errlen)
{
    if (transport_uses_curve(endpoint, opts)) {
        /* without a ZAP handler libzmq would let every Curve client in */
        if (!curve_auth_active()) {
            snprintf(err, errlen, "%s: no ZAP handler runs to check clients against the keyring",
                     endpoint);
            return -1;
        }
        if (transport_curve_keys(sock, opts, endpoint, err, errlen) != 0)
            return -1;
        zsock_set_curve_server(sock, 1);
        zsock_set_zap_domain(sock, TRANSPORT_ZAP_DOMAIN);
    }
    if (zsock_bind(sock, "%s", endpoint) < 0) {
        snprintf(err, errlen, "%s: %s", endpoint, zmq_strerror(errno));
        return -1;
    }
    return 0;
}

int transport_connect(zsock_t *sock, const char *endpoint, const transport_opts_t *opts,
                      char *err, size_t errlen)
{
    if (transport_uses_curve(endpoint, opts)) {
        uint8_t server[IDENTITY_CURVE_BYTES];
        if (!opts->server_pk || identity_curve_public_of(opts->server_pk, server) != 0) {
            snprintf(err, errlen, "%s: CurveZMQ needs the server's public key", endpoint);
            return -1;
        }
        if (transport_curve_keys(sock, opts, endpoint, err, errlen) != 0)
            return -1;
        zsock_set_curve_serverkey_bin(sock, server);
    }
    if (zsock_connect(sock, "%s", endpoint) != 0) {
        snprintf(err, errlen, "%s: %s", endpoint, zmq_strerror(errno));
        return -1;
    }
    return 0;
}
