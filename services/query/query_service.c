#include "query_service.h"

#include <stdlib.h>

typedef struct {
    query_options_t *opts;
} query_state_t;

static void *query_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                         size_t errlen)
{
    query_state_t *self = calloc(1, sizeof *self);
    if (!self)
        snprintf(err, errlen, "out of memory");
    else
        self->opts = arg;
    return self;
}

static void query_stop(void **state)
{
    free(*state);
    *state = NULL;
}

service_module_t query_service_module(query_options_t *opts)
{
    return (service_module_t){query_start, query_stop, opts};
}
