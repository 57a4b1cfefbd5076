#include "http_params.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum { P_LIST, P_ONE };
typedef struct {
    const char *name, *alias;
    int kind;
    unsigned use;
    size_t offset;
} params_spec_t;

#define PL(n, a, f)                                                                                \
    {                                                                                              \
        n, a, P_LIST, HTTP_USE_FILTER, offsetof(http_params_t, f)                                  \
    }
#define PO(n, a, f, u)                                                                             \
    {                                                                                              \
        n, a, P_ONE, u, offsetof(http_params_t, f)                                                 \
    }
static const params_spec_t params_specs[] = {
    PL("country", "countriesAny", country),
    PL("pair", NULL, pair),
    PL("type", "types", type),
    PL("instrument", "instruments", instrument),
    PL("sector", "sectors", sector),
    PO("since", NULL, since, HTTP_USE_FILTER),
    PO("until", NULL, until, HTTP_USE_FILTER),
    PO("person", NULL, person, HTTP_USE_FILTER),
    PO("org", "organization", org, HTTP_USE_FILTER),
    PO("location", NULL, location, HTTP_USE_FILTER),
    PO("doc_id", "docId", doc, HTTP_USE_FILTER),
    PO("q", "text", q, HTTP_USE_FILTER),
    PO("order", NULL, order, HTTP_USE_PAGE),
    PO("page_size", "pageSize", page_size, HTTP_USE_PAGE),
    PO("page_token", "pageToken", page_token, HTTP_USE_PAGE),
    PO("group_by", "groupBy", group_by, HTTP_USE_GROUP),
    PO("from_seq", "fromSeq", from_seq, HTTP_USE_STREAM),
    PO("access_token", NULL, access_token, 0),
};

static enum MHD_Result params_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    http_params_t *p = cls;
    if (p->err[0])
        return MHD_NO;
    if (!value)
        value = "";
    const params_spec_t *s = NULL;
    for (size_t i = 0; i < sizeof params_specs / sizeof *params_specs; i++)
        if (strcmp(key, params_specs[i].name) == 0 ||
            (params_specs[i].alias && strcmp(key, params_specs[i].alias) == 0))
            s = &params_specs[i];
    if (!s) {
        snprintf(p->err, sizeof p->err, "unknown parameter '%.40s'", key);
        return MHD_NO;
    }
    size_t len = strlen(value);
    if (len > HTTP_MAX_VALUE_LEN) {
        snprintf(p->err, sizeof p->err, "parameter %s is longer than %d bytes", s->name,
                 HTTP_MAX_VALUE_LEN);
        return MHD_NO;
    }
    p->used_kinds |= s->use;
    if (s->kind == P_ONE) {
        const char **slot = (const char **)((char *)p + s->offset);
        if (*slot) {
            snprintf(p->err, sizeof p->err, "parameter %s is given twice", s->name);
            return MHD_NO;
        }
        *slot = value;
        return MHD_YES;
    }
    /* a list: repeated and comma-separated values add up */
    http_list_t *l = (http_list_t *)((char *)p + s->offset);
    if (p->used + len + 1 > sizeof p->arena) {
        snprintf(p->err, sizeof p->err, "too many parameter values");
        return MHD_NO;
    }
    char *copy = p->arena + p->used;
    memcpy(copy, value, len + 1);
    p->used += len + 1;
    for (char *tok = copy, *end; tok; tok = end) {
        end = strchr(tok, ',');
        if (end)
            *end++ = '\0';
        if (!*tok)
            continue;
        if (l->n == HTTP_MAX_VALUES) {
            snprintf(p->err, sizeof p->err, "more than %d values of %s", HTTP_MAX_VALUES, s->name);
            return MHD_NO;
        }
        if (l == &p->country || l == &p->pair)
            for (char *c = tok; *c; c++)
                if (*c >= 'a' && *c <= 'z')
                    *c = (char)(*c - 'a' + 'A');
        l->items[l->n++] = tok;
    }
    return MHD_YES;
}

/* p->filter from the other parameters. */
static int params_filter(http_params_t *p)
{
    Entente__V1__Filter *f = &p->filter;
    http_filter_buf_t *buf = &p->filter_buf;
    *f = (Entente__V1__Filter)ENTENTE__V1__FILTER__INIT;
    size_t n_all = 0;
    if (p->pair.n > 1) { /* the filter ANDs countries_all: two pairs would mean all four */
        snprintf(p->err, sizeof p->err, "give one pair at a time (or country= for any of several)");
        return -1;
    }
    for (size_t i = 0; i < p->pair.n; i++) {
        const char *s = p->pair.items[i];
        if (strlen(s) != 5 || (s[2] != '-' && s[2] != '~')) {
            snprintf(p->err, sizeof p->err, "pair '%.20s' is not two country codes, e.g. KR-VN", s);
            return -1;
        }
        memcpy(buf->pairs[2 * i], s, 2);
        memcpy(buf->pairs[2 * i + 1], s + 3, 2);
        buf->pairs[2 * i][2] = buf->pairs[2 * i + 1][2] = '\0';
        buf->all[n_all++] = buf->pairs[2 * i];
        buf->all[n_all++] = buf->pairs[2 * i + 1];
    }
    f->countries_any = (char **)p->country.items;
    f->n_countries_any = p->country.n;
    f->countries_all = buf->all;
    f->n_countries_all = n_all;
    f->types = (char **)p->type.items;
    f->n_types = p->type.n;
    f->instruments = (char **)p->instrument.items;
    f->n_instruments = p->instrument.n;
    f->sectors = (char **)p->sector.items;
    f->n_sectors = p->sector.n;
    const char *texts[] = {p->since, p->until, p->person, p->org, p->location, p->doc, p->q};
    char **fields[] = {&f->since,    &f->until,  &f->person, &f->organization,
                       &f->location, &f->doc_id, &f->text};
    for (int i = 0; i < 7; i++)
        if (texts[i] && *texts[i])
            *fields[i] = (char *)texts[i];
    return 0;
}

int http_params_parse(struct MHD_Connection *c, http_params_t *p, unsigned allowed)
{
    memset(p, 0, offsetof(http_params_t, arena));
    p->used = 0;
    p->used_kinds = 0;
    p->err[0] = '\0';
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, params_one, p);
    if (p->err[0])
        return -1;
    unsigned extra = p->used_kinds & ~allowed;
    if (extra) {
        snprintf(p->err, sizeof p->err, "parameter not taken here: %s",
                 extra & HTTP_USE_PAGE     ? "order, page_size or page_token"
                 : extra & HTTP_USE_GROUP  ? "group_by"
                 : extra & HTTP_USE_STREAM ? "from_seq"
                                           : "filters");
        return -1;
    }
    return params_filter(p);
}

int http_params_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || strlen(s) > 20)
        return -1;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}
