/* bench_services — ingest, index and query run in this process as `entente
 * run` runs them (service_host actors), each on a free loopback tcp port, so
 * the benchmark's clients go through the real RPC path: signed envelopes over
 * ZeroMQ, protobuf, the services' own handlers.
 *
 * The data directory gets its keys on first use (datadir_init). The
 * identities and keyring are loaded here and lent to the callers (client_id
 * and keyring live as long as the bench_services_t). */
#ifndef ENTENTE_BENCH_SERVICES_H
#define ENTENTE_BENCH_SERVICES_H

#include <stddef.h>

#include "identity.h"
#include "keyring.h"
#include "rpc_client.h"

enum { BENCH_INGEST, BENCH_INDEX, BENCH_QUERY, BENCH_SERVICES };

typedef struct bench_services bench_services_t;

/* Starts index, then whichever of ingest and query want[] asks for. */
bench_services_t *bench_services_start(const char *data_dir, const int want[BENCH_SERVICES],
                                       char *err, size_t errlen);
void bench_services_stop(bench_services_t **self);

const char *bench_services_endpoint(const bench_services_t *self, int which);
const identity_t *bench_services_client_id(const bench_services_t *self);
const identity_t *bench_services_ingest_id(const bench_services_t *self);
const keyring_t *bench_services_keyring(const bench_services_t *self);
/* The Ed25519 key a client of service which authenticates it by (Curve). */
const uint8_t *bench_services_server_pk(const bench_services_t *self, int which);
/* A client of service which, as the benchmark's client key, over Curve as
 * deployed (destroy with rpc_client_destroy). */
rpc_client_t *bench_services_client(const bench_services_t *self, int which, char *err,
                                    size_t errlen);

/* A loopback tcp endpoint nobody listens on right now. */
int bench_free_endpoint(char out[64], char *err, size_t errlen);

/* A fresh directory under $TMPDIR (or /tmp), and its removal. */
int bench_workdir(char *out, size_t outlen, char *err, size_t errlen);
void bench_rmrf(const char *path);

#endif
