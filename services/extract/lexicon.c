/* lexicon — see lexicon.h. */
#include "lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "automaton.h"
#include "fold.h"
#include "lexicon_builtin.h"

static const struct {
    const char *file;
    lex_kind_t kind;
} lexicon_files[] = {
    {"countries.tsv", LEX_COUNTRY},     {"bodies.tsv", LEX_BODY},
    {"organizations.tsv", LEX_ORG},     {"titles.tsv", LEX_TITLE},
    {"triggers.tsv", LEX_TRIGGER},      {"instruments.tsv", LEX_INSTRUMENT},
    {"sectors.tsv", LEX_SECTOR},        {"calendar.tsv", LEX_CALENDAR},
    {"cues.tsv", LEX_CUE},              {"surnames.tsv", LEX_SURNAME},
};
#define N_FILES (sizeof lexicon_files / sizeof *lexicon_files)

struct lexicon {
    ac_t *ac;
    lex_entry_t *entries;
    size_t n, cap;
    char **strings; /* every strdup'd value, freed at destroy */
    size_t n_strings, cap_strings;
};

static char *keep(lexicon_t *lx, const char *s, size_t len)
{
    if (lx->n_strings == lx->cap_strings) {
        size_t c = lx->cap_strings ? lx->cap_strings * 2 : 256;
        char **p = realloc(lx->strings, c * sizeof *p);
        if (!p)
            return NULL;
        lx->strings = p;
        lx->cap_strings = c;
    }
    char *d = strndup(s, len);
    if (d)
        lx->strings[lx->n_strings++] = d;
    return d;
}

static int add_entry(lexicon_t *lx, lex_kind_t kind, char **cols, size_t *lens, int ncols,
                     const char *where, char *err, size_t errlen)
{
    char *raw = strndup(cols[0], lens[0]);
    if (!raw)
        goto oom;
    int prefix = 0;
    size_t rl = strlen(raw);
    if (rl && raw[rl - 1] == '*') {
        prefix = 1;
        raw[--rl] = '\0';
    }
    char *pat = fold_string(raw);
    free(raw);
    if (!pat || !*pat) {
        snprintf(err, errlen, "%s: pattern is empty or not UTF-8", where);
        free(pat);
        return -1;
    }
    if (lx->n == lx->cap) {
        size_t c = lx->cap ? lx->cap * 2 : 1024;
        lex_entry_t *e = realloc(lx->entries, c * sizeof *e);
        if (!e) {
            free(pat);
            goto oom;
        }
        lx->entries = e;
        lx->cap = c;
    }
    lex_entry_t *e = &lx->entries[lx->n];
    e->kind = kind;
    e->value = keep(lx, ncols > 1 ? cols[1] : "", ncols > 1 ? lens[1] : 0);
    e->sub = keep(lx, ncols > 2 ? cols[2] : "", ncols > 2 ? lens[2] : 0);
    e->num = atoi(e->value ? e->value : "0");
    e->prefix = prefix;
    int rc = (e->value && e->sub)
                 ? ac_add(lx->ac, pat, strlen(pat), (uint32_t)lx->n, err, errlen)
                 : -1;
    free(pat);
    if (rc < 0)
        goto oom;
    lx->n++;
    return 0;
oom:
    snprintf(err, errlen, "%s: out of memory", where);
    return -1;
}

/* One entry a line: pattern TAB value TAB sub; '#' starts a comment line. */
static int parse_file(lexicon_t *lx, lex_kind_t kind, const char *name, const char *data,
                      size_t len, char *err, size_t errlen)
{
    size_t lineno = 0, i = 0;
    while (i < len) {
        size_t eol = i;
        while (eol < len && data[eol] != '\n')
            eol++;
        lineno++;
        size_t end = eol;
        if (end > i && data[end - 1] == '\r')
            end--;
        if (end > i && data[i] != '#') {
            char *cols[3];
            size_t lens[3];
            int n = 0;
            size_t s = i;
            for (size_t k = i; k <= end && n < 3; k++)
                if (k == end || data[k] == '\t') {
                    cols[n] = (char *)data + s;
                    lens[n++] = k - s;
                    s = k + 1;
                }
            char where[128];
            snprintf(where, sizeof where, "%s:%zu", name, lineno);
            if (lens[0] > 0 && add_entry(lx, kind, cols, lens, n, where, err, errlen) < 0)
                return -1;
        }
        i = eol + 1;
    }
    return 0;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return NULL;
            }
            buf = b;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, "%s: read error", path);
        return NULL;
    }
    *len = n;
    return buf;
}

