#include "event_view.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

static json_t *json_strings(char **items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

static json_t *json_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

void event_view_json(FILE *out, const Entente__V1__PartnershipEvent *ev)
{
    static const char *const precisions[] = {NULL, "day", "month"};
    json_t *o = json_object();
    json_object_set_new(o, "doc_id", json_string(ev->doc_id));
    json_object_set_new(o, "id", json_string(ev->id));
    json_object_set_new(o, "seq", json_integer((json_int_t)ev->seq));
    json_object_set_new(o, "type", json_string(ev->type));
    json_object_set_new(o, "instrument", json_or_null(ev->instrument));
    json_object_set_new(o, "date", json_or_null(ev->date));
    json_object_set_new(o, "date_precision",
                        (unsigned)ev->date_precision < 3
                            ? json_or_null(precisions[ev->date_precision])
                            : json_null());
    json_object_set_new(o, "countries", json_strings(ev->countries, ev->n_countries));
    json_object_set_new(o, "organizations", json_strings(ev->organizations, ev->n_organizations));
    json_object_set_new(o, "people", json_strings(ev->people, ev->n_people));
    json_object_set_new(o, "sectors", json_strings(ev->sectors, ev->n_sectors));
    json_object_set_new(o, "location", json_or_null(ev->location));
    json_t *spans = json_array();
    for (size_t i = 0; i < ev->n_evidence; i++)
        json_array_append_new(spans, json_pack("{s:I,s:I}", "start",
                                               (json_int_t)ev->evidence[i]->start, "end",
                                               (json_int_t)ev->evidence[i]->end));
    json_object_set_new(o, "evidence", spans);
    json_object_set_new(o, "evidence_text", json_or_null(ev->evidence_text));
    json_object_set_new(o, "confidence", json_real(ev->confidence));
    json_object_set_new(o, "cameo", json_or_null(ev->cameo));
    json_object_set_new(o, "plover", json_or_null(ev->plover));
    json_object_set_new(o, "lang", json_or_null(ev->lang));
    json_object_set_new(o, "published", json_or_null(ev->published));
    json_object_set_new(o, "source_url", json_or_null(ev->source_url));
    json_object_set_new(o, "ingest_key_id", json_or_null(ev->ingest_key_id));
    char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)] = "";
    if (ev->ingest_signature.len == 64)
        sodium_bin2base64(b64, sizeof b64, ev->ingest_signature.data, 64,
                          sodium_base64_VARIANT_ORIGINAL);
    json_object_set_new(o, "ingest_signature", json_or_null(b64));
    char *line = json_dumps(o, JSON_COMPACT);
    fprintf(out, "%s\n", line ? line : "{}");
    free(line);
    json_decref(o);
}

/* Comma-joined list cut to width (UTF-8 safe: cuts on a character start). */
static void joined(char *buf, size_t width, char **items, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < width; i++)
        used += (size_t)snprintf(buf + used, width + 1 - used, "%s%s", i ? "," : "", items[i]);
    if (used >= width) {
        size_t cut = width;
        while (cut > 0 && ((unsigned char)buf[cut] & 0xC0) == 0x80)
            cut--;
        buf[cut] = '\0';
    }
}

void event_view_table_header(FILE *out)
{
    fprintf(out, "%-6s %-10s %-20s %-11s %-16s %-16s %-28s %s\n", "SEQ", "DATE", "TYPE",
            "COUNTRIES", "INSTRUMENT", "LOCATION", "PEOPLE", "ID");
}

void event_view_table_row(FILE *out, const Entente__V1__PartnershipEvent *ev)
{
    char countries[64], people[128], location[64];
    joined(countries, 11, ev->countries, ev->n_countries);
    joined(people, 28, ev->people, ev->n_people);
    char *loc = ev->location;
    joined(location, 16, &loc, 1);
    fprintf(out, "%-6llu %-10s %-20s %-11s %-16s %-16s %-28s %s\n", (unsigned long long)ev->seq,
            *ev->date ? ev->date : "-", ev->type, countries, *ev->instrument ? ev->instrument : "-",
            *location ? location : "-", *people ? people : "-", ev->id);
}

static void detail_list(FILE *out, const char *label, char **items, size_t n)
{
    fprintf(out, "%-14s", label);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? "; " : "", items[i]);
    fprintf(out, "%s\n", n ? "" : "-");
}

void event_view_detail(FILE *out, const Entente__V1__PartnershipEvent *ev,
                       const Entente__V1__Document *doc, const char *verdict)
{
    fprintf(out, "%-14s%s\n%-14s%llu\n%-14s%s (CAMEO %s, PLOVER %s)\n", "id", ev->id, "seq",
            (unsigned long long)ev->seq, "type", ev->type, ev->cameo, ev->plover);
    fprintf(out, "%-14s%s\n%-14s%s\n", "instrument", *ev->instrument ? ev->instrument : "-",
            "date", *ev->date ? ev->date : "unknown");
    detail_list(out, "countries", ev->countries, ev->n_countries);
    detail_list(out, "organizations", ev->organizations, ev->n_organizations);
    detail_list(out, "people", ev->people, ev->n_people);
    detail_list(out, "sectors", ev->sectors, ev->n_sectors);
    fprintf(out, "%-14s%s\n%-14s%.2f\n", "location", *ev->location ? ev->location : "-",
            "confidence", ev->confidence);
    fprintf(out, "%-14s%s (%s, published %s)%s%s\n", "document", ev->doc_id, ev->lang,
            ev->published, *ev->source_url ? " " : "", ev->source_url);
    fprintf(out, "%-14s%s%s (key %s)\n", "signature", verdict ? "NOT VERIFIED: " : "verified",
            verdict ? verdict : "", ev->ingest_key_id);
    fprintf(out, "evidence:\n");
    size_t len = doc && doc->text ? strlen(doc->text) : 0;
    for (size_t i = 0; i < ev->n_evidence; i++) {
        const Entente__V1__Span *s = ev->evidence[i];
        if (s->end <= len && s->start < s->end)
            fprintf(out, "  [%u-%u] %.*s\n", s->start, s->end, (int)(s->end - s->start),
                    doc->text + s->start);
    }
    if (!len && ev->evidence_text && *ev->evidence_text)
        fprintf(out, "  %s\n", ev->evidence_text);
}
