#include "bench_nats.h"

#include <fcntl.h>
#include <nats/nats.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NATS_SUBJECT "bench.events"
#define NATS_START_MS 5000

extern char **environ;

struct bench_nats {
    pid_t pid;
    char url[64];
    natsConnection *pub;
    size_t msg_bytes;
    atomic_int abort, gate;
};

typedef struct {
    bench_nats_t *b;
    natsConnection *conn;
    natsSubscription *sub;
    bench_track_t track;
    int64_t dropped;
    pthread_t thread;
} nats_sub_t;

const char *bench_nats_find(const char *server, char *path, size_t pathlen)
{
    if (strchr(server, '/')) {
        snprintf(path, pathlen, "%s", server);
        return access(path, X_OK) == 0 ? path : NULL;
    }
    const char *env = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s:/usr/sbin:/usr/bin", env ? env : "");
    char *save = NULL;
    for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(path, pathlen, "%s/%s", d, server);
        if (access(path, X_OK) == 0)
            return path;
    }
    return NULL;
}

static int nats_spawn(bench_nats_t *self, const char *path, int port, char *err, size_t errlen)
{
    char port_s[16];
    snprintf(port_s, sizeof port_s, "%d", port);
    char *argv[] = {(char *)path, "-a", "127.0.0.1", "-p", port_s, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&self->pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        self->pid = 0;
        snprintf(err, errlen, "%s: cannot start: %s", path, strerror(rc));
        return -1;
    }
    return 0;
}

/* Connects, retrying while the server starts. */
static natsConnection *nats_connect(const char *url, char *err, size_t errlen)
{
    natsConnection *nc = NULL;
    natsStatus s = NATS_ERR;
    double until = bench_now_us() + NATS_START_MS * 1e3;
    while ((s = natsConnection_ConnectTo(&nc, url)) != NATS_OK && bench_now_us() < until)
        bench_sleep_us(50e3);
    if (s != NATS_OK)
        snprintf(err, errlen, "%s: %s", url, natsStatus_GetText(s));
    return s == NATS_OK ? nc : NULL;
}

bench_nats_t *bench_nats_new(const char *server_path, size_t msg_bytes, char *err,
                             size_t errlen)
{
    bench_nats_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->msg_bytes = msg_bytes < sizeof(uint64_t) ? sizeof(uint64_t) : msg_bytes;
    int port = bench_free_port(err, errlen);
    snprintf(self->url, sizeof self->url, "nats://127.0.0.1:%d", port);
    if (port < 0 || nats_spawn(self, server_path, port, err, errlen) != 0 ||
        !(self->pub = nats_connect(self->url, err, errlen)))
        bench_nats_destroy(&self);
    return self;
}

void bench_nats_destroy(bench_nats_t **self)
{
    if (!self || !*self)
        return;
    natsConnection_Destroy((*self)->pub);
    if ((*self)->pid > 0) {
        kill((*self)->pid, SIGTERM);
        waitpid((*self)->pid, NULL, 0);
    }
    nats_Close();
    free(*self);
    *self = NULL;
}

static void *nats_sub_main(void *arg)
{
    nats_sub_t *s = arg;
    bench_gate_wait(&s->b->gate, &s->b->abort);
    while (!bench_track_done(&s->track) && !atomic_load(&s->b->abort)) {
        natsMsg *m = NULL;
        if (natsSubscription_NextMsg(&m, s->sub, 200) != NATS_OK)
            continue;
        uint64_t i;
        if (natsMsg_GetDataLength(m) >= (int)sizeof i) {
            memcpy(&i, natsMsg_GetData(m), sizeof i);
            bench_track_hit(&s->track, (size_t)i);
        }
        natsMsg_Destroy(m);
    }
    natsSubscription_GetDropped(s->sub, &s->dropped);
    return NULL;
}

