/* parties — the countries that take part: those a sentence names as parties
 * (not venues), the host of a visit, an international body, and the partner
 * country of the article.
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_PARTIES_H
#define ENTENTE_EXTRACT_PARTIES_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

int party_country_hits(const run_t *r, const sentence_t *s, country_hit_t *out, int max);

/* The foreign country the article is about: most mentioned, the dateline
 * counting double. */
void party_find_partner(run_t *r);

int party_has_foreign(const country_hit_t *c, int n);

/* An international body named as a party: not the complement of a
 * proper name ("la Convention-cadre des Nations unies"). */
int party_body_in(const run_t *r, const sentence_t *s);

int party_foreign_party(const run_t *r, const sentence_t *s, const country_hit_t *c, int nc,
                        ev_type_t type);

/* Countries of an event in sentence s: VN and the foreign parties named in
 * it (not the venue when another is named), else the article's partner. */
void party_event_countries(const run_t *r, const sentence_t *s, const country_hit_t *c, int n,
                           cand_t *ev);

#endif
