/* Folding: case, accents, typography, blanks, offsets, bad UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fold.h"

static void expect_fold(const char *in, const char *want)
{
    char *got = fold_string(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_case_and_accents(void **state)
{
    expect_fold("République de Corée", "republique de coree");
    expect_fold("ÉTATS-UNIS", "etats-unis");
    expect_fold("Nguyễn Mạnh Hùng", "nguyen manh hung");
    expect_fold("Nguyên Manh Hung", "nguyen manh hung");
    expect_fold("Đà Nẵng", "da nang");
    expect_fold("main-d\xc5\x93uvre", "main-doeuvre");
}

static void test_nfd_folds_like_nfc(void **state)
{
    /* "é" as e + U+0301 and "ễ" as e + U+0302 + U+0303 */
    expect_fold("Cor\x65\xcc\x81\x65", "coree");
    expect_fold("Nguy\x65\xcc\x82\xcc\x83n", "nguyen");
}

static void test_typography(void **state)
{
    expect_fold("l\xe2\x80\x99Inde \xe2\x80\x93 le \xc2\xab forum \xc2\xbb",
                 "l'inde - le \" forum \"");
    expect_fold("un\xc2\xa0\xc2\xa0mot   et\tun autre", "un mot et un autre");
    expect_fold("ligne un\n\n  ligne deux", "ligne un\nligne deux");
}

static void test_offsets_map_back(void **state)
{
    const char *in = "Séoul, Hà Nội";
    fold_buf_t *b = fold_buf_new();
    char err[128];
    assert_int_equal(fold_run(b, in, strlen(in), err, sizeof err), 0);
    assert_string_equal(fold_text(b), "seoul, ha noi");
    const char *t = fold_text(b);
    size_t i = (size_t)(strstr(t, "noi") - t);
    /* the folded "noi" starts where "Nội" starts in the input */
    assert_int_equal(fold_offset(b, i), (uint32_t)(strstr(in, "N") - in));
    assert_int_equal(fold_offset(b, fold_len(b)), strlen(in));
    fold_buf_destroy(&b);
    assert_null(b);
}

static void test_invalid_utf8(void **state)
{
    fold_buf_t *b = fold_buf_new();
    char err[128] = "";
    const char bad[] = "abc\xff\xfe";
    assert_int_equal(fold_run(b, bad, sizeof bad - 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "UTF-8"));
    assert_null(fold_string("\xc3"));
    fold_buf_destroy(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_accents),
        cmocka_unit_test(test_nfd_folds_like_nfc),
        cmocka_unit_test(test_typography),
        cmocka_unit_test(test_offsets_map_back),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
