/* bench_store_gen — synthetic data for entente-bench-store.
 *
 * Wire-style French articles for the ingest run (made from our own
 * templates, never from the corpus), and partnership events with realistic
 * field distributions for the query store: 60 countries with a Zipf skew and
 * Vietnam in most events, country pairs, dates over 2015..2024 (day, month or
 * unknown precision), types, instruments, sectors, people, organisations.
 * Everything derives from a number (document or event index), so the same
 * index always gives the same data and a store can be grown or rebuilt. */
#ifndef ENTENTE_BENCH_STORE_GEN_H
#define ENTENTE_BENCH_STORE_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "entente/v1/event.pb-c.h"

#define GEN_YEAR_FIRST 2015
#define GEN_YEARS 10

uint64_t gen_next(uint64_t *state);
double gen_unit(uint64_t *state);
uint32_t gen_below(uint64_t *state, uint32_t n);

/* A bump allocator for one batch of generated messages. */
typedef struct {
    char *buf;
    size_t used, cap;
} gen_arena_t;
void *gen_alloc(gen_arena_t *a, size_t n);
char *gen_printf(gen_arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gen_arena_reset(gen_arena_t *a);
void gen_arena_free(gen_arena_t *a);

/* The country codes of one event (sorted, distinct), as the store holds them. */
size_t gen_countries(uint64_t *rng, const char *out[3]);
/* A country pair drawn as events carry them (a < b), for Search. */
void gen_pair(uint64_t *rng, const char **a, const char **b);
/* A date range [since, until] as YYYY-MM-DD, 30 to 730 days long, inside the years. */
void gen_range(uint64_t *rng, char since[11], char until[11]);

/* The id of the event stored at seq i (32 hex characters). */
void gen_event_id(uint64_t i, char out[33]);
/* Event i (seq i in the store), strings in the arena; doc_id names document
 * (i - 1) / 3 + 1. */
void gen_event(uint64_t i, gen_arena_t *a, Entente__V1__PartnershipEvent *ev);
/* Document k of the store (about 700 bytes of text). */
void gen_store_document(uint64_t k, gen_arena_t *a, Entente__V1__Document *doc);
uint64_t gen_doc_of_event(uint64_t i);

/* Article k for the ingest run: 1 to 3 paragraphs, each reporting an event. */
void gen_article(uint64_t k, gen_arena_t *a, Entente__V1__Document *doc);

#endif
