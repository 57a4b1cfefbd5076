/* output — the events of an article as extractor.h returns them (people,
 * organizations, sectors, location, evidence, content id), and the facts of
 * the whole article the events fall back on.
 *
 * Internal to the extraction library (extractor.h is its API). */
#ifndef ENTENTE_EXTRACT_OUTPUT_H
#define ENTENTE_EXTRACT_OUTPUT_H

#include "run.h"

/* Frees what an event owns (not the event itself). */
void output_free_event(extract_event_t *o);

/* The surviving candidates of r as events in res, in sentence order. */
int output_collect_result(run_t *r, extract_result_t *res);

/* Facts of the whole article the events fall back on: its first date range
 * (a visit's span) and its sectors (when an event's paragraph names none). */
int output_article_facts(run_t *r);

#endif
