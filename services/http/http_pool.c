#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "http_internal.h"
#include "log.h"

uint64_t http_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

entente_client_t *http_pool_client_new(const http_gateway_t *g, const char *endpoint)
{
    entente_client_options_t co = {.endpoint = endpoint,
                                   .data_dir = g->o.data_dir,
                                   .key_path = g->o.key_path,
                                   .keyring_path = g->o.keyring_path,
                                   .timeout_ms = g->o.timeout_ms,
                                   .server_key = g->o.query_key ? g->o.query_key : "query",
                                   .plaintext = g->o.plaintext};
    char err[512];
    entente_client_t *c = entente_client_new(&co, err, sizeof err);
    if (!c)
        log_warn(HTTP_COMPONENT, "query client: %s", err);
    return c;
}

entente_client_t *http_pool_get(http_gateway_t *g, int *slot)
{
    http_pool_t *p = &g->pool;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += g->o.timeout_ms / 1000 + 1;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (int i = 0; i < p->size; i++)
            if (p->idle[i]) {
                p->idle[i] = 0;
                pthread_mutex_unlock(&p->lock);
                *slot = i;
                if (!p->clients[i])
                    p->clients[i] = http_pool_client_new(g, g->o.query_endpoint);
                if (!p->clients[i]) {
                    pthread_mutex_lock(&p->lock);
                    p->idle[i] = 1;
                    pthread_cond_signal(&p->freed);
                    pthread_mutex_unlock(&p->lock);
                    return NULL;
                }
                return p->clients[i];
            }
        if (pthread_cond_timedwait(&p->freed, &p->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

void http_pool_put(http_gateway_t *g, int slot)
{
    pthread_mutex_lock(&g->pool.lock);
    g->pool.idle[slot] = 1;
    pthread_cond_signal(&g->pool.freed);
    pthread_mutex_unlock(&g->pool.lock);
}

int http_pool_init(http_gateway_t *g)
{
    http_pool_t *p = &g->pool;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->size = g->o.pool;
    p->clients = calloc((size_t)p->size, sizeof *p->clients);
    p->idle = calloc((size_t)p->size, sizeof *p->idle);
    for (int i = 0; p->idle && i < p->size; i++)
        p->idle[i] = 1;
    return p->clients && p->idle ? 0 : -1;
}

void http_pool_fini(http_gateway_t *g)
{
    http_pool_t *p = &g->pool;
    for (int i = 0; p->clients && i < p->size; i++)
        entente_client_destroy(&p->clients[i]);
    free(p->clients);
    free(p->idle);
    p->clients = NULL;
    p->idle = NULL;
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
}

uint64_t http_pool_query_head(entente_client_t *c)
{
    Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
    req.from_seq = UINT64_MAX;
    req.limit = 1;
    Entente__V1__ReplayReply *rep = NULL;
    entente_status_t st;
    if (entente_call(c, &entente__v1__query_service__descriptor, "Replay", &req.base,
                     (ProtobufCMessage **)&rep, &st) != 0)
        return 0;
    uint64_t head = rep->head_seq;
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return head;
}

int http_pool_call(http_gateway_t *g, const ProtobufCServiceDescriptor *service, const char *method,
                   const ProtobufCMessage *req, ProtobufCMessage **rep, entente_status_t *st,
                   http_pool_held_fn held, void *arg)
{
    int slot;
    entente_client_t *cl = http_pool_get(g, &slot);
    if (!cl) {
        st->code = 14;
        snprintf(st->message, sizeof st->message, "no query client is free");
        return -1;
    }
    metrics_add(g->m_query_calls, NULL, 1);
    int rc = entente_call(cl, service, method, req, rep, st);
    if (rc == 0 && held)
        held(cl, *rep, arg);
    http_pool_put(g, slot);
    return rc;
}
