/* `entente query`, `entente get` and `entente stats`: the query service. */
#include <stdio.h>
#include <string.h>

#include "cli_client.h"
#include "commands.h"
#include "endpoints.h"
#include "event_view.h"

typedef struct {
    config_list_t any, all, types, instruments, sectors;
    const char *pair, *since, *until, *person, *org, *location, *doc, *text, *order, *token;
    long limit;
    int json, every_page;
} query_opts_t;

static const struct {
    const char *name;
    Entente__V1__Order order;
} orders[] = {
    {"date", ENTENTE__V1__ORDER__ORDER_DATE_DESC},
    {"date-asc", ENTENTE__V1__ORDER__ORDER_DATE_ASC},
    {"seq", ENTENTE__V1__ORDER__ORDER_SEQ_ASC},
    {"seq-desc", ENTENTE__V1__ORDER__ORDER_SEQ_DESC},
};

/* Fills the filter from the options; pair "KR-VN" adds two countries_all. */
static int query_filter(query_opts_t *q, Entente__V1__Filter *f, char pair[2][3])
{
    f->countries_any = (char **)q->any.items;
    f->n_countries_any = q->any.n;
    if (q->pair) {
        if (strlen(q->pair) != 5 || (q->pair[2] != '-' && q->pair[2] != ',') ||
            q->all.n + 2 > CONFIG_LIST_MAX) {
            fprintf(stderr, "entente query: --pair takes two country codes, e.g. KR-VN\n");
            return -1;
        }
        memcpy(pair[0], q->pair, 2);
        memcpy(pair[1], q->pair + 3, 2);
        pair[0][2] = pair[1][2] = '\0';
        q->all.items[q->all.n++] = pair[0];
        q->all.items[q->all.n++] = pair[1];
    }
    f->countries_all = (char **)q->all.items;
    f->n_countries_all = q->all.n;
    f->types = (char **)q->types.items;
    f->n_types = q->types.n;
    f->instruments = (char **)q->instruments.items;
    f->n_instruments = q->instruments.n;
    f->sectors = (char **)q->sectors.items;
    f->n_sectors = q->sectors.n;
    const char *texts[] = {q->since, q->until, q->person, q->org, q->location, q->doc, q->text};
    char **fields[] = {&f->since, &f->until, &f->person, &f->organization, &f->location,
                       &f->doc_id, &f->text};
    for (int i = 0; i < 7; i++)
        if (texts[i])
            *fields[i] = (char *)texts[i];
    return 0;
}

static int query_order(const char *name, Entente__V1__Order *order)
{
    for (size_t i = 0; i < sizeof orders / sizeof *orders; i++)
        if (strcmp(name, orders[i].name) == 0) {
            *order = orders[i].order;
            return 0;
        }
    fprintf(stderr, "entente query: --order is date, date-asc, seq or seq-desc\n");
    return -1;
}

/* Prints pages until the last (or one page without --all); returns exit code. */
static int query_pages(entente_client_t *c, Entente__V1__SearchRequest *req, const query_opts_t *q)
{
    char token[256] = "";
    size_t shown = 0;
    for (int page = 0;; page++) {
        Entente__V1__SearchReply *rep = NULL;
        entente_status_t st;
        if (entente_search(c, req, &rep, &st) != 0) {
            fprintf(stderr, "entente query: %s: %s\n", entente_status_name(st.code), st.message);
            return 1;
        }
        if (page == 0 && !q->json)
            event_view_table_header(stdout);
        for (size_t i = 0; i < rep->n_events; i++)
            q->json ? event_view_json(stdout, rep->events[i])
                    : event_view_table_row(stdout, rep->events[i]);
        shown += rep->n_events;
        if (page == 0 && !q->json)
            fprintf(stderr, "%llu matching event(s)\n", (unsigned long long)rep->total);
        snprintf(token, sizeof token, "%s", rep->next_page_token);
        protobuf_c_message_free_unpacked(&rep->base, NULL);
        if (!*token || !q->every_page)
            break;
        req->page_token = token;
    }
    if (*token && !q->every_page)
        fprintf(stderr, "more: --page-token %s (or --all)\n", token);
    return 0;
}

