/* bench_store_vocab — the words bench_store_gen draws from: Vietnam's partner
 * countries (most frequent first), event types with their weights,
 * instruments, sectors with a French phrase the extractor knows, names of
 * people and organisations, French month names. */
#ifndef ENTENTE_BENCH_STORE_VOCAB_H
#define ENTENTE_BENCH_STORE_VOCAB_H

#include <stddef.h>

typedef struct {
    const char *cc, *name, *city;
} gen_country_t;

typedef struct {
    const char *type, *cameo, *plover;
    int weight; /* percent */
} gen_type_t;

typedef struct {
    const char *code, *fr;
} gen_sector_t;

extern const gen_country_t vocab_partners[], vocab_vietnam;
extern const gen_type_t vocab_types[];
extern const gen_sector_t vocab_sectors[];
extern const char *const vocab_instruments[], *const vocab_instrument_fr[];
extern const char *const vocab_surnames[], *const vocab_middles[], *const vocab_givens[];
extern const char *const vocab_foreign[], *const vocab_orgs[], *const vocab_months_fr[];
extern const size_t vocab_n_partners, vocab_n_types, vocab_n_sectors, vocab_n_foreign,
    vocab_n_orgs;

#endif
