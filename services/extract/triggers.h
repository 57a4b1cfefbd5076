/* triggers — the event triggers of a sentence that hold: cues that block them
 * (negation, hope, background), the role each trigger needs (an auxiliary,
 * an object, an instrument, a body...), and the instrument a signing names.
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_TRIGGERS_H
#define ENTENTE_EXTRACT_TRIGGERS_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

/* The triggers of sentence s that stand, by type-specific rules. */
size_t trig_sentence_triggers(const run_t *r, const sentence_t *s, trig_t *out, size_t max,
                              const country_hit_t *c, int nc);

#endif
