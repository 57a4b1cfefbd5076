/* dates — see dates.h. */
#include "dates.h"

#include <stdio.h>
#include <string.h>

#include "lexicon.h"

typedef struct {
    size_t s, e;
} tok_t;

static int is_word(unsigned char c) { return lexicon_is_word_byte(c); }

/* The token before pos (a word, or one punctuation byte), blanks skipped;
 * s == e when none. */
static tok_t prev_tok(const char *t, size_t pos)
{
    size_t e = pos;
    while (e > 0 && t[e - 1] == ' ')
        e--;
    if (e == 0)
        return (tok_t){0, 0};
    size_t s = e;
    if (is_word((unsigned char)t[e - 1]))
        while (s > 0 && is_word((unsigned char)t[s - 1]))
            s--;
    else
        s = e - 1;
    return (tok_t){s, e};
}

static tok_t next_tok(const char *t, size_t len, size_t pos)
{
    size_t s = pos;
    while (s < len && t[s] == ' ')
        s++;
    if (s >= len)
        return (tok_t){len, len};
    size_t e = s;
    if (is_word((unsigned char)t[s]))
        while (e < len && is_word((unsigned char)t[e]))
            e++;
    else
        e = s + 1;
    return (tok_t){s, e};
}

static int tok_is(const char *t, tok_t k, const char *w)
{
    size_t n = strlen(w);
    return k.e - k.s == n && memcmp(t + k.s, w, n) == 0;
}

/* 1-31, with an ordinal suffix or spelled "premier" / "first"; 0 if not. */
static int tok_day(const char *t, tok_t k)
{
    if (tok_is(t, k, "premier") || tok_is(t, k, "first") || tok_is(t, k, "1er"))
        return 1;
    size_t i = k.s;
    int v = 0, digits = 0;
    while (i < k.e && t[i] >= '0' && t[i] <= '9' && digits < 3) {
        v = v * 10 + (t[i] - '0');
        i++;
        digits++;
    }
    if (digits == 0 || digits > 2)
        return 0;
    size_t rest = k.e - i;
    if (rest) {
        const char *sfx[] = {"er", "st", "nd", "rd", "th", "e"};
        int ok = 0;
        for (size_t j = 0; j < sizeof sfx / sizeof *sfx; j++)
            if (rest == strlen(sfx[j]) && memcmp(t + i, sfx[j], rest) == 0)
                ok = 1;
        if (!ok)
            return 0;
    }
    return v >= 1 && v <= 31 ? v : 0;
}

static int tok_year(const char *t, tok_t k)
{
    if (k.e - k.s != 4)
        return 0;
    int v = 0;
    for (size_t i = k.s; i < k.e; i++) {
        if (t[i] < '0' || t[i] > '9')
            return 0;
        v = v * 10 + (t[i] - '0');
    }
    return v >= 1900 && v <= 2100 ? v : 0;
}

static int is_range_link(const char *t, tok_t k)
{
    return tok_is(t, k, "au") || tok_is(t, k, "a") || tok_is(t, k, "to") ||
           tok_is(t, k, "et") || tok_is(t, k, "and") || tok_is(t, k, "-");
}

/* Words after which a month alone names a month ("en decembre"). */
static int month_lead(const char *t, tok_t k)
{
    static const char *w[] = {"en", "in", "de", "d", "depuis", "since", "fin", "debut",
                              "mi", "early", "late", "mid", "des", "of", "until",
                              "jusqu", "end", "this", "last", "next", "courant"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is(t, k, w[i]))
            return 1;
    return 0;
}

/* What may follow a month alone; a word otherwise means the month name is
 * something else ("de Mai Tien Dung"). */
static int month_tail(const char *t, tok_t k)
{
    if (k.s == k.e || !is_word((unsigned char)t[k.s]))
        return 1;
    static const char *w[] = {"dernier", "prochain", "last", "this", "next", "de", "of"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (tok_is(t, k, w[i]))
            return 1;
    return 0;
}

int dates_resolve_year(int m, int pub_y, int pub_m)
{
    if (!pub_y)
        return 0;
    if (pub_m && m > pub_m + 2)
        return pub_y - 1;
    return pub_y;
}

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[(m - 1) % 12];
}

