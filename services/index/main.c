/* entente-index: the event store's single writer, as its own process. */
#include "index_service.h"
#include "service_main.h"

static const char *endpoint = INDEX_DEFAULT_ENDPOINT;
static const char *pub_endpoint = INDEX_DEFAULT_PUB_ENDPOINT;
static index_options_t options;

static int index_build(service_def_t *def, const char *data_dir, char *err, size_t errlen)
{
    options.data_dir = data_dir;
    def->endpoints[0] = endpoint;
    options.pub_endpoints[0] = pub_endpoint;
    def->module = index_service_module(&options);
    return 0;
}

int main(int argc, char **argv)
{
    const config_option_t extra[] = {
        {"endpoint", 'e', CONFIG_STRING, &endpoint, "ENDPOINT", "RPC endpoint to bind"},
        {"pub-endpoint", 0, CONFIG_STRING, &pub_endpoint, "ENDPOINT", "event stream to bind"},
        {"heartbeat-ms", 0, CONFIG_INT, &options.heartbeat_ms, "MS", "stream heartbeat interval"},
    };
    service_main_spec_t spec = {
        "entente-index", "index", INDEX_DEFAULT_METRICS,
        "Stores signed partnership events, assigns their sequence numbers and serves replay.",
        extra, sizeof extra / sizeof *extra, index_build};
    return service_main(&spec, argc, argv);
}
