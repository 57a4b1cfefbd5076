/* stream_it append / replay: index's Append and a filtered Replay. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "envelope.h"
#include "rpc_client.h"
#include "stream.h"
#include "stream_it.h"

#define SIT_RETRY_MS 60000 /* an Append keeps trying this long (index restarts) */

/* Appends evs; retries on a fresh client until index has them all. */
static int sit_append_chunk(rpc_client_t **client, const char *endpoint, const sit_keys_t *keys,
                            Entente__V1__PartnershipEvent **evs, size_t n)
{
    Entente__V1__AppendRequest req = ENTENTE__V1__APPEND_REQUEST__INIT;
    req.events = evs;
    req.n_events = n;
    uint64_t until = envelope_now_ms() + SIT_RETRY_MS;
    char err[512];
    while (envelope_now_ms() < until) {
        if (!*client)
            *client = rpc_client_new(endpoint, keys->ingest, keys->keyring, &sit_transport, err,
                                     sizeof err);
        Entente__V1__AppendReply *rep = NULL;
        status_t st = {0};
        if (*client && rpc_client_call(*client, &entente__v1__index_service__descriptor,
                                       "Append", &req.base, (ProtobufCMessage **)&rep, 3000,
                                       &st) == STATUS_OK) {
            int ok = rep->stored + rep->duplicates == n;
            protobuf_c_message_free_unpacked(&rep->base, NULL);
            if (ok)
                return 0;
            fprintf(stderr, "stream_it append: index stored only part of a chunk\n");
            return -1;
        }
        rpc_client_destroy(client); /* index may be restarting: a fresh socket */
        usleep(100000);
    }
    fprintf(stderr, "stream_it append: index did not take a chunk in %d ms\n", SIT_RETRY_MS);
    return -1;
}

int sit_append(int argc, char **argv)
{
    const char *endpoint = NULL, *data = NULL;
    long from = 0, count = 0, chunk = 100, pause_ms = 0, pad = 0;
    const config_option_t opts[] = {
        {"endpoint", 'e', CONFIG_STRING, &endpoint, "ENDPOINT", "index's RPC endpoint"},
        {"data", 'd', CONFIG_STRING, &data, "DIR", "data directory (ingest key, keyring)"},
        {"from", 0, CONFIG_INT, &from, "I", "first event number"},
        {"count", 'n', CONFIG_INT, &count, "N", "events to append"},
        {"chunk", 0, CONFIG_INT, &chunk, "K", "events per Append"},
        {"pause-ms", 0, CONFIG_INT, &pause_ms, "MS", "pause after each Append"},
        {"pad", 0, CONFIG_INT, &pad, "BYTES", "evidence text padding"},
    };
    sit_keys_t keys;
    if (sit_parse("stream_it append", opts, sizeof opts / sizeof *opts, argc, argv) != 0 ||
        !endpoint || !data || from < 0 || count < 0 || chunk < 1 || pad < 0 ||
        sit_keys_load(data, &keys) != 0)
        return 2;
    Entente__V1__PartnershipEvent **evs = calloc((size_t)chunk, sizeof *evs);
    rpc_client_t *client = NULL;
    int rc = 0;
    for (long at = from; rc == 0 && at < from + count; at += chunk) {
        size_t k = (size_t)(from + count - at < chunk ? from + count - at : chunk);
        for (size_t j = 0; j < k; j++)
            evs[j] = sit_event((uint64_t)at + j, (size_t)pad, keys.ingest);
        rc = sit_append_chunk(&client, endpoint, &keys, evs, k);
        for (size_t j = 0; j < k; j++)
            sit_event_free(evs[j]);
        if (pause_ms > 0)
            usleep((useconds_t)pause_ms * 1000);
    }
    free(evs);
    rpc_client_destroy(&client);
    sit_keys_free(&keys);
    return rc ? 1 : 0;
}

int sit_replay(int argc, char **argv)
{
    const char *endpoint = NULL, *data = NULL;
    config_list_t types = {0}, countries = {0};
    const config_option_t opts[] = {
        {"endpoint", 'e', CONFIG_STRING, &endpoint, "ENDPOINT", "index's or query's RPC"},
        {"data", 'd', CONFIG_STRING, &data, "DIR", "data directory (client key, keyring)"},
        {"type", 'T', CONFIG_LIST, &types, "TYPE", "event types (any of)"},
        {"country", 'c', CONFIG_LIST, &countries, "CC", "countries (any of)"},
    };
    sit_keys_t keys;
    if (sit_parse("stream_it replay", opts, sizeof opts / sizeof *opts, argc, argv) != 0 ||
        !endpoint || !data || sit_keys_load(data, &keys) != 0)
        return 2;
    char err[512];
    rpc_client_t *client = rpc_client_new(endpoint, keys.client, keys.keyring, &sit_transport, err,
                                          sizeof err);
    int rc = client ? 0 : 1;
    const ProtobufCServiceDescriptor *svc = NULL;
    for (uint64_t from = 1; rc == 0;) {
        Entente__V1__ReplayRequest req = ENTENTE__V1__REPLAY_REQUEST__INIT;
        req.from_seq = from;
        req.limit = 1000;
        req.types = (char **)types.items;
        req.n_types = types.n;
        req.countries = (char **)countries.items;
        req.n_countries = countries.n;
        Entente__V1__ReplayReply *rep = NULL;
        status_t st;
        if (stream_replay(client, &svc, &req, &rep, 10000, &st) != STATUS_OK) {
            snprintf(err, sizeof err, "%s: %s", status_name(st.code), st.message);
            rc = 1;
            break;
        }
        for (size_t i = 0; i < rep->n_events; i++)
            sit_print(stdout, rep->events[i]);
        int done = rep->n_events == 0 || rep->scanned_to >= rep->head_seq;
        from = rep->scanned_to + 1;
        protobuf_c_message_free_unpacked(&rep->base, NULL);
        if (done)
            break;
    }
    if (rc)
        fprintf(stderr, "stream_it replay: %s\n", err);
    rpc_client_destroy(&client);
    sit_keys_free(&keys);
    return rc;
}
