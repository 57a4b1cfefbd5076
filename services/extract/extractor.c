/* extractor — see extractor.h.
 *
 * Rules follow corpus/SCHEMA.md: one event per distinct action (talks that
 * end in a signing are the signing), a visit is its own event, later is
 * planned, aid is given not promised, background is not news, countries are
 * the parties' not the venue's, dates come from the text. */
#include "extractor.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dates.h"
#include "fold.h"
#include "lexicon.h"

struct extractor {
    lexicon_t *lex;
    /* per lexicon entry, decoded once: cue, event type, trigger role and
     * instrument codes (-1 when not one) */
    const lex_entry_t *base;
    int8_t *code;
};

/* ---------------------------------------------------------------- types */

typedef enum {
    EV_SIGNED,
    EV_PLANNED,
    EV_MEETING,
    EV_VISIT,
    EV_CONFERENCE,
    EV_AID,
    EV_UPGRADE,
    EV_JOINT_BODY,
    EV_COUNT
} ev_type_t;

static const struct {
    const char *name, *cameo, *plover;
    float base;
} ev_info[EV_COUNT] = {
    {"agreement_signed", "057", "AGREE", 0.8f},  {"agreement_planned", "036", "AGREE", 0.6f},
    {"meeting", "040", "CONSULT", 0.7f},         {"visit", "042", "CONSULT", 0.7f},
    {"conference", "044", "CONSULT", 0.65f},     {"aid", "07", "AID", 0.7f},
    {"relationship_upgrade", "06", "COOPERATE", 0.8f},
    {"joint_body", "06", "COOPERATE", 0.65f},
};

static const char *const instruments[] = {"mou",      "letter_of_intent", "agreement",
                                          "convention", "contract",       "joint_statement",
                                          "plan"};
#define N_INSTRUMENTS (sizeof instruments / sizeof *instruments)

/* Cues: words that change what a trigger means. */
typedef enum {
    CUE_NEGATION,   /* pas, not, aucun */
    CUE_CANCEL,     /* reporté, annulé, postponed */
    CUE_HOPE,       /* souhaite, espère, pourrait, a appelé, proposed */
    CUE_BACKGROUND, /* avait, had, s'appuie sur */
    CUE_GENERIC,    /* chaque année, annual */
    CUE_SAME_DAY,   /* le même jour, à cette occasion */
    CUE_NEXT_DAY,   /* le lendemain */
    CUE_CONCLUSION, /* à l'issue de, au terme de, after their talks */
    CUE_HOLD,       /* tenu, a eu lieu, held, lors de */
    CUE_UPGRADE,    /* élevé, hissé, upgraded */
    CUE_CREATE,     /* créer, mettre en place, set up */
    CUE_THANKS,     /* remercié, thanked */
    CUE_AID_OBJECT, /* chèque, équipements, grant */
    CUE_CAPTION,    /* photo : */
    CUE_NOTNAME,    /* capitalised words that are not names */
    CUE_AUX,        /* auxiliaries before a participle: ont, a, été, was */
    CUE_FUTURE,     /* prochain, forthcoming */
    CUE_BODY,       /* centre, comité, working group: what a joint body is */
    CUE_BILATERAL,  /* les deux parties, both sides: two parties named as such */
    CUE_COUNT
} cue_t;

static const char *const cue_names[CUE_COUNT] = {
    "negation", "cancel",  "hope",   "background", "generic",   "same_day",
    "next_day", "conclusion", "hold", "upgrade",   "create",    "thanks",
    "aid_object", "caption", "notname", "aux",     "future",     "body",
    "bilateral",
};

/* Trigger roles (triggers.tsv third column). */
typedef enum {
    ROLE_VERB,       /* enough on its own: "ont signé", "s'est entretenu" */
    ROLE_PARTICIPLE, /* "signé": needs an auxiliary, an object, a date or "par" */
    ROLE_NOUN,       /* "réunion", "forum": needs a cue saying it took place */
    ROLE_AGREE,      /* "ont convenu": planned when a creation verb follows */
    ROLE_PLAN,       /* "programme d'action": planned when prepared */
    ROLE_UPGRADE,    /* "au rang de partenariat": needs an upgrade verb */
    ROLE_GIVE,       /* "a remis": aid when an aid object is in the clause */
    ROLE_OBJECT,     /* "ont conclu", "adopté": needs an instrument after it */
    ROLE_BODY,       /* "ont inauguré": needs a body noun in the clause */
    ROLE_COUNT
} role_t;

static const char *const role_names[ROLE_COUNT] = {"verb", "participle", "noun", "agree",
                                                   "plan", "upgrade", "give", "object", "body"};

/* ------------------------------------------------------------ run state */

/* Names kept per article, and the hash slots of their words (a power of 2
 * well above MAX_NAMES * words per name). */
#define MAX_NAMES 128
#define FOREIGN_SLOTS 1024

typedef struct {
    char **v, **key; /* items as written, and the keys they are unique by */
    size_t n, cap;
} strlist_t;

typedef struct {
    char code[3];
    uint32_t pos;
    int kind;  /* 0 name, 1 demonym, 2 capital or city */
    int venue; /* after en / au / in / à: where, not who */
    int org;   /* from an organisation's lexicon line, not a country word */
} country_hit_t;

typedef struct {
    uint32_t s, e; /* folded offsets */
    size_t h0, h1; /* hits inside */
    int caption;
    int foreign_name; /* names a person known as not Vietnamese */
} sentence_t;

typedef struct {
    ev_type_t type;
    int instrument; /* index into instruments, -1 none */
    int y, m, d, prec;
    int date_rank;  /* 3 range, 2 own day, 1 inherited, 0 month/none */
    char countries[8][3];
    int n_countries;
    size_t sent;
    uint32_t pos;
    float confidence;
    int dead;
    /* people / orgs / sectors gathered at the end from the sentences */
    size_t sents[16];
    int n_sents;
} cand_t;

typedef struct {
    const extractor_t *x;
    const extract_doc_t *doc;
    const char *t; /* folded */
    size_t len;
    fold_buf_t *fb;
    lex_hit_t *hits;
    size_t n_hits, cap_hits;
    sentence_t *sents;
    size_t n_sents, cap_sents;
    int pub_y, pub_m;
    uint32_t body_start; /* folded offset after the " date YYYY-MM" header */
    char dateline_cc[3];
    uint32_t loc_s, loc_e; /* dateline city in the original text */
    uint32_t dateline_end; /* folded offset after "(VNA)": its date is the wire's */
    int has_loc;
    char partner[3];
    cand_t *cands;
    size_t n_cands, cap_cands;
    strlist_t known;   /* folded names of everyone the article names */
    uint64_t foreign_words[FOREIGN_SLOTS]; /* hashes of the foreign names' words */
    dates_mention_t range; /* the article's first date range, range.y 0 if none */
    strlist_t article_sectors;
    int ctx_y, ctx_m, ctx_d; /* day of the last dated non-visit event */
    const char *lang;
} run_t;

/* ----------------------------------------------------------- utilities */

static const lex_entry_t *entry(const run_t *r, size_t h)
{
    return lexicon_entry(r->x->lex, r->hits[h].entry);
}

static int cue_name(const char *v)
{
    for (int c = 0; c < CUE_COUNT; c++)
        if (strcmp(v, cue_names[c]) == 0)
            return c;
    return -1;
}

static int role_name(const char *v)
{
    for (int k = 0; k < ROLE_COUNT; k++)
        if (strcmp(v, role_names[k]) == 0)
            return k;
    return ROLE_VERB;
}

static int type_of(const char *name)
{
    for (int k = 0; k < EV_COUNT; k++)
        if (strcmp(name, ev_info[k].name) == 0)
            return k;
    return -1;
}

static int instrument_of(const char *name)
{
    for (size_t k = 0; k < N_INSTRUMENTS; k++)
        if (strcmp(name, instruments[k]) == 0)
            return (int)k;
    return -1;
}

/* The decoded code of an entry: a cue for LEX_CUE, type * ROLE_COUNT + role
 * for LEX_TRIGGER, an instrument for LEX_INSTRUMENT. */
static int entry_code(const extractor_t *x, const lex_entry_t *e)
{
    return x->code[e - x->base];
}

