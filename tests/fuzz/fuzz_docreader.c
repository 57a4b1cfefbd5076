/* fuzz_docreader — the document reader of `entente extract` and
 * `entente ingest`: JSON Lines and .txt articles.
 *
 * Input: one mode byte, then the file's bytes. Mode bit 0: a .txt article,
 * else JSON Lines; bit 1: a small max_text (256 bytes) so the size limit and
 * the skipping of long lines are exercised. Every document returned must be
 * valid UTF-8 of fewer than max_text bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docreader.h"
#include "entente_limits.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/%s", fz_scratch(), mode & 1 ? "article.txt" : "docs.jsonl");
    if (fz_write_file(path, data + 1, size - 1) != 0)
        abort();
    size_t max_text = mode & 2 ? 256 : 0;
    docreader_t *rd = docreader_new(path, max_text, err, sizeof err);
    if (!rd)
        abort();
    docreader_doc_t doc;
    int rc, docs = 0;
    while ((rc = docreader_next(rd, &doc, err, sizeof err)) != DOCREADER_EOF &&
           rc != DOCREADER_FAIL && docs < 100000) {
        if (rc != DOCREADER_DOC)
            continue;
        docs++;
        if (!doc.text || doc.len >= (max_text ? max_text : (size_t)limits()->max_doc_bytes + 1) ||
            !docreader_valid_utf8(doc.text, doc.len))
            abort();
        /* touch every string the reader hands out */
        const char *fields[] = {doc.doc_id, doc.url, doc.lang, doc.published, doc.file};
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            if (fields[i] && strlen(fields[i]) > size + 64)
                abort();
    }
    docreader_destroy(&rd);
    return 0;
}
