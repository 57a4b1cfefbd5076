/* cmd_extract — see cmd_extract.h. */
#include "cmd_extract.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "docreader.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: entente extract [--lexicons DIR] [--max-text BYTES] [FILE...]\n"
            "\n"
            "Extract partnership events from articles, offline. Each FILE is JSON Lines\n"
            "(doc_id, url, lang, published, text) or a plain .txt article whose first\n"
            "line may be \" date YYYY-MM\"; no FILE or \"-\" reads JSON Lines from stdin.\n"
            "One JSON object per event goes to stdout. Unusable documents are reported\n"
            "on stderr with file and line; the exit code is then 1.\n"
            "\n"
            "  -l, --lexicons DIR    read the lexicon files from DIR (default: built in,\n"
            "                        or $ENTENTE_LEXICONS)\n"
            "  -m, --max-text BYTES  texts of this size or more are refused (default 50 MB)\n"
            "  -h, --help            this help\n");
}

static json_t *str_array(char **v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

int cmd_extract_write_event(FILE *out, const char *doc_id, const extract_event_t *ev)
{
    json_t *o = json_object();
    json_t *evidence = json_array();
    if (!o || !evidence) {
        json_decref(o);
        json_decref(evidence);
        return -1;
    }
    for (size_t i = 0; i < ev->n_evidence; i++)
        json_array_append_new(evidence, json_pack("{s:i,s:i}", "start", (json_int_t)ev->evidence[i].start,
                                                  "end", (json_int_t)ev->evidence[i].end));
    const char *prec = ev->date_precision == EXTRACT_DATE_DAY     ? "day"
                       : ev->date_precision == EXTRACT_DATE_MONTH ? "month"
                                                                  : NULL;
    json_object_set_new(o, "doc_id", str_or_null(doc_id));
    json_object_set_new(o, "id", json_string(ev->id));
    json_object_set_new(o, "type", json_string(ev->type));
    json_object_set_new(o, "instrument", str_or_null(ev->instrument));
    json_object_set_new(o, "date", str_or_null(ev->date));
    json_object_set_new(o, "date_precision", str_or_null(prec));
    json_object_set_new(o, "countries", str_array(ev->countries, ev->n_countries));
    json_object_set_new(o, "organizations", str_array(ev->organizations, ev->n_organizations));
    json_object_set_new(o, "people", str_array(ev->people, ev->n_people));
    json_object_set_new(o, "sectors", str_array(ev->sectors, ev->n_sectors));
    json_object_set_new(o, "location", str_or_null(ev->location));
    json_object_set_new(o, "evidence", evidence);
    json_object_set_new(o, "confidence", json_real((double)((int)(ev->confidence * 100 + 0.5f)) / 100));
    json_object_set_new(o, "cameo", json_string(ev->cameo));
    json_object_set_new(o, "plover", json_string(ev->plover));
    json_object_set_new(o, "lang", json_string(ev->lang));
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3));
    json_decref(o);
    if (!line)
        return -1;
    fputs(line, out);
    fputc('\n', out);
    free(line);
    return 0;
}

/* Extract every document of one source; returns how many failed. */
static size_t extract_source(const extractor_t *x, const char *path, size_t max_text)
{
    char err[512];
    docreader_t *rd = docreader_new(path, max_text, err, sizeof err);
    if (!rd) {
        fprintf(stderr, "entente extract: %s\n", err);
        return 1;
    }
    size_t failed = 0;
    for (;;) {
        docreader_doc_t doc;
        int rc = docreader_next(rd, &doc, err, sizeof err);
        if (rc == DOCREADER_EOF)
            break;
        if (rc != DOCREADER_DOC) {
            fprintf(stderr, "entente extract: %s\n", err);
            failed++;
            if (rc == DOCREADER_FAIL)
                break;
            continue;
        }
        extract_doc_t in = {doc.doc_id, doc.lang, doc.published, doc.text, doc.len};
        extract_result_t *res;
        if (extractor_run(x, &in, &res, err, sizeof err) < 0) {
            fprintf(stderr, "entente extract: %s:%zu: %s\n", doc.file, doc.line, err);
            failed++;
            continue;
        }
        for (size_t i = 0; i < extract_result_count(res); i++)
            if (cmd_extract_write_event(stdout, doc.doc_id, extract_result_event(res, i)) < 0) {
                fprintf(stderr, "entente extract: %s:%zu: out of memory\n", doc.file, doc.line);
                failed++;
            }
        extract_result_destroy(&res);
    }
    docreader_destroy(&rd);
    return failed;
}

int cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {{"lexicons", required_argument, NULL, 'l'},
                                         {"max-text", required_argument, NULL, 'm'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *lexicons = NULL;
    size_t max_text = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            lexicons = optarg;
            break;
        case 'm': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || v == 0) {
                fprintf(stderr, "entente extract: --max-text wants a positive byte count\n");
                return 2;
            }
            max_text = (size_t)v;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    char err[512];
    extractor_t *x = extractor_new(lexicons, err, sizeof err);
    if (!x) {
        fprintf(stderr, "entente extract: lexicons: %s\n", err);
        return 1;
    }
    size_t failed = 0;
    if (optind >= argc)
        failed += extract_source(x, "-", max_text);
    for (int i = optind; i < argc; i++)
        failed += extract_source(x, argv[i], max_text);
    extractor_destroy(&x);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "entente extract: writing the output failed\n");
        return 1;
    }
    return failed ? 1 : 0;
}
