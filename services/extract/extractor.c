/* extractor — see extractor.h.
 *
 * Rules follow corpus/SCHEMA.md: one event per distinct action (talks that
 * end in a signing are the signing), a visit is its own event, later is
 * planned, aid is given not promised, background is not news, countries are
 * the parties' not the venue's, dates come from the text. */
#include "extractor.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assemble.h"
#include "output.h"
#include "cues.h"
#include "parties.h"
#include "people.h"
#include "run.h"
#include "sentences.h"

/* ------------------------------------------------------------------ API */

extractor_t *extractor_new(const char *lexicon_dir, char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium failed to initialise");
        return NULL;
    }
    if (!lexicon_dir) {
        const char *env = getenv("ENTENTE_LEXICONS");
        if (env && *env)
            lexicon_dir = env;
    }
    extractor_t *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!(x->lex = lexicon_new(lexicon_dir, err, errlen))) {
        free(x);
        return NULL;
    }
    size_t n = lexicon_pattern_count(x->lex);
    x->base = n ? lexicon_entry(x->lex, 0) : NULL;
    if (!(x->code = malloc(n ? n : 1))) {
        snprintf(err, errlen, "out of memory");
        extractor_destroy(&x);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        x->code[i] = (int8_t)cue_decode_entry(lexicon_entry(x->lex, (uint32_t)i));
    return x;
}

void extractor_destroy(extractor_t **self)
{
    if (!self || !*self)
        return;
    lexicon_destroy(&(*self)->lex);
    free((*self)->code);
    free(*self);
    *self = NULL;
}

static void run_free(run_t *r)
{
    fold_buf_destroy(&r->fb);
    free(r->hits);
    free(r->sents);
    free(r->cands);
    strlist_free(&r->known);
    strlist_free(&r->article_sectors);
}

int extractor_run(const extractor_t *x, const extract_doc_t *doc, extract_result_t **out,
                  char *err, size_t errlen)
{
    *out = NULL;
    run_t r = {0};
    r.x = x;
    r.doc = doc;
    extract_result_t *res = calloc(1, sizeof *res);
    if (!res || !(r.fb = fold_buf_new())) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (fold_run(r.fb, doc->text, doc->len, err, errlen) < 0)
        goto fail;
    r.t = fold_text(r.fb);
    r.len = fold_len(r.fb);
    sent_parse_month_field(doc->published, &r.pub_y, &r.pub_m);
    r.lang = doc->lang && *doc->lang ? (strncmp(doc->lang, "en", 2) == 0 ? "en" : "fr")
                                     : cue_detect_folded(r.t, r.len);
    long nh = lexicon_find_cased(x->lex, r.fb, doc->text, &r.hits, &r.cap_hits);
    if (nh < 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    r.n_hits = (size_t)nh;
    sent_read_header(&r);
    sent_read_dateline(&r);
    party_find_partner(&r);
    if (sent_split_sentences(&r) < 0 || people_collect_people(&r) < 0 ||
        output_article_facts(&r) < 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < r.n_sents && r.n_cands < MAX_CANDIDATES; i++)
        if (assemble_sentence_events(&r, i) < 0) {
            snprintf(err, errlen, "out of memory");
            goto fail;
        }
    assemble_merge_events(&r);
    if (output_collect_result(&r, res) < 0) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    run_free(&r);
    *out = res;
    return 0;
fail:
    run_free(&r);
    extract_result_destroy(&res);
    return -1;
}

size_t extract_result_count(const extract_result_t *res) { return res ? res->n : 0; }

const extract_event_t *extract_result_event(const extract_result_t *res, size_t i)
{
    return res && i < res->n ? &res->events[i] : NULL;
}

void extract_result_destroy(extract_result_t **res)
{
    if (!res || !*res)
        return;
    for (size_t i = 0; i < (*res)->n; i++)
        output_free_event(&(*res)->events[i]);
    free((*res)->events);
    free(*res);
    *res = NULL;
}
