#include "bench_events.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_sign.h"

/* One event with the storage its strings point into. */
typedef struct {
    Entente__V1__PartnershipEvent ev;
    char id[65], doc_id[40];
    char *countries[3];
} bench_event_t;

struct bench_events {
    bench_event_t *items;
    Entente__V1__PartnershipEvent **list;
    size_t n, bytes;
};

static char *const types[] = {"agreement_signed", "meeting", "visit", "conference",
                              "aid", "joint_body"};
static char *const partners[] = {"FR", "JP", "KR", "DE", "US", "IN", "AU", "SG"};
static char *organizations[] = {"Bộ Thông tin và Truyền thông", "Agence française de développement"};
static char *people[] = {"Nguyễn Mạnh Hùng"};
static char *sectors[] = {"telecommunications", "digital_transformation"};
static const char evidence[] =
    "Le ministre vietnamien de l'Information et des Communications et son homologue ont signé "
    "à Hanoï un mémorandum d'entente sur la coopération dans la transformation numérique, la "
    "cybersécurité et les télécommunications, selon l'Agence vietnamienne d'information.";

static void bench_event_fill(bench_event_t *e, size_t i, unsigned tag)
{
    Entente__V1__PartnershipEvent *ev = &e->ev;
    entente__v1__partnership_event__init(ev);
    uint8_t h[32];
    char seed[64];
    int len = snprintf(seed, sizeof seed, "bench-%u-%zu", tag, i);
    crypto_generichash(h, sizeof h, (const uint8_t *)seed, (size_t)len, NULL, 0);
    sodium_bin2hex(e->id, sizeof e->id, h, sizeof h);
    snprintf(e->doc_id, sizeof e->doc_id, "bench-%u-%zu", tag, i / 3);
    e->countries[0] = (char *)partners[i % 8];
    e->countries[1] = "VN";
    e->countries[2] = (char *)partners[(i / 8) % 8];
    ev->id = e->id;
    ev->doc_id = e->doc_id;
    ev->source_url = "https://example.org/news/bench";
    ev->type = types[i % (sizeof types / sizeof *types)];
    ev->instrument = "mou";
    ev->date = "2024-05-17";
    ev->date_precision = ENTENTE__V1__DATE_PRECISION__DATE_DAY;
    ev->countries = e->countries;
    ev->n_countries = i % 4 == 3 && e->countries[2] != e->countries[0] ? 3 : 2;
    for (size_t a = 1; a < ev->n_countries; a++) /* the schema keeps them sorted */
        for (size_t b = a; b > 0 && strcmp(e->countries[b - 1], e->countries[b]) > 0; b--) {
            char *t = e->countries[b];
            e->countries[b] = e->countries[b - 1];
            e->countries[b - 1] = t;
        }
    ev->organizations = organizations;
    ev->n_organizations = 2;
    ev->people = people;
    ev->n_people = 1;
    ev->sectors = sectors;
    ev->n_sectors = 2;
    ev->location = "Hanoï";
    ev->confidence = 0.8f;
    ev->cameo = "057";
    ev->plover = "AGREE";
    ev->lang = "fr";
    ev->published = "2024-05-17";
    ev->evidence_text = (char *)evidence;
}

bench_events_t *bench_events_new(const identity_t *signer, size_t n, unsigned tag, char *err,
                                 size_t errlen)
{
    bench_events_t *self = calloc(1, sizeof *self);
    if (self) {
        self->items = calloc(n ? n : 1, sizeof *self->items);
        self->list = calloc(n ? n : 1, sizeof *self->list);
    }
    if (!self || !self->items || !self->list) {
        snprintf(err, errlen, "out of memory for %zu events", n);
        bench_events_destroy(&self);
        return NULL;
    }
    for (size_t i = 0; i < n; i++, self->n++) {
        bench_event_fill(&self->items[i], i, tag);
        if (event_sign(&self->items[i].ev, signer) != 0) {
            snprintf(err, errlen, "cannot sign event %zu", i);
            bench_events_destroy(&self);
            return NULL;
        }
        self->list[i] = &self->items[i].ev;
        self->bytes += entente__v1__partnership_event__get_packed_size(self->list[i]);
    }
    return self;
}

void bench_events_destroy(bench_events_t **self)
{
    if (!self || !*self)
        return;
    for (size_t i = 0; i < (*self)->n; i++)
        free((*self)->items[i].ev.ingest_signature.data);
    free((*self)->items);
    free((*self)->list);
    free(*self);
    *self = NULL;
}

Entente__V1__PartnershipEvent **bench_events_list(bench_events_t *self) { return self->list; }
size_t bench_events_count(const bench_events_t *self) { return self->n; }

size_t bench_events_mean_bytes(const bench_events_t *self)
{
    return self->n ? self->bytes / self->n : 0;
}
