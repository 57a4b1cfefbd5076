/* fold — normalised search text for the lexicon automaton.
 *
 * Folding maps UTF-8 text to a lower-case, accent-free form (utf8proc:
 * canonical decomposition, case folding, combining marks stripped, so NFC and
 * NFD input fold alike), with typographic apostrophes, dashes and spaces made
 * ASCII and runs of blanks collapsed (a run holding a line break becomes one
 * '\n', others one ' '). Every folded byte keeps the offset of the input byte
 * it came from, so matches found in folded text map back to the article.
 *
 * Ownership: a fold_buf_t owns its text and offset map; fold_run() reuses
 * them, so one buffer serves many documents. Not thread-safe per buffer. */
#ifndef ENTENTE_FOLD_H
#define ENTENTE_FOLD_H

#include <stddef.h>
#include <stdint.h>

typedef struct fold_buf fold_buf_t;

fold_buf_t *fold_buf_new(void);
void fold_buf_destroy(fold_buf_t **self);

/* Fold len bytes of in. Returns 0, or -1 with err set when in is not valid
 * UTF-8 (err names the byte offset) or memory runs out. */
int fold_run(fold_buf_t *self, const char *in, size_t len, char *err, size_t errlen);

const char *fold_text(const fold_buf_t *self);     /* NUL-terminated */
size_t fold_len(const fold_buf_t *self);
/* Input offset of folded byte i; i == fold_len() gives the input length. */
uint32_t fold_offset(const fold_buf_t *self, size_t i);

/* Fold a NUL-terminated string into a new malloc'd string (caller frees);
 * NULL when it is not UTF-8 or memory runs out. For lexicon patterns. */
char *fold_string(const char *in);

#endif
