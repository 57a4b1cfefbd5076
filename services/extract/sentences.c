/* sentences — see sentences.h. */
#include "sentences.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cues.h"

/* ---------------------------------------------------- header, dateline */

int sent_parse_month_field(const char *s, int *y, int *m)
{
    if (!s)
        return 0;
    int yy, mm;
    if (sscanf(s, "%4d-%2d", &yy, &mm) == 2 && yy > 1900 && mm >= 1 && mm <= 12) {
        *y = yy;
        *m = mm;
        return 1;
    }
    return 0;
}

void sent_read_header(run_t *r)
{
    size_t i = 0;
    while (i < r->len && r->t[i] == ' ')
        i++;
    if (cue_starts_with(r->t, r->len, i, "date ")) {
        int y, m;
        if (sent_parse_month_field(r->t + i + 5, &y, &m)) {
            if (!r->pub_y) {
                r->pub_y = y;
                r->pub_m = m;
            }
            r->body_start = (uint32_t)(i + 12 < r->len ? i + 12 : r->len);
        }
    }
}

void sent_read_dateline(run_t *r)
{
    size_t lim = r->len < 2000 ? r->len : 2000;
    const char *p = memmem(r->t + r->body_start, lim > r->body_start ? lim - r->body_start : 0,
                           "(vna)", 5);
    if (!p)
        return;
    size_t at = (size_t)(p - r->t), ls = at;
    r->dateline_end = (uint32_t)at + 5;
    while (ls > r->body_start && r->t[ls - 1] != '\n')
        ls--;
    while (ls < at && (r->t[ls] == ' ' || r->t[ls] == '\n'))
        ls++;
    size_t le = ls;
    while (le < at && r->t[le] != ',')
        le++;
    while (le > ls && r->t[le - 1] == ' ')
        le--;
    if (le <= ls || le - ls > 40)
        return;
    for (size_t h = 0; h < r->n_hits; h++) {
        const lex_entry_t *e = cue_entry(r, h);
        if (r->hits[h].start >= ls && r->hits[h].end <= le && e->kind == LEX_COUNTRY) {
            memcpy(r->dateline_cc, e->value, 2);
            r->dateline_cc[2] = '\0';
        }
    }
    r->loc_s = fold_offset(r->fb, ls);
    r->loc_e = fold_offset(r->fb, le);
    r->has_loc = 1;
}

/* ------------------------------------------------------------ sentences */

/* Longer "sentences" (text without punctuation) are cut at a blank, so
 * the rules, which look across a sentence, stay linear in the text. */
#define MAX_SENTENCE 4096

static int push_sentence(run_t *r, size_t s, size_t e, int caption)
{
    while (s < e && (r->t[s] == ' ' || r->t[s] == '\n'))
        s++;
    if (e <= s)
        return 0;
    if (e - s > MAX_SENTENCE) {
        size_t cut = s + MAX_SENTENCE;
        while (cut > s + MAX_SENTENCE / 2 && r->t[cut] != ' ')
            cut--;
        return push_sentence(r, s, cut, caption) < 0 ? -1 : push_sentence(r, cut, e, caption);
    }
    if (r->n_sents == r->cap_sents) {
        size_t c = r->cap_sents ? r->cap_sents * 2 : 64;
        sentence_t *ns = realloc(r->sents, c * sizeof *ns);
        if (!ns)
            return -1;
        r->sents = ns;
        r->cap_sents = c;
    }
    r->sents[r->n_sents++] = (sentence_t){(uint32_t)s, (uint32_t)e, 0, 0, caption, 0};
    return 0;
}

int32_t sent_codepoint_at(const run_t *r, size_t i)
{
    uint32_t o = fold_offset(r->fb, i);
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)r->doc->text + o,
                         (utf8proc_ssize_t)(r->doc->len - o), &cp) < 0)
        return -1;
    return cp;
}

int sent_upper_at(const run_t *r, size_t i)
{
    int32_t cp = sent_codepoint_at(r, i);
    if (cp < 0)
        return 0;
    int cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || (cp >= '0' && cp <= '9') || cp == '"' ||
           cp == 0xAB || cp == 0x201C;
}

int sent_split_sentences(run_t *r)
{
    size_t ls = r->body_start;
    size_t h = 0;
    while (ls < r->len) {
        size_t le = ls;
        while (le < r->len && r->t[le] != '\n')
            le++;
        int caption = 0;
        for (; h < r->n_hits && r->hits[h].start < le; h++)
            if (r->hits[h].start >= ls && cue_of(r, cue_entry(r, h)) == CUE_CAPTION)
                caption = 1;
        size_t s = ls;
        for (size_t i = ls; i + 2 < le; i++) {
            char c = r->t[i];
            if ((c == '.' || c == '!' || c == '?') && r->t[i + 1] == ' ' && sent_upper_at(r, i + 2)) {
                /* initials ("M. Dung") are not sentence ends */
                if (i >= 2 && r->t[i - 2] == ' ')
                    continue;
                if (push_sentence(r, s, i + 1, caption) < 0)
                    return -1;
                s = i + 2;
            }
        }
        if (push_sentence(r, s, le, caption) < 0)
            return -1;
        ls = le + 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->n_sents; i++) {
        sentence_t *st = &r->sents[i];
        while (k < r->n_hits && r->hits[k].start < st->s)
            k++;
        st->h0 = k;
        while (k < r->n_hits && r->hits[k].start < st->e)
            k++;
        st->h1 = k;
    }
    return 0;
}


size_t sent_sentence_dates(const run_t *r, const sentence_t *s, dates_mention_t *out)
{
    dates_month_t months[MAX_DATES];
    size_t n = 0;
    for (size_t h = s->h0; h < s->h1 && n < MAX_DATES; h++) {
        const lex_entry_t *e = cue_entry(r, h);
        if (e->kind == LEX_CALENDAR && strcmp(e->sub, "month") == 0)
            months[n++] = (dates_month_t){r->hits[h].start, r->hits[h].end, e->num};
    }
    size_t nd = dates_find(r->t, r->len, months, n, r->pub_y, r->pub_m, out, MAX_DATES);
    size_t w = 0;
    for (size_t k = 0; k < nd; k++)
        if (out[k].start >= r->dateline_end)
            out[w++] = out[k];
    return w;
}

int sent_clause_is_old(const run_t *r, const sentence_t *s, uint32_t cs, uint32_t ce)
{
    if (!r->pub_y)
        return 0;
    for (uint32_t i = cs; i + 4 <= ce; i++) {
        if ((i > cs && lexicon_is_word_byte((unsigned char)r->t[i - 1])) ||
            (i + 4 < r->len && lexicon_is_word_byte((unsigned char)r->t[i + 4])))
            continue;
        int y = 0, ok = 1;
        for (int k = 0; k < 4; k++) {
            char c = r->t[i + k];
            if (c < '0' || c > '9')
                ok = 0;
            else
                y = y * 10 + (c - '0');
        }
        /* "2019-2020" names a span reaching the present */
        if (ok && y >= 1900 && y < r->pub_y && !(i + 5 < ce && r->t[i + 4] == '-'))
            return 1;
    }
    dates_mention_t dm[MAX_DATES];
    size_t n = sent_sentence_dates(r, s, dm);
    for (size_t k = 0; k < n; k++)
        if (dm[k].start >= cs && dm[k].end <= ce && dm[k].y &&
            dates_months_before(dm[k].y, dm[k].m, r->pub_y, r->pub_m) > 2)
            return 1;
    return 0;
}
