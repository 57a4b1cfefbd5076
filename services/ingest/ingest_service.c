#include "ingest_service.h"

#include <stdlib.h>

typedef struct {
    ingest_options_t *opts;
} ingest_state_t;

static void *ingest_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                         size_t errlen)
{
    ingest_state_t *self = calloc(1, sizeof *self);
    if (!self)
        snprintf(err, errlen, "out of memory");
    else
        self->opts = arg;
    return self;
}

static void ingest_stop(void **state)
{
    free(*state);
    *state = NULL;
}

service_module_t ingest_service_module(ingest_options_t *opts)
{
    return (service_module_t){ingest_start, ingest_stop, opts};
}
