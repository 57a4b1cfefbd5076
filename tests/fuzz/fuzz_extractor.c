/* fuzz_extractor — the extractor on arbitrary text, UTF-8 or not.
 *
 * Input: one mode byte, then the text (not NUL-terminated). The mode picks
 * the language hint (none, fr, en) and the publication date (none: read from
 * a " date YYYY-MM" header, a month, a day). Every event must point inside
 * the text, with sorted valid country codes and a confidence in [0, 1]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extractor.h"
#include "fuzz_common.h"

static extractor_t *x;

static void destroy(void) { extractor_destroy(&x); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!x) {
        char err[256];
        if (!(x = extractor_new(NULL, err, sizeof err))) {
            fprintf(stderr, "fuzz_extractor: %s\n", err);
            abort();
        }
        atexit(destroy);
    }
    if (size < 1)
        return 0;
    static const char *const langs[] = {NULL, "fr", "en", ""};
    static const char *const dates[] = {NULL, "2023-05", "2021-11-30", "bad"};
    unsigned mode = data[0];
    /* the text in its own buffer of exactly its size: no terminator to lean on */
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    memcpy(text, data + 1, len);
    extract_doc_t doc = {"fuzz-doc", langs[mode & 3], dates[(mode >> 2) & 3], text, len};
    extract_result_t *res = NULL;
    char err[256];
    if (extractor_run(x, &doc, &res, err, sizeof err) == 0) {
        for (size_t i = 0; i < extract_result_count(res); i++) {
            const extract_event_t *ev = extract_result_event(res, i);
            if (!ev->type || strlen(ev->id) != 32 || ev->confidence < 0 || ev->confidence > 1)
                abort();
            for (size_t j = 0; j < ev->n_evidence; j++)
                if (ev->evidence[j].start > ev->evidence[j].end || ev->evidence[j].end > len)
                    abort();
            for (size_t j = 0; j < ev->n_countries; j++)
                if (strlen(ev->countries[j]) != 2 ||
                    (j && strcmp(ev->countries[j - 1], ev->countries[j]) > 0))
                    abort();
        }
        extract_result_destroy(&res);
    }
    extractor_detect_lang(x, text, len);
    free(text);
    return 0;
}
