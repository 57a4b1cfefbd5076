/* `entente ingest`: bulk submission of articles (JSON Lines or .txt files,
 * directories of them, or stdin) to the ingest service, with a progress bar on
 * a terminal and a summary at the end. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_client.h"
#include "commands.h"
#include "docreader.h"
#include "endpoints.h"
#include "ingest_cli.h"

#define INGEST_BATCH_BYTES (4u * 1024 * 1024)
#define INGEST_RETRIES 8

typedef struct {
    entente_client_t *client;
    const ingest_cli_opts_t *opts;
    Entente__V1__Document *docs;
    Entente__V1__Document **ptrs;
    char **where; /* "file:line" of each document of the batch */
    size_t n, bytes;
    size_t total_bytes, done_bytes;
    ingest_cli_summary_t *sum;
    double started;
} ingest_run_t;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(const ingest_run_t *r, int final)
{
    if (!r->opts->progress)
        return;
    double frac = r->total_bytes ? (double)r->done_bytes / (double)r->total_bytes : 0;
    if (frac > 1)
        frac = 1;
    int width = 30, filled = (int)(frac * width);
    double dt = now_s() - r->started;
    fprintf(stderr, "\r[%.*s%*s] %3.0f%% %zu docs, %zu events, %.0f docs/s ", filled,
            "##############################", width - filled, "", frac * 100,
            r->sum->documents + r->sum->duplicates + r->sum->rejected, r->sum->events,
            dt > 0 ? (double)(r->sum->documents + r->sum->duplicates) / dt : 0);
    if (final)
        fputc('\n', stderr);
}

static void batch_clear(ingest_run_t *r)
{
    for (size_t i = 0; i < r->n; i++) {
        Entente__V1__Document *d = &r->docs[i];
        free(d->doc_id);
        free(d->url);
        free(d->lang);
        free(d->published);
        free(d->text);
        free(r->where[i]);
    }
    r->n = 0;
    r->bytes = 0;
}

static void summary_add(ingest_run_t *r, const Entente__V1__SubmitReply *rep)
{
    r->sum->documents += rep->documents;
    r->sum->events += rep->events;
    r->sum->duplicates += rep->duplicates;
    r->sum->rejected += rep->rejected;
    for (size_t i = 0; i < rep->n_results && i < r->n; i++) {
        const Entente__V1__DocumentResult *d = rep->results[i];
        if (d->status && d->status->code != 0)
            fprintf(stderr, "%s%s: %s: %s\n", r->opts->progress ? "\n" : "", r->where[i],
                    entente_status_name(d->status->code), d->status->message);
    }
}

/* Submits the batch, retrying while ingest is away (a repeat is harmless:
 * documents already accepted come back as duplicates). */
static int batch_submit(ingest_run_t *r)
{
    if (r->n == 0)
        return 0;
    Entente__V1__SubmitRequest req = ENTENTE__V1__SUBMIT_REQUEST__INIT;
    req.documents = r->ptrs;
    req.n_documents = r->n;
    entente_status_t st;
    int code = -1;
    for (int attempt = 0; attempt < INGEST_RETRIES; attempt++) {
        Entente__V1__SubmitReply *rep = NULL;
        code = entente_submit(r->client, &req, &rep, &st);
        if (code == 0) {
            summary_add(r, rep);
            protobuf_c_message_free_unpacked(&rep->base, NULL);
            break;
        }
        if (code != ENTENTE__V1__CODE__UNAVAILABLE && code != ENTENTE__V1__CODE__DEADLINE_EXCEEDED)
            break;
        usleep((useconds_t)(100000u << (attempt < 5 ? attempt : 5)));
    }
    if (code != 0) {
        fprintf(stderr, "%s%s..: Submit failed: %s: %s\n", r->opts->progress ? "\n" : "",
                r->where[0], entente_status_name(st.code), st.message);
        r->sum->rejected += r->n;
        r->sum->failed = 1;
    }
    progress(r, 0);
    batch_clear(r);
    return code == 0 ? 0 : -1;
}

/* protobuf-c packs strings: an absent field is the empty string, not NULL */
static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

static int batch_add(ingest_run_t *r, const docreader_doc_t *d)
{
    Entente__V1__Document *doc = &r->docs[r->n];
    entente__v1__document__init(doc);
    doc->doc_id = dup_or_empty(d->doc_id);
    doc->url = dup_or_empty(d->url);
    doc->lang = dup_or_empty(d->lang);
    doc->published = dup_or_empty(d->published);
    doc->text = strndup(d->text, d->len);
    char where[512];
    snprintf(where, sizeof where, "%s:%zu", d->file, d->line);
    r->where[r->n] = strdup(where);
    r->ptrs[r->n++] = doc;
    r->bytes += d->len;
    r->done_bytes += d->len;
    if (r->n == r->opts->batch || r->bytes >= INGEST_BATCH_BYTES)
        return batch_submit(r);
    return 0;
}

