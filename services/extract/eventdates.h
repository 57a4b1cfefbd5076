/* eventdates — the date of each event of a sentence: the nearest date to its
 * trigger, a date range for a visit, the context (le lendemain, the same
 * day), a neighbouring sentence, and talks closed by a signing.
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_EVENTDATES_H
#define ENTENTE_EXTRACT_EVENTDATES_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

/* Dates for the events of sentence s (evs[i] for trigger t[i], NULL when
 * the trigger was absorbed): own dates first, a visit's span, context, a
 * month named in the sentence, else the publication month. The last day
 * of a non-visit event becomes the context of the sentences after. */
void evdate_assign_dates(run_t *r, size_t si, trig_t *t, size_t nt, cand_t **evs);

#endif
