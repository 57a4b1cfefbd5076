#include "bench_zmq.h"

#include <czmq.h>

#include "bench_services.h"

struct bench_zmq {
    zactor_t *server;
    char endpoint[64];
    size_t request_bytes, reply_bytes;
};

static void echo_actor(zsock_t *pipe, void *arg)
{
    bench_zmq_t *self = arg;
    zsock_t *router = zsock_new(ZMQ_ROUTER);
    int ok = router && zsock_bind(router, "%s", self->endpoint) >= 0;
    zsock_signal(pipe, ok ? 0 : 1);
    uint8_t *reply = calloc(1, self->reply_bytes ? self->reply_bytes : 1);
    zpoller_t *poller = zpoller_new(pipe, router, NULL);
    while (ok && reply) {
        void *ready = zpoller_wait(poller, -1);
        if (ready != router)
            break; /* $TERM or interrupted */
        zmsg_t *msg = zmsg_recv(router);
        zframe_t *id = msg ? zmsg_pop(msg) : NULL;
        zmsg_destroy(&msg);
        if (!id)
            continue;
        zmsg_t *out = zmsg_new();
        zmsg_append(out, &id);
        zmsg_addmem(out, reply, self->reply_bytes);
        zmsg_send(&out, router);
    }
    zpoller_destroy(&poller);
    free(reply);
    zsock_destroy(&router);
}

bench_zmq_t *bench_zmq_start(size_t request_bytes, size_t reply_bytes, char *err,
                             size_t errlen)
{
    bench_zmq_t *self = calloc(1, sizeof *self);
    if (!self || bench_free_endpoint(self->endpoint, err, errlen) != 0) {
        free(self);
        return NULL;
    }
    self->request_bytes = request_bytes;
    self->reply_bytes = reply_bytes;
    self->server = zactor_new(echo_actor, self);
    if (!self->server) {
        snprintf(err, errlen, "cannot bind %s", self->endpoint);
        bench_zmq_stop(&self);
    }
    return self;
}

void bench_zmq_stop(bench_zmq_t **self)
{
    if (!self || !*self)
        return;
    zactor_destroy(&(*self)->server);
    free(*self);
    *self = NULL;
}

typedef struct {
    zsock_t *sock;
    uint8_t *request;
    size_t request_bytes;
} zmq_client_t;

static void *client_open(void *arg, int thread, char *err, size_t errlen)
{
    bench_zmq_t *z = arg;
    zmq_client_t *c = calloc(1, sizeof *c);
    if (c) {
        c->sock = zsock_new_dealer(z->endpoint);
        c->request = calloc(1, z->request_bytes ? z->request_bytes : 1);
        c->request_bytes = z->request_bytes;
    }
    if (!c || !c->sock || !c->request) {
        snprintf(err, errlen, "cannot connect to %s", z->endpoint);
        if (c) {
            zsock_destroy(&c->sock);
            free(c->request);
            free(c);
        }
        return NULL;
    }
    zsock_set_rcvtimeo(c->sock, 5000);
    return c;
}

static void client_close(void **ctx)
{
    zmq_client_t *c = *ctx;
    zsock_destroy(&c->sock);
    free(c->request);
    free(c);
    *ctx = NULL;
}

static int client_op(void *ctx, uint64_t *rng, char *err, size_t errlen)
{
    zmq_client_t *c = ctx;
    zframe_t *f = zframe_new(c->request, c->request_bytes);
    if (zframe_send(&f, c->sock, 0) != 0) {
        snprintf(err, errlen, "send failed");
        return -1;
    }
    zframe_t *reply = zframe_recv(c->sock);
    if (!reply) {
        snprintf(err, errlen, "no reply");
        return -1;
    }
    zframe_destroy(&reply);
    return 0;
}

bench_op_t bench_zmq_op(bench_zmq_t *self)
{
    return (bench_op_t){client_open, client_op, client_close, self};
}
