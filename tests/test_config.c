/* config: flag beats environment beats default, bad values, unknown flags,
 * --help, operands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "test_util.h"

typedef struct {
    const char *endpoint;
    long port;
    int verbose;
} opts_t;

static opts_t o;
static const config_option_t table[] = {
    {"endpoint", 'e', CONFIG_STRING, &o.endpoint, "ENDPOINT", "where to connect"},
    {"port-number", 'p', CONFIG_INT, &o.port, "N", "a port"},
    {"verbose", 'v', CONFIG_FLAG, &o.verbose, NULL, "talk more"},
};
static const config_spec_t spec = {"prog", "[OPTIONS] FILE...", "A test program.", table, 3};

static int reset(void **state)
{
    o = (opts_t){.endpoint = "default", .port = 7, .verbose = 0};
    unsetenv("ENTENTE_ENDPOINT");
    unsetenv("ENTENTE_PORT_NUMBER");
    unsetenv("ENTENTE_VERBOSE");
    return 0;
}

/* Parses a NULL-terminated list of arguments after "prog". */
static int parse(int *next, char *err, size_t errlen, ...)
{
    char *argv[16] = {"prog"};
    int argc = 1;
    va_list ap;
    va_start(ap, errlen);
    for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 15;)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    return config_parse(&spec, argc, argv, next, err, errlen);
}

static void test_defaults(void **state)
{
    char err[256];
    int next = -1;
    assert_int_equal(parse(&next, err, sizeof err, NULL), 0);
    assert_int_equal(next, 1);
    assert_string_equal(o.endpoint, "default");
    assert_int_equal(o.port, 7);
    assert_int_equal(o.verbose, 0);
}

static void test_env_beats_default(void **state)
{
    char err[256];
    int next;
    setenv("ENTENTE_ENDPOINT", "from-env", 1);
    setenv("ENTENTE_PORT_NUMBER", "42", 1);
    setenv("ENTENTE_VERBOSE", "true", 1);
    assert_int_equal(parse(&next, err, sizeof err, NULL), 0);
    assert_string_equal(o.endpoint, "from-env");
    assert_int_equal(o.port, 42);
    assert_int_equal(o.verbose, 1);
}

/* Options after the operands still count, and the operands end up after
 * next in their order ("entente get ID --json"). "--" ends the options. */
static void test_options_after_operands(void **state)
{
    char err[256];
    int next;
    char *argv[] = {"prog", "file1", "-v", "file2", "--endpoint", "e", "--", "-p", NULL};
    assert_int_equal(config_parse(&spec, 8, argv, &next, err, sizeof err), 0);
    assert_int_equal(o.verbose, 1);
    assert_string_equal(o.endpoint, "e");
    assert_int_equal(o.port, 7);
    assert_int_equal(8 - next, 3);
    assert_string_equal(argv[next], "file1");
    assert_string_equal(argv[next + 1], "file2");
    assert_string_equal(argv[next + 2], "-p");
}

static void test_flag_beats_env(void **state)
{
    char err[256];
    int next;
    setenv("ENTENTE_ENDPOINT", "from-env", 1);
    setenv("ENTENTE_PORT_NUMBER", "42", 1);
    assert_int_equal(parse(&next, err, sizeof err, "--endpoint", "from-flag", "-p", "9", "-v",
                           "file1", "file2", NULL),
                     0);
    assert_string_equal(o.endpoint, "from-flag");
    assert_int_equal(o.port, 9);
    assert_int_equal(o.verbose, 1);
    assert_int_equal(next, 6); /* the first operand */
    assert_int_equal(parse(&next, err, sizeof err, "--port-number=11", "-efoo", NULL), 0);
    assert_int_equal(o.port, 11);
    assert_string_equal(o.endpoint, "foo");
}

static void test_bad_int(void **state)
{
    char err[256] = "";
    int next;
    const char *bad[] = {"12x", "", "x", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(&next, err, sizeof err, "--port-number", bad[i], NULL), -1);
        assert_non_null(strstr(err, "--port-number"));
        assert_non_null(strstr(err, "not a whole number"));
    }
    setenv("ENTENTE_PORT_NUMBER", "seven", 1);
    assert_int_equal(parse(&next, err, sizeof err, NULL), -1);
    assert_non_null(strstr(err, "ENTENTE_PORT_NUMBER"));
    setenv("ENTENTE_PORT_NUMBER", "1", 1);
    setenv("ENTENTE_VERBOSE", "maybe", 1);
    assert_int_equal(parse(&next, err, sizeof err, NULL), -1);
    assert_non_null(strstr(err, "not a boolean"));
}

static void test_unknown_flag(void **state)
{
    char err[256] = "";
    int next;
    assert_int_equal(parse(&next, err, sizeof err, "--bogus", NULL), -1);
    assert_non_null(strstr(err, "--bogus"));
    assert_int_equal(parse(&next, err, sizeof err, "--endpoint", NULL), -1);
    assert_non_null(strstr(err, "--endpoint"));
}

/* A failed parse must not leave getopt state behind for the next one. */
static void test_parses_are_independent(void **state)
{
    char err[256] = "";
    int next;
    assert_int_equal(parse(&next, err, sizeof err, "-xv", NULL), -1);
    assert_non_null(strstr(err, "-x"));
    o.verbose = 0;
    assert_int_equal(parse(&next, err, sizeof err, "-e", "here", NULL), 0);
    assert_string_equal(o.endpoint, "here");
    assert_int_equal(o.verbose, 0);
    assert_int_equal(next, 3);
}

static void test_help(void **state)
{
    char err[256];
    int next;
    FILE *saved = stdout;
    stdout = fopen("/dev/null", "w");
    assert_non_null(stdout);
    int rc = parse(&next, err, sizeof err, "--help", NULL);
    int rc_short = parse(&next, err, sizeof err, "-h", NULL);
    fclose(stdout);
    stdout = saved;
    assert_int_equal(rc, 1);
    assert_int_equal(rc_short, 1);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    config_print_help(&spec, mem);
    fclose(mem);
    assert_non_null(strstr(text, "usage: prog [OPTIONS] FILE..."));
    assert_non_null(strstr(text, "-e, --endpoint ENDPOINT"));
    assert_non_null(strstr(text, "[ENTENTE_PORT_NUMBER]"));
    assert_non_null(strstr(text, "--help"));
    free(text);
}

static void test_env_name(void **state)
{
    char env[32];
    config_env_name("max-msg-bytes", env, sizeof env);
    assert_string_equal(env, "ENTENTE_MAX_MSG_BYTES");
    char tiny[12];
    config_env_name("max-msg-bytes", tiny, sizeof tiny);
    assert_string_equal(tiny, "ENTENTE_MAX");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_defaults, reset),
        cmocka_unit_test_setup(test_env_beats_default, reset),
        cmocka_unit_test_setup(test_flag_beats_env, reset),
        cmocka_unit_test_setup(test_options_after_operands, reset),
        cmocka_unit_test_setup(test_bad_int, reset),
        cmocka_unit_test_setup(test_unknown_flag, reset),
        cmocka_unit_test_setup(test_parses_are_independent, reset),
        cmocka_unit_test_setup(test_help, reset),
        cmocka_unit_test(test_env_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