static int ingest_file(ingest_run_t *r, const char *path)
{
    char err[1024];
    docreader_t *reader = docreader_new(path, 0, err, sizeof err);
    if (!reader) {
        fprintf(stderr, "%s\n", err);
        r->sum->failed = 1;
        return -1;
    }
    docreader_doc_t d;
    int rc;
    while ((rc = docreader_next(reader, &d, err, sizeof err)) != DOCREADER_EOF) {
        if (rc == DOCREADER_DOC) {
            batch_add(r, &d);
            continue;
        }
        fprintf(stderr, "%s%s\n", r->opts->progress ? "\n" : "", err);
        r->sum->rejected++;
        if (rc == DOCREADER_FAIL) {
            r->sum->failed = 1;
            break;
        }
    }
    docreader_destroy(&reader);
    return 0;
}

/* Appends the .jsonl and .txt files below path (sorted) or path itself. */
static void collect(const char *path, char ***files, size_t *n, size_t *cap, size_t *bytes)
{
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        struct dirent **list = NULL;
        int count = scandir(path, &list, NULL, alphasort);
        for (int i = 0; i < count; i++) {
            const char *name = list[i]->d_name;
            size_t len = strlen(name);
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, name);
            struct stat cs;
            int is_dir = name[0] != '.' && stat(child, &cs) == 0 && S_ISDIR(cs.st_mode);
            if (is_dir || (len > 6 && strcmp(name + len - 6, ".jsonl") == 0) ||
                (len > 4 && strcmp(name + len - 4, ".txt") == 0))
                collect(child, files, n, cap, bytes);
            free(list[i]);
        }
        free(list);
        return;
    }
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *files = realloc(*files, *cap * sizeof **files);
    }
    (*files)[(*n)++] = strdup(path);
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0)
        *bytes += (size_t)sb.st_size;
}

int ingest_cli_paths(entente_client_t *client, const ingest_cli_opts_t *opts, char **paths,
                     int n_paths, ingest_cli_summary_t *sum)
{
    memset(sum, 0, sizeof *sum);
    ingest_run_t r = {.client = client, .opts = opts, .sum = sum, .started = now_s()};
    r.docs = calloc(opts->batch, sizeof *r.docs);
    r.ptrs = calloc(opts->batch, sizeof *r.ptrs);
    r.where = calloc(opts->batch, sizeof *r.where);
    char **files = NULL;
    size_t n_files = 0, cap = 0;
    for (int i = 0; i < n_paths; i++)
        collect(paths[i], &files, &n_files, &cap, &r.total_bytes);
    for (size_t i = 0; i < n_files && r.docs && r.ptrs && r.where; i++)
        ingest_file(&r, files[i]);
    batch_submit(&r);
    progress(&r, 1);
    sum->seconds = now_s() - r.started;
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    free(r.docs);
    free(r.ptrs);
    free(r.where);
    return sum->failed || sum->rejected ? -1 : 0;
}

void ingest_cli_print_summary(const ingest_cli_summary_t *s)
{
    fprintf(stderr, "documents %zu, events %zu, duplicates %zu, rejected %zu (%.1f s, %.0f docs/s)\n",
            s->documents, s->events, s->duplicates, s->rejected, s->seconds,
            s->seconds > 0 ? (double)(s->documents + s->duplicates) / s->seconds : 0);
}

int cmd_ingest(int argc, char **argv)
{
    cli_client_opts_t o = {.endpoint = INGEST_DEFAULT_ENDPOINT, .timeout_ms = 30000};
    long batch = 64;
    int quiet = 0, next, code;
    const config_option_t extra[] = {
        {"batch", 'b', CONFIG_INT, &batch, "N", "documents per Submit (default 64)"},
        {"quiet", 0, CONFIG_FLAG, &quiet, NULL, "no progress bar"},
    };
    if (cli_client_parse("entente ingest", "[OPTIONS] FILE|DIR|- ...",
                         "Submits articles (JSON Lines with doc_id, url, lang, published, text; "
                         "or .txt files with a \" date YYYY-MM\" first line; directories are "
                         "searched for both) to the ingest service and prints a summary. Exits "
                         "1 when a document was rejected.",
                         &o, extra, 2, argc, argv, &next, &code) != 0)
        return code;
    if (next == argc || batch < 1 || batch > 1000) {
        fprintf(stderr, "entente ingest: %s\n",
                next == argc ? "give files, directories or - for stdin" : "--batch is 1 to 1000");
        return 2;
    }
    entente_client_t *c = cli_client_connect(&o, NULL, "ingest");
    if (!c)
        return 1;
    ingest_cli_opts_t io = {.batch = (size_t)batch, .progress = !quiet && isatty(2)};
    ingest_cli_summary_t sum;
    int rc = ingest_cli_paths(c, &io, argv + next, argc - next, &sum);
    ingest_cli_print_summary(&sum);
    entente_client_destroy(&c);
    return rc == 0 ? 0 : 1;
}