static const lexicon_file_t *builtin(const char *name)
{
    for (size_t i = 0; i < lexicon_builtin_count; i++)
        if (strcmp(lexicon_builtin_files[i].name, name) == 0)
            return &lexicon_builtin_files[i];
    return NULL;
}

static int load(lexicon_t *lx, const char *dir, char *err, size_t errlen)
{
    for (size_t f = 0; f < N_FILES; f++) {
        const char *name = lexicon_files[f].file;
        if (dir) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, name);
            size_t len;
            char *data = read_file(path, &len, err, errlen);
            if (!data)
                return -1;
            int rc = parse_file(lx, lexicon_files[f].kind, path, data, len, err, errlen);
            free(data);
            if (rc < 0)
                return -1;
        } else {
            const lexicon_file_t *b = builtin(name);
            if (!b) {
                snprintf(err, errlen, "built-in lexicon %s missing", name);
                return -1;
            }
            if (parse_file(lx, lexicon_files[f].kind, name, b->data, b->len, err, errlen) < 0)
                return -1;
        }
    }
    return ac_compile(lx->ac, err, errlen);
}

lexicon_t *lexicon_new(const char *dir, char *err, size_t errlen)
{
    lexicon_t *lx = calloc(1, sizeof *lx);
    if (!lx || !(lx->ac = ac_new())) {
        snprintf(err, errlen, "out of memory");
        free(lx);
        return NULL;
    }
    if (load(lx, dir, err, errlen) < 0)
        lexicon_destroy(&lx);
    return lx;
}

void lexicon_destroy(lexicon_t **self)
{
    if (!self || !*self)
        return;
    lexicon_t *lx = *self;
    ac_destroy(&lx->ac);
    for (size_t i = 0; i < lx->n_strings; i++)
        free(lx->strings[i]);
    free(lx->strings);
    free(lx->entries);
    free(lx);
    *self = NULL;
}

const lex_entry_t *lexicon_entry(const lexicon_t *lx, uint32_t i) { return &lx->entries[i]; }
size_t lexicon_pattern_count(const lexicon_t *lx) { return lx->n; }

typedef struct {
    const lexicon_t *lx;
    const char *text;
    size_t len;
    lex_hit_t *hits;
    size_t n, cap;
    int oom;
} collect_t;

static int collect(void *ud, uint32_t value, size_t start, size_t end)
{
    collect_t *c = ud;
    const unsigned char *t = (const unsigned char *)c->text;
    if (lexicon_is_word_byte(t[start]) && start > 0 && lexicon_is_word_byte(t[start - 1]))
        return 0;
    if (!c->lx->entries[value].prefix && lexicon_is_word_byte(t[end - 1]) && end < c->len &&
        lexicon_is_word_byte(t[end]))
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        lex_hit_t *h = realloc(c->hits, cap * sizeof *h);
        if (!h) {
            c->oom = 1;
            return 1;
        }
        c->hits = h;
        c->cap = cap;
    }
    c->hits[c->n++] = (lex_hit_t){(uint32_t)start, (uint32_t)end, value};
    return 0;
}

static int by_start_longest(const void *a, const void *b)
{
    const lex_hit_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->entry < y->entry ? -1 : (x->entry > y->entry);
}

long lexicon_find(const lexicon_t *lx, const char *text, size_t len, lex_hit_t **hits,
                  size_t *cap)
{
    collect_t c = {lx, text, len, *hits, 0, *cap, 0};
    ac_scan(lx->ac, text, len, collect, &c);
    *hits = c.hits;
    *cap = c.cap;
    if (c.oom)
        return -1;
    if (c.n > 1)
        qsort(c.hits, c.n, sizeof *c.hits, by_start_longest);
    /* Keep the longest match at each leftmost position, and every entry
     * that shares exactly that span. */
    size_t w = 0;
    uint32_t covered = 0, ks = 0, ke = 0;
    for (size_t i = 0; i < c.n; i++) {
        lex_hit_t h = c.hits[i];
        if (w > 0 && h.start == ks && h.end == ke) {
            c.hits[w++] = h;
            continue;
        }
        if (w > 0 && h.start < covered)
            continue;
        c.hits[w++] = h;
        ks = h.start;
        ke = h.end;
        covered = h.end;
    }
    return (long)w;
}