static int decode_entry(const lex_entry_t *e)
{
    switch (e->kind) {
    case LEX_CUE:
        return cue_name(e->value);
    case LEX_TRIGGER: {
        int t = type_of(e->value);
        return t < 0 ? -1 : t * ROLE_COUNT + role_name(e->sub);
    }
    case LEX_INSTRUMENT:
        return instrument_of(e->value);
    default:
        return -1;
    }
}

static int cue_of(const run_t *r, const lex_entry_t *e)
{
    return e->kind == LEX_CUE ? entry_code(r->x, e) : -1;
}

static int starts_with(const char *t, size_t len, size_t pos, const char *w)
{
    size_t n = strlen(w);
    return pos + n <= len && memcmp(t + pos, w, n) == 0;
}

/* Clause bounds around pos inside sentence s: ';' and ':' separate clauses. */
static void clause_of(const run_t *r, const sentence_t *s, uint32_t pos, uint32_t *cs,
                      uint32_t *ce)
{
    uint32_t a = pos, b = pos;
    while (a > s->s && r->t[a - 1] != ';' && r->t[a - 1] != ':')
        a--;
    while (b < s->e && r->t[b] != ';' && r->t[b] != ':')
        b++;
    *cs = a;
    *ce = b;
}

/* Is cue c in sentence s between [from, to)? Returns its position + 1. */
static uint32_t cue_in(const run_t *r, const sentence_t *s, int c, uint32_t from, uint32_t to)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].start >= from && r->hits[h].end <= to && cue_of(r, entry(r, h)) == c)
            return r->hits[h].start + 1;
    return 0;
}

/* ------------------------------------------------------------ language */

static int count_word(const char *t, size_t len, const char *w)
{
    int n = 0;
    size_t wl = strlen(w);
    for (const char *p = t; (p = memmem(p, len - (size_t)(p - t), w, wl)); p += wl)
        n++;
    return n;
}

static const char *detect_folded(const char *t, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    int en = count_word(t, n, " the ") + count_word(t, n, " and ") + count_word(t, n, " of ");
    int fr = count_word(t, n, " le ") + count_word(t, n, " la ") + count_word(t, n, " les ") +
             count_word(t, n, " des ") + count_word(t, n, " et ");
    return en > fr ? "en" : "fr";
}

const char *extractor_detect_lang(const extractor_t *self, const char *text, size_t len)
{
    fold_buf_t *fb = fold_buf_new();
    char err[64];
    const char *lang = "fr";
    if (fb && fold_run(fb, text, len, err, sizeof err) == 0)
        lang = detect_folded(fold_text(fb), fold_len(fb));
    fold_buf_destroy(&fb);
    return lang;
}

/* ---------------------------------------------------- header, dateline */

static int parse_month_field(const char *s, int *y, int *m)
{
    if (!s)
        return 0;
    int yy, mm;
    if (sscanf(s, "%4d-%2d", &yy, &mm) == 2 && yy > 1900 && mm >= 1 && mm <= 12) {
        *y = yy;
        *m = mm;
        return 1;
    }
    return 0;
}

/* A text may open with " date YYYY-MM" (the wire's header). */
static void read_header(run_t *r)
{
    size_t i = 0;
    while (i < r->len && r->t[i] == ' ')
        i++;
    if (starts_with(r->t, r->len, i, "date ")) {
        int y, m;
        if (parse_month_field(r->t + i + 5, &y, &m)) {
            if (!r->pub_y) {
                r->pub_y = y;
                r->pub_m = m;
            }
            r->body_start = (uint32_t)(i + 12 < r->len ? i + 12 : r->len);
        }
    }
}

/* "Séoul (VNA) –", "Hanoi, 15 janvier (VNA) –": the city and its country. */
static void read_dateline(run_t *r)
{
    size_t lim = r->len < 2000 ? r->len : 2000;
    const char *p = memmem(r->t + r->body_start, lim > r->body_start ? lim - r->body_start : 0,
                           "(vna)", 5);
    if (!p)
        return;
    size_t at = (size_t)(p - r->t), ls = at;
    r->dateline_end = (uint32_t)at + 5;
    while (ls > r->body_start && r->t[ls - 1] != '\n')
        ls--;
    size_t le = ls;
    while (le < at && r->t[le] != ',')
        le++;
    while (le > ls && r->t[le - 1] == ' ')
        le--;
    if (le <= ls || le - ls > 40)
        return;
    for (size_t h = 0; h < r->n_hits; h++) {
        const lex_entry_t *e = entry(r, h);
        if (r->hits[h].start >= ls && r->hits[h].end <= le && e->kind == LEX_COUNTRY) {
            memcpy(r->dateline_cc, e->value, 2);
            r->dateline_cc[2] = '\0';
        }
    }
    r->loc_s = fold_offset(r->fb, ls);
    r->loc_e = fold_offset(r->fb, le);
    r->has_loc = 1;
}

/* ------------------------------------------------------------ sentences */

/* Longer "sentences" (text without punctuation) are cut at a blank, so
 * the rules, which look across a sentence, stay linear in the text. */
#define MAX_SENTENCE 4096

static int push_sentence(run_t *r, size_t s, size_t e, int caption)
{
    while (s < e && (r->t[s] == ' ' || r->t[s] == '\n'))
        s++;
    if (e <= s)
        return 0;
    if (e - s > MAX_SENTENCE) {
        size_t cut = s + MAX_SENTENCE;
        while (cut > s + MAX_SENTENCE / 2 && r->t[cut] != ' ')
            cut--;
        return push_sentence(r, s, cut, caption) < 0 ? -1 : push_sentence(r, cut, e, caption);
    }
    if (r->n_sents == r->cap_sents) {
        size_t c = r->cap_sents ? r->cap_sents * 2 : 64;
        sentence_t *ns = realloc(r->sents, c * sizeof *ns);
        if (!ns)
            return -1;
        r->sents = ns;
        r->cap_sents = c;
    }
    r->sents[r->n_sents++] = (sentence_t){(uint32_t)s, (uint32_t)e, 0, 0, caption, 0};
    return 0;
}

/* Does the original text have an upper-case letter (or a digit, a quote)
 * at the input offset of folded byte i? Folding lost the case. */
static int upper_at(const run_t *r, size_t i)
{
    uint32_t o = fold_offset(r->fb, i);
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)r->doc->text + o,
                         (utf8proc_ssize_t)(r->doc->len - o), &cp) < 0)
        return 0;
    int cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || (cp >= '0' && cp <= '9') || cp == '"' ||
           cp == 0xAB || cp == 0x201C;
}

/* Lines split first; inside a line, [.!?] then a blank then a capital. A
 * line holding a photo credit is a caption. */
static int split_sentences(run_t *r)
{
    size_t ls = r->body_start;
    size_t h = 0;
    while (ls < r->len) {
        size_t le = ls;
        while (le < r->len && r->t[le] != '\n')
            le++;
        int caption = 0;
        for (; h < r->n_hits && r->hits[h].start < le; h++)
            if (r->hits[h].start >= ls && cue_of(r, entry(r, h)) == CUE_CAPTION)
                caption = 1;
        size_t s = ls;
        for (size_t i = ls; i + 2 < le; i++) {
            char c = r->t[i];
            if ((c == '.' || c == '!' || c == '?') && r->t[i + 1] == ' ' && upper_at(r, i + 2)) {
                /* initials ("M. Dung") are not sentence ends */
                if (i >= 2 && r->t[i - 2] == ' ')
                    continue;
                if (push_sentence(r, s, i + 1, caption) < 0)
                    return -1;
                s = i + 2;
            }
        }
        if (push_sentence(r, s, le, caption) < 0)
            return -1;
        ls = le + 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->n_sents; i++) {
        sentence_t *st = &r->sents[i];
        while (k < r->n_hits && r->hits[k].start < st->s)
            k++;
        st->h0 = k;
        while (k < r->n_hits && r->hits[k].start < st->e)
            k++;
        st->h1 = k;
    }
    return 0;
}

/* ---------------------------------------------------------------- dates */

#define MAX_DATES 16

