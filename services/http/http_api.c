#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http_internal.h"
#include "pbjson.h"

/* Calls query's method and answers its reply as JSON; held (may be NULL)
 * adds to the JSON with the answering client. */
static enum MHD_Result api_call(http_gateway_t *g, struct MHD_Connection *c, int route,
                                const char *method, const ProtobufCMessage *req,
                                http_pool_held_fn held)
{
    ProtobufCMessage *rep = NULL;
    entente_status_t st;
    json_t *j = json_object();
    if (http_pool_call(g, &entente__v1__query_service__descriptor, method, req, &rep, &st, held,
                       j) != 0) {
        json_decref(j);
        return http_reply_status(g, c, route, &st);
    }
    json_object_update_missing_new(j, pbjson_from_message(rep));
    protobuf_c_message_free_unpacked(rep, NULL);
    return http_reply_json(g, c, route, 200, j);
}

/* The event's ingest signature, checked against the gateway's keyring. */
static void api_verify(entente_client_t *cl, ProtobufCMessage *rep, void *arg)
{
    const Entente__V1__GetReply *get = (const Entente__V1__GetReply *)rep;
    char why[256] = "";
    int bad = get->event ? entente_verify_event(cl, get->event, why, sizeof why) : -1;
    json_object_set_new(arg, "verified", json_boolean(bad == 0));
    json_object_set_new(arg, "verifyError", json_string(bad ? (*why ? why : "no event") : ""));
}

enum MHD_Result http_api_events(http_gateway_t *g, struct MHD_Connection *c, http_params_t *p)
{
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.filter = &p->filter;
    static const struct {
        const char *name, *alt;
        Entente__V1__Order v;
    } orders[] = {{"date", "ORDER_DATE_DESC", ENTENTE__V1__ORDER__ORDER_DATE_DESC},
                  {"date-asc", "ORDER_DATE_ASC", ENTENTE__V1__ORDER__ORDER_DATE_ASC},
                  {"seq", "ORDER_SEQ_ASC", ENTENTE__V1__ORDER__ORDER_SEQ_ASC},
                  {"seq-desc", "ORDER_SEQ_DESC", ENTENTE__V1__ORDER__ORDER_SEQ_DESC}};
    if (p->order && *p->order) {
        int found = 0;
        for (size_t i = 0; i < sizeof orders / sizeof *orders; i++)
            if (!strcmp(p->order, orders[i].name) || !strcmp(p->order, orders[i].alt)) {
                req.order = orders[i].v;
                found = 1;
            }
        if (!found)
            return http_reply_error(g, c, R_EVENTS, 3,
                                    "order '%.30s' is not date, date-asc, seq or seq-desc",
                                    p->order);
    }
    req.page_size = 20;
    if (p->page_size && *p->page_size) {
        uint64_t n;
        if (http_params_u64(p->page_size, &n) != 0 || n < 1 || n > 1000)
            return http_reply_error(g, c, R_EVENTS, 3, "page_size '%.30s' is not 1 to 1000",
                                    p->page_size);
        req.page_size = (uint32_t)n;
    }
    if (p->page_token && *p->page_token)
        req.page_token = (char *)p->page_token;
    return api_call(g, c, R_EVENTS, "Search", &req.base, NULL);
}

enum MHD_Result http_api_event(http_gateway_t *g, struct MHD_Connection *c, const char *id)
{
    if (!*id || strlen(id) > 128 || strchr(id, '/'))
        return http_reply_error(g, c, R_EVENT, 3, "event id is 1 to 128 characters");
    Entente__V1__GetRequest req = ENTENTE__V1__GET_REQUEST__INIT;
    req.id = (char *)id;
    return api_call(g, c, R_EVENT, "Get", &req.base, api_verify);
}

enum MHD_Result http_api_aggregate(http_gateway_t *g, struct MHD_Connection *c, http_params_t *p)
{
    Entente__V1__AggregateRequest req = ENTENTE__V1__AGGREGATE_REQUEST__INIT;
    req.filter = &p->filter;
    static const char *const groups[] = {"type", "country", "pair", "sector", "year", "month"};
    if (!p->group_by || !*p->group_by)
        return http_reply_error(g, c, R_AGGREGATE, 3,
                                "group_by is required: type, country, pair, sector, year or month");
    int found = 0;
    for (int i = 0; i < 6; i++) {
        char alt[24];
        snprintf(alt, sizeof alt, "GROUP_%s", groups[i]);
        for (char *a = alt; *a; a++)
            *a = (char)(*a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a);
        if (!strcmp(p->group_by, groups[i]) || !strcmp(p->group_by, alt)) {
            req.group_by = (Entente__V1__GroupBy)i;
            found = 1;
        }
    }
    if (!found)
        return http_reply_error(
            g, c, R_AGGREGATE, 3,
            "group_by '%.30s' is not type, country, pair, sector, year or month", p->group_by);
    return api_call(g, c, R_AGGREGATE, "Aggregate", &req.base, NULL);
}

enum MHD_Result http_api_readyz(http_gateway_t *g, struct MHD_Connection *c)
{
    Entente__V1__HealthCheckRequest req = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    req.service = "";
    Entente__V1__HealthCheckResponse *h = NULL;
    entente_status_t st;
    if (http_pool_call(g, &entente__v1__health__descriptor, "Check", &req.base,
                       (ProtobufCMessage **)&h, &st, NULL, NULL) != 0)
        return http_reply_error(g, c, R_READYZ, 14, "query service: %s: %s",
                                entente_status_name(st.code), st.message);
    int serving = h->status == ENTENTE__V1__SERVING_STATUS__SERVING;
    json_t *j = json_pack("{s:s,s:s,s:s}", "status", "SERVING", "query", h->server ? h->server : "",
                          "version", entente_version());
    protobuf_c_message_free_unpacked(&h->base, NULL);
    if (!serving) {
        json_decref(j);
        return http_reply_error(g, c, R_READYZ, 14, "query service is not serving");
    }
    return http_reply_json(g, c, R_READYZ, 200, j);
}
