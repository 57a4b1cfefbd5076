/* Document reader: JSON Lines with bad lines among good ones, .txt files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "docreader.h"

static char *write_temp(const char *suffix, const char *data, size_t len)
{
    char *path = malloc(64);
    snprintf(path, 64, "/tmp/entente-docXXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_jsonl_with_errors(void **state)
{
    const char data[] =
        "{\"doc_id\":\"a\",\"url\":null,\"lang\":\"fr\",\"published\":\"2024-05\",\"text\":\"Un texte.\",\"x\":1}\n"
        "this is not json\n"
        "\n"
        "{\"doc_id\":\"b\",\"text\":\"caf\xe9\"}\n"
        "{\"doc_id\":\"c\",\"text\":\"   \"}\n"
        "{\"doc_id\":\"d\",\"text\":\"0123456789 0123456789\"}\n"
        "[1,2]\n"
        "{\"doc_id\":\"e\",\"text\":\"Le dernier.\"}";
    char *path = write_temp(".jsonl", data, sizeof data - 1);
    char err[512];
    docreader_t *rd = docreader_new(path, 16, err, sizeof err);
    assert_non_null(rd);
    docreader_doc_t d;
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_DOC);
    assert_string_equal(d.doc_id, "a");
    assert_string_equal(d.published, "2024-05");
    assert_string_equal(d.lang, "fr");
    assert_null(d.url);
    assert_int_equal(d.len, 9);
    assert_int_equal(d.line, 1);
    struct {
        size_t line;
        const char *what;
    } want[] = {{2, "not a JSON object"}, {4, "not UTF-8"}, {5, "empty text"},
                {6, "too large"},         {7, "not a JSON object"}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_SKIP);
        char where[128];
        snprintf(where, sizeof where, "%s:%zu:", path, want[i].line);
        assert_non_null(strstr(err, where));
        assert_non_null(strstr(err, want[i].what));
    }
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_DOC);
    assert_string_equal(d.doc_id, "e");
    assert_int_equal(d.line, 8);
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_EOF);
    docreader_destroy(&rd);
    assert_null(rd);
    unlink(path);
    free(path);
}

static void test_long_line_is_skipped_not_loaded(void **state)
{
    size_t n = 200000;
    char *data = malloc(n + 64);
    strcpy(data, "{\"doc_id\":\"big\",\"text\":\"");
    size_t k = strlen(data);
    memset(data + k, 'a', n);
    strcpy(data + k + n, "\"}\n{\"doc_id\":\"ok\",\"text\":\"fin\"}\n");
    char *path = write_temp(".jsonl", data, strlen(data));
    char err[512];
    docreader_t *rd = docreader_new(path, 1000, err, sizeof err);
    docreader_doc_t d;
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_SKIP);
    assert_non_null(strstr(err, ":1: text too large"));
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_DOC);
    assert_string_equal(d.doc_id, "ok");
    assert_int_equal(d.line, 2);
    docreader_destroy(&rd);
    unlink(path);
    free(path);
    free(data);
}

static void test_txt(void **state)
{
    const char data[] = " date 2021-12 Séoul (VNA) – Un article.\n\nSuite.";
    char *path = write_temp(".txt", data, sizeof data - 1);
    char err[512];
    docreader_t *rd = docreader_new(path, 0, err, sizeof err);
    docreader_doc_t d;
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_DOC);
    assert_string_equal(d.published, "2021-12");
    assert_int_equal(d.len, sizeof data - 1);
    const char *base = strrchr(path, '/') + 1;
    assert_int_equal(strlen(d.doc_id), strlen(base) - 4);
    assert_memory_equal(d.doc_id, base, strlen(d.doc_id));
    assert_int_equal(docreader_next(rd, &d, err, sizeof err), DOCREADER_EOF);
    docreader_destroy(&rd);
    unlink(path);
    free(path);
    assert_null(docreader_new("/nonexistent/file.jsonl", 0, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/file.jsonl"));
}

static void test_utf8_validation(void **state)
{
    assert_true(docreader_valid_utf8("Hà Nội", strlen("Hà Nội")));
    assert_false(docreader_valid_utf8("\xc3\x28", 2));
    assert_false(docreader_valid_utf8("\xed\xa0\x80", 3)); /* a surrogate */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_with_errors),
        cmocka_unit_test(test_long_line_is_skipped_not_loaded),
        cmocka_unit_test(test_txt),
        cmocka_unit_test(test_utf8_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
