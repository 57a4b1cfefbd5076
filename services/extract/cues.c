/* cues — see cues.h. */
#include "cues.h"

#include <stdlib.h>
#include <string.h>


static const char *const cue_names[CUE_COUNT] = {
    "negation", "cancel",  "hope",   "background", "generic",   "same_day",
    "next_day", "conclusion", "hold", "upgrade",   "create",    "thanks",
    "aid_object", "caption", "notname", "aux",     "future",     "body",
    "bilateral",
};


static const char *const role_names[ROLE_COUNT] = {"verb", "participle", "noun", "agree",
                                                   "plan", "upgrade", "give", "object", "body"};

/* ----------------------------------------------------------- utilities */


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
        if (strcmp(name, run_ev_info[k].name) == 0)
            return k;
    return -1;
}

int cue_instrument_of(const char *name)
{
    for (size_t k = 0; k < RUN_N_INSTRUMENTS; k++)
        if (strcmp(name, run_instruments[k]) == 0)
            return (int)k;
    return -1;
}


int cue_decode_entry(const lex_entry_t *e)
{
    switch (e->kind) {
    case LEX_CUE:
        return cue_name(e->value);
    case LEX_TRIGGER: {
        int t = type_of(e->value);
        return t < 0 ? -1 : t * ROLE_COUNT + role_name(e->sub);
    }
    case LEX_INSTRUMENT:
        return cue_instrument_of(e->value);
    default:
        return -1;
    }
}


int cue_starts_with(const char *t, size_t len, size_t pos, const char *w)
{
    size_t n = strlen(w);
    return pos + n <= len && memcmp(t + pos, w, n) == 0;
}

void cue_clause_of(const run_t *r, const sentence_t *s, uint32_t pos, uint32_t *cs,
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

uint32_t cue_in(const run_t *r, const sentence_t *s, int c, uint32_t from, uint32_t to)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (r->hits[h].start >= from && r->hits[h].end <= to && cue_of(r, cue_entry(r, h)) == c)
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

const char *cue_detect_folded(const char *t, size_t len)
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
        lang = cue_detect_folded(fold_text(fb), fold_len(fb));
    fold_buf_destroy(&fb);
    return lang;
}
