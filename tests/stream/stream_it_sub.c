/* stream_it subscribe: stream_sub with a small receive high-water mark and a
 * slow callback, so that a subscriber falls behind the publisher: each event
 * takes --delay-us, and the first one waits until --hold-file exists (the
 * test creates it once everything is published, so the subscriber is behind
 * by the whole stream however fast the machine is). */
#include <czmq.h>
#include <unistd.h>

#include "stream_it.h"
#include "stream_sub.h"

typedef struct {
    long count, seen, delay_us;
    const char *hold;
} sit_sub_run_t;

static int sit_on_event(const Entente__V1__PartnershipEvent *ev, void *arg)
{
    sit_sub_run_t *r = arg;
    while (r->hold && access(r->hold, F_OK) != 0 && !zsys_interrupted)
        usleep(10000);
    r->hold = NULL;
    sit_print(stdout, ev);
    fflush(stdout);
    if (r->delay_us > 0)
        usleep((useconds_t)r->delay_us);
    return r->count > 0 && ++r->seen >= r->count;
}

int sit_subscribe(int argc, char **argv)
{
    const char *pub = NULL, *replay = NULL, *data = NULL, *hold = NULL;
    long from = 1, count = 0, rcvhwm = 0, delay_us = 0, timeout_ms = -1;
    int verify = 0;
    config_list_t types = {0}, countries = {0};
    const config_option_t opts[] = {
        {"endpoint", 'e', CONFIG_STRING, &pub, "ENDPOINT", "index's stream"},
        {"replay-endpoint", 0, CONFIG_STRING, &replay, "ENDPOINT", "index's RPC"},
        {"data", 'd', CONFIG_STRING, &data, "DIR", "data directory (client key, keyring)"},
        {"type", 'T', CONFIG_LIST, &types, "TYPE", "event types (any of)"},
        {"country", 'c', CONFIG_LIST, &countries, "CC", "countries (any of)"},
        {"from-seq", 'f', CONFIG_INT, &from, "N", "first sequence"},
        {"count", 'n', CONFIG_INT, &count, "N", "exit after N events"},
        {"rcvhwm", 0, CONFIG_INT, &rcvhwm, "N", "receive high-water mark (frames)"},
        {"delay-us", 0, CONFIG_INT, &delay_us, "US", "time the callback takes per event"},
        {"hold-file", 0, CONFIG_STRING, &hold, "FILE", "the first event waits for FILE"},
        {"timeout-ms", 0, CONFIG_INT, &timeout_ms, "MS", "give up after MS"},
        {"verify-events", 0, CONFIG_FLAG, &verify, NULL, "verify ingest signatures"},
    };
    sit_keys_t keys;
    if (sit_parse("stream_it subscribe", opts, sizeof opts / sizeof *opts, argc, argv) != 0 ||
        !pub || !replay || !data || from < 1 || sit_keys_load(data, &keys) != 0)
        return 2;
    stream_sub_config_t cfg = {
        .pub_endpoint = pub, .replay_endpoint = replay, .identity = keys.client,
        .keyring = keys.keyring,
        .filter = {(char *const *)types.items, types.n, (char *const *)countries.items,
                   countries.n},
        .from_seq = (uint64_t)from, .verify_events = verify, .rcvhwm = (int)rcvhwm,
        .plaintext = 1};
    char err[512];
    stream_sub_t *sub = stream_sub_new(&cfg, err, sizeof err);
    if (!sub) {
        fprintf(stderr, "stream_it subscribe: %s\n", err);
        sit_keys_free(&keys);
        return 1;
    }
    sit_sub_run_t r = {.count = count, .delay_us = delay_us, .hold = hold};
    int rc = stream_sub_run(sub, sit_on_event, &r, (int)timeout_ms);
    stream_sub_stats_t s;
    stream_sub_stats(sub, &s);
    const struct {
        const char *name;
        uint64_t value;
    } figures[] = {{"delivered", s.delivered},   {"last_seq", s.last_seq},
                   {"gaps_filled", s.gaps_filled}, {"replayed", s.replayed},
                   {"bad_frames", s.bad_frames}, {"bad_events", s.bad_events},
                   {"heartbeats", s.heartbeats}};
    for (size_t i = 0; i < sizeof figures / sizeof *figures; i++)
        fprintf(stderr, "%s %llu\n", figures[i].name, (unsigned long long)figures[i].value);
    stream_sub_destroy(&sub);
    sit_keys_free(&keys);
    return rc == 1 || rc == -1 ? 0 : 3; /* 3: timed out before --count */
}
