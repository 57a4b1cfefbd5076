/* people — see people.h. */
#include "people.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cues.h"
#include "sentences.h"
#include "strlist.h"

/* --------------------------------------------------------------- people */

static int is_surname_at(const run_t *r, const sentence_t *s, uint32_t fpos)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].start == fpos && cue_entry(r, h)->kind == LEX_SURNAME)
            return 1;
    return 0;
}

/* Words of the folded text with the case of their first original letter. */
typedef struct {
    uint32_t s, e; /* folded */
    int upper;
} word_t;

/* The first hit from h on that covers folded offset p (hits are sorted by
 * start), s->h1 when none does. */
static size_t hit_on(const run_t *r, const sentence_t *s, size_t h, uint32_t p)
{
    for (; h < s->h1 && r->hits[h].start <= p; h++)
        if (r->hits[h].end > p)
            return h;
    return s->h1;
}

/* Does a lexicon word break a name at word w (first: w starts the name;
 * led: the name starts with a Vietnamese family name)?
 * Family names and month names do not ("Mai Tien Dung"), nor, inside a
 * name, a city ("Vuong Dinh Hue", "Nguyen Thai Binh") or, after a family
 * name, a capitalised word that cannot start one ("Bui The Duy"). */
static int breaks_name(const run_t *r, const sentence_t *s, word_t w, int first, int led)
{
    for (size_t h = hit_on(r, s, s->h0, w.s); h < s->h1; h = hit_on(r, s, h + 1, w.s)) {
        const lex_entry_t *e = cue_entry(r, h);
        if (e->kind == LEX_SURNAME || e->kind == LEX_CALENDAR || cue_of(r, e) == CUE_AUX)
            continue;
        if (!first && ((e->kind == LEX_COUNTRY && strcmp(e->sub, "capital") == 0) ||
                       (led && cue_of(r, e) == CUE_NOTNAME)))
            continue;
        return 1;
    }
    return 0;
}

static int title_before(const run_t *r, const sentence_t *s, uint32_t p)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].end <= p && r->hits[h].end + 110 >= p && cue_entry(r, h)->kind == LEX_TITLE)
            return 1;
    return 0;
}

/* "Avi Luvton, directeur exécutif": a title right after the name. */
static int title_after(const run_t *r, const sentence_t *s, uint32_t end)
{
    uint32_t p = end;
    while (p < s->e && (r->t[p] == ',' || r->t[p] == ' '))
        p++;
    if (p == end || p >= s->e || r->t[end] != ',')
        return 0;
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].start == p && cue_entry(r, h)->kind == LEX_TITLE)
            return 1;
    return 0;
}

/* A name the article introduced elsewhere (with a title or a family name),
 * in folded text [a, b). */
static int known_name(const run_t *r, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < r->known.n; i++)
        if (strlen(r->known.v[i]) == b - a && memcmp(r->known.v[i], r->t + a, b - a) == 0)
            return 1;
    return 0;
}

/* Does the word at folded offset i start with a capital letter? (Digits,
 * quotes and other sentence starts do not start a name: "May 16", "6.8".) */
static int capital_at(const run_t *r, size_t i)
{
    int32_t cp = sent_codepoint_at(r, i);
    if (cp < 0)
        return 0;
    int cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static size_t sentence_words(const run_t *r, const sentence_t *s, word_t *w, size_t max)
{
    size_t n = 0;
    uint32_t i = s->s;
    while (i < s->e && n < max) {
        unsigned char c = (unsigned char)r->t[i];
        if (!lexicon_is_word_byte(c)) {
            i++;
            continue;
        }
        uint32_t b = i;
        while (i < s->e && (lexicon_is_word_byte((unsigned char)r->t[i]) ||
                            (r->t[i] == '-' && i + 1 < s->e &&
                             lexicon_is_word_byte((unsigned char)r->t[i + 1]))))
            i++;
        w[n++] = (word_t){b, i, capital_at(r, b)};
    }
    return n;
}

/* Is word w one of the NULL-terminated folded words of list? */
static int word_in(const run_t *r, word_t w, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == w.e - w.s && memcmp(r->t + w.s, *list, w.e - w.s) == 0)
            return 1;
    return 0;
}

/* Lower-case particles inside a foreign name ("Kees van Baar"). */
static const char *const particles[] = {"van", "von", "der", "den", "ter", "bin", "binti", "al",
                                        "el",  "di",  "da",  "dos", "del", NULL};

/* Words after which capitalised words complete a noun or name a place, not
 * a person ("ministre de la Culture", "président du Grand Khoural",
 * "Minister of Natural Resources", "in Las Vegas", "à Busan"). */
static const char *const complement_of[] = {"of", "de", "du", "des", "d", "l", "la", "le", "les",
                                            "the", "in", "at", "en", "a", "au", "aux", NULL};

