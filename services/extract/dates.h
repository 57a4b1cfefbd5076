/* dates — day and month expressions in folded text, resolved to calendar
 * dates against the publication month.
 *
 * French and English forms: "le 14 decembre", "jeudi 9 janvier", "le 1er
 * octobre", "du 13 au 15 decembre", "les 10 et 11 septembre", "du 31 octobre
 * au premier novembre", "December 5", "August 1-2", "on 17 December",
 * "December 30, 2022", and a month alone after "en", "in", "depuis"...
 * Month names come from the lexicon (its calendar file): the caller passes
 * their positions, so a new spelling is a data change. A range gives its
 * first day. Without a year, the publication year is used, one year earlier
 * when the month falls well after the publication month (an article of
 * 2023-01 that says "le 28 decembre" means 2022-12-28).
 *
 * Pure functions over caller-owned memory. */
#ifndef ENTENTE_DATES_H
#define ENTENTE_DATES_H

#include <stddef.h>
#include <stdint.h>

enum { DATE_NONE = 0, DATE_DAY = 1, DATE_MONTH = 2 };

typedef struct {
    uint32_t start, end; /* month-name position in the folded text */
    int month;           /* 1-12 */
} dates_month_t;

typedef struct {
    uint32_t start, end; /* the whole expression in the folded text */
    int y, m, d;         /* y 0 when no year can be known */
    int precision;       /* DATE_DAY or DATE_MONTH */
    int range;           /* the expression was a range; d is its first day */
    int explicit_year;
} dates_mention_t;

/* Parse the expressions around the month names months[0..n) (sorted by
 * start) in text. pub_y / pub_m: publication year and month, 0 when unknown.
 * Writes at most max mentions to out; returns how many. */
size_t dates_find(const char *text, size_t len, const dates_month_t *months, size_t n,
                  int pub_y, int pub_m, dates_mention_t *out, size_t max);

/* The year of month m (no explicit year) for a publication month. */
int dates_resolve_year(int m, int pub_y, int pub_m);

/* Move a date by days (may cross months and years). */
void dates_add_days(int *y, int *m, int *d, int days);

/* "YYYY-MM-DD" or "YYYY-MM" into out (11 bytes); "" when y is 0. */
void dates_format(int y, int m, int d, int precision, char out[11]);

/* Months between (y1,m1) and the later (y2,m2): positive when y1-m1 is
 * earlier. */
int dates_months_before(int y1, int m1, int y2, int m2);

#endif
