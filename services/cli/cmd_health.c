/* `entente health` and `entente methods`: Health and Reflection of a server. */
#include <stdio.h>

#include "cli_client.h"
#include "commands.h"
#include "endpoints.h"

static const char *const default_endpoints[] = {INGEST_DEFAULT_ENDPOINT, INDEX_DEFAULT_ENDPOINT,
                                                QUERY_DEFAULT_ENDPOINT};
static const char *const default_roles[] = {"ingest", "index", "query"};

static int health_one(const cli_client_opts_t *o, const char *endpoint, const char *role,
                      const char *service, int verbose)
{
    entente_client_t *c = cli_client_connect(o, endpoint, role);
    if (!c)
        return 1;
    Entente__V1__HealthCheckResponse *h = NULL;
    entente_status_t st;
    int rc = 1;
    if (entente_health(c, service, &h, &st) != 0) {
        printf("%-24s %s: %s\n", endpoint, entente_status_name(st.code), st.message);
    } else {
        const ProtobufCEnumValue *v =
            protobuf_c_enum_descriptor_get_value(&entente__v1__serving_status__descriptor,
                                                 h->status);
        printf("%-24s %s %s %s, up %.1f s\n", endpoint, h->server, h->version,
               v ? v->name : "?", (double)h->uptime_ms / 1000.0);
        for (size_t i = 0; verbose && i < h->n_counters; i++)
            printf("  %-26s %llu\n", h->counters[i]->name,
                   (unsigned long long)h->counters[i]->value);
        rc = h->status == ENTENTE__V1__SERVING_STATUS__SERVING ? 0 : 1;
        protobuf_c_message_free_unpacked(&h->base, NULL);
    }
    entente_client_destroy(&c);
    return rc;
}

int cmd_health(int argc, char **argv)
{
    cli_client_opts_t o = {0};
    const char *service = NULL;
    int counters = 0, next, code;
    const config_option_t extra[] = {
        {"service", 's', CONFIG_STRING, &service, "NAME", "one service, e.g. entente.v1.IndexService"},
        {"counters", 'c', CONFIG_FLAG, &counters, NULL, "also print the request counters"},
    };
    if (cli_client_parse("entente health", "[OPTIONS]",
                         "Asks a server whether it is serving. Without --endpoint, asks the "
                         "default ingest, index and query endpoints. Exits 0 when all serve.",
                         &o, extra, 2, argc, argv, &next, &code) != 0)
        return code;
    if (o.endpoint)
        return health_one(&o, o.endpoint, NULL, service, counters);
    int rc = 0;
    for (size_t i = 0; i < sizeof default_endpoints / sizeof *default_endpoints; i++)
        rc |= health_one(&o, default_endpoints[i], default_roles[i], service, counters);
    return rc;
}

int cmd_methods(int argc, char **argv)
{
    cli_client_opts_t o = {0};
    int next, code;
    if (cli_client_parse("entente methods", "--endpoint ENDPOINT [OPTIONS]",
                         "Lists the services and methods a server answers (Reflection).", &o,
                         NULL, 0, argc, argv, &next, &code) != 0)
        return code;
    if (!o.endpoint) {
        fprintf(stderr, "entente methods: --endpoint is required\n");
        return 2;
    }
    entente_client_t *c = cli_client_connect(&o, NULL, NULL);
    if (!c)
        return 1;
    Entente__V1__ListServicesResponse *r = NULL;
    entente_status_t st;
    int rc = 0;
    if (entente_list_services(c, &r, &st) != 0) {
        fprintf(stderr, "entente methods: %s: %s\n", entente_status_name(st.code), st.message);
        rc = 1;
    } else {
        for (size_t s = 0; s < r->n_services; s++) {
            printf("%s\n", r->services[s]->name);
            for (size_t m = 0; m < r->services[s]->n_methods; m++) {
                const Entente__V1__MethodInfo *mi = r->services[s]->methods[m];
                printf("  %-14s %s -> %s  [", mi->name, mi->input_type, mi->output_type);
                for (size_t k = 0; k < mi->n_roles; k++)
                    printf("%s%s", k ? "," : "", mi->roles[k]);
                printf("%s]\n", mi->n_roles ? "" : "nobody");
            }
        }
        protobuf_c_message_free_unpacked(&r->base, NULL);
    }
    entente_client_destroy(&c);
    return rc;
}
