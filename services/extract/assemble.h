/* assemble — events from triggers: one candidate per trigger that holds,
 * dated and given its countries, then merged with the candidates that
 * report the same action (output.h turns them into events).
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_ASSEMBLE_H
#define ENTENTE_EXTRACT_ASSEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

int assemble_sentence_events(run_t *r, size_t si);

void assemble_merge_events(run_t *r);

#endif