static size_t sentence_dates(const run_t *r, const sentence_t *s, dates_mention_t *out)
{
    dates_month_t months[MAX_DATES];
    size_t n = 0;
    for (size_t h = s->h0; h < s->h1 && n < MAX_DATES; h++) {
        const lex_entry_t *e = entry(r, h);
        if (e->kind == LEX_CALENDAR && strcmp(e->sub, "month") == 0)
            months[n++] = (dates_month_t){r->hits[h].start, r->hits[h].end, e->num};
    }
    size_t nd = dates_find(r->t, r->len, months, n, r->pub_y, r->pub_m, out, MAX_DATES);
    size_t w = 0;
    for (size_t k = 0; k < nd; k++)
        if (out[k].start >= r->dateline_end)
            out[w++] = out[k];
    return w;
}

/* A 4-digit year before the publication year, or a dated mention more than
 * two months older than the publication: the clause recalls the past. */
static int clause_is_old(const run_t *r, const sentence_t *s, uint32_t cs, uint32_t ce)
{
    if (!r->pub_y)
        return 0;
    for (uint32_t i = cs; i + 4 <= ce; i++) {
        if ((i > cs && lexicon_is_word_byte((unsigned char)r->t[i - 1])) ||
            (i + 4 < r->len && lexicon_is_word_byte((unsigned char)r->t[i + 4])))
            continue;
        int y = 0, ok = 1;
        for (int k = 0; k < 4; k++) {
            char c = r->t[i + k];
            if (c < '0' || c > '9')
                ok = 0;
            else
                y = y * 10 + (c - '0');
        }
        /* "2019-2020" names a span reaching the present */
        if (ok && y >= 1900 && y < r->pub_y && !(i + 5 < ce && r->t[i + 4] == '-'))
            return 1;
    }
    dates_mention_t dm[MAX_DATES];
    size_t n = sentence_dates(r, s, dm);
    for (size_t k = 0; k < n; k++)
        if (dm[k].start >= cs && dm[k].end <= ce && dm[k].y &&
            dates_months_before(dm[k].y, dm[k].m, r->pub_y, r->pub_m) > 2)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ countries */

/* The country an entry names: a country word, or an organisation whose
 * lexicon line gives its country; NULL otherwise. */
static const char *party_country(const lex_entry_t *e)
{
    if (e->kind == LEX_COUNTRY && strlen(e->value) == 2)
        return e->value;
    if (e->kind == LEX_ORG && strlen(e->sub) == 2)
        return e->sub;
    return NULL;
}

static int country_hits(const run_t *r, const sentence_t *s, country_hit_t *out, int max)
{
    int n = 0;
    for (size_t h = s->h0; h < s->h1 && n < max; h++) {
        const lex_entry_t *e = entry(r, h);
        const char *code = party_country(e);
        if (!code)
            continue;
        country_hit_t c = {{code[0], code[1], 0}, r->hits[h].start, 0, 0, e->kind == LEX_ORG};
        /* a company of a country speaks for it like a demonym */
        c.kind = e->kind == LEX_ORG || strcmp(e->sub, "demonym") == 0
                     ? 1
                     : (strcmp(e->sub, "name") == 0 ? 0 : 2);
        uint32_t p = r->hits[h].start;
        static const char *venue[] = {"en ", "au ", "aux ", "in ", "a ", "dans ", "to ", "a l'"};
        for (size_t v = 0; v < sizeof venue / sizeof *venue; v++) {
            size_t vl = strlen(venue[v]);
            if (p >= vl && memcmp(r->t + p - vl, venue[v], vl) == 0 &&
                (p == vl || !lexicon_is_word_byte((unsigned char)r->t[p - vl - 1])))
                c.venue = c.kind != 1;
        }
        out[n++] = c;
    }
    return n;
}

static int has_code(char (*codes)[3], int n, const char *c)
{
    for (int i = 0; i < n; i++)
        if (strcmp(codes[i], c) == 0)
            return 1;
    return 0;
}

/* The foreign country the article is about: most mentioned, the dateline
 * counting double. */
static void find_partner(run_t *r)
{
    char codes[64][3];
    int counts[64] = {0}, n = 0;
    for (size_t h = 0; h < r->n_hits; h++) {
        const char *code = party_country(entry(r, h));
        if (!code || strcmp(code, "VN") == 0)
            continue;
        int k = 0;
        while (k < n && strcmp(codes[k], code) != 0)
            k++;
        if (k == n) {
            if (n == 64)
                continue;
            memcpy(codes[n++], code, 3);
        }
        counts[k] += 2;
    }
    for (int k = 0; k < n; k++)
        if (strcmp(codes[k], r->dateline_cc) == 0)
            counts[k] += 4;
    int best = -1;
    for (int k = 0; k < n; k++)
        if (best < 0 || counts[k] > counts[best])
            best = k;
    if (best >= 0)
        memcpy(r->partner, codes[best], 3);
}

/* --------------------------------------------------------------- people */

static int is_surname_at(const run_t *r, const sentence_t *s, uint32_t fpos)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].start == fpos && entry(r, h)->kind == LEX_SURNAME)
            return 1;
    return 0;
}

/* Words of the folded text with the case of their first original letter. */
typedef struct {
    uint32_t s, e; /* folded */
    int upper;
} word_t;

/* Does a lexicon word break a name at word w (first: w starts the name)?
 * Family names and month names do not ("Mai Tien Dung"), nor a one-word
 * city inside a name ("Vuong Dinh Hue"). */
static int breaks_name(const run_t *r, const sentence_t *s, word_t w, int first)
{
    for (size_t h = s->h0; h < s->h1; h++) {
        if (r->hits[h].start > w.s)
            break;
        if (r->hits[h].end <= w.s)
            continue;
        const lex_entry_t *e = entry(r, h);
        if (e->kind == LEX_SURNAME || e->kind == LEX_CALENDAR || cue_of(r, e) == CUE_AUX)
            continue;
        if (!first && e->kind == LEX_COUNTRY && strcmp(e->sub, "capital") == 0 &&
            r->hits[h].start == w.s && r->hits[h].end == w.e)
            continue;
        return 1;
    }
    return 0;
}

static int title_before(const run_t *r, const sentence_t *s, uint32_t p)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].end <= p && r->hits[h].end + 110 >= p && entry(r, h)->kind == LEX_TITLE)
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
        if (r->hits[h].start == p && entry(r, h)->kind == LEX_TITLE)
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

/* Add s (n bytes) unless an item has the same key: the folded form for
 * names ("Nguyễn Mạnh Hùng" is "Nguyen Manh Hung"), the bytes otherwise. */
static int strlist_put(strlist_t *l, const char *s, size_t n, int folded)
{
    char *item = strndup(s, n);
    char *key = item && folded ? fold_string(item) : (item ? strdup(item) : NULL);
    if (!key) {
        free(item);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->key[i], key) == 0) {
            free(item);
            free(key);
            return 0;
        }
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 8;
        char **v = realloc(l->v, c * sizeof *v);
        if (v)
            l->v = v;
        char **k = v ? realloc(l->key, c * sizeof *k) : NULL;
        if (!k) {
            free(item);
            free(key);
            return -1;
        }
        l->key = k;
        l->cap = c;
    }
    l->v[l->n] = item;
    l->key[l->n++] = key;
    return 0;
}

static int strlist_add(strlist_t *l, const char *s, size_t n) { return strlist_put(l, s, n, 0); }
static int strlist_add_name(strlist_t *l, const char *s, size_t n) { return strlist_put(l, s, n, 1); }

static void strlist_free(strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i]);
        free(l->key[i]);
    }
    free(l->v);
    free(l->key);
    l->v = l->key = NULL;
    l->n = l->cap = 0;
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
        w[n++] = (word_t){b, i, upper_at(r, b)};
    }
    return n;
}

/* Names: two to four capitalised words, no lexicon word among them, led by
 * a Vietnamese family name or a title shortly before. */
