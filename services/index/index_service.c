#include "index_service.h"

#include <stdlib.h>

typedef struct {
    index_options_t *opts;
} index_state_t;

static void *index_start(rpc_server_t *server, zloop_t *loop, void *arg, char *err,
                         size_t errlen)
{
    index_state_t *self = calloc(1, sizeof *self);
    if (!self)
        snprintf(err, errlen, "out of memory");
    else
        self->opts = arg;
    return self;
}

static void index_stop(void **state)
{
    free(*state);
    *state = NULL;
}

service_module_t index_service_module(index_options_t *opts)
{
    return (service_module_t){index_start, index_stop, opts};
}
