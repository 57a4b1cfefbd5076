/* test_util — helpers shared by the cmocka tests: temp dirs, free ports and
 * hand-built request frames. */
#ifndef ENTENTE_TEST_UTIL_H
#define ENTENTE_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the three above first */
#include <cmocka.h>
#include <protobuf-c/protobuf-c.h>

#include "envelope.h"
#include "identity.h"
#include "keyring.h"

/* A fresh directory under $TMPDIR (or /tmp) into out[4096]; fails the test
 * when it cannot be made. */
void tu_mkdtemp(char *out);
/* rm -rf path; quiet when it is already gone. */
void tu_rmrf(const char *path);
/* A loopback tcp port nobody listens on right now. */
int tu_free_port(void);
/* The whole content of a small file, NUL-terminated, malloc'd (NULL if none). */
char *tu_read_file(const char *path);
/* Writes text to path (truncating). */
void tu_write_file(const char *path, const char *text);

/* ms scaled by ENTENTE_TEST_TIME_FACTOR (default 1): tests/valgrind.sh sets
 * it, so client timeouts hold under valgrind's slowdown. */
int tu_ms(int ms);

/* A new identity, failing the test when it cannot be made. */
identity_t *tu_identity(const char *name);

/* Options of a hand-built request; zero values mean "a good default". */
typedef struct {
    const char *service, *method;
    const ProtobufCMessage *input; /* packed into the payload */
    const uint8_t *raw_payload;    /* or these bytes as the payload */
    size_t raw_len;
    const uint8_t *request_id;     /* or a fresh 16-byte id */
    size_t request_id_len;
    uint64_t timestamp_ms;         /* 0: now */
    uint64_t deadline_ms;          /* 0: none */
    Entente__V1__Kind kind;        /* 0: REQUEST */
} tu_request_t;

/* Seals a request signed by signer; *out is malloc'd. */
void tu_seal_request(const tu_request_t *req, const identity_t *signer, uint8_t **out,
                     size_t *len);

#endif
