/* cues — the lexicon entries an article hits, decoded: cue, event type, trigger
 * role and instrument codes; the clause around a position and the cues in it;
 * the language of a text.
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_CUES_H
#define ENTENTE_EXTRACT_CUES_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

/* The lexicon entry of hit h (inline: the rules call it for every hit). */
static inline const lex_entry_t *cue_entry(const run_t *r, size_t h)
{
    return &r->x->base[r->hits[h].entry];
}

int cue_instrument_of(const char *name);

/* The decoded code of an entry: a cue for LEX_CUE, type * ROLE_COUNT + role
 * for LEX_TRIGGER, an instrument for LEX_INSTRUMENT. */
static inline int cue_entry_code(const extractor_t *x, const lex_entry_t *e)
{
    return x->code[e - x->base];
}

int cue_decode_entry(const lex_entry_t *e);

/* The cue an entry is, -1 when it is not a cue. */
static inline int cue_of(const run_t *r, const lex_entry_t *e)
{
    return e->kind == LEX_CUE ? cue_entry_code(r->x, e) : -1;
}

int cue_starts_with(const char *t, size_t len, size_t pos, const char *w);

/* Clause bounds around pos inside sentence s: ';' and ':' separate clauses. */
void cue_clause_of(const run_t *r, const sentence_t *s, uint32_t pos, uint32_t *cs,
                   uint32_t *ce);

/* Is cue c in sentence s between [from, to)? Returns its position + 1. */
uint32_t cue_in(const run_t *r, const sentence_t *s, int c, uint32_t from, uint32_t to);

const char *cue_detect_folded(const char *t, size_t len);

#endif
