/* eventdates — see eventdates.h. */
#include "eventdates.h"

#include <stdlib.h>
#include <string.h>

#include "cues.h"
#include "sentences.h"

static int sentence_dates_previous(const run_t *r, const sentence_t *s)
{
    if (s->caption || cue_in(r, s, CUE_BACKGROUND, s->s, s->e))
        return 0;
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = cue_entry(r, h);
        if (e->kind == LEX_TRIGGER && cue_entry_code(r->x, e) / ROLE_COUNT != EV_MEETING)
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
        size_t nn = sent_sentence_dates(r, ns, nm);
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

void evdate_assign_dates(run_t *r, size_t si, trig_t *t, size_t nt, cand_t **evs)
{
    const sentence_t *s = &r->sents[si];
    dates_mention_t dm[MAX_DATES];
    size_t nd = sent_sentence_dates(r, s, dm);
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
    /* a visit's span is no context, but the day it began is ("est arrivé le
     * 14 avril ... Le lendemain") */
    for (size_t i = 0; i < nt; i++)
        if (evs[i] && (evs[i]->type != EV_VISIT || evs[i]->date_rank == 2) &&
            evs[i]->prec == DATE_DAY) {
            r->ctx_y = evs[i]->y;
            r->ctx_m = evs[i]->m;
            r->ctx_d = evs[i]->d;
        }
    if (conclusion && closes)
        close_talks(r, si);
}
