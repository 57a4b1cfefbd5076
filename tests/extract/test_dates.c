/* Dates: French and English forms, ranges, year boundaries, months alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dates.h"
#include "fold.h"
#include "lexicon.h"

static lexicon_t *lx;

static int setup(void **state)
{
    char err[256];
    lx = lexicon_new(NULL, err, sizeof err);
    return lx ? 0 : -1;
}

static int teardown(void **state)
{
    lexicon_destroy(&lx);
    return 0;
}

/* The first date of text, formatted, for a publication month. */
static void first_date(const char *text, int pub_y, int pub_m, char out[11], int *range)
{
    char *t = fold_string(text);
    assert_non_null(t);
    lex_hit_t *hits = NULL;
    size_t cap = 0;
    long n = lexicon_find(lx, t, strlen(t), &hits, &cap);
    dates_month_t months[16];
    size_t nm = 0;
    for (long i = 0; i < n && nm < 16; i++) {
        const lex_entry_t *e = lexicon_entry(lx, hits[i].entry);
        if (e->kind == LEX_CALENDAR && strcmp(e->sub, "month") == 0)
            months[nm++] = (dates_month_t){hits[i].start, hits[i].end, e->num};
    }
    dates_mention_t dm[16];
    size_t nd = dates_find(t, strlen(t), months, nm, pub_y, pub_m, dm, 16);
    out[0] = '\0';
    if (range)
        *range = 0;
    if (nd > 0) {
        dates_format(dm[0].y, dm[0].m, dm[0].d, dm[0].precision, out);
        if (range)
            *range = dm[0].range;
    }
    free(t);
    free(hits);
}

static void expect(const char *text, int y, int m, const char *want)
{
    char got[11];
    first_date(text, y, m, got, NULL);
    assert_string_equal(got, want);
}

static void test_french_days(void **state)
{
    expect("Les ministres se sont vus le 14 décembre à Paris.", 2021, 12, "2021-12-14");
    expect("La cérémonie a eu lieu jeudi 9 janvier.", 2020, 1, "2020-01-09");
    expect("Le texte entre en vigueur le 1er octobre.", 2022, 10, "2022-10-01");
    expect("Il est arrivé le premier mars au soir.", 2022, 3, "2022-03-01");
}

static void test_french_ranges(void **state)
{
    char got[11];
    int range;
    first_date("La visite se déroule du 13 au 15 décembre.", 2021, 12, got, &range);
    assert_string_equal(got, "2021-12-13");
    assert_true(range);
    first_date("Le salon, tenu du 31 octobre au premier novembre, a fermé.", 2023, 11, got, &range);
    assert_string_equal(got, "2023-10-31");
    assert_true(range);
    first_date("Une visite d'État les 10 et 11 septembre.", 2023, 9, got, &range);
    assert_string_equal(got, "2023-09-10");
    assert_true(range);
    first_date("Il sera à Rome du 1er au 2 août.", 2024, 8, got, &range);
    assert_string_equal(got, "2024-08-01");
}

static void test_english_forms(void **state)
{
    char got[11];
    int range;
    expect("The two sides met on December 5 in the capital.", 2024, 12, "2024-12-05");
    expect("The deal was inked on 17 December.", 2021, 12, "2021-12-17");
    expect("He chaired it on Friday (December 6).", 2024, 12, "2024-12-06");
    expect("It was signed on December 30, 2022, in Vientiane.", 2023, 1, "2022-12-30");
    expect("The forum opened on Dec. 3 in the city.", 2024, 12, "2024-12-03");
    first_date("She was in the country on August 1-2 for talks.", 2024, 8, got, &range);
    assert_string_equal(got, "2024-08-01");
    assert_true(range);
}

static void test_year_boundary(void **state)
{
    expect("Le texte a été signé le 28 décembre à Londres.", 2023, 1, "2022-12-28");
    expect("The agreement took effect on January 1.", 2021, 1, "2021-01-01");
    /* without a publication month, no year can be known */
    expect("Signé le 3 mai dernier.", 0, 0, "");
}

static void test_months_alone(void **state)
{
    expect("Les deux pays s'étaient entendus en septembre 2013.", 2015, 1, "2013-09");
    expect("The plant should open in October.", 2023, 9, "2023-10");
    expect("Ce texte a été signé en mars dernier.", 2019, 6, "2019-03");
    /* a family name that is also a month name */
    expect("Le ministre de Mai Tien Dung parle.", 2019, 8, "");
}

static void test_calendar_helpers(void **state)
{
    int y = 2023, m = 12, d = 31;
    dates_add_days(&y, &m, &d, 1);
    assert_int_equal(y * 10000 + m * 100 + d, 20240101);
    y = 2024, m = 2, d = 28;
    dates_add_days(&y, &m, &d, 1);
    assert_int_equal(m * 100 + d, 229);
    assert_int_equal(dates_resolve_year(12, 2023, 1), 2022);
    assert_int_equal(dates_resolve_year(2, 2023, 1), 2023);
    assert_int_equal(dates_months_before(2020, 1, 2020, 12), 11);
    char out[11];
    dates_format(2024, 3, 0, DATE_MONTH, out);
    assert_string_equal(out, "2024-03");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_french_days),   cmocka_unit_test(test_french_ranges),
        cmocka_unit_test(test_english_forms), cmocka_unit_test(test_year_boundary),
        cmocka_unit_test(test_months_alone),  cmocka_unit_test(test_calendar_helpers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
