/* output — see output.h. */
#include "output.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cues.h"
#include "people.h"
#include "sentences.h"

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
    if (cue_entry(r, h)->kind != LEX_SECTOR)
        return 0;
    uint32_t o = fold_offset(r->fb, r->hits[h].start);
    const unsigned char *t = (const unsigned char *)r->doc->text;
    if (!sent_upper_at(r, r->hits[h].start))
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
        if (sector_hit(r, h) && strlist_add(out, cue_entry(r, h)->value, strlen(cue_entry(r, h)->value)) < 0)
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

void output_free_event(extract_event_t *o)
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
        const lex_entry_t *e = cue_entry(r, h);
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

/* A copy of n bytes of s without the blanks around them (ASCII, and the
 * no-break spaces U+00A0 and U+202F a wire puts around a dateline). */
static char *dup_trimmed(const char *s, size_t n)
{
    for (;;) {
        if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
            s++, n--;
        } else if (n >= 2 && memcmp(s, "\xc2\xa0", 2) == 0) {
            s += 2, n -= 2;
        } else if (n >= 3 && memcmp(s, "\xe2\x80\xaf", 3) == 0) {
            s += 3, n -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        char c = n ? s[n - 1] : 'x';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            n--;
        else if (n >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0)
            n -= 2;
        else if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xaf", 3) == 0)
            n -= 3;
        else
            break;
    }
    return strndup(s, n);
}

static int build_event(run_t *r, const cand_t *ev, extract_event_t *o)
{
    memset(o, 0, sizeof *o);
    o->type = run_ev_info[ev->type].name;
    o->cameo = run_ev_info[ev->type].cameo;
    o->plover = run_ev_info[ev->type].plover;
    o->lang = r->lang;
    o->instrument = (ev->type == EV_SIGNED || ev->type == EV_PLANNED) && ev->instrument >= 0
                        ? run_instruments[ev->instrument]
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
        rc = people_sentence_people(r, s, &people);
        if (rc == 0)
            rc = people_sentence_orgs(r, s, &orgs);
        /* the sentence after, when it reports no event of its own, often
         * names who took part ("... ont assisté à la cérémonie") */
        size_t nx = ev->sents[k] + 1;
        if (rc == 0 && nx < r->n_sents && !sentence_has_event(r, nx) && !r->sents[nx].caption)
            rc = people_sentence_people(r, &r->sents[nx], &people);
    }
    /* "Les deux ministres ont convenu...": the two named just before */
    const sentence_t *es = &r->sents[ev->sent];
    if (rc == 0 && people.n == 0 && ev->sent > 0 && !r->sents[ev->sent - 1].caption &&
        cue_in(r, es, CUE_BILATERAL, es->s, es->e))
        rc = people_sentence_people(r, &r->sents[ev->sent - 1], &people);
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
        o->location = dup_trimmed(r->doc->text + ls, le - ls);
    else if (r->has_loc && r->loc_e > r->loc_s)
        o->location = dup_trimmed(r->doc->text + r->loc_s, r->loc_e - r->loc_s);
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

int output_collect_result(run_t *r, extract_result_t *res)
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
            output_free_event(o);
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

int output_article_facts(run_t *r)
{
    for (size_t i = 0; i < r->n_sents; i++) {
        if (r->sents[i].caption)
            continue;
        dates_mention_t dm[MAX_DATES];
        size_t nd = sent_sentence_dates(r, &r->sents[i], dm);
        for (size_t k = 0; k < nd && !r->range.y; k++)
            if (dm[k].range && dm[k].y)
                r->range = dm[k];
        if (add_sentence_sectors(r, i, &r->article_sectors) < 0)
            return -1;
    }
    return 0;
}
