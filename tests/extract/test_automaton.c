/* Aho-Corasick: every occurrence, overlaps, shared patterns; lexicon words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "automaton.h"
#include "fold.h"
#include "lexicon.h"

typedef struct {
    char seen[64][32];
    int n;
} found_t;

static int record(void *ud, uint32_t value, size_t start, size_t end)
{
    found_t *f = ud;
    if (f->n < 64)
        snprintf(f->seen[f->n++], 32, "%u@%zu-%zu", value, start, end);
    return 0;
}

static int has(const found_t *f, const char *s)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->seen[i], s) == 0)
            return 1;
    return 0;
}

static void test_all_occurrences(void **state)
{
    char err[128];
    ac_t *a = ac_new();
    const char *pats[] = {"he", "she", "his", "hers"};
    for (uint32_t i = 0; i < 4; i++)
        assert_int_equal(ac_add(a, pats[i], strlen(pats[i]), i, err, sizeof err), 0);
    assert_int_equal(ac_add(a, "he", 2, 9, err, sizeof err), 0);
    assert_int_equal(ac_compile(a, err, sizeof err), 0);
    assert_int_equal(ac_add(a, "late", 4, 1, err, sizeof err), -1);
    found_t f = {0};
    ac_scan(a, "ushers", 6, record, &f);
    assert_true(has(&f, "1@1-4")); /* she */
    assert_true(has(&f, "0@2-4")); /* he */
    assert_true(has(&f, "9@2-4")); /* he, second value */
    assert_true(has(&f, "3@2-6")); /* hers */
    assert_int_equal(f.n, 4);
    ac_destroy(&a);
    assert_null(a);
}

static void test_no_match_and_other_bytes(void **state)
{
    char err[128];
    ac_t *a = ac_new();
    assert_int_equal(ac_add(a, "accord", 6, 1, err, sizeof err), 0);
    assert_int_equal(ac_compile(a, err, sizeof err), 0);
    found_t f = {0};
    ac_scan(a, "\x01\xff accor d accorder", 18, record, &f);
    assert_int_equal(f.n, 1);
    assert_true(has(&f, "1@11-17"));
    ac_destroy(&a);
}

/* The built-in lexicons: whole words, longest match at a position. */
static void test_lexicon_words(void **state)
{
    char err[256];
    lexicon_t *lx = lexicon_new(NULL, err, sizeof err);
    assert_non_null(lx);
    char *t = fold_string("Un protocole d'accord sud-coréen, une Corée en paix.");
    lex_hit_t *hits = NULL;
    size_t cap = 0;
    long n = lexicon_find(lx, t, strlen(t), &hits, &cap);
    assert_true(n > 0);
    int mou = 0, kr = 0, agreement = 0;
    for (long i = 0; i < n; i++) {
        const lex_entry_t *e = lexicon_entry(lx, hits[i].entry);
        if (e->kind == LEX_INSTRUMENT && strcmp(e->value, "mou") == 0)
            mou++;
        if (e->kind == LEX_INSTRUMENT && strcmp(e->value, "agreement") == 0)
            agreement++;
        if (e->kind == LEX_COUNTRY && strcmp(e->value, "KR") == 0)
            kr++;
    }
    assert_int_equal(mou, 1);
    assert_int_equal(agreement, 0); /* "accord" inside the longer instrument */
    assert_int_equal(kr, 2);        /* sud-coréen and Corée, not coréen twice */
    free(t);
    free(hits);
    lexicon_destroy(&lx);
}

static void test_lexicon_directory(void **state)
{
    char dir[] = "/tmp/entente-lexXXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *files[] = {"countries.tsv", "bodies.tsv", "organizations.tsv", "titles.tsv",
                           "triggers.tsv", "instruments.tsv", "sectors.tsv", "calendar.tsv",
                           "cues.tsv", "surnames.tsv"};
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        if (i == 0)
            fputs("# a tiny list\nBordurie\tXB\tname\n", f);
        fclose(f);
    }
    char err[256];
    lexicon_t *lx = lexicon_new(dir, err, sizeof err);
    assert_non_null(lx);
    assert_int_equal(lexicon_pattern_count(lx), 1);
    lex_hit_t *hits = NULL;
    size_t cap = 0;
    assert_int_equal(lexicon_find(lx, "la bordurie", 11, &hits, &cap), 1);
    free(hits);
    lexicon_destroy(&lx);
    snprintf(path, sizeof path, "%s/%s", dir, files[9]);
    remove(path);
    assert_null(lexicon_new(dir, err, sizeof err));
    assert_non_null(strstr(err, "surnames.tsv"));
    for (size_t i = 0; i < 9; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_occurrences),
        cmocka_unit_test(test_no_match_and_other_bytes),
        cmocka_unit_test(test_lexicon_words),
        cmocka_unit_test(test_lexicon_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