static int sentence_people(const run_t *r, const sentence_t *s, strlist_t *out)
{
    word_t w[256];
    size_t n = sentence_words(r, s, w, 256);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && j - i < 4 && w[j].upper && !breaks_name(r, s, w[j], j == i) &&
               (j == i || w[j].s == w[j - 1].e + 1) &&
               !(w[j].e - w[j].s > 1 && r->doc->text[fold_offset(r->fb, w[j].s) + 1] >= 'A' &&
                 r->doc->text[fold_offset(r->fb, w[j].s) + 1] <= 'Z'))
            j++;
        /* "Communication Nguyen Manh Hung": the name starts at the family name */
        size_t k = i;
        while (k < j && !is_surname_at(r, s, w[k].s))
            k++;
        size_t from = k + 1 < j ? k : i;
        if (j - from >= 2 &&
            (is_surname_at(r, s, w[from].s) || title_before(r, s, w[from].s) ||
             title_after(r, s, w[j - 1].e) || known_name(r, w[from].s, w[j - 1].e))) {
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
        if (r->hits[h].start <= p && r->hits[h].end > p && entry(r, h)->kind == kind &&
            (!value || strcmp(entry(r, h)->value, value) == 0))
            return 1;
    return 0;
}

static int stops_org(const run_t *r, const sentence_t *s, word_t w)
{
    for (size_t h = s->h0; h < s->h1; h++) {
        if (r->hits[h].start > w.s)
            break;
        if (r->hits[h].end <= w.s)
            continue;
        const lex_entry_t *e = entry(r, h);
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

/* An organisation: a head word (ministère, agency...) and the words that
 * name it (org_end), an acronym in parentheses right after; in English
 * also the capitalised words before the head ("Korea Software Industry
 * Association"). A known acronym or company name stands alone. */
static int sentence_orgs(const run_t *r, const sentence_t *s, strlist_t *out)
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
            if (r->hits[h].start == w[i].s && entry(r, h)->kind == LEX_ORG) {
                head_end = r->hits[h].end;
                acronym = strcmp(entry(r, h)->value, "acronym") == 0;
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

/* --------------------------------------------------------------- events */

/* Candidates of one article: a wire story reports a handful of events; a
 * text that would give more is not one story, and merging stays cheap. */
#define MAX_CANDIDATES 256

static cand_t *new_cand(run_t *r)
{
    if (r->n_cands == r->cap_cands) {
        size_t c = r->cap_cands ? r->cap_cands * 2 : 16;
        cand_t *p = realloc(r->cands, c * sizeof *p);
        if (!p)
            return NULL;
        r->cands = p;
        r->cap_cands = c;
    }
    cand_t *c = &r->cands[r->n_cands++];
    memset(c, 0, sizeof *c);
    c->instrument = -1;
    return c;
}

typedef struct {
    ev_type_t type;
    uint32_t pos, end;
    int instrument;
    int alive;
} trig_t;

/* The instrument a signing names: the nearest in the sentence (after the
 * trigger first), else the nearest in the article. */
#define INSTRUMENT_REACH 8000

static int find_instrument(const run_t *r, const sentence_t *s, uint32_t pos)
{
    int best = -1;
    long bestd = 0;
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = entry(r, h);
        if (e->kind != LEX_INSTRUMENT)
            continue;
        long d = (long)r->hits[h].start - (long)pos;
        d = d >= 0 ? d : -d * 2;
        if (best < 0 || d < bestd) {
            best = entry_code(r->x, e);
            bestd = d;
        }
    }
    if (best >= 0)
        return best;
    /* the article around it: "Ce texte a été signé..." names it nearby */
    size_t h0 = s->h0, h1 = s->h1;
    while (h0 > 0 && r->hits[h0 - 1].start + INSTRUMENT_REACH > pos)
        h0--;
    while (h1 < r->n_hits && r->hits[h1].start < pos + INSTRUMENT_REACH)
        h1++;
    for (size_t h = h0; h < h1; h++) {
        const lex_entry_t *e = entry(r, h);
        if (e->kind != LEX_INSTRUMENT)
            continue;
        long d = (long)r->hits[h].start - (long)pos;
        d = d >= 0 ? d : -d;
        if (best < 0 || d < bestd) {
            best = entry_code(r->x, e);
            bestd = d;
        }
    }
    return best;
}

/* A number up to two words before an instrument ("927 accords", "16 free
 * trade agreements") counts documents: a statistic, unless a day dates it
 * ("signed 20 agreements at the forum on May 28"). */
static int instrument_counted(const run_t *r, const sentence_t *s)
{
    for (size_t h = s->h0; h < s->h1; h++) {
        if (entry(r, h)->kind != LEX_INSTRUMENT)
            continue;
        uint32_t p = r->hits[h].start;
        int words = 0;
        while (p > s->s && words < 3) {
            while (p > s->s && r->t[p - 1] == ' ')
                p--;
            if (p > s->s && r->t[p - 1] >= '0' && r->t[p - 1] <= '9') {
                dates_mention_t dm[MAX_DATES];
                size_t nd = sentence_dates(r, s, dm);
                for (size_t k = 0; k < nd; k++)
                    if (dm[k].precision == DATE_DAY)
                        return 0;
                return 1;
            }
            while (p > s->s && lexicon_is_word_byte((unsigned char)r->t[p - 1]))
                p--;
            words++;
        }
    }
    return 0;
}

/* A participle ("signé") reports a signing when an auxiliary precedes it,
 * or an instrument, a date or "par" follows. */
static int participle_active(const run_t *r, const sentence_t *s, uint32_t pos, uint32_t end)
{
    uint32_t from = pos > 14 ? pos - 14 : s->s;
    if (from < s->s)
        from = s->s;
    if (cue_in(r, s, CUE_AUX, from, pos))
        return 1;
    if (starts_with(r->t, s->e, end, " par ") || starts_with(r->t, s->e, end, " by "))
        return 1;
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = entry(r, h);
        uint32_t p = r->hits[h].start;
        if (p < end || p > end + 30)
            continue;
        if (e->kind == LEX_INSTRUMENT || (e->kind == LEX_CALENDAR && p <= end + 12))
            return 1;
    }
    return 0;
}

static int instrument_after(const run_t *r, const sentence_t *s, uint32_t end, uint32_t within)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (entry(r, h)->kind == LEX_INSTRUMENT && r->hits[h].start >= end &&
            r->hits[h].start <= end + within)
            return 1;
    return 0;
}

static int has_foreign(const country_hit_t *c, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].code, "VN") != 0)
            return 1;
    return 0;
}

static int vn_venue(const country_hit_t *c, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].code, "VN") == 0 && c[i].venue)
            return 1;
    return 0;
}