/* Subscribes on its own connection; the flush makes the server know it. */
static int nats_sub_open(bench_nats_t *self, nats_sub_t *s, size_t n, char *err, size_t errlen)
{
    s->b = self;
    if (bench_track_init(&s->track, n) != 0 || !(s->conn = nats_connect(self->url, err, errlen)))
        return -1;
    natsStatus st = natsConnection_SubscribeSync(&s->sub, s->conn, NATS_SUBJECT);
    if (st == NATS_OK)
        st = natsSubscription_SetPendingLimits(s->sub, -1, -1);
    if (st == NATS_OK)
        st = natsConnection_Flush(s->conn);
    if (st != NATS_OK)
        snprintf(err, errlen, "subscribe: %s", natsStatus_GetText(st));
    return st == NATS_OK ? 0 : -1;
}

static void nats_sub_close(nats_sub_t *s)
{
    natsSubscription_Destroy(s->sub);
    natsConnection_Destroy(s->conn);
    bench_track_free(&s->track);
}

typedef struct {
    bench_nats_t *b;
    char *msg;
} nats_sender_t;

static int nats_send(void *ctx, size_t first, size_t count)
{
    nats_sender_t *s = ctx;
    for (size_t i = first; i < first + count; i++) {
        uint64_t v = i;
        memcpy(s->msg, &v, sizeof v);
        if (natsConnection_Publish(s->b->pub, NATS_SUBJECT, s->msg, (int)s->b->msg_bytes) !=
            NATS_OK)
            return -1;
    }
    return 0;
}

static int nats_measure(bench_nats_t *self, const bench_run_t *run, nats_sub_t *subs,
                        bench_result_t *out, char *err, size_t errlen)
{
    size_t n = run->events, k = run->subscribers;
    double *sent_at = calloc(n ? n : 1, sizeof *sent_at);
    char *msg = malloc(self->msg_bytes);
    bench_track_t **tracks = calloc(k ? k : 1, sizeof *tracks);
    int rc = sent_at && msg && tracks ? 0 : -1;
    if (msg)
        memset(msg, 'x', self->msg_bytes);
    if (rc == 0 && (bench_send(nats_send, &(nats_sender_t){self, msg}, n, 1000, run->rate,
                               sent_at) != 0 ||
                    natsConnection_Flush(self->pub) != NATS_OK)) {
        snprintf(err, errlen, "publishing to %s failed", self->url);
        rc = -1;
    }
    double acked = bench_now_us();
    atomic_store(&self->gate, 1);
    for (size_t i = 0; i < k; i++)
        tracks[i] = &subs[i].track;
    if (rc == 0 && bench_wait_tracks(tracks, k, bench_drain_ms(run)) != 0) {
        snprintf(err, errlen, "not every NATS subscriber received every message");
        rc = -1;
    }
    atomic_store(&self->abort, 1);
    for (size_t i = 0; i < k; i++)
        pthread_join(subs[i].thread, NULL);
    if (rc == 0)
        bench_result_fill(out, sent_at, n, run->backlog ? acked : sent_at[0], acked, tracks, k);
    for (size_t i = 0; i < k; i++)
        out->dropped += (uint64_t)subs[i].dropped;
    free(sent_at);
    free(msg);
    free(tracks);
    return rc;
}

int bench_nats_run(bench_nats_t *self, const bench_run_t *run, bench_result_t *out, char *err,
                   size_t errlen)
{
    size_t k = run->subscribers, opened = 0, started = 0;
    memset(out, 0, sizeof *out);
    atomic_store(&self->abort, 0);
    atomic_store(&self->gate, !run->backlog);
    nats_sub_t *subs = calloc(k ? k : 1, sizeof *subs);
    if (!subs) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    while (opened < k && nats_sub_open(self, &subs[opened], run->events, err, errlen) == 0)
        opened++;
    while (opened == k && started < k &&
           pthread_create(&subs[started].thread, NULL, nats_sub_main, &subs[started]) == 0)
        started++;
    int rc;
    if (started == k)
        rc = nats_measure(self, run, subs, out, err, errlen);
    else {
        rc = -1;
        if (opened == k)
            snprintf(err, errlen, "cannot start the NATS subscribers");
        atomic_store(&self->abort, 1);
        for (size_t i = 0; i < started; i++)
            pthread_join(subs[i].thread, NULL);
    }
    for (size_t i = 0; i < k && i <= opened; i++)
        nats_sub_close(&subs[i]);
    free(subs);
    return rc;
}
