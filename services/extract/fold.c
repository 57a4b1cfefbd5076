/* fold — see fold.h. */
#include "fold.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct fold_buf {
    char *text;
    uint32_t *map;
    size_t len, cap;
};

/* Folding a code point through utf8proc costs a table walk per character;
 * the scripts the wire uses (Latin, Vietnamese, general punctuation) sit
 * below TABLE_MAX, so their folded forms are computed once. */
#define TABLE_MAX 0x2100
#define FOLD_MAX 8
typedef struct {
    uint8_t len;
    char bytes[FOLD_MAX];
} folded_cp_t;

static folded_cp_t table[TABLE_MAX];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int is_blank(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' ||
           cp == '\v' || cp == 0xA0 || cp == 0x202F || cp == 0x2009 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
}

/* Characters that decomposition leaves alone but readers treat as ASCII. */
static const char *special_fold(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x2032: case 0x00B4:
        return "'";
    case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: case 0x201E:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return "-";
    case 0x0153: case 0x0152: return "oe";
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0111: case 0x0110: return "d";
    case 0x00F8: case 0x00D8: return "o";
    case 0x0142: case 0x0141: return "l";
    case 0x2026: return "...";
    default: return NULL;
    }
}

static size_t fold_cp_slow(int32_t cp, char *out)
{
    const char *sp = special_fold(cp);
    if (sp) {
        size_t n = strlen(sp);
        memcpy(out, sp, n);
        return n;
    }
    utf8proc_int32_t dec[FOLD_MAX];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, dec, FOLD_MAX,
        UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
        &last);
    if (n < 0 || n > FOLD_MAX) {
        n = 1;
        dec[0] = cp;
    }
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        uint8_t enc[4];
        utf8proc_ssize_t k = utf8proc_encode_char(dec[i], enc);
        if (len + (size_t)k > FOLD_MAX)
            break;
        memcpy(out + len, enc, (size_t)k);
        len += (size_t)k;
    }
    return len;
}

static void table_build(void)
{
    for (int32_t cp = 0; cp < TABLE_MAX; cp++)
        table[cp].len = (uint8_t)fold_cp_slow(cp, table[cp].bytes);
}

fold_buf_t *fold_buf_new(void)
{
    pthread_once(&table_once, table_build);
    return calloc(1, sizeof(fold_buf_t));
}

void fold_buf_destroy(fold_buf_t **self)
{
    if (!self || !*self)
        return;
    free((*self)->text);
    free((*self)->map);
    free(*self);
    *self = NULL;
}

static int reserve(fold_buf_t *b, size_t need)
{
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < need)
        cap *= 2;
    char *t = realloc(b->text, cap);
    if (!t)
        return -1;
    b->text = t;
    uint32_t *m = realloc(b->map, cap * sizeof *m);
    if (!m)
        return -1;
    b->map = m;
    b->cap = cap;
    return 0;
}

int fold_run(fold_buf_t *b, const char *in, size_t len, char *err, size_t errlen)
{
    /* Folded text is rarely longer than its input; the loop grows the
     * buffers when it is. */
    if (len > UINT32_MAX / 2 || reserve(b, len + FOLD_MAX + 2) < 0) {
        snprintf(err, errlen, "out of memory folding %zu bytes", len);
        return -1;
    }
    size_t o = 0, i = 0;
    int pending_blank = 0; /* 0 none, 1 space, 2 newline */
    uint32_t blank_at = 0;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        int32_t cp;
        size_t step;
        if (c < 0x80) {
            cp = c;
            step = 1;
        } else {
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                                  (utf8proc_ssize_t)(len - i), &cp);
            if (k < 0) {
                snprintf(err, errlen, "not UTF-8 at byte %zu", i);
                return -1;
            }
            step = (size_t)k;
        }
        if (is_blank(cp)) {
            if (!pending_blank)
                blank_at = (uint32_t)i;
            if (cp == '\n' || cp == '\r')
                pending_blank = 2;
            else if (!pending_blank)
                pending_blank = 1;
            i += step;
            continue;
        }
        if (o + FOLD_MAX + 2 > b->cap && reserve(b, b->cap * 2) < 0) {
            snprintf(err, errlen, "out of memory folding %zu bytes", len);
            return -1;
        }
        if (pending_blank) {
            if (o > 0) {
                b->text[o] = pending_blank == 2 ? '\n' : ' ';
                b->map[o++] = blank_at;
            }
            pending_blank = 0;
        }
        if (c < 0x80) {
            b->text[o] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            b->map[o++] = (uint32_t)i;
        } else {
            char tmp[FOLD_MAX];
            const char *src;
            size_t n;
            if (cp < TABLE_MAX) {
                src = table[cp].bytes;
                n = table[cp].len;
            } else {
                n = fold_cp_slow(cp, tmp);
                src = tmp;
            }
            for (size_t k = 0; k < n; k++) {
                b->text[o] = src[k];
                b->map[o++] = (uint32_t)i;
            }
        }
        i += step;
    }
    b->text[o] = '\0';
    b->map[o] = (uint32_t)len;
    b->len = o;
    return 0;
}

const char *fold_text(const fold_buf_t *b) { return b->text ? b->text : ""; }
size_t fold_len(const fold_buf_t *b) { return b->len; }
uint32_t fold_offset(const fold_buf_t *b, size_t i) { return b->map ? b->map[i] : 0; }

char *fold_string(const char *in)
{
    fold_buf_t *b = fold_buf_new();
    char err[64];
    char *out = NULL;
    if (b && fold_run(b, in, strlen(in), err, sizeof err) == 0)
        out = strdup(fold_text(b));
    fold_buf_destroy(&b);
    return out;
}
