#include "curve_auth.h"

#include <czmq.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "log.h"
#include "service_host.h"

struct curve_auth {
    zactor_t *actor;
    int running; /* counted in curve_auth_running */
};

#define CURVE_AUTH_QUIET_MS 60000

typedef struct {
    const keyring_t *keyring;
    metrics_family_t *m_handshakes;
    /* a refused client retries every few hundred ms: log a refusal once a minute */
    char last_refused[160];
    int64_t last_logged_ms;
} curve_auth_args_t;

static _Atomic int curve_auth_running;

int curve_auth_active(void) { return atomic_load(&curve_auth_running); }

/* The keyring entry a ZAP request's credentials name, or NULL with why. */
static const keyring_entry_t *curve_auth_check(const curve_auth_args_t *a, zmsg_t *req,
                                               char *why, size_t whylen)
{
    /* version, request id, domain, address, routing id, mechanism, credentials */
    zframe_t *f[7];
    f[0] = zmsg_first(req);
    for (int i = 1; i < 7; i++)
        f[i] = f[i - 1] ? zmsg_next(req) : NULL;
    if (!f[6] || !zframe_streq(f[5], "CURVE") || zframe_size(f[6]) != IDENTITY_CURVE_BYTES) {
        snprintf(why, whylen, "not a CurveZMQ client");
        return NULL;
    }
    const keyring_entry_t *e = keyring_find_curve(a->keyring, zframe_data(f[6]));
    if (!e) {
        char *addr = zframe_strdup(f[3]);
        char hex[2 * IDENTITY_CURVE_BYTES + 1];
        sodium_bin2hex(hex, sizeof hex, zframe_data(f[6]), IDENTITY_CURVE_BYTES);
        snprintf(why, whylen, "client key %.16s... from %s is not in the keyring", hex,
                 addr ? addr : "?");
        free(addr);
    }
    return e;
}

static void curve_auth_answer(curve_auth_args_t *a, zsock_t *rep)
{
    zmsg_t *req = zmsg_recv(rep);
    if (!req)
        return;
    char why[160] = "";
    zframe_t *version = zmsg_first(req), *request_id = zmsg_next(req);
    const keyring_entry_t *e = NULL;
    if (version && zframe_streq(version, "1.0") && request_id)
        e = curve_auth_check(a, req, why, sizeof why);
    else
        snprintf(why, sizeof why, "malformed ZAP request");
    const char *result[] = {e ? "admitted" : "refused"};
    metrics_add(a->m_handshakes, result, 1);
    int64_t now = zclock_mono();
    if (!e && (strcmp(why, a->last_refused) != 0 ||
               now - a->last_logged_ms >= CURVE_AUTH_QUIET_MS)) {
        log_warn("curve-auth", "refused: %s", why);
        snprintf(a->last_refused, sizeof a->last_refused, "%s", why);
        a->last_logged_ms = now;
    }
    zmsg_t *reply = zmsg_new();
    zmsg_addstr(reply, "1.0");
    zframe_t *id = request_id ? zframe_dup(request_id) : zframe_new_empty();
    zmsg_append(reply, &id);
    zmsg_addstr(reply, e ? "200" : "400");
    zmsg_addstr(reply, e ? "OK" : why);
    zmsg_addstr(reply, e ? e->name : "");
    zmsg_addmem(reply, NULL, 0); /* no metadata */
    zmsg_send(&reply, rep);
    zmsg_destroy(&req);
}

static void curve_auth_actor(zsock_t *pipe, void *args)
{
    curve_auth_args_t *a = args;
    zsock_t *rep = zsock_new(ZMQ_REP);
    int ok = rep && zsock_bind(rep, CURVE_AUTH_ENDPOINT) == 0;
    zsock_signal(pipe, 0);
    zstr_send(pipe, ok ? "" : "another ZAP handler already runs in this process");
    zpoller_t *poller = ok ? zpoller_new(pipe, rep, NULL) : NULL;
    if (poller)
        zpoller_set_nonstop(poller, true);
    while (poller) {
        void *ready = zpoller_wait(poller, -1);
        if (ready == rep) {
            curve_auth_answer(a, rep);
            continue;
        }
        char *cmd = ready ? zstr_recv(pipe) : NULL;
        int stop = !cmd || streq(cmd, "$TERM");
        zstr_free(&cmd);
        if (stop)
            break;
    }
    zpoller_destroy(&poller);
    zsock_destroy(&rep);
    free(a);
}

curve_auth_t *curve_auth_start(const keyring_t *keyring, metrics_t *metrics, char *err,
                               size_t errlen)
{
    curve_auth_t *self = calloc(1, sizeof *self);
    curve_auth_args_t *a = calloc(1, sizeof *a);
    if (!self || !a) {
        free(self);
        free(a);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    a->keyring = keyring;
    a->m_handshakes = metrics_counter(metrics, "entente_transport_handshakes_total",
                                      "CurveZMQ clients admitted or refused by the keyring.",
                                      "result");
    self->actor = zactor_new(curve_auth_actor, a);
    if (!self->actor)
        free(a);
    char *why = self->actor ? zstr_recv(self->actor) : NULL;
    if (!why || *why) {
        snprintf(err, errlen, "ZAP handler: %s", why ? why : "cannot start");
        zstr_free(&why);
        curve_auth_stop(&self);
        return NULL;
    }
    zstr_free(&why);
    self->running = 1;
    atomic_fetch_add(&curve_auth_running, 1);
    return self;
}

void curve_auth_stop(curve_auth_t **self)
{
    if (!self || !*self)
        return;
    if ((*self)->running)
        atomic_fetch_sub(&curve_auth_running, 1);
    service_host_stop(&(*self)->actor);
    free(*self);
    *self = NULL;
}