/* Is the folded name f led by a Vietnamese family name found in s? */
static int vietnamese_name(const run_t *r, const sentence_t *s, const char *f)
{
    size_t k = 0;
    while (f[k] && f[k] != ' ')
        k++;
    for (size_t h = s->h0; h < s->h1; h++)
        if (entry(r, h)->kind == LEX_SURNAME && (size_t)(r->hits[h].end - r->hits[h].start) == k &&
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

/* Names of the article, folded, and those that are not Vietnamese: a later
 * "Huang" or "Kim Jin-pyo" without a title still names a person, and a
 * foreign party. Then marks the sentences that name a foreigner. */
static int collect_people(run_t *r)
{
    int foreign_words = 0;
    for (size_t i = 0; i < r->n_sents && r->known.n < MAX_NAMES; i++) {
        const sentence_t *s = &r->sents[i];
        strlist_t p = {0};
        if (sentence_people(r, s, &p) < 0)
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

static int non_vietnamese_person(const run_t *r, const sentence_t *s)
{
    return s->foreign_name;
}

/* An international body named as a party: not the complement of a
 * proper name ("la Convention-cadre des Nations unies"). */
static int body_in(const run_t *r, const sentence_t *s)
{
    static const char *of[] = {"des ", "du ", "de l'", "de la ", "of the "};
    for (size_t h = s->h0; h < s->h1; h++) {
        if (entry(r, h)->kind != LEX_BODY)
            continue;
        uint32_t p = r->hits[h].start;
        int complement = 0;
        for (size_t k = 0; k < sizeof of / sizeof *of; k++) {
            size_t n = strlen(of[k]);
            if (p < s->s + n + 2 || memcmp(r->t + p - n, of[k], n) != 0)
                continue;
            uint32_t w = p - n - 1; /* the word before "des" */
            while (w > s->s &&
                   (lexicon_is_word_byte((unsigned char)r->t[w - 1]) || r->t[w - 1] == '-'))
                w--;
            complement |= upper_at(r, w);
        }
        if (!complement)
            return 1;
    }
    return 0;
}

/* Only events between parties of two countries, or of Vietnam and an
 * international body, count. The other party shows as a foreign country,
 * a foreign name, a body, "les deux parties"; a follow-up (planned,
 * signed, a body created) may rely on the events before it. */
static int foreign_word(const country_hit_t *c, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].code, "VN") != 0 && !c[i].org)
            return 1;
    return 0;
}

/* A visit names its host: a foreign country it goes to ("en Inde", "to the
 * RoK"), the dateline of an article datelined abroad, or Vietnam with a
 * foreign visitor. */
static int visit_host(const run_t *r, const sentence_t *s, const country_hit_t *c, int n)
{
    if (r->dateline_cc[0] && strcmp(r->dateline_cc, "VN") != 0)
        return 1;
    for (int i = 0; i < n; i++)
        if (c[i].venue && !c[i].org && c[i].kind == 0 && strcmp(c[i].code, "VN") != 0)
            return 1;
    int foreign_visitor = 0;
    for (int i = 0; i < n; i++)
        if (!c[i].venue && strcmp(c[i].code, "VN") != 0)
            foreign_visitor = 1;
    if (!foreign_visitor)
        foreign_visitor = non_vietnamese_person(r, s);
    return foreign_visitor && (vn_venue(c, n) || strcmp(r->dateline_cc, "VN") == 0);
}

static int foreign_party(const run_t *r, const sentence_t *s, const country_hit_t *c, int nc,
                         ev_type_t type)
{
    if (type == EV_VISIT)
        return visit_host(r, s, c, nc);
    if (type == EV_CONFERENCE)
        return foreign_word(c, nc) || body_in(r, s);
    if (has_foreign(c, nc) || body_in(r, s))
        return 1;
    if (non_vietnamese_person(r, s) || cue_in(r, s, CUE_BILATERAL, s->s, s->e))
        return 1;
    return type != EV_MEETING && type != EV_AID && r->n_cands > 0;
}

/* Countries of an event in sentence s: VN and the foreign parties named in
 * it (not the venue when another is named), else the article's partner. */
static void event_countries(const run_t *r, const sentence_t *s, const country_hit_t *c, int n,
                            cand_t *ev)
{
    char codes[8][3];
    int k = 0;
    for (int pass = 0; pass < 3 && k == 0; pass++)
        for (int i = 0; i < n && k < 7; i++) {
            if (strcmp(c[i].code, "VN") == 0 || has_code(codes, k, c[i].code))
                continue;
            if ((pass == 0 && !c[i].venue && c[i].kind < 2) ||
                (pass == 1 && c[i].kind < 2) || (pass == 2 && c[i].kind == 2))
                memcpy(codes[k++], c[i].code, 3);
        }
    /* Vietnam with the EU alone is ["VN"] */
    if (k == 0 && r->partner[0] && !body_in(r, s))
        memcpy(codes[k++], r->partner, 3);
    memcpy(codes[k++], "VN", 3);
    /* sorted: the schema's order and the id's input */
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && strcmp(codes[j - 1], codes[j]) > 0; j--) {
            char t[3];
            memcpy(t, codes[j], 3);
            memcpy(codes[j], codes[j - 1], 3);
            memcpy(codes[j - 1], t, 3);
        }
    memcpy(ev->countries, codes, sizeof codes);
    ev->n_countries = k;
}

/* Negation, cancellation, background and the past anywhere in the clause;
 * hope before the trigger; the future near it (not for what is planned). */
static int cues_block(const run_t *r, const sentence_t *s, ev_type_t type, uint32_t pos,
                      uint32_t end)
{
    uint32_t cs, ce;
    clause_of(r, s, pos, &cs, &ce);
    uint32_t near = end + 40 < ce ? end + 40 : ce;
    return cue_in(r, s, CUE_NEGATION, cs, ce) || cue_in(r, s, CUE_CANCEL, cs, ce) ||
           cue_in(r, s, CUE_HOPE, cs, pos) || cue_in(r, s, CUE_BACKGROUND, cs, ce) ||
           (type != EV_PLANNED && cue_in(r, s, CUE_FUTURE, cs, near)) ||
           clause_is_old(r, s, cs, ce);
}

/* What a trigger's role needs around it in its clause (triggers.tsv). */
static int role_satisfied(const run_t *r, const sentence_t *s, ev_type_t type, int role,
                          uint32_t pos, uint32_t end)
{
    uint32_t cs, ce;
    clause_of(r, s, pos, &cs, &ce);
    switch (role) {
    case ROLE_PARTICIPLE:
        return participle_active(r, s, pos, end);
    case ROLE_NOUN:
        return cue_in(r, s, CUE_HOLD, cs, ce) &&
               !((type == EV_CONFERENCE || type == EV_MEETING) &&
                 cue_in(r, s, CUE_GENERIC, cs, ce));
    case ROLE_AGREE:
        return cue_in(r, s, CUE_CREATE, end, ce) != 0;
    case ROLE_PLAN:
        return cue_in(r, s, CUE_CREATE, cs, pos) != 0;
    case ROLE_UPGRADE:
        return cue_in(r, s, CUE_UPGRADE, cs, ce) != 0;
    case ROLE_OBJECT:
        return instrument_after(r, s, end, 60);
    case ROLE_BODY:
        return cue_in(r, s, CUE_BODY, cs, ce) != 0;
    case ROLE_GIVE:
        return cue_in(r, s, CUE_AID_OBJECT, cs, ce) && !cue_in(r, s, CUE_THANKS, cs, ce);
    default:
        return 1;
    }
}

/* One action per sentence and type (signings: per instrument); a signing,
 * an upgrade, aid or a body created absorbs the talks that produced it;
 * what is planned is not also held. */
static void absorb_triggers(trig_t *t, size_t n)
{
    int has[EV_COUNT] = {0};
    uint32_t planned_at = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        has[t[i].type] = 1;
        if (t[i].type == EV_PLANNED && t[i].pos < planned_at)
            planned_at = t[i].pos;
    }
    for (size_t i = 0; i < n; i++) {
        ev_type_t ty = t[i].type;
        if (ty == EV_MEETING &&
            (has[EV_SIGNED] || has[EV_UPGRADE] || has[EV_AID] || has[EV_JOINT_BODY]))
            t[i].alive = 0;
        if ((ty == EV_MEETING || ty == EV_CONFERENCE || ty == EV_VISIT || ty == EV_JOINT_BODY) &&
            t[i].pos > planned_at)
            t[i].alive = 0;
        if (ty == EV_CONFERENCE && (has[EV_JOINT_BODY] || has[EV_AID]))
            t[i].alive = 0;
        for (size_t j = 0; j < i; j++)
            if (t[j].alive && t[j].type == ty &&
                (ty != EV_SIGNED || t[j].instrument == t[i].instrument))
                t[i].alive = 0;
    }
}

/* The triggers of sentence s that stand, by type-specific rules. */
static size_t sentence_triggers(const run_t *r, const sentence_t *s, trig_t *out, size_t max,
                                const country_hit_t *c, int nc)
{
    size_t n = 0;
    for (size_t h = s->h0; h < s->h1 && n < max; h++) {
        const lex_entry_t *e = entry(r, h);
        int code = e->kind == LEX_TRIGGER ? entry_code(r->x, e) : -1;
        if (code < 0)
            continue;
        ev_type_t type = (ev_type_t)(code / ROLE_COUNT);
        int role = code % ROLE_COUNT;
        uint32_t pos = r->hits[h].start, end = r->hits[h].end;
        if (cues_block(r, s, type, pos, end) || !role_satisfied(r, s, type, role, pos, end))
            continue;
        trig_t t = {type, pos, end, role == ROLE_PLAN ? instrument_of("plan") : -1, 1};
        if (type == EV_SIGNED) {
            if (instrument_counted(r, s))
                continue;
            t.instrument = find_instrument(r, s, pos);
            if (t.instrument < 0)
                continue;
        }
        /* "à l'issue des entretiens": the talks belong to what follows */
        if (type == EV_MEETING &&
            cue_in(r, s, CUE_CONCLUSION, pos > s->s + 24 ? pos - 24 : s->s, pos))
            continue;
        if (!foreign_party(r, s, c, nc, type))
            continue;
        out[n++] = t;
    }
    absorb_triggers(out, n);
    return n;
}

