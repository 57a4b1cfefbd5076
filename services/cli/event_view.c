#include "event_view.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <utf8proc.h>

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

/* Display width of the first n bytes of s (combining marks take none). */
static int text_width(const utf8proc_uint8_t *s, utf8proc_ssize_t n)
{
    int w = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, n - i, &cp);
        w += k > 0 ? utf8proc_charwidth(cp) : 1;
        i += k > 0 ? k : 1;
    }
    return w;
}

/* Prints s in a column of width characters (not bytes), padded; a text too
 * wide is cut with an ellipsis so the reader knows there is more. */
static void column(FILE *out, const char *s, int width)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s), i = 0;
    int fits = text_width(p, len) <= width, room = fits ? width : width - 1, shown = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, len - i, &cp);
        int w = n > 0 ? utf8proc_charwidth(cp) : 1;
        if (n <= 0)
            n = 1;
        if (shown + w > room)
            break;
        fwrite(p + i, 1, (size_t)n, out);
        shown += w;
        i += n;
    }
    if (!fits) {
        fputs("\u2026", out);
        shown++;
    }
    fprintf(out, "%*s ", width - shown, "");
}

static void column_list(FILE *out, char **items, size_t n, int width)
{
    char buf[512];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "", items[i]);
    column(out, n ? buf : "-", width);
}

void event_view_table_header(FILE *out)
{
    fprintf(out, "%-6s %-10s %-20s %-11s %-16s %-16s %-28s %s\n", "SEQ", "DATE", "TYPE",
            "COUNTRIES", "INSTRUMENT", "LOCATION", "PEOPLE", "ID");
}

void event_view_table_row(FILE *out, const Entente__V1__PartnershipEvent *ev)
{
    fprintf(out, "%-6llu %-10s ", (unsigned long long)ev->seq, *ev->date ? ev->date : "-");
    column(out, ev->type, 20);
    column_list(out, ev->countries, ev->n_countries, 11);
    column(out, *ev->instrument ? ev->instrument : "-", 16);
    column(out, *ev->location ? ev->location : "-", 16);
    column_list(out, ev->people, ev->n_people, 28);
    fprintf(out, "%s\n", ev->id);
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
