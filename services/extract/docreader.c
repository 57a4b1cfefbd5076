/* docreader — see docreader.h. */
#include "docreader.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "entente_limits.h"

struct docreader {
    FILE *f;
    char *path;
    int is_stdin, is_txt, txt_done;
    size_t max_text, max_line;
    char *buf; /* read buffer */
    size_t buf_len, buf_pos, buf_cap;
    char *line; /* current line */
    size_t line_cap;
    size_t lineno;
    json_t *json; /* current document's object */
    char *txt_id;
    char txt_published[8];
};

int docreader_valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k < 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

docreader_t *docreader_new(const char *path, size_t max_text, char *err, size_t errlen)
{
    docreader_t *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->is_stdin = !path || strcmp(path, "-") == 0;
    d->path = strdup(d->is_stdin ? "-" : path);
    d->max_text = max_text ? max_text : (size_t)limits()->max_doc_bytes + 1;
    /* JSON escapes may take up to six bytes a character, plus the fields */
    d->max_line = d->max_text > SIZE_MAX / 8 ? SIZE_MAX / 2 : d->max_text * 6 + 65536;
    d->is_txt = !d->is_stdin && ends_with(path, ".txt");
    d->f = d->is_stdin ? stdin : fopen(path, "rb");
    if (!d->path || !d->f) {
        snprintf(err, errlen, "%s: %s", path ? path : "-", d->path ? strerror(errno) : "out of memory");
        if (d->f && !d->is_stdin)
            fclose(d->f);
        free(d->path);
        free(d);
        return NULL;
    }
    return d;
}

void docreader_destroy(docreader_t **self)
{
    if (!self || !*self)
        return;
    docreader_t *d = *self;
    if (d->f && !d->is_stdin)
        fclose(d->f);
    json_decref(d->json);
    free(d->path);
    free(d->buf);
    free(d->line);
    free(d->txt_id);
    free(d);
    *self = NULL;
}

static int fill(docreader_t *d)
{
    if (!d->buf) {
        d->buf_cap = 1 << 16;
        if (!(d->buf = malloc(d->buf_cap)))
            return -1;
    }
    d->buf_len = fread(d->buf, 1, d->buf_cap, d->f);
    d->buf_pos = 0;
    if (d->buf_len == 0)
        return ferror(d->f) ? -1 : 0;
    return 1;
}

/* Read one line (without '\n') into d->line. Returns its length, -1 at end
 * of file, -2 on a read error, -3 when it exceeds max_line (skipped). */
static long read_line(docreader_t *d, size_t *len)
{
    size_t n = 0;
    int any = 0, too_long = 0;
    for (;;) {
        if (d->buf_pos >= d->buf_len) {
            int rc = fill(d);
            if (rc < 0)
                return -2;
            if (rc == 0)
                break;
        }
        any = 1;
        char *start = d->buf + d->buf_pos;
        size_t avail = d->buf_len - d->buf_pos;
        char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!too_long && n + take > d->max_line)
            too_long = 1;
        if (!too_long) {
            if (n + take + 1 > d->line_cap) {
                size_t c = d->line_cap ? d->line_cap : 4096;
                while (c < n + take + 1)
                    c *= 2;
                char *l = realloc(d->line, c);
                if (!l)
                    return -2;
                d->line = l;
                d->line_cap = c;
            }
            memcpy(d->line + n, start, take);
            n += take;
        }
        d->buf_pos += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!any)
        return -1;
    d->lineno++;
    if (too_long)
        return -3;
    if (d->line)
        d->line[n] = '\0';
    *len = n;
    return (long)n;
}