/* May sentence s date the event before it ("... au rang de partenariat.
 * L'annonce a été faite jeudi 7 mars")? Not when it reports an action of
 * its own, talks aside, or recalls the past. */
static int sentence_dates_previous(const run_t *r, const sentence_t *s)
{
    if (s->caption || cue_in(r, s, CUE_BACKGROUND, s->s, s->e))
        return 0;
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = entry(r, h);
        if (e->kind == LEX_TRIGGER && entry_code(r->x, e) / ROLE_COUNT != EV_MEETING)
            return 0;
    }
    return 1;
}

static int rank_of(const dates_mention_t *d)
{
    return d->precision == DATE_DAY ? (d->range ? 3 : 2) : 0;
}

static void set_date(cand_t *ev, int y, int m, int d, int prec, int rank)
{
    ev->y = y;
    ev->m = m;
    ev->d = d;
    ev->prec = y ? prec : DATE_NONE;
    ev->date_rank = rank;
}

/* The dated talks of the sentence just before, when a signing or an upgrade
 * without a date of its own follows them between "the two ministers": they
 * are one action, the signing. */
static cand_t *talks_before(run_t *r, size_t si, const cand_t *ev)
{
    if ((ev->type != EV_SIGNED && ev->type != EV_UPGRADE) || si == 0 ||
        !cue_in(r, &r->sents[si], CUE_BILATERAL, r->sents[si].s, r->sents[si].e))
        return NULL;
    for (size_t k = 0; k < r->n_cands; k++) {
        cand_t *m = &r->cands[k];
        if (!m->dead && m->type == EV_MEETING && m->sent == si - 1 && m->prec == DATE_DAY)
            return m;
    }
    return NULL;
}

/* Each day date of the sentence goes to its nearest trigger (a range
 * leans to a visit); marks in taken[] the dates used. */
static void dates_to_triggers(const dates_mention_t *dm, size_t nd, const trig_t *t, size_t nt,
                              cand_t **evs, int *taken)
{
    for (size_t k = 0; k < nd; k++) {
        if (dm[k].precision != DATE_DAY)
            continue;
        long best = -1;
        size_t bi = 0;
        for (size_t i = 0; i < nt; i++) {
            if (!evs[i])
                continue;
            long dist = (long)((dm[k].start + dm[k].end) / 2) - (long)t[i].pos;
            dist = dist < 0 ? -dist : dist;
            if (dm[k].range && t[i].type == EV_VISIT)
                dist /= 4;
            if (best < 0 || dist < best) {
                best = dist;
                bi = i;
            }
        }
        cand_t *ev = best < 0 ? NULL : evs[bi];
        if (ev && (ev->prec != DATE_DAY || rank_of(&dm[k]) > ev->date_rank)) {
            set_date(ev, dm[k].y, dm[k].m, dm[k].d, DATE_DAY, rank_of(&dm[k]));
            taken[k] = 1;
        }
    }
}

/* A sentence with one day date dates all its events but visits: "signed
 * an MoU on October 12 during a visit" gives the day to the signing, not
 * only to the visit nearer the date, while a visit without a day of its own
 * keeps the publication month (SCHEMA.md rule 7). */
static void share_single_day(const dates_mention_t *dm, size_t nd, size_t nt, cand_t **evs)
{
    const dates_mention_t *day = NULL;
    for (size_t k = 0; k < nd; k++) {
        if (dm[k].precision != DATE_DAY)
            continue;
        if (day)
            return;
        day = &dm[k];
    }
    if (!day || day->range)
        return;
    for (size_t i = 0; i < nt; i++)
        if (evs[i] && evs[i]->type != EV_VISIT && evs[i]->prec != DATE_DAY)
            set_date(evs[i], day->y, day->m, day->d, DATE_DAY, 0);
}

/* A day for an event whose sentence gives none: the talks it concludes,
 * the day of the events before it (same day, conclusion, planned), the
 * next day, or a date announced in the next sentence. */
static void date_from_context(run_t *r, size_t si, cand_t *ev, int same, int next)
{
    cand_t *talks = next ? NULL : talks_before(r, si, ev);
    if (talks) {
        /* "He held talks with X on May 5. The two ministers signed..." */
        set_date(ev, talks->y, talks->m, talks->d, DATE_DAY, 1);
        talks->dead = 1;
    } else if ((same || ev->type == EV_PLANNED) && r->ctx_y) {
        set_date(ev, r->ctx_y, r->ctx_m, r->ctx_d, DATE_DAY, 1);
    } else if (next && r->ctx_y) {
        int y = r->ctx_y, m = r->ctx_m, d = r->ctx_d;
        dates_add_days(&y, &m, &d, 1);
        set_date(ev, y, m, d, DATE_DAY, 1);
    } else if (si + 1 < r->n_sents && ev->type != EV_VISIT) {
        /* "... au rang de partenariat. L'annonce a été faite jeudi 7 mars" */
        const sentence_t *ns = &r->sents[si + 1];
        dates_mention_t nm[MAX_DATES];
        size_t nn = sentence_dates(r, ns, nm);
        if (nn > 0 && nm[0].precision == DATE_DAY && sentence_dates_previous(r, ns))
            set_date(ev, nm[0].y, nm[0].m, nm[0].d, DATE_DAY, 1);
    }
}

/* The talks a conclusion cue ("à l'issue des entretiens") refers to: the
 * last meeting before, on the signing's day, is the signing's. */
static void close_talks(run_t *r, size_t si)
{
    for (size_t k = r->n_cands; k-- > 0;) {
        cand_t *m = &r->cands[k];
        if (m->sent == si || m->dead)
            continue;
        if (m->type == EV_MEETING && m->prec == DATE_DAY && m->y == r->ctx_y &&
            m->m == r->ctx_m && m->d == r->ctx_d)
            m->dead = 1;
        return;
    }
}

/* Dates for the events of sentence s (evs[i] for trigger t[i], NULL when
 * the trigger was absorbed): own dates first, a visit's span, context, a
 * month named in the sentence, else the publication month. The last day
 * of a non-visit event becomes the context of the sentences after. */
static void assign_dates(run_t *r, size_t si, trig_t *t, size_t nt, cand_t **evs)
{
    const sentence_t *s = &r->sents[si];
    dates_mention_t dm[MAX_DATES];
    size_t nd = sentence_dates(r, s, dm);
    int taken[MAX_DATES] = {0};
    dates_to_triggers(dm, nd, t, nt, evs, taken);
    share_single_day(dm, nd, nt, evs);
    for (size_t i = 0; i < nt; i++)
        if (evs[i] && evs[i]->type == EV_VISIT && evs[i]->date_rank < 3 && r->range.y)
            set_date(evs[i], r->range.y, r->range.m, r->range.d, DATE_DAY, 3);
    int conclusion = cue_in(r, s, CUE_CONCLUSION, s->s, s->e) != 0;
    int same = conclusion || cue_in(r, s, CUE_SAME_DAY, s->s, s->e);
    int next = cue_in(r, s, CUE_NEXT_DAY, s->s, s->e) != 0;
    int closes = 0;
    for (size_t i = 0; i < nt; i++) {
        cand_t *ev = evs[i];
        if (!ev)
            continue;
        closes |= ev->type == EV_SIGNED || ev->type == EV_UPGRADE;
        if (ev->prec != DATE_DAY)
            date_from_context(r, si, ev, same, next);
        for (size_t k = 0; k < nd && ev->prec == DATE_NONE; k++)
            if (!taken[k] && dm[k].precision == DATE_MONTH && dm[k].y)
                set_date(ev, dm[k].y, dm[k].m, 0, DATE_MONTH, 0);
        if (ev->prec == DATE_NONE && r->pub_y)
            set_date(ev, r->pub_y, r->pub_m, 0, DATE_MONTH, 0);
    }
    for (size_t i = 0; i < nt; i++)
        if (evs[i] && evs[i]->type != EV_VISIT && evs[i]->prec == DATE_DAY) {
            r->ctx_y = evs[i]->y;
            r->ctx_m = evs[i]->m;
            r->ctx_d = evs[i]->d;
        }
    if (conclusion && closes)
        close_talks(r, si);
}

