/* assemble — events from triggers: one candidate per trigger that holds,
 * merged when they report one action, then the output events with their
 * people, organizations, sectors, location, evidence and content id.
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

void assemble_free_event(extract_event_t *o);

int assemble_collect_result(run_t *r, extract_result_t *res);

/* Facts of the whole article the events fall back on: its first date range
 * (a visit's span) and its sectors (when an event's paragraph names none). */
int assemble_article_facts(run_t *r);

#endif
