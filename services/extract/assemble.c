/* assemble — see assemble.h. */
#include "assemble.h"

#include <stdlib.h>
#include <string.h>

#include "cues.h"
#include "eventdates.h"
#include "parties.h"
#include "people.h"
#include "sentences.h"
#include "triggers.h"

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

int assemble_sentence_events(run_t *r, size_t si)
{
    const sentence_t *s = &r->sents[si];
    if (s->caption)
        return 0;
    country_hit_t c[32];
    int nc = party_country_hits(r, s, c, 32);
    trig_t t[32];
    size_t nt = trig_sentence_triggers(r, s, t, 32, c, nc);
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
        ev->confidence = run_ev_info[ev->type].base;
        party_event_countries(r, s, c, nc, ev);
        if (ev->n_countries < 2 && !party_body_in(r, s))
            ev->dead = 1; /* no second country could be named */
        if (party_has_foreign(c, nc))
            ev->confidence += 0.1f;
    }
    /* pointers are taken after the array stopped growing */
    for (size_t i = 0, k = first; i < nt; i++)
        if (t[i].alive)
            evs[i] = &r->cands[k++];
    evdate_assign_dates(r, si, t, nt, evs);
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

void assemble_merge_events(run_t *r)
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