static int sentence_events(run_t *r, size_t si)
{
    const sentence_t *s = &r->sents[si];
    if (s->caption)
        return 0;
    country_hit_t c[32];
    int nc = country_hits(r, s, c, 32);
    trig_t t[32];
    size_t nt = sentence_triggers(r, s, t, 32, c, nc);
    cand_t *evs[32] = {0};
    size_t first = r->n_cands;
    for (size_t i = 0; i < nt; i++) {
        if (t[i].alive && r->n_cands >= MAX_CANDIDATES)
            t[i].alive = 0;
        if (!t[i].alive)
            continue;
        cand_t *ev = new_cand(r);
        if (!ev)
            return -1;
        ev->type = t[i].type;
        ev->instrument = t[i].instrument;
        ev->sent = si;
        ev->pos = t[i].pos;
        ev->sents[0] = si;
        ev->n_sents = 1;
        ev->confidence = ev_info[ev->type].base;
        event_countries(r, s, c, nc, ev);
        if (ev->n_countries < 2 && !body_in(r, s))
            ev->dead = 1; /* no second country could be named */
        if (has_foreign(c, nc))
            ev->confidence += 0.1f;
    }
    /* pointers are taken after the array stopped growing */
    for (size_t i = 0, k = first; i < nt; i++)
        if (t[i].alive)
            evs[i] = &r->cands[k++];
    assign_dates(r, si, t, nt, evs);
    return 0;
}

/* ---------------------------------------------------------------- merge */

static int same_countries(const cand_t *a, const cand_t *b)
{
    if (a->n_countries != b->n_countries)
        return 0;
    for (int i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries[i], b->countries[i]) != 0)
            return 0;
    return 1;
}

static int same_date(const cand_t *a, const cand_t *b)
{
    return a->prec == b->prec && a->y == b->y && a->m == b->m && (a->prec != DATE_DAY || a->d == b->d);
}

/* Reports of one action: one visit, conference, plan, body, upgrade or aid
 * per article and parties; signings of one instrument unless both are
 * dated apart; meetings only on the same date. */
static int mergeable(const cand_t *a, const cand_t *b)
{
    if (a->type != b->type || !same_countries(a, b))
        return 0;
    switch (a->type) {
    case EV_SIGNED:
        return a->instrument == b->instrument &&
               (same_date(a, b) || a->prec != DATE_DAY || b->prec != DATE_DAY);
    case EV_MEETING:
        return same_date(a, b);
    default:
        return 1;
    }
}

static void merge_into(cand_t *k, const cand_t *e)
{
    if (e->date_rank > k->date_rank || (k->prec != DATE_DAY && e->prec == DATE_DAY)) {
        k->y = e->y;
        k->m = e->m;
        k->d = e->d;
        k->prec = e->prec;
        k->date_rank = e->date_rank;
    }
    for (int i = 0; i < e->n_sents && k->n_sents < 16; i++) {
        int dup = 0;
        for (int j = 0; j < k->n_sents; j++)
            dup |= k->sents[j] == e->sents[i];
        if (!dup)
            k->sents[k->n_sents++] = e->sents[i];
    }
    if (k->confidence < 0.95f)
        k->confidence += 0.05f;
}

static void merge_events(run_t *r)
{
    for (size_t i = 0; i < r->n_cands; i++) {
        cand_t *e = &r->cands[i];
        if (e->dead)
            continue;
        for (size_t k = 0; k < i; k++)
            if (!r->cands[k].dead && mergeable(&r->cands[k], e)) {
                merge_into(&r->cands[k], e);
                e->dead = 1;
                break;
            }
    }
}

/* --------------------------------------------------------------- output */

struct extract_result {
    extract_event_t *events;
    size_t n;
};

static char **dup_list(const strlist_t *l, size_t *n)
{
    *n = l->n;
    if (!l->n)
        return NULL;
    char **v = calloc(l->n, sizeof *v);
    for (size_t i = 0; v && i < l->n; i++)
        v[i] = strdup(l->v[i]);
    return v;
}

static int sector_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sector word written with a capital then lower case is part of a name
 * ("ministère des Sciences et des Technologies"), not the event's field. */
static int sector_hit(const run_t *r, size_t h)
{
    if (entry(r, h)->kind != LEX_SECTOR)
        return 0;
    uint32_t o = fold_offset(r->fb, r->hits[h].start);
    const unsigned char *t = (const unsigned char *)r->doc->text;
    if (!upper_at(r, r->hits[h].start))
        return 1;
    size_t k = o + 1;
    while (k < r->doc->len && (t[k] & 0xC0) == 0x80)
        k++;
    return k < r->doc->len && t[k] >= 'A' && t[k] <= 'Z';
}

static int add_sentence_sectors(const run_t *r, size_t si, strlist_t *out)
{
    const sentence_t *s = &r->sents[si];
    for (size_t h = s->h0; h < s->h1; h++)
        if (sector_hit(r, h) && strlist_add(out, entry(r, h)->value, strlen(entry(r, h)->value)) < 0)
            return -1;
    return 0;
}

static int sentence_has_event(const run_t *r, size_t si)
{
    for (size_t c = 0; c < r->n_cands; c++)
        if (r->cands[c].sent == si)
            return 1;
    return 0;
}

/* Sectors: the vocabulary words of the event's sentences and of the
 * paragraph that follows each, up to the next event sentence; when those
 * name none, the article's (the schema judges sectors on the article). */
static int event_sectors(const run_t *r, const cand_t *ev, strlist_t *out)
{
    for (int k = 0; k < ev->n_sents; k++) {
        size_t si = ev->sents[k];
        for (size_t j = si; j < r->n_sents && j <= si + 4; j++) {
            if (j != si && sentence_has_event(r, j))
                break;
            if (add_sentence_sectors(r, j, out) < 0)
                return -1;
        }
    }
    size_t none = out->n == 0 ? r->article_sectors.n : 0;
    for (size_t k = 0; k < none; k++)
        if (strlist_add(out, r->article_sectors.v[k], strlen(r->article_sectors.v[k])) < 0)
            return -1;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, sector_cmp);
    return 0;
}

static void event_id(const run_t *r, extract_event_t *o, int ordinal)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 16);
    const char *id = r->doc->doc_id ? r->doc->doc_id : "";
    crypto_generichash_update(&st, (const unsigned char *)id, strlen(id) + 1);
    crypto_generichash_update(&st, (const unsigned char *)o->type, strlen(o->type) + 1);
    crypto_generichash_update(&st, (const unsigned char *)o->date, strlen(o->date) + 1);
    for (size_t i = 0; i < o->n_countries; i++)
        crypto_generichash_update(&st, (const unsigned char *)o->countries[i], 3);
    const char *in = o->instrument ? o->instrument : "";
    crypto_generichash_update(&st, (const unsigned char *)in, strlen(in) + 1);
    char ord[16];
    snprintf(ord, sizeof ord, "%d", ordinal);
    crypto_generichash_update(&st, (const unsigned char *)ord, strlen(ord) + 1);
    unsigned char h[16];
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(o->id, sizeof o->id, h, sizeof h);
}

static void free_event(extract_event_t *o)
{
    char **lists[] = {o->countries, o->organizations, o->people, o->sectors};
    size_t ns[] = {o->n_countries, o->n_organizations, o->n_people, o->n_sectors};
    for (size_t l = 0; l < 4; l++) {
        for (size_t i = 0; lists[l] && i < ns[l]; i++)
            free(lists[l][i]);
        free(lists[l]);
    }
    free(o->location);
    free(o->evidence);
}

/* "à Melbourne", "in Seoul": the city an event sentence places it in, as
 * written (input offsets); the dateline's city otherwise. */
static int event_city(const run_t *r, const sentence_t *s, uint32_t *start, uint32_t *end)
{
    static const char *at[] = {"a ", "in ", "at "};
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = entry(r, h);
        if (e->kind != LEX_COUNTRY || strcmp(e->sub, "capital") != 0)
            continue;
        uint32_t p = r->hits[h].start;
        for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
            size_t n = strlen(at[k]);
            if (p >= s->s + n && memcmp(r->t + p - n, at[k], n) == 0 &&
                (p == s->s + n || r->t[p - n - 1] == ' ' || r->t[p - n - 1] == ',')) {
                *start = fold_offset(r->fb, p);
                *end = fold_offset(r->fb, r->hits[h].end);
                return 1;
            }
        }
    }
    return 0;
}

