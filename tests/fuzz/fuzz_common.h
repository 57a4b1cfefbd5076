/* fuzz_common — what the fuzz targets share: a scratch directory, a keyring
 * of test identities, sealed requests and sample signed events.
 *
 * Every target defines LLVMFuzzerTestOneInput; it is linked either with
 * libFuzzer (-DENTENTE_FUZZ=ON, clang) or with replay.c, the plain driver
 * ctest uses to replay the seed corpus and tests/fuzz/regressions/. */
#ifndef ENTENTE_FUZZ_COMMON_H
#define ENTENTE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "entente/v1/services.pb-c.h"
#include "identity.h"
#include "keyring.h"
#include "rpc_server.h"
#include "service_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    identity_t *ingest, *index, *client;
    keyring_t *keyring; /* the three above with their roles */
} fz_keys_t;

/* Once per process: quiet logs, keys, and a scratch directory removed at exit. */
const fz_keys_t *fz_keys(void);
const char *fz_scratch(void);
/* Writes data to path; 0 on success. */
int fz_write_file(const char *path, const uint8_t *data, size_t size);

/* A REQUEST envelope for service.method carrying payload, signed by signer,
 * with the current time and a fresh request id; *out malloc'd. */
int fz_seal_request(const char *service, const char *method, const uint8_t *payload,
                    size_t len, const identity_t *signer, uint8_t **out, size_t *outlen);

/* n sample events (i-th varies in type, countries, date) signed by ingest;
 * free with fz_free_events. */
Entente__V1__PartnershipEvent **fz_sample_events(size_t n, const identity_t *ingest);
void fz_free_events(Entente__V1__PartnershipEvent **evs, size_t n);

/* Once per process: a server named name, signed by signer, trusting
 * fz_keys()'s keyring, with module started on it (stopped at exit).
 * Aborts when it cannot start. */
rpc_server_t *fz_serve(const char *name, const identity_t *signer, service_module_t module);

/* A packed message, malloc'd. */
uint8_t *fz_pack(const ProtobufCMessage *m, size_t *len);

#endif