static const char *str_field(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

/* Deeper than max nesting of arrays and objects? Checked before jansson
 * parses the line, so the limit is ours and not the parser's recursion. */
static int too_deep(const char *s, size_t n, long max)
{
    long depth = 0;
    int in_string = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                return 1;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 0;
}

static int next_json(docreader_t *d, docreader_doc_t *doc, char *err, size_t errlen)
{
    for (;;) {
        size_t len = 0;
        long rc = read_line(d, &len);
        if (rc == -1)
            return DOCREADER_EOF;
        if (rc == -2) {
            snprintf(err, errlen, "%s:%zu: read error: %s", d->path, d->lineno + 1, strerror(errno));
            return DOCREADER_FAIL;
        }
        if (rc == -3) {
            snprintf(err, errlen, "%s:%zu: text too large (limit %zu bytes)", d->path, d->lineno,
                     d->max_text);
            return DOCREADER_SKIP;
        }
        if (blank(d->line, len))
            continue;
        if (!docreader_valid_utf8(d->line, len)) {
            snprintf(err, errlen, "%s:%zu: not UTF-8", d->path, d->lineno);
            return DOCREADER_SKIP;
        }
        if (too_deep(d->line, len, limits()->max_json_depth)) {
            snprintf(err, errlen, "%s:%zu: JSON nested deeper than %ld (--max-json-depth)",
                     d->path, d->lineno, limits()->max_json_depth);
            return DOCREADER_SKIP;
        }
        json_decref(d->json);
        json_error_t je;
        d->json = json_loadb(d->line, len, 0, &je);
        if (!d->json || !json_is_object(d->json)) {
            snprintf(err, errlen, "%s:%zu: not a JSON object: %s", d->path, d->lineno,
                     d->json ? "another JSON value" : je.text);
            return DOCREADER_SKIP;
        }
        json_t *text = json_object_get(d->json, "text");
        size_t tlen = json_is_string(text) ? json_string_length(text) : 0;
        const char *id = str_field(d->json, "doc_id");
        if (!json_is_string(text) || blank(json_string_value(text), tlen)) {
            snprintf(err, errlen, "%s:%zu: %s: empty text", d->path, d->lineno, id ? id : "document");
            return DOCREADER_SKIP;
        }
        if (tlen >= d->max_text) {
            snprintf(err, errlen, "%s:%zu: %s: text too large (%zu bytes, limit %zu)", d->path,
                     d->lineno, id ? id : "document", tlen, d->max_text);
            return DOCREADER_SKIP;
        }
        *doc = (docreader_doc_t){d->path, d->lineno, id, str_field(d->json, "url"),
                                 str_field(d->json, "lang"), str_field(d->json, "published"),
                                 json_string_value(text), tlen};
        return DOCREADER_DOC;
    }
}

/* The published month of a .txt article: " date YYYY-MM" first line. */
static void txt_published(docreader_t *d, const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t'))
        i++;
    d->txt_published[0] = '\0';
    if (i + 12 <= n && memcmp(t + i, "date ", 5) == 0) {
        memcpy(d->txt_published, t + i + 5, 7);
        d->txt_published[7] = '\0';
    }
}

static int next_txt(docreader_t *d, docreader_doc_t *doc, char *err, size_t errlen)
{
    if (d->txt_done)
        return DOCREADER_EOF;
    d->txt_done = 1;
    size_t n = 0;
    for (;;) {
        if (n + (1 << 16) + 1 > d->line_cap) {
            size_t c = d->line_cap ? d->line_cap * 2 : (1 << 17);
            char *l = realloc(d->line, c);
            if (!l) {
                snprintf(err, errlen, "%s:1: out of memory", d->path);
                return DOCREADER_FAIL;
            }
            d->line = l;
            d->line_cap = c;
        }
        size_t k = fread(d->line + n, 1, d->line_cap - n - 1, d->f);
        n += k;
        if (n >= d->max_text) {
            snprintf(err, errlen, "%s:1: text too large (limit %zu bytes)", d->path, d->max_text);
            return DOCREADER_SKIP;
        }
        if (k == 0)
            break;
    }
    if (ferror(d->f)) {
        snprintf(err, errlen, "%s:1: read error", d->path);
        return DOCREADER_FAIL;
    }
    d->line[n] = '\0';
    if (!docreader_valid_utf8(d->line, n)) {
        snprintf(err, errlen, "%s:1: not UTF-8", d->path);
        return DOCREADER_SKIP;
    }
    if (blank(d->line, n)) {
        snprintf(err, errlen, "%s:1: empty text", d->path);
        return DOCREADER_SKIP;
    }
    const char *base = strrchr(d->path, '/');
    base = base ? base + 1 : d->path;
    free(d->txt_id);
    d->txt_id = strndup(base, strlen(base) - 4);
    txt_published(d, d->line, n);
    *doc = (docreader_doc_t){d->path, 1, d->txt_id, NULL, NULL,
                             d->txt_published[0] ? d->txt_published : NULL, d->line, n};
    return DOCREADER_DOC;
}

int docreader_next(docreader_t *d, docreader_doc_t *doc, char *err, size_t errlen)
{
    return d->is_txt ? next_txt(d, doc, err, errlen) : next_json(d, doc, err, errlen);
}
