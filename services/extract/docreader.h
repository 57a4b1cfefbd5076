/* docreader — documents to extract from, read from a file or stdin.
 *
 * Two forms: JSON Lines (one object a line: doc_id, url, lang, published,
 * text; other fields ignored), or a plain .txt article (the whole file is
 * one document: doc_id is the file name without .txt, published comes from
 * a " date YYYY-MM" first line). A document that cannot be used — a line
 * that is not JSON, text that is not UTF-8, an empty text, a text of
 * max_text bytes or more — is reported with its file and line and the
 * reader moves on to the next one, as is a JSON line nested deeper than
 * limits()->max_json_depth.
 *
 * Memory stays bounded by max_text: a longer line is skipped, not loaded.
 *
 * Ownership: docreader_new() returns a reader the caller frees with
 * docreader_destroy() (which closes the file unless it is stdin). The
 * strings of a docreader_doc_t belong to the reader and stay valid until
 * the next docreader_next() call. */
#ifndef ENTENTE_DOCREADER_H
#define ENTENTE_DOCREADER_H

#include <stddef.h>

typedef struct docreader docreader_t;

typedef struct {
    const char *file; /* as given, "-" for stdin */
    size_t line;      /* 1-based line of the document (1 for .txt) */
    const char *doc_id, *url, *lang, *published; /* NULL when absent */
    const char *text;
    size_t len;
} docreader_doc_t;

enum {
    DOCREADER_DOC = 1,   /* *doc filled */
    DOCREADER_EOF = 0,   /* no more documents */
    DOCREADER_SKIP = -1, /* this document is unusable: err says why; call again */
    DOCREADER_FAIL = -2  /* the file cannot be read any further */
};

/* path NULL or "-": stdin, read as JSON Lines. max_text 0: texts of up to
 * limits()->max_doc_bytes (--max-doc-bytes) pass. NULL with err set when the file cannot be opened. */
docreader_t *docreader_new(const char *path, size_t max_text, char *err, size_t errlen);
void docreader_destroy(docreader_t **self);

/* Next document; err receives "FILE:LINE: message" on SKIP and FAIL. */
int docreader_next(docreader_t *self, docreader_doc_t *doc, char *err, size_t errlen);

/* Is [s, s+len) valid UTF-8? */
int docreader_valid_utf8(const char *s, size_t len);

#endif