int cmd_query(int argc, char **argv)
{
    cli_client_opts_t o = {.endpoint = QUERY_DEFAULT_ENDPOINT};
    query_opts_t q = {.order = "date", .limit = 20};
    const config_option_t extra[] = {
        {"country", 'c', CONFIG_LIST, &q.any, "CC", "events with any of these countries"},
        {"with", 0, CONFIG_LIST, &q.all, "CC", "events with all of these countries"},
        {"pair", 'p', CONFIG_STRING, &q.pair, "CC-CC", "events between these two countries"},
        {"type", 'T', CONFIG_LIST, &q.types, "TYPE", "event types (agreement_signed, visit, ...)"},
        {"instrument", 'i', CONFIG_LIST, &q.instruments, "INSTR", "mou, agreement, ..."},
        {"sector", 's', CONFIG_LIST, &q.sectors, "SECTOR", "sectors (any of)"},
        {"since", 0, CONFIG_STRING, &q.since, "DATE", "from YYYY[-MM[-DD]]"},
        {"until", 0, CONFIG_STRING, &q.until, "DATE", "to YYYY[-MM[-DD]]"},
        {"person", 0, CONFIG_STRING, &q.person, "NAME", "a person taking part"},
        {"org", 0, CONFIG_STRING, &q.org, "NAME", "an organisation taking part"},
        {"location", 0, CONFIG_STRING, &q.location, "CITY", "where it happened"},
        {"doc", 0, CONFIG_STRING, &q.doc, "DOC_ID", "events of one document"},
        {"text", 'q', CONFIG_STRING, &q.text, "QUERY", "full text (FTS5 syntax; accents optional)"},
        {"order", 'o', CONFIG_STRING, &q.order, "ORDER", "date, date-asc, seq or seq-desc"},
        {"limit", 'n', CONFIG_INT, &q.limit, "N", "events per page (default 20)"},
        {"page-token", 0, CONFIG_STRING, &q.token, "TOKEN", "continue a previous query"},
        {"all", 'a', CONFIG_FLAG, &q.every_page, NULL, "print every page"},
        {"json", 'j', CONFIG_FLAG, &q.json, NULL, "JSON Lines instead of a table"},
    };
    int next, code;
    if (cli_client_parse("entente query", "[FILTERS] [OPTIONS]",
                         "Searches the events of the query service.", &o, extra,
                         sizeof extra / sizeof *extra, argc, argv, &next, &code) != 0)
        return code;
    if (next != argc) {
        fprintf(stderr, "entente query: unexpected argument '%s'\n", argv[next]);
        return 2;
    }
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    Entente__V1__Filter f = ENTENTE__V1__FILTER__INIT;
    char pair[2][3];
    if (query_filter(&q, &f, pair) != 0 || query_order(q.order, &req.order) != 0)
        return 2;
    if (q.limit < 1 || q.limit > 1000) {
        fprintf(stderr, "entente query: --limit is 1 to 1000\n");
        return 2;
    }
    req.filter = &f;
    req.page_size = (uint32_t)q.limit;
    if (q.token)
        req.page_token = (char *)q.token;
    entente_client_t *c = cli_client_connect(&o, NULL);
    if (!c)
        return 1;
    int rc = query_pages(c, &req, &q);
    entente_client_destroy(&c);
    return rc;
}

int cmd_get(int argc, char **argv)
{
    cli_client_opts_t o = {.endpoint = QUERY_DEFAULT_ENDPOINT};
    int json = 0, next, code;
    const config_option_t extra[] = {
        {"json", 'j', CONFIG_FLAG, &json, NULL, "the event as one JSON object"},
    };
    if (cli_client_parse("entente get", "[OPTIONS] ID",
                         "Shows one event with its evidence and whether its signature verifies.",
                         &o, extra, 1, argc, argv, &next, &code) != 0)
        return code;
    if (next + 1 != argc) {
        fprintf(stderr, "entente get: give one event id\n");
        return 2;
    }
    entente_client_t *c = cli_client_connect(&o, NULL);
    if (!c)
        return 1;
    Entente__V1__GetReply *rep = NULL;
    entente_status_t st;
    int rc = 0;
    if (entente_get(c, argv[next], &rep, &st) != 0) {
        fprintf(stderr, "entente get: %s: %s\n", entente_status_name(st.code), st.message);
        rc = st.code == ENTENTE__V1__CODE__NOT_FOUND ? 3 : 1;
    } else if (json) {
        event_view_json(stdout, rep->event);
    } else {
        char why[256];
        int bad = entente_verify_event(c, rep->event, why, sizeof why);
        event_view_detail(stdout, rep->event, rep->document, bad ? why : NULL);
    }
    if (rep)
        protobuf_c_message_free_unpacked(&rep->base, NULL);
    entente_client_destroy(&c);
    return rc;
}

static int stats_group(entente_client_t *c, Entente__V1__GroupBy by, const char *title,
                       size_t top)
{
    Entente__V1__AggregateRequest req = ENTENTE__V1__AGGREGATE_REQUEST__INIT;
    req.group_by = by;
    Entente__V1__AggregateReply *rep = NULL;
    entente_status_t st;
    if (entente_aggregate(c, &req, &rep, &st) != 0) {
        fprintf(stderr, "entente stats: %s: %s\n", entente_status_name(st.code), st.message);
        return 1;
    }
    printf("%s:\n", title);
    for (size_t i = 0; i < rep->n_buckets && i < top; i++)
        printf("  %-24s %llu\n", rep->buckets[i]->key, (unsigned long long)rep->buckets[i]->count);
    if (rep->n_buckets > top)
        printf("  ... %zu more\n", rep->n_buckets - top);
    protobuf_c_message_free_unpacked(&rep->base, NULL);
    return 0;
}

int cmd_stats(int argc, char **argv)
{
    cli_client_opts_t o = {.endpoint = QUERY_DEFAULT_ENDPOINT};
    int next, code;
    if (cli_client_parse("entente stats", "[OPTIONS]",
                         "Counts the stored events by type, country, country pair and year.", &o,
                         NULL, 0, argc, argv, &next, &code) != 0)
        return code;
    entente_client_t *c = cli_client_connect(&o, NULL);
    if (!c)
        return 1;
    Entente__V1__SearchRequest req = ENTENTE__V1__SEARCH_REQUEST__INIT;
    req.page_size = 1;
    Entente__V1__SearchReply *rep = NULL;
    entente_status_t st;
    int rc = 0;
    if (entente_search(c, &req, &rep, &st) != 0) {
        fprintf(stderr, "entente stats: %s: %s\n", entente_status_name(st.code), st.message);
        rc = 1;
    } else {
        printf("events: %llu\n", (unsigned long long)rep->total);
        protobuf_c_message_free_unpacked(&rep->base, NULL);
        rc |= stats_group(c, ENTENTE__V1__GROUP_BY__GROUP_TYPE, "by type", 20);
        rc |= stats_group(c, ENTENTE__V1__GROUP_BY__GROUP_COUNTRY, "by country", 15);
        rc |= stats_group(c, ENTENTE__V1__GROUP_BY__GROUP_PAIR, "by country pair", 15);
        rc |= stats_group(c, ENTENTE__V1__GROUP_BY__GROUP_YEAR, "by year", 50);
    }
    entente_client_destroy(&c);
    return rc;
}
