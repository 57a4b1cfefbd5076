#include "rpc_builtin.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "entente/v1/services.pb-c.h"
#include "envelope.h"

#define RPC_BUILTIN_MAX_SERVICES 8 /* rpc_server's limit */
#define RPC_BUILTIN_MAX_METHODS 16 /* per service, as its ACLs */

struct rpc_builtin {
    Entente__V1__Health_Service health;
    Entente__V1__Reflection_Service reflection;
    rpc_server_t *server;
};

/* The server of a built-in service, from the member of rpc_builtin_t it is. */
static rpc_server_t *builtin_server(void *service, size_t offset)
{
    return ((rpc_builtin_t *)((char *)service - offset))->server;
}

static void health_check(Entente__V1__Health_Service *svc,
                         const Entente__V1__HealthCheckRequest *in,
                         Entente__V1__HealthCheckResponse_Closure closure, void *data)
{
    rpc_server_t *self = builtin_server(svc, offsetof(rpc_builtin_t, health));
    if (in->service && *in->service) {
        int known = 0;
        for (size_t i = 0; i < rpc_server_service_count(self); i++)
            known |= strcmp(rpc_server_service_at(self, i)->name, in->service) == 0;
        if (!known) {
            rpc_call_fail(data, STATUS_NOT_FOUND, "no service '%s' here", in->service);
            closure(NULL, data);
            return;
        }
    }
    Entente__V1__Counter counters[RPC_COUNTER_COUNT];
    Entente__V1__Counter *ptrs[RPC_COUNTER_COUNT];
    for (int i = 0; i < RPC_COUNTER_COUNT; i++) {
        entente__v1__counter__init(&counters[i]);
        counters[i].name = (char *)rpc_counter_name((rpc_counter_t)i);
        counters[i].value = rpc_server_counter(self, (rpc_counter_t)i);
        ptrs[i] = &counters[i];
    }
    Entente__V1__HealthCheckResponse out = ENTENTE__V1__HEALTH_CHECK_RESPONSE__INIT;
    out.status = rpc_server_serving(self) ? ENTENTE__V1__SERVING_STATUS__SERVING
                                          : ENTENTE__V1__SERVING_STATUS__NOT_SERVING;
    out.server = (char *)rpc_server_name(self);
    out.version = (char *)ENTENTE_VERSION;
    out.uptime_ms = envelope_now_ms() - rpc_server_started_ms(self);
    out.n_counters = RPC_COUNTER_COUNT;
    out.counters = ptrs;
    closure(&out, data);
}

static void reflection_list_services(Entente__V1__Reflection_Service *svc,
                                     const Entente__V1__ListServicesRequest *in,
                                     Entente__V1__ListServicesResponse_Closure closure,
                                     void *data)
{
    rpc_server_t *self = builtin_server(svc, offsetof(rpc_builtin_t, reflection));
    size_t count = rpc_server_service_count(self);
    Entente__V1__ServiceInfo infos[RPC_BUILTIN_MAX_SERVICES], *info_ptrs[RPC_BUILTIN_MAX_SERVICES];
    Entente__V1__MethodInfo methods[RPC_BUILTIN_MAX_SERVICES][RPC_BUILTIN_MAX_METHODS];
    Entente__V1__MethodInfo *method_ptrs[RPC_BUILTIN_MAX_SERVICES][RPC_BUILTIN_MAX_METHODS];
    char *role_ptrs[RPC_BUILTIN_MAX_SERVICES][RPC_BUILTIN_MAX_METHODS][ROLE_COUNT];
    for (size_t s = 0; s < count; s++) {
        const ProtobufCServiceDescriptor *d = rpc_server_service_at(self, s);
        entente__v1__service_info__init(&infos[s]);
        infos[s].name = (char *)d->name;
        for (unsigned m = 0; m < d->n_methods && m < RPC_BUILTIN_MAX_METHODS; m++) {
            Entente__V1__MethodInfo *mi = &methods[s][m];
            entente__v1__method_info__init(mi);
            mi->name = (char *)d->methods[m].name;
            mi->input_type = (char *)d->methods[m].input->name;
            mi->output_type = (char *)d->methods[m].output->name;
            unsigned bits = rpc_server_method_roles(self, s, mi->name);
            mi->roles = role_ptrs[s][m];
            for (unsigned r = 0; r < ROLE_COUNT; r++)
                if (bits & (1u << r))
                    mi->roles[mi->n_roles++] = (char *)keyring_role_name(r);
            method_ptrs[s][m] = mi;
        }
        infos[s].n_methods = d->n_methods < RPC_BUILTIN_MAX_METHODS ? d->n_methods : RPC_BUILTIN_MAX_METHODS;
        infos[s].methods = method_ptrs[s];
        info_ptrs[s] = &infos[s];
    }
    Entente__V1__ListServicesResponse out = ENTENTE__V1__LIST_SERVICES_RESPONSE__INIT;
    out.n_services = count;
    out.services = info_ptrs;
    closure(&out, data);
}

static const rpc_acl_t builtin_health_acl[] = {{"Check", ROLE_ANY}};
static const rpc_acl_t builtin_reflection_acl[] = {{"ListServices", ROLE_ANY}};


rpc_builtin_t *rpc_builtin_new(rpc_server_t *server)
{
    rpc_builtin_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->health = (Entente__V1__Health_Service)ENTENTE__V1__HEALTH__INIT(health_);
    self->reflection = (Entente__V1__Reflection_Service)ENTENTE__V1__REFLECTION__INIT(reflection_);
    self->server = server;
    if (rpc_server_add_service(server, &self->health.base, builtin_health_acl, 1) != 0 ||
        rpc_server_add_service(server, &self->reflection.base, builtin_reflection_acl, 1) != 0)
        rpc_builtin_destroy(&self);
    return self;
}

void rpc_builtin_destroy(rpc_builtin_t **self)
{
    if (!self || !*self)
        return;
    free(*self);
    *self = NULL;
}
