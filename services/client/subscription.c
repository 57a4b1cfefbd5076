/* libentente's subscriber: stream_sub with the client's keys. */
#include <stdio.h>
#include <stdlib.h>

#include "datadir.h"
#include "endpoints.h"
#include "entente.h"
#include "stream_sub.h"

struct entente_subscription {
    identity_t *identity;
    keyring_t *keyring;
    stream_sub_t *sub;
};

entente_subscription_t *entente_subscribe(const entente_subscribe_options_t *opts, char *err,
                                          size_t errlen)
{
    const char *dir = opts->data_dir ? opts->data_dir : "./data";
    char key[4096], ring[4096];
    datadir_key_path(dir, "client", key, sizeof key);
    datadir_keyring_path(dir, ring, sizeof ring);
    entente_subscription_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    self->identity = identity_load(opts->key_path ? opts->key_path : key, err, errlen);
    if (self->identity)
        self->keyring = keyring_load(opts->keyring_path ? opts->keyring_path : ring, err, errlen);
    /* the keyring holds index's key anyway: stream frames are verified with it */
    uint8_t pub_pk[IDENTITY_PK_BYTES], replay_pk[IDENTITY_PK_BYTES];
    const char *pub_key = opts->server_key ? opts->server_key : "index";
    const char *replay_key = opts->replay_server_key ? opts->replay_server_key : pub_key;
    if (self->keyring && !opts->plaintext &&
        (keyring_server_key(self->keyring, pub_key, NULL, pub_pk, err, errlen) != 0 ||
         keyring_server_key(self->keyring, replay_key, NULL, replay_pk, err, errlen) != 0))
        keyring_destroy(&self->keyring);
    if (self->keyring) {
        stream_sub_config_t cfg = {
            .pub_endpoint = opts->pub_endpoint ? opts->pub_endpoint : INDEX_DEFAULT_PUB_ENDPOINT,
            .replay_endpoint = opts->replay_endpoint ? opts->replay_endpoint
                                                     : INDEX_DEFAULT_ENDPOINT,
            .identity = self->identity,
            .keyring = self->keyring,
            .filter = {opts->types, opts->n_types, opts->countries, opts->n_countries},
            .from_seq = opts->from_seq ? opts->from_seq : 1,
            .verify_events = opts->verify_events,
            .pub_server_pk = pub_pk,
            .replay_server_pk = replay_pk,
            .plaintext = opts->plaintext,
        };
        self->sub = stream_sub_new(&cfg, err, errlen);
    }
    if (!self->sub)
        entente_subscription_destroy(&self);
    return self;
}

int entente_subscription_run(entente_subscription_t *self, entente_event_fn fn, void *arg,
                             int timeout_ms)
{
    return stream_sub_run(self->sub, fn, arg, timeout_ms);
}

void entente_subscription_stats(const entente_subscription_t *self,
                                entente_subscription_stats_t *out)
{
    stream_sub_stats_t s;
    stream_sub_stats(self->sub, &s);
    *out = (entente_subscription_stats_t){s.delivered,  s.last_seq,   s.gaps_filled,
                                          s.replayed,   s.bad_frames, s.bad_events,
                                          s.heartbeats, s.commit_us};
}

void entente_subscription_destroy(entente_subscription_t **self)
{
    if (!self || !*self)
        return;
    stream_sub_destroy(&(*self)->sub);
    keyring_destroy(&(*self)->keyring);
    identity_destroy(&(*self)->identity);
    free(*self);
    *self = NULL;
}