static int build_event(run_t *r, const cand_t *ev, extract_event_t *o)
{
    memset(o, 0, sizeof *o);
    o->type = ev_info[ev->type].name;
    o->cameo = ev_info[ev->type].cameo;
    o->plover = ev_info[ev->type].plover;
    o->lang = r->lang;
    o->instrument = (ev->type == EV_SIGNED || ev->type == EV_PLANNED) && ev->instrument >= 0
                        ? instruments[ev->instrument]
                        : NULL;
    dates_format(ev->y, ev->m, ev->d, ev->prec, o->date);
    o->date_precision = o->date[0] ? (ev->prec == DATE_DAY ? EXTRACT_DATE_DAY : EXTRACT_DATE_MONTH)
                                   : EXTRACT_DATE_NONE;
    o->confidence = ev->confidence > 0.95f ? 0.95f : ev->confidence;
    o->n_countries = (size_t)ev->n_countries;
    o->countries = calloc(o->n_countries, sizeof *o->countries);
    if (!o->countries)
        return -1;
    for (size_t i = 0; i < o->n_countries; i++)
        if (!(o->countries[i] = strdup(ev->countries[i])))
            return -1;
    strlist_t people = {0}, orgs = {0}, sectors = {0};
    int rc = 0;
    for (int k = 0; k < ev->n_sents && rc == 0; k++) {
        const sentence_t *s = &r->sents[ev->sents[k]];
        rc = sentence_people(r, s, &people);
        if (rc == 0)
            rc = sentence_orgs(r, s, &orgs);
        /* the sentence after, when it reports no event of its own, often
         * names who took part ("... ont assisté à la cérémonie") */
        size_t nx = ev->sents[k] + 1;
        if (rc == 0 && nx < r->n_sents && !sentence_has_event(r, nx) && !r->sents[nx].caption)
            rc = sentence_people(r, &r->sents[nx], &people);
    }
    if (rc == 0)
        rc = event_sectors(r, ev, &sectors);
    o->people = dup_list(&people, &o->n_people);
    o->organizations = dup_list(&orgs, &o->n_organizations);
    o->sectors = dup_list(&sectors, &o->n_sectors);
    strlist_free(&people);
    strlist_free(&orgs);
    strlist_free(&sectors);
    if (rc < 0)
        return -1;
    uint32_t ls, le;
    if (event_city(r, &r->sents[ev->sent], &ls, &le))
        o->location = strndup(r->doc->text + ls, le - ls);
    else if (r->has_loc && r->loc_e > r->loc_s)
        o->location = strndup(r->doc->text + r->loc_s, r->loc_e - r->loc_s);
    o->evidence = calloc((size_t)ev->n_sents, sizeof *o->evidence);
    if (!o->evidence)
        return -1;
    for (int k = 0; k < ev->n_sents; k++) {
        const sentence_t *s = &r->sents[ev->sents[k]];
        o->evidence[k] = (extract_span_t){fold_offset(r->fb, s->s), fold_offset(r->fb, s->e)};
    }
    o->n_evidence = (size_t)ev->n_sents;
    return 0;
}

static int by_sentence(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->sent != y->sent)
        return x->sent < y->sent ? -1 : 1;
    return x->pos < y->pos ? -1 : (x->pos > y->pos);
}

static int collect_result(run_t *r, extract_result_t *res)
{
    if (r->n_cands > 1)
        qsort(r->cands, r->n_cands, sizeof *r->cands, by_sentence);
    size_t live = 0;
    for (size_t i = 0; i < r->n_cands; i++)
        live += !r->cands[i].dead;
    res->events = calloc(live ? live : 1, sizeof *res->events);
    if (!res->events)
        return -1;
    for (size_t i = 0; i < r->n_cands; i++) {
        if (r->cands[i].dead)
            continue;
        extract_event_t *o = &res->events[res->n];
        if (build_event(r, &r->cands[i], o) < 0) {
            free_event(o);
            return -1;
        }
        int ordinal = 0;
        for (size_t k = 0; k < res->n; k++)
            if (strcmp(res->events[k].type, o->type) == 0 &&
                strcmp(res->events[k].date, o->date) == 0)
                ordinal++;
        event_id(r, o, ordinal);
        res->n++;
    }
    return 0;
}

/* Facts of the whole article the events fall back on: its first date range
 * (a visit's span) and its sectors (when an event's paragraph names none). */
static int article_facts(run_t *r)
{
    for (size_t i = 0; i < r->n_sents; i++) {
        if (r->sents[i].caption)
            continue;
        dates_mention_t dm[MAX_DATES];
        size_t nd = sentence_dates(r, &r->sents[i], dm);
        for (size_t k = 0; k < nd && !r->range.y; k++)
            if (dm[k].range && dm[k].y)
                r->range = dm[k];
        if (add_sentence_sectors(r, i, &r->article_sectors) < 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ API */

extractor_t *extractor_new(const char *lexicon_dir, char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium failed to initialise");
        return NULL;
    }
    if (!lexicon_dir) {
        const char *env = getenv("ENTENTE_LEXICONS");
        if (env && *env)
            lexicon_dir = env;
    }
    extractor_t *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!(x->lex = lexicon_new(lexicon_dir, err, errlen))) {
        free(x);
        return NULL;
    }
    size_t n = lexicon_pattern_count(x->lex);
    x->base = n ? lexicon_entry(x->lex, 0) : NULL;
    if (!(x->code = malloc(n ? n : 1))) {
        snprintf(err, errlen, "out of memory");
        extractor_destroy(&x);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        x->code[i] = (int8_t)decode_entry(lexicon_entry(x->lex, (uint32_t)i));
    return x;
}

void extractor_destroy(extractor_t **self)
{
    if (!self || !*self)
        return;
    lexicon_destroy(&(*self)->lex);
    free((*self)->code);
    free(*self);
    *self = NULL;
}

static void run_free(run_t *r)
{
    fold_buf_destroy(&r->fb);
    free(r->hits);
    free(r->sents);
    free(r->cands);
    strlist_free(&r->known);
    strlist_free(&r->article_sectors);
}

int extractor_run(const extractor_t *x, const extract_doc_t *doc, extract_result_t **out,
                  char *err, size_t errlen)
{
    *out = NULL;
    run_t r = {0};
    r.x = x;
    r.doc = doc;
    extract_result_t *res = calloc(1, sizeof *res);
    if (!res || !(r.fb = fold_buf_new())) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (fold_run(r.fb, doc->text, doc->len, err, errlen) < 0)
        goto fail;
    r.t = fold_text(r.fb);
    r.len = fold_len(r.fb);
    parse_month_field(doc->published, &r.pub_y, &r.pub_m);
    r.lang = doc->lang && *doc->lang ? (strncmp(doc->lang, "en", 2) == 0 ? "en" : "fr")
                                     : detect_folded(r.t, r.len);
    long nh = lexicon_find(x->lex, r.t, r.len, &r.hits, &r.cap_hits);
    if (nh < 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    r.n_hits = (size_t)nh;
    read_header(&r);
    read_dateline(&r);
    find_partner(&r);
    if (split_sentences(&r) < 0 || collect_people(&r) < 0 ||
        article_facts(&r) < 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < r.n_sents && r.n_cands < MAX_CANDIDATES; i++)
        if (sentence_events(&r, i) < 0) {
            snprintf(err, errlen, "out of memory");
            goto fail;
        }
    merge_events(&r);
    if (collect_result(&r, res) < 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    run_free(&r);
    *out = res;
    return 0;
fail:
    run_free(&r);
    extract_result_destroy(&res);
    return -1;
}

size_t extract_result_count(const extract_result_t *res) { return res ? res->n : 0; }

const extract_event_t *extract_result_event(const extract_result_t *res, size_t i)
{
    return res && i < res->n ? &res->events[i] : NULL;
}

void extract_result_destroy(extract_result_t **res)
{
    if (!res || !*res)
        return;
    for (size_t i = 0; i < (*res)->n; i++)
        free_event(&(*res)->events[i]);
    free((*res)->events);
    free(*res);
    *res = NULL;
}
