/* stream_it — the test tool of the stream integration tests (tests/stream):
 * generates and appends events through index's Append (the fast path, signed
 * with the data directory's ingest key), replays a filter, subscribes with
 * a throttle, and relays index's stream (a network to cut, a place to forge
 * frames).
 * Each command prints events as "SEQ<TAB>ID<TAB>TYPE<TAB>CC,CC<TAB>EVIDENCE". */
#ifndef ENTENTE_STREAM_IT_H
#define ENTENTE_STREAM_IT_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "entente/v1/services.pb-c.h"
#include "identity.h"
#include "keyring.h"
#include "transport.h"

/* The stream tests run on plain tcp (services get ENTENTE_INSECURE_PLAINTEXT
 * from streamlib.py): they check the stream's own frame and event
 * signatures, gaps and resumes, and the relay that cuts or forges must sit
 * between index and subscribers; CurveZMQ is tested by test_service_tcp,
 * it_metrics and the namespace test. */
extern const transport_opts_t sit_transport;

/* The keys of a data directory made by it_datadir (or `entente run`). */
typedef struct {
    identity_t *ingest, *index, *client;
    keyring_t *keyring;
} sit_keys_t;

int sit_keys_load(const char *data_dir, sit_keys_t *keys);
void sit_keys_free(sit_keys_t *keys);

/* Event number i (0-based) of the generated stream, its fields a function of
 * i; signed by signer. Free with sit_event_free. */
Entente__V1__PartnershipEvent *sit_event(uint64_t i, size_t pad, const identity_t *signer);
void sit_event_free(Entente__V1__PartnershipEvent *ev);
void sit_print(FILE *out, const Entente__V1__PartnershipEvent *ev);

int sit_append(int argc, char **argv);
int sit_replay(int argc, char **argv);
int sit_subscribe(int argc, char **argv);
int sit_relay(int argc, char **argv);

/* Parses argv with opts; prints the error and returns -1 on a bad flag. */
int sit_parse(const char *program, const config_option_t *opts, size_t n, int argc,
              char **argv);

#endif
