/* `entente subscribe`: new events as they are committed, without gaps. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "config.h"
#include "endpoints.h"
#include "event_view.h"
#include "vocab.h"

typedef struct {
    int json;
    long count;
    long seen;
    const char *state;
} subscribe_run_t;

/* Remembers the last sequence handled, so a restart with --state resumes. */
static void subscribe_save(const char *path, uint64_t seq)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%llu\n", (unsigned long long)seq) < 0 || fclose(f) != 0 ||
        rename(tmp, path) != 0)
        fprintf(stderr, "entente subscribe: cannot write %s\n", path);
}

static int subscribe_on_event(const Entente__V1__PartnershipEvent *ev, void *arg)
{
    subscribe_run_t *r = arg;
    if (r->json)
        event_view_json(stdout, ev);
    else
        event_view_table_row(stdout, ev);
    fflush(stdout);
    if (r->state)
        subscribe_save(r->state, ev->seq);
    return r->count > 0 && ++r->seen >= r->count;
}

static int subscribe_check(config_list_t *types, config_list_t *countries)
{
    for (size_t i = 0; i < types->n; i++)
        if (!vocab_event_type(types->items[i])) {
            fprintf(stderr, "entente subscribe: unknown event type '%s'\n", types->items[i]);
            return -1;
        }
    for (size_t i = 0; i < countries->n; i++) {
        char *cc = (char *)countries->items[i];
        for (char *p = cc; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        if (!vocab_is_country(cc)) {
            fprintf(stderr, "entente subscribe: unknown country code '%s'\n", cc);
            return -1;
        }
    }
    return 0;
}

int cmd_subscribe(int argc, char **argv)
{
    const char *pub = INDEX_DEFAULT_PUB_ENDPOINT, *replay = INDEX_DEFAULT_ENDPOINT;
    const char *data = "./data", *key = NULL, *keyring = NULL, *state = NULL;
    const char *server_key = "index", *replay_key = NULL;
    int plaintext = 0;
    long from = 0, count = 0;
    int json = 0, verify = 0, next;
    config_list_t types = {0}, countries = {0};
    const config_option_t opts[] = {
        {"endpoint", 'e', CONFIG_STRING, &pub, "ENDPOINT", "index's event stream"},
        {"replay-endpoint", 0, CONFIG_STRING, &replay, "ENDPOINT", "where gaps are filled (index RPC)"},
        {"data", 'd', CONFIG_STRING, &data, "DIR", "data directory with keys/client.key and keyring"},
        {"key", 0, CONFIG_STRING, &key, "FILE", "client secret key"},
        {"keyring", 0, CONFIG_STRING, &keyring, "FILE", "trusted keys"},
        {"from-seq", 'f', CONFIG_INT, &from, "N", "first sequence to print (default: new events)"},
        {"state", 0, CONFIG_STRING, &state, "FILE", "resume after the sequence kept in FILE"},
        {"type", 'T', CONFIG_LIST, &types, "TYPE", "event types (any of)"},
        {"country", 'c', CONFIG_LIST, &countries, "CC", "countries (any of)"},
        {"count", 'n', CONFIG_INT, &count, "N", "exit after N events"},
        {"json", 'j', CONFIG_FLAG, &json, NULL, "JSON Lines instead of table rows"},
        {"verify-events", 0, CONFIG_FLAG, &verify, NULL, "verify each event's ingest signature"},
        {"server-key", 0, CONFIG_STRING, &server_key, "NAME|HEX", "index's key for CurveZMQ (keyring name, role or hex)"},
        {"replay-server-key", 0, CONFIG_STRING, &replay_key, "NAME|HEX", "the replay server's key (default: --server-key)"},
        {"insecure-plaintext", 0, CONFIG_FLAG, &plaintext, NULL, "tcp without CurveZMQ"},
    };
    config_spec_t spec = {"entente subscribe", "[OPTIONS]",
                          "Prints events as index commits them, in sequence order, with no gap "
                          "and no repeat across restarts of either side.",
                          opts, sizeof opts / sizeof *opts};
    char err[512];
    int rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    if (rc != 0 || next != argc || from < 0 || count < 0 || subscribe_check(&types, &countries)) {
        if (rc < 0 || next != argc || from < 0 || count < 0)
            fprintf(stderr, "entente subscribe: %s\n",
                    rc < 0 ? err : "bad argument, --from-seq or --count");
        return rc == 1 ? 0 : 2;
    }
    if (state && !from) {
        FILE *f = fopen(state, "r");
        unsigned long long last = 0;
        if (f && fscanf(f, "%llu", &last) == 1)
            from = (long)last + 1;
        if (f)
            fclose(f);
    }
    entente_subscribe_options_t so = {
        .pub_endpoint = pub, .replay_endpoint = replay, .data_dir = data, .key_path = key,
        .keyring_path = keyring, .types = (char **)types.items, .n_types = types.n,
        .countries = (char **)countries.items, .n_countries = countries.n,
        .from_seq = (uint64_t)from, .verify_events = verify, .server_key = server_key,
        .replay_server_key = replay_key, .plaintext = plaintext};
    int new_only = from == 0;
    if (new_only)
        so.from_seq = UINT64_MAX; /* resolved below: start after the current head */
    entente_subscription_t *sub = NULL;
    if (new_only) {
        entente_client_options_t co = {.endpoint = replay, .data_dir = data, .key_path = key,
                                       .keyring_path = keyring,
                                       .server_key = replay_key ? replay_key : server_key,
                                       .plaintext = plaintext};
        entente_client_t *c = entente_client_new(&co, err, sizeof err);
        Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
        req.from_seq = UINT64_MAX;
        req.limit = 1;
        Entente__V1__ReplayReply *rep = NULL;
        entente_status_t st;
        if (c && entente_call(c, &entente__v1__index_service__descriptor, "Replay", &req.base,
                              (ProtobufCMessage **)&rep, &st) == 0) {
            so.from_seq = rep->head_seq + 1;
            protobuf_c_message_free_unpacked(&rep->base, NULL);
        } else if (c) {
            snprintf(err, sizeof err, "%s: %s", entente_status_name(st.code), st.message);
        }
        entente_client_destroy(&c);
    }
    if (so.from_seq != UINT64_MAX)
        sub = entente_subscribe(&so, err, sizeof err);
    if (!sub) {
        fprintf(stderr, "entente subscribe: %s\n", err);
        return 1;
    }
    subscribe_run_t r = {.json = json, .count = count, .state = state};
    if (!json)
        event_view_table_header(stdout);
    rc = entente_subscription_run(sub, subscribe_on_event, &r, -1);
    entente_subscription_stats_t s;
    entente_subscription_stats(sub, &s);
    fprintf(stderr,
            "delivered %llu (last seq %llu), gaps filled %llu, dropped frames %llu, dropped "
            "events %llu\n",
            (unsigned long long)s.delivered, (unsigned long long)s.last_seq,
            (unsigned long long)s.gaps_filled, (unsigned long long)s.bad_frames,
            (unsigned long long)s.bad_events);
    entente_subscription_destroy(&sub);
    return 0; /* stopped by --count or by a signal: both are the normal end */
}
