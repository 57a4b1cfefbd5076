/* entente-ingest: extracts partnership events from submitted articles, signs them and delivers them to index, as its own process. */
#include "ingest_service.h"
#include "service_main.h"

static const char *endpoint = INGEST_DEFAULT_ENDPOINT;
static ingest_options_t options = {.index_endpoint = INDEX_DEFAULT_ENDPOINT};

static int ingest_build(service_def_t *def, const char *data_dir, char *err, size_t errlen)
{
    options.data_dir = data_dir;
    def->endpoints[0] = endpoint;
    def->module = ingest_service_module(&options);
    return 0;
}

int main(int argc, char **argv)
{
    const config_option_t extra[] = {
        {"endpoint", 'e', CONFIG_STRING, &endpoint, "ENDPOINT", "RPC endpoint to bind"},
        {"index-endpoint", 0, CONFIG_STRING, &options.index_endpoint, "ENDPOINT",
         "index's RPC endpoint"},
    };
    service_main_spec_t spec = {
        "entente-ingest", "ingest", INGEST_DEFAULT_METRICS,
        "Extracts partnership events from submitted articles, signs them and delivers them to index.",
        extra, sizeof extra / sizeof *extra, ingest_build};
    return service_main(&spec, argc, argv);
}