/* May word j continue the name that starts at word i? A capitalised word,
 * or a particle between two. */
static int continues_name(const run_t *r, const sentence_t *s, const word_t *w, size_t n,
                          size_t i, size_t j, int led)
{
    if (j > i && w[j].s != w[j - 1].e + 1)
        return 0;
    if (!w[j].upper)
        return j > i && !led && j + 1 < n && w[j + 1].upper && w[j + 1].s == w[j].e + 1 &&
               word_in(r, w[j], particles);
    return !breaks_name(r, s, w[j], j == i, led);
}

int people_sentence_people(const run_t *r, const sentence_t *s, strlist_t *out)
{
    word_t w[256];
    size_t n = sentence_words(r, s, w, 256);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        int led = w[i].upper && is_surname_at(r, s, w[i].s);
        while (j < n && j - i < 4 && continues_name(r, s, w, n, i, j, led) &&
               !(w[j].e - w[j].s > 1 && r->doc->text[fold_offset(r->fb, w[j].s) + 1] >= 'A' &&
                 r->doc->text[fold_offset(r->fb, w[j].s) + 1] <= 'Z'))
            j++;
        /* "Communication Nguyen Manh Hung": the name starts at the family name */
        size_t k = i;
        while (k < j && !(w[k].upper && is_surname_at(r, s, w[k].s)))
            k++;
        size_t from = k + 1 < j ? k : i;
        if (j - from >= 2 &&
            (is_surname_at(r, s, w[from].s) || known_name(r, w[from].s, w[j - 1].e) ||
             (!(from > 0 && w[from].s == w[from - 1].e + 1 &&
                word_in(r, w[from - 1], complement_of)) &&
              (title_before(r, s, w[from].s) || title_after(r, s, w[j - 1].e))))) {
            uint32_t a = fold_offset(r->fb, w[from].s), b = fold_offset(r->fb, w[j - 1].e);
            if (strlist_add_name(out, r->doc->text + a, b - a) < 0)
                return -1;
        }
        i = j > i ? j : i + 1;
    }
    return 0;
}

/* ---------------------------------------------------------- organizations */

static int is_connector(const run_t *r, word_t w)
{
    static const char *c[] = {"de", "des", "du", "d", "l", "la", "le", "les", "et", "of",
                              "the", "and", "for", "pour", "sur", "on", "en", "a"};
    for (size_t k = 0; k < sizeof c / sizeof *c; k++)
        if (w.e - w.s == strlen(c[k]) && memcmp(r->t + w.s, c[k], w.e - w.s) == 0)
            return 1;
    return 0;
}

static int hit_kind_at(const run_t *r, const sentence_t *s, uint32_t p, lex_kind_t kind,
                       const char *value)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].start <= p && r->hits[h].end > p && cue_entry(r, h)->kind == kind &&
            (!value || strcmp(cue_entry(r, h)->value, value) == 0))
            return 1;
    return 0;
}

static int stops_org(const run_t *r, const sentence_t *s, word_t w)
{
    for (size_t h = hit_on(r, s, s->h0, w.s); h < s->h1; h = hit_on(r, s, h + 1, w.s)) {
        const lex_entry_t *e = cue_entry(r, h);
        if (e->kind == LEX_TRIGGER || e->kind == LEX_TITLE || e->kind == LEX_CALENDAR ||
            (e->kind == LEX_ORG && strcmp(e->value, "head") == 0) ||
            (e->kind == LEX_CUE && cue_of(r, e) != CUE_AUX && cue_of(r, e) != CUE_BODY &&
             cue_of(r, e) != CUE_NOTNAME))
            return 1;
    }
    return 0;
}

/* The end of an organisation name starting at word i (its head), as a
 * word index: capitalised words, countries and demonyms extend it; in
 * French, connectors and lower-case words may sit in between; punctuation,
 * another head, a trigger or a title end it. */
static size_t org_end(const run_t *r, const sentence_t *s, const word_t *w, size_t n, size_t i,
                      uint32_t head_end)
{
    size_t last = i;
    while (last + 1 < n && w[last + 1].e <= head_end)
        last++;
    int fr = strcmp(r->lang, "fr") == 0;
    for (size_t j = last + 1; j < n && j < i + 14; j++) {
        if (strcspn(r->t + w[j - 1].e, ",.;:()") < w[j].s - w[j - 1].e)
            break;
        if (stops_org(r, s, w[j]))
            break;
        if (w[j].upper || hit_kind_at(r, s, w[j].s, LEX_COUNTRY, NULL))
            last = j;
        else if (!is_connector(r, w[j]) && !fr)
            break;
    }
    return last;
}

