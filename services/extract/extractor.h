/* extractor — rule-based extraction of partnership events from one article.
 *
 * An article (text, language hint, publication month, doc id) goes in;
 * events come out, each with the fields of corpus/SCHEMA.md (type,
 * instrument, date, countries, organizations, people, sectors, location),
 * the evidence sentences as byte offsets into the text, a confidence, the
 * CAMEO code and PLOVER category of its type, and an id derived from its
 * content (same article, same event: same id).
 *
 * The pipeline: fold the text (fold.h), find lexicon words with one
 * automaton (lexicon.h), split sentences, read dates (dates.h), then rules
 * per sentence: triggers, negation / hope / background cues, parties, and
 * finally merging of the events that report one action.
 *
 * Ownership and threads: extractor_new() returns an extractor the caller
 * frees with extractor_destroy(); it is immutable, so threads may share one
 * and call extractor_run() concurrently. extractor_run() returns a result
 * owning all its events and strings, freed with extract_result_destroy().
 * The document's strings are only read during the call. */
#ifndef ENTENTE_EXTRACTOR_H
#define ENTENTE_EXTRACTOR_H

#include <stddef.h>
#include <stdint.h>

typedef struct extractor extractor_t;

/* lexicon_dir: a directory holding the lexicon files, or NULL for the
 * built-in ones (then the ENTENTE_LEXICONS environment variable, when set,
 * names the directory). NULL with err set on failure. */
extractor_t *extractor_new(const char *lexicon_dir, char *err, size_t errlen);
void extractor_destroy(extractor_t **self);

typedef struct {
    const char *doc_id;
    const char *lang;      /* "fr", "en"; NULL or "": detected */
    const char *published; /* "YYYY-MM[-DD]"; NULL: from a " date YYYY-MM" header */
    const char *text;      /* UTF-8, need not be NUL-terminated */
    size_t len;
} extract_doc_t;

typedef struct {
    uint32_t start, end; /* byte offsets into extract_doc_t.text */
} extract_span_t;

enum { EXTRACT_DATE_NONE = 0, EXTRACT_DATE_DAY = 1, EXTRACT_DATE_MONTH = 2 };

typedef struct {
    char id[33];            /* 32 hex characters */
    const char *type;       /* agreement_signed, meeting, ... (static) */
    const char *instrument; /* mou, agreement, ... or NULL (static) */
    char date[11];          /* "YYYY-MM-DD", "YYYY-MM" or "" */
    int date_precision;     /* EXTRACT_DATE_* */
    char **countries;       /* ISO 3166-1 alpha-2, sorted */
    size_t n_countries;
    char **organizations;
    size_t n_organizations;
    char **people;
    size_t n_people;
    char **sectors; /* SCHEMA.md sector vocabulary */
    size_t n_sectors;
    char *location; /* NULL when unknown */
    extract_span_t *evidence;
    size_t n_evidence;
    float confidence; /* 0..1 */
    const char *cameo, *plover, *lang; /* static strings */
} extract_event_t;

typedef struct extract_result extract_result_t;

/* Extract the events of doc. 0 and *out set (possibly with no events), or -1
 * with err set: text not UTF-8, or out of memory. */
int extractor_run(const extractor_t *self, const extract_doc_t *doc, extract_result_t **out,
                  char *err, size_t errlen);
size_t extract_result_count(const extract_result_t *res);
const extract_event_t *extract_result_event(const extract_result_t *res, size_t i);
void extract_result_destroy(extract_result_t **res);

/* "fr" or "en" from the words of the text. */
const char *extractor_detect_lang(const extractor_t *self, const char *text, size_t len);

#endif
