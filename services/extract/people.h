/* people — the people and organizations a sentence names: names led by a
 * Vietnamese family name or a title, foreign names, Vietnamese names with
 * or without diacritics as one, and organizations by their head word.
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_PEOPLE_H
#define ENTENTE_EXTRACT_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

/* Names: two to four capitalised words, no lexicon word among them, led by
 * a Vietnamese family name or a title shortly before. */
int people_sentence_people(const run_t *r, const sentence_t *s, strlist_t *out);

/* An organisation: a head word (ministère, agency...) and the words that
 * name it (org_end), an acronym in parentheses right after; in English
 * also the capitalised words before the head ("Korea Software Industry
 * Association"). A known acronym or company name stands alone. */
int people_sentence_orgs(const run_t *r, const sentence_t *s, strlist_t *out);

/* Names of the article, folded, and those that are not Vietnamese: a later
 * "Huang" or "Kim Jin-pyo" without a title still names a person, and a
 * foreign party. Then marks the sentences that name a foreigner. */
int people_collect_people(run_t *r);

int people_non_vietnamese_person(const run_t *r, const sentence_t *s);

#endif
