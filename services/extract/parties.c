/* parties — see parties.h. */
#include "parties.h"

#include <stdlib.h>
#include <string.h>

#include "cues.h"
#include "people.h"
#include "sentences.h"

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

int party_country_hits(const run_t *r, const sentence_t *s, country_hit_t *out, int max)
{
    int n = 0;
    for (size_t h = s->h0; h < s->h1 && n < max; h++) {
        const lex_entry_t *e = cue_entry(r, h);
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

void party_find_partner(run_t *r)
{
    char codes[64][3];
    int counts[64] = {0}, n = 0;
    for (size_t h = 0; h < r->n_hits; h++) {
        const char *code = party_country(cue_entry(r, h));
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

int party_has_foreign(const country_hit_t *c, int n)
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

int party_body_in(const run_t *r, const sentence_t *s)
{
    static const char *of[] = {"des ", "du ", "de l'", "de la ", "of the "};
    for (size_t h = s->h0; h < s->h1; h++) {
        if (cue_entry(r, h)->kind != LEX_BODY)
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
            complement |= sent_upper_at(r, w);
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
        foreign_visitor = people_non_vietnamese_person(r, s);
    return foreign_visitor && (vn_venue(c, n) || strcmp(r->dateline_cc, "VN") == 0);
}

int party_foreign_party(const run_t *r, const sentence_t *s, const country_hit_t *c, int nc,
                        ev_type_t type)
{
    if (type == EV_VISIT)
        return visit_host(r, s, c, nc);
    if (type == EV_CONFERENCE)
        return foreign_word(c, nc) || party_body_in(r, s);
    if (party_has_foreign(c, nc) || party_body_in(r, s))
        return 1;
    if (people_non_vietnamese_person(r, s) || cue_in(r, s, CUE_BILATERAL, s->s, s->e))
        return 1;
    return type != EV_MEETING && type != EV_AID && r->n_cands > 0;
}

void party_event_countries(const run_t *r, const sentence_t *s, const country_hit_t *c, int n,
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
    if (k == 0 && r->partner[0] && !party_body_in(r, s))
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
