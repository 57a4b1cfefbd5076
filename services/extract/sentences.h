/* sentences — the article's frame: the " date YYYY-MM" header, the dateline
 * ("Séoul (VNA) -"), the sentences and captions, the dates a sentence
 * names, and whether a clause only recalls the past.
 *
 * Internal to the extraction library (extractor.h is its API); every function
 * reads or fills the per-article state of run.h. */
#ifndef ENTENTE_EXTRACT_SENTENCES_H
#define ENTENTE_EXTRACT_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

int sent_parse_month_field(const char *s, int *y, int *m);

/* A text may open with " date YYYY-MM" (the wire's header). */
void sent_read_header(run_t *r);

/* "Séoul (VNA) –", "Hanoi, 15 janvier (VNA) –": the city and its country. */
void sent_read_dateline(run_t *r);

/* Does the original text have an upper-case letter (or a digit, a quote)
 * at the input offset of folded byte i? Folding lost the case. */
/* The code point of the original text at folded offset i, -1 if invalid. */
int32_t sent_codepoint_at(const run_t *r, size_t i);

int sent_upper_at(const run_t *r, size_t i);

/* Lines split first; inside a line, [.!?] then a blank then a capital. A
 * line holding a photo credit is a caption. */
int sent_split_sentences(run_t *r);

size_t sent_sentence_dates(const run_t *r, const sentence_t *s, dates_mention_t *out);

/* A 4-digit year before the publication year, or a dated mention more than
 * two months older than the publication: the clause recalls the past. */
int sent_clause_is_old(const run_t *r, const sentence_t *s, uint32_t cs, uint32_t ce);

#endif
