/* entente-query: answers Search, Get, Aggregate and Replay from a store kept in sync with index, as its own process. */
#include "endpoints.h"
#include "query_service.h"
#include "service_main.h"

static const char *endpoint = QUERY_DEFAULT_ENDPOINT;
static query_options_t options = {.index_endpoint = INDEX_DEFAULT_ENDPOINT,
                                  .pub_endpoint = INDEX_DEFAULT_PUB_ENDPOINT};

static long poll_ms = 1000;
static const char *index_key;
static uint8_t index_pk[IDENTITY_PK_BYTES];

static int query_build(service_def_t *def, const char *data_dir, char *err, size_t errlen)
{
    if (poll_ms < 10) {
        snprintf(err, errlen, "--poll-ms must be at least 10");
        return -1;
    }
    options.poll_ms = (int)poll_ms;
    /* "none": no stream, the replica polls index every --poll-ms */
    options.pub_endpoint = endpoint_or_off(options.pub_endpoint);
    options.data_dir = data_dir;
    options.plaintext = def->rpc.plaintext;
    if (service_main_peer_key(def, index_key, "index", options.index_endpoint, index_pk,
                              &options.index_pk, err, errlen) != 0 ||
        service_main_peer_key(def, index_key, "index", options.pub_endpoint, index_pk,
                              &options.index_pk, err, errlen) != 0)
        return -1;
    def->endpoints[0] = endpoint;
    def->module = query_service_module(&options);
    return 0;
}

int main(int argc, char **argv)
{
    const config_option_t extra[] = {
        {"endpoint", 'e', CONFIG_STRING, &endpoint, "ENDPOINT", "RPC endpoint to bind"},
        {"index-endpoint", 0, CONFIG_STRING, &options.index_endpoint, "ENDPOINT",
         "index's RPC endpoint"},
        {"pub-endpoint", 0, CONFIG_STRING, &options.pub_endpoint, "ENDPOINT",
         "index's event stream, followed to stay current (none: poll only)"},
        {"poll-ms", 0, CONFIG_INT, &poll_ms, "MS", "poll index at least this often"},
        {"index-key", 0, CONFIG_STRING, &index_key, "NAME|HEX",
         "index's key for CurveZMQ: keyring name, role or hex (default: the index key)"},
    };
    service_main_spec_t spec = {
        "entente-query", "query", QUERY_DEFAULT_METRICS,
        "Answers Search, Get, Aggregate and Replay from a store kept in sync with index.",
        extra, sizeof extra / sizeof *extra, query_build};
    return service_main(&spec, argc, argv);
}