void dates_add_days(int *y, int *m, int *d, int days)
{
    *d += days;
    while (*d > days_in(*y, *m)) {
        *d -= days_in(*y, *m);
        if (++*m > 12) {
            *m = 1;
            ++*y;
        }
    }
    while (*d < 1) {
        if (--*m < 1) {
            *m = 12;
            --*y;
        }
        *d += days_in(*y, *m);
    }
}

void dates_format(int y, int m, int d, int precision, char out[11])
{
    if (!y || precision == DATE_NONE)
        out[0] = '\0';
    else if (precision == DATE_DAY)
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    else
        snprintf(out, 11, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

int dates_months_before(int y1, int m1, int y2, int m2)
{
    return (y2 * 12 + m2) - (y1 * 12 + m1);
}

/* Day before the month name: "14 decembre", "du 13 au 15 decembre". */
static int day_before(const char *t, size_t ms, int *d, int *range, size_t *start)
{
    tok_t k = prev_tok(t, ms);
    int day = tok_day(t, k);
    if (!day)
        return 0;
    *d = day;
    *start = k.s;
    *range = 0;
    tok_t link = prev_tok(t, k.s);
    if (is_range_link(t, link)) {
        tok_t k0 = prev_tok(t, link.s);
        int d0 = tok_day(t, k0);
        if (d0 && d0 < day) {
            *d = d0;
            *range = 1;
            *start = k0.s;
        }
    }
    return 1;
}

/* Day after the month name: "December 5", "August 1-2", "(December 6)". */
static int day_after(const char *t, size_t len, size_t me, int *d, int *range, size_t *end)
{
    tok_t k = next_tok(t, len, me);
    int day = tok_day(t, k);
    if (!day)
        return 0;
    *d = day;
    *end = k.e;
    *range = 0;
    tok_t link = next_tok(t, len, k.e);
    if (is_range_link(t, link)) {
        tok_t k2 = next_tok(t, len, link.e);
        int d2 = tok_day(t, k2);
        if (d2 && d2 > day) {
            *range = 1;
            *end = k2.e;
        }
    }
    return 1;
}

static int year_after(const char *t, size_t len, size_t pos, size_t *end)
{
    tok_t k = next_tok(t, len, pos);
    if (tok_is(t, k, ","))
        k = next_tok(t, len, k.e);
    int y = tok_year(t, k);
    if (y)
        *end = k.e;
    return y;
}

size_t dates_find(const char *t, size_t len, const dates_month_t *months, size_t n,
                  int pub_y, int pub_m, dates_mention_t *out, size_t max)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w < max; i++) {
        const dates_month_t *mo = &months[i];
        dates_mention_t dm = {mo->start, mo->end, 0, mo->month, 0, DATE_DAY, 0, 0};
        size_t s = mo->start, e = mo->end;
        if (!day_before(t, mo->start, &dm.d, &dm.range, &s) &&
            !day_after(t, len, mo->end, &dm.d, &dm.range, &e)) {
            tok_t lead = prev_tok(t, mo->start);
            size_t ye;
            if (!year_after(t, len, mo->end, &ye) &&
                (!month_lead(t, lead) || !month_tail(t, next_tok(t, len, mo->end))))
                continue;
            dm.precision = DATE_MONTH;
        }
        /* "du 31 octobre au premier novembre": the range runs on to the next
         * month name, which is then part of this expression. */
        if (dm.precision == DATE_DAY && i + 1 < n) {
            tok_t link = next_tok(t, len, e);
            if (is_range_link(t, link)) {
                tok_t k2 = next_tok(t, len, link.e);
                if (tok_day(t, k2) && next_tok(t, len, k2.e).s == months[i + 1].start) {
                    dm.range = 1;
                    e = months[i + 1].end;
                    i++;
                }
            }
        }
        size_t ye;
        int y = year_after(t, len, e, &ye);
        if (y) {
            dm.y = y;
            dm.explicit_year = 1;
            e = ye;
        } else {
            dm.y = dates_resolve_year(dm.m, pub_y, pub_m);
        }
        dm.start = (uint32_t)s;
        dm.end = (uint32_t)e;
        out[w++] = dm;
    }
    return w;
}
