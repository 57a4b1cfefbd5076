#include "service_host.h"

#include "log.h"

typedef struct {
    service_def_t def;
} host_args_t;

static int host_on_request(zloop_t *loop, zsock_t *sock, void *arg)
{
    rpc_server_handle(arg);
    return 0;
}

static int host_on_pipe(zloop_t *loop, zsock_t *pipe, void *arg)
{
    char *cmd = zstr_recv(pipe);
    int stop = !cmd || streq(cmd, "$TERM");
    zstr_free(&cmd);
    return stop ? -1 : 0;
}

/* Answers the requests already queued on the socket, for up to grace_ms. */
static void host_drain(rpc_server_t *server, int grace_ms, const char *name)
{
    zsock_t *sock = rpc_server_socket(server);
    int64_t until = zclock_mono() + grace_ms;
    int answered = 0;
    rpc_server_set_serving(server, 0);
    while (zclock_mono() < until && (zsock_events(sock) & ZMQ_POLLIN)) {
        rpc_server_handle(server);
        answered++;
    }
    if (answered)
        log_info(name, "answered %d request(s) received before the stop", answered);
    /* replies still queued leave while the process exits */
    zsock_set_linger(sock, grace_ms);
}

static void host_actor(zsock_t *pipe, void *args)
{
    const service_def_t *def = &((host_args_t *)args)->def;
    char err[512] = "";
    zsock_signal(pipe, 0);
    zloop_t *loop = zloop_new();
    rpc_server_t *server = rpc_server_new(&def->rpc, err, sizeof err);
    void *state = NULL;
    if (server)
        state = def->module.start(server, loop, def->module.arg, err, sizeof err);
    for (int i = 0; state && i < SERVICE_MAX_ENDPOINTS && def->endpoints[i]; i++)
        if (rpc_server_bind(server, def->endpoints[i], err, sizeof err) != 0) {
            def->module.stop(&state);
        }
    /* zactor_new already took the first signal; this line says how setup went */
    zstr_send(pipe, state ? "" : err);
    if (!state) {
        rpc_server_destroy(&server);
        zloop_destroy(&loop);
        free(args);
        return;
    }
    zloop_reader(loop, rpc_server_socket(server), host_on_request, server);
    zloop_reader(loop, pipe, host_on_pipe, NULL);
    /* the owner decides when to stop: a signal alone must not end the loop */
    zloop_set_nonstop(loop, true);
    zloop_start(loop);
    log_info(def->rpc.name, "stopping");
    host_drain(server, def->grace_ms > 0 ? def->grace_ms : SERVICE_DEFAULT_GRACE_MS,
               def->rpc.name);
    def->module.stop(&state);
    rpc_server_destroy(&server);
    zloop_destroy(&loop);
    free(args);
}

zactor_t *service_host_start(const service_def_t *def, char *err, size_t errlen)
{
    host_args_t *args = calloc(1, sizeof *args);
    if (!args) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    args->def = *def;
    zactor_t *actor = zactor_new(host_actor, args);
    if (!actor) {
        free(args);
        snprintf(err, errlen, "cannot start the service thread");
        return NULL;
    }
    char *why = zstr_recv(actor);
    if (!why || *why) {
        snprintf(err, errlen, "%s", why ? why : "service failed to start");
        zstr_free(&why);
        zactor_destroy(&actor);
        return NULL;
    }
    zstr_free(&why);
    return actor;
}

void service_host_stop(zactor_t **actor)
{
    if (!actor || !*actor)
        return;
    zsock_set_sndtimeo(*actor, 0);
    if (zstr_send(*actor, "$TERM") == 0)
        while (zsock_wait(*actor) == -1 && zmq_errno() == EINTR)
            ;
    /* it has ended: zactor_destroy must not wait again for its goodbye */
    zsock_set_rcvtimeo(*actor, 100);
    zactor_destroy(actor);
}

int service_host_wait(zactor_t **actors, size_t count, const char *name)
{
    zpoller_t *poller = zpoller_new(NULL);
    for (size_t i = 0; i < count; i++)
        zpoller_add(poller, actors[i]);
    int rc = 0;
    while (!zsys_interrupted) {
        if (zpoller_wait(poller, 500)) {
            log_error(name, "a service thread ended unexpectedly");
            rc = 1;
            break;
        }
    }
    zpoller_destroy(&poller);
    return rc;
}