int people_sentence_orgs(const run_t *r, const sentence_t *s, strlist_t *out)
{
    word_t w[256];
    size_t n = sentence_words(r, s, w, 256);
    uint32_t done = s->s;
    for (size_t i = 0; i < n; i++) {
        if (w[i].s < done)
            continue;
        uint32_t head_end = 0;
        int acronym = 0;
        for (size_t h = s->h0; h < s->h1; h++)
            if (r->hits[h].start == w[i].s && cue_entry(r, h)->kind == LEX_ORG) {
                head_end = r->hits[h].end;
                acronym = strcmp(cue_entry(r, h)->value, "acronym") == 0;
            }
        if (!head_end)
            continue;
        size_t a = i, b = acronym ? i : org_end(r, s, w, n, i, head_end);
        while (acronym && b + 1 < n && w[b + 1].e <= head_end)
            b++;
        if (!acronym && strcmp(r->lang, "en") == 0)
            while (a > 0 && w[a - 1].e + 1 == w[a].s && w[a - 1].upper &&
                   !stops_org(r, s, w[a - 1]) && !is_connector(r, w[a - 1]))
                a--;
        if (!acronym && a == i && b == i && !w[i].upper)
            continue; /* "le ministère" alone names nothing */
        uint32_t fs = w[a].s, fe = w[b].e;
        if (fe + 2 < s->e && r->t[fe] == ' ' && r->t[fe + 1] == '(') {
            uint32_t k = fe + 2;
            while (k < s->e && r->t[k] != ')' && k - fe < 16)
                k++;
            if (k < s->e && r->t[k] == ')')
                fe = k + 1;
        }
        uint32_t oa = fold_offset(r->fb, fs), ob = fold_offset(r->fb, fe);
        if (strlist_add_name(out, r->doc->text + oa, ob - oa) < 0)
            return -1;
        done = fe;
    }
    return 0;
}

/* Is the folded name f led by a Vietnamese family name found in s? */
static int vietnamese_name(const run_t *r, const sentence_t *s, const char *f)
{
    size_t k = 0;
    while (f[k] && f[k] != ' ')
        k++;
    for (size_t h = s->h0; h < s->h1; h++)
        if (cue_entry(r, h)->kind == LEX_SURNAME && (size_t)(r->hits[h].end - r->hits[h].start) == k &&
            memcmp(r->t + r->hits[h].start, f, k) == 0)
            return 1;
    return 0;
}

static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 1099511628211ull;
    return h ? h : 1;
}

static int foreign_word_slot(const run_t *r, uint64_t h)
{
    size_t i = h & (FOREIGN_SLOTS - 1);
    while (r->foreign_words[i] && r->foreign_words[i] != h)
        i = (i + 1) & (FOREIGN_SLOTS - 1);
    return (int)i;
}

/* Remember the words (3+ letters) of a foreign name, folded. */
static void add_foreign_words(run_t *r, const char *f)
{
    for (const char *p = f; *p;) {
        size_t n = strcspn(p, " ");
        if (n >= 3) {
            uint64_t h = word_hash(p, n);
            r->foreign_words[foreign_word_slot(r, h)] = h;
        }
        p += n + (p[n] == ' ');
    }
}

/* A capitalised word of s that is a word of a foreign name. */
static int names_foreigner(const run_t *r, const sentence_t *s)
{
    word_t w[256];
    size_t n = sentence_words(r, s, w, 256);
    for (size_t i = 0; i < n; i++) {
        if (!w[i].upper || w[i].e - w[i].s < 3)
            continue;
        uint64_t h = word_hash(r->t + w[i].s, w[i].e - w[i].s);
        if (r->foreign_words[foreign_word_slot(r, h)] == h)
            return 1;
    }
    return 0;
}

int people_collect_people(run_t *r)
{
    int foreign_words = 0;
    for (size_t i = 0; i < r->n_sents && r->known.n < MAX_NAMES; i++) {
        const sentence_t *s = &r->sents[i];
        strlist_t p = {0};
        if (people_sentence_people(r, s, &p) < 0)
            return -1;
        for (size_t k = 0; k < p.n && r->known.n < MAX_NAMES; k++) {
            char *f = fold_string(p.v[k]);
            int rc = f ? strlist_add(&r->known, f, strlen(f)) : -1;
            if (rc == 0 && !vietnamese_name(r, s, f) && foreign_words < MAX_NAMES) {
                add_foreign_words(r, f);
                foreign_words++;
            }
            free(f);
            if (rc < 0) {
                strlist_free(&p);
                return -1;
            }
        }
        strlist_free(&p);
    }
    for (size_t i = 0; i < r->n_sents && foreign_words; i++)
        r->sents[i].foreign_name = names_foreigner(r, &r->sents[i]);
    return 0;
}

int people_non_vietnamese_person(const run_t *r, const sentence_t *s)
{
    return s->foreign_name;
}
