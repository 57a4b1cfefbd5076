/* triggers — see triggers.h. */
#include "triggers.h"

#include <stdlib.h>
#include <string.h>

#include "cues.h"
#include "parties.h"
#include "people.h"
#include "sentences.h"

/* The instrument a signing names: the nearest in the sentence (after the
 * trigger first), else the nearest in the article. */
#define INSTRUMENT_REACH 8000

static int find_instrument(const run_t *r, const sentence_t *s, uint32_t pos)
{
    int best = -1;
    long bestd = 0;
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = cue_entry(r, h);
        if (e->kind != LEX_INSTRUMENT)
            continue;
        long d = (long)r->hits[h].start - (long)pos;
        d = d >= 0 ? d : -d * 2;
        if (best < 0 || d < bestd) {
            best = cue_entry_code(r->x, e);
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
        const lex_entry_t *e = cue_entry(r, h);
        if (e->kind != LEX_INSTRUMENT)
            continue;
        long d = (long)r->hits[h].start - (long)pos;
        d = d >= 0 ? d : -d;
        if (best < 0 || d < bestd) {
            best = cue_entry_code(r->x, e);
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
        if (cue_entry(r, h)->kind != LEX_INSTRUMENT)
            continue;
        uint32_t p = r->hits[h].start;
        int words = 0;
        while (p > s->s && words < 3) {
            while (p > s->s && r->t[p - 1] == ' ')
                p--;
            if (p > s->s && r->t[p - 1] >= '0' && r->t[p - 1] <= '9') {
                dates_mention_t dm[MAX_DATES];
                size_t nd = sent_sentence_dates(r, s, dm);
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
    if (cue_starts_with(r->t, s->e, end, " par ") || cue_starts_with(r->t, s->e, end, " by "))
        return 1;
    for (size_t h = s->h0; h < s->h1; h++) {
        const lex_entry_t *e = cue_entry(r, h);
        uint32_t p = r->hits[h].start;
        if (p < end || p > end + 30)
            continue;
        if (e->kind == LEX_INSTRUMENT || (e->kind == LEX_CALENDAR && p <= end + 12))
            return 1;
    }
    return 0;
}

/* The instrument named within `within` bytes after end, -1 if none. */
static int instrument_after(const run_t *r, const sentence_t *s, uint32_t end, uint32_t within)
{
    for (size_t h = s->h0; h < s->h1; h++)
        if (cue_entry(r, h)->kind == LEX_INSTRUMENT && r->hits[h].start >= end &&
            r->hits[h].start <= end + within)
            return cue_entry_code(r->x, cue_entry(r, h));
    return -1;
}

/* "lors des consultations", "during talks": a hold cue this close before a
 * noun makes it the frame of the sentence's action. */
#define FRAME 12

/* Is the noun at [pos, end) the frame of what the sentence reports, and
 * held ("lors des consultations ... tenues le 21 mai"), not a frame still
 * to come ("convenu de signer lors du sommet de l'APEC")? */
static int framed(const run_t *r, const sentence_t *s, uint32_t pos, uint32_t end)
{
    uint32_t cs, ce;
    cue_clause_of(r, s, pos, &cs, &ce);
    return cue_in(r, s, CUE_HOLD, pos > cs + FRAME ? pos - FRAME : cs, pos) &&
           cue_in(r, s, CUE_HOLD, end, ce);
}

/* What parties agree to sign ("ont convenu de signer l'an prochain un
 * accord") is named soon after the agreement. */
#define PLANNED_INSTRUMENT_REACH 80

static int cues_block(const run_t *r, const sentence_t *s, ev_type_t type, uint32_t pos,
                      uint32_t end)
{
    uint32_t cs, ce;
    cue_clause_of(r, s, pos, &cs, &ce);
    uint32_t near = end + 40 < ce ? end + 40 : ce;
    return cue_in(r, s, CUE_NEGATION, cs, ce) || cue_in(r, s, CUE_CANCEL, cs, ce) ||
           cue_in(r, s, CUE_HOPE, cs, pos) || cue_in(r, s, CUE_BACKGROUND, cs, ce) ||
           (type != EV_PLANNED && cue_in(r, s, CUE_FUTURE, cs, near)) ||
           (type == EV_AID && cue_in(r, s, CUE_GENERIC, cs, ce)) ||
           sent_clause_is_old(r, s, cs, ce);
}

/* What a trigger's role needs around it in its clause (triggers.tsv). */
static int role_satisfied(const run_t *r, const sentence_t *s, ev_type_t type, int role,
                          uint32_t pos, uint32_t end)
{
    uint32_t cs, ce;
    cue_clause_of(r, s, pos, &cs, &ce);
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
        return instrument_after(r, s, end, 60) >= 0;
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
 * what is planned is not also held, unless it frames the agreement ("ont
 * convenu de ... lors des consultations tenues le 21 mai"). */
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
            t[i].pos > planned_at && !t[i].framed)
            t[i].alive = 0;
        if (ty == EV_CONFERENCE && (has[EV_JOINT_BODY] || has[EV_AID]))
            t[i].alive = 0;
        for (size_t j = 0; j < i; j++)
            if (t[j].alive && t[j].type == ty &&
                (ty != EV_SIGNED || t[j].instrument == t[i].instrument))
                t[i].alive = 0;
    }
}

size_t trig_sentence_triggers(const run_t *r, const sentence_t *s, trig_t *out, size_t max,
                              const country_hit_t *c, int nc)
{
    size_t n = 0;
    for (size_t h = s->h0; h < s->h1 && n < max; h++) {
        const lex_entry_t *e = cue_entry(r, h);
        int code = e->kind == LEX_TRIGGER ? cue_entry_code(r->x, e) : -1;
        if (code < 0)
            continue;
        ev_type_t type = (ev_type_t)(code / ROLE_COUNT);
        int role = code % ROLE_COUNT;
        uint32_t pos = r->hits[h].start, end = r->hits[h].end;
        if (cues_block(r, s, type, pos, end) || !role_satisfied(r, s, type, role, pos, end))
            continue;
        trig_t t = {type, pos, end, role == ROLE_PLAN ? cue_instrument_of("plan") : -1, 1, 0};
        t.framed = role == ROLE_NOUN && framed(r, s, pos, end);
        if (role == ROLE_AGREE)
            t.instrument = instrument_after(r, s, end, PLANNED_INSTRUMENT_REACH);
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
        if (!party_foreign_party(r, s, c, nc, type))
            continue;
        out[n++] = t;
    }
    absorb_triggers(out, n);
    return n;
}

/* May sentence s date the event before it ("... au rang de partenariat.
 * L'annonce a été faite jeudi 7 mars")? Not when it reports an action of
 * its own, talks aside, or recalls the past. */
