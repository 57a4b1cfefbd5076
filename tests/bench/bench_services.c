#include "bench_services.h"

#include <arpa/inet.h>
#include <czmq.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "curve_auth.h"
#include "datadir.h"
#include "index_service.h"
#include "ingest_service.h"
#include "query_service.h"
#include "service_host.h"
#include "transport.h"

static const char *const names[BENCH_SERVICES] = {"ingest", "index", "query"};

struct bench_services {
    identity_t *ids[BENCH_SERVICES];
    identity_t *client;
    keyring_t *keyring;
    curve_auth_t *auth; /* tcp is CurveZMQ, as deployed: the keyring admits */
    char endpoints[BENCH_SERVICES][64];
    char pub[64];
    ingest_options_t ingest;
    index_options_t index;
    query_options_t query;
    zactor_t *actors[BENCH_SERVICES];
};

int bench_free_endpoint(char out[64], char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int ok = fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
             getsockname(fd, (struct sockaddr *)&a, &len) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok) {
        snprintf(err, errlen, "no free loopback port");
        return -1;
    }
    snprintf(out, 64, "tcp://127.0.0.1:%d", ntohs(a.sin_port));
    return 0;
}

static int services_load_keys(bench_services_t *self, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    if (datadir_init(dir, err, errlen) != 0)
        return -1;
    for (int i = 0; i < BENCH_SERVICES; i++) {
        datadir_key_path(dir, names[i], path, sizeof path);
        if (!(self->ids[i] = identity_load(path, err, errlen)))
            return -1;
    }
    datadir_key_path(dir, "client", path, sizeof path);
    if (!(self->client = identity_load(path, err, errlen)))
        return -1;
    datadir_keyring_path(dir, path, sizeof path);
    self->keyring = keyring_load(path, err, errlen);
    if (!self->keyring)
        return -1;
    self->auth = curve_auth_start(self->keyring, NULL, err, errlen);
    return self->auth ? 0 : -1;
}

static int services_host(bench_services_t *self, int which, service_module_t module, char *err,
                         size_t errlen)
{
    static const char *const servers[BENCH_SERVICES] = {"entente-ingest", "entente-index",
                                                        "entente-query"};
    service_def_t def = {.rpc = {.name = servers[which], .identity = self->ids[which],
                                 .keyring = self->keyring,
                                 .max_msg_bytes = TRANSPORT_DEFAULT_MAX_MSG},
                         .endpoints = {self->endpoints[which]},
                         .module = module};
    self->actors[which] = service_host_start(&def, err, errlen);
    return self->actors[which] ? 0 : -1;
}

bench_services_t *bench_services_start(const char *data_dir, const int want[BENCH_SERVICES],
                                       char *err, size_t errlen)
{
    bench_services_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int ok = services_load_keys(self, data_dir, err, errlen) == 0 &&
             bench_free_endpoint(self->pub, err, errlen) == 0;
    for (int i = 0; ok && i < BENCH_SERVICES; i++)
        ok = bench_free_endpoint(self->endpoints[i], err, errlen) == 0;
    self->index = (index_options_t){.data_dir = data_dir, .pub_endpoints = {self->pub}};
    const uint8_t *index_pk = ok ? identity_public_key(self->ids[BENCH_INDEX]) : NULL;
    self->ingest = (ingest_options_t){.data_dir = data_dir,
                                      .index_endpoint = self->endpoints[BENCH_INDEX],
                                      .index_pk = index_pk};
    self->query = (query_options_t){.data_dir = data_dir,
                                    .index_endpoint = self->endpoints[BENCH_INDEX],
                                    .pub_endpoint = self->pub,
                                    .index_pk = index_pk};
    /* index first: the others connect to it */
    ok = ok && services_host(self, BENCH_INDEX, index_service_module(&self->index), err,
                             errlen) == 0;
    if (ok && want[BENCH_INGEST])
        ok = services_host(self, BENCH_INGEST, ingest_service_module(&self->ingest), err,
                           errlen) == 0;
    if (ok && want[BENCH_QUERY])
        ok = services_host(self, BENCH_QUERY, query_service_module(&self->query), err,
                           errlen) == 0;
    if (!ok)
        bench_services_stop(&self);
    return self;
}

void bench_services_stop(bench_services_t **self)
{
    if (!self || !*self)
        return;
    bench_services_t *s = *self;
    /* ingest first so what it holds reaches index, index last */
    static const int order[BENCH_SERVICES] = {BENCH_INGEST, BENCH_QUERY, BENCH_INDEX};
    for (int k = 0; k < BENCH_SERVICES; k++)
        service_host_stop(&s->actors[order[k]]);
    curve_auth_stop(&s->auth);
    for (int i = 0; i < BENCH_SERVICES; i++)
        identity_destroy(&s->ids[i]);
    identity_destroy(&s->client);
    keyring_destroy(&s->keyring);
    free(s);
    *self = NULL;
}

const char *bench_services_endpoint(const bench_services_t *self, int which)
{
    return self->endpoints[which];
}
const identity_t *bench_services_client_id(const bench_services_t *self) { return self->client; }
const identity_t *bench_services_ingest_id(const bench_services_t *self)
{
    return self->ids[BENCH_INGEST];
}
const keyring_t *bench_services_keyring(const bench_services_t *self) { return self->keyring; }

const uint8_t *bench_services_server_pk(const bench_services_t *self, int which)
{
    return identity_public_key(self->ids[which]);
}

rpc_client_t *bench_services_client(const bench_services_t *self, int which, char *err,
                                    size_t errlen)
{
    transport_opts_t t = {.server_pk = bench_services_server_pk(self, which)};
    return rpc_client_new(self->endpoints[which], self->client, self->keyring, &t, err, errlen);
}

int bench_workdir(char *out, size_t outlen, char *err, size_t errlen)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(out, outlen, "%s/entente-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(out)) {
        snprintf(err, errlen, "%s: %m", out);
        return -1;
    }
    return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

void bench_rmrf(const char *path)
{
    if (path && *path)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
