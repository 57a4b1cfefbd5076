/* identity and keyring: key files, names, keyring parsing, roles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datadir.h"
#include "test_util.h"

static int setup_dir(void **state)
{
    char *dir = malloc(4096);
    tu_mkdtemp(dir);
    *state = dir;
    return 0;
}

static int teardown_dir(void **state)
{
    tu_rmrf(*state);
    free(*state);
    return 0;
}

static void path_in(const char *dir, const char *name, char *out)
{
    snprintf(out, 4096, "%s/%s", dir, name);
}

static void test_generate_save_load(void **state)
{
    char path[4096], err[256];
    path_in(*state, "alice.key", path);
    identity_t *a = tu_identity("alice");
    assert_int_equal(identity_save(a, path, err, sizeof err), 0);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    identity_t *b = identity_load(path, err, sizeof err);
    assert_non_null(b);
    assert_string_equal(identity_name(b), "alice");
    assert_string_equal(identity_key_id(b), identity_key_id(a));
    assert_memory_equal(identity_public_key(b), identity_public_key(a), IDENTITY_PK_BYTES);
    assert_int_equal(strlen(identity_key_id(a)), IDENTITY_KEY_ID_LEN);
    /* a signature of the loaded key verifies against the original's public key */
    keyring_t *ring = keyring_new();
    assert_int_equal(keyring_add(ring, "alice", identity_public_key(a), ROLE_CLIENT), 0);
    const keyring_entry_t *e = keyring_find(ring, identity_key_id(a));
    assert_non_null(e);
    uint8_t sig[IDENTITY_SIG_BYTES];
    identity_sign(b, (const uint8_t *)"hello", 5, sig);
    assert_int_equal(keyring_verify(e, (const uint8_t *)"hello", 5, sig), 0);
    assert_int_equal(keyring_verify(e, (const uint8_t *)"hellp", 5, sig), -1);
    keyring_destroy(&ring);
    identity_destroy(&a);
    identity_destroy(&b);
    assert_null(b);
}

static void test_save_refuses_overwrite(void **state)
{
    char path[4096], err[256] = "";
    path_in(*state, "k.key", path);
    tu_write_file(path, "precious\n");
    identity_t *a = tu_identity("k");
    assert_int_equal(identity_save(a, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "exists"));
    char *text = tu_read_file(path);
    assert_string_equal(text, "precious\n");
    free(text);
    identity_destroy(&a);
}

static void test_load_errors(void **state)
{
    char path[4096], err[256] = "";
    path_in(*state, "missing.key", path);
    assert_null(identity_load(path, err, sizeof err));
    assert_non_null(strstr(err, "missing.key"));
    path_in(*state, "bad.key", path);
    tu_write_file(path, "hello world\n");
    assert_null(identity_load(path, err, sizeof err));
    assert_non_null(strstr(err, "not an entente secret key"));
    tu_write_file(path, "entente-secret-key 1\nname bob\nsecret-key abcd\n");
    assert_null(identity_load(path, err, sizeof err));
    assert_non_null(strstr(err, "128 hex"));
    tu_write_file(path, "entente-secret-key 1\nname b@d\nsecret-key abcd\n");
    assert_null(identity_load(path, err, sizeof err));
    assert_non_null(strstr(err, "invalid key name"));
}

static void test_names(void **state)
{
    char err[256];
    assert_true(identity_name_valid("index-1_a.b"));
    assert_false(identity_name_valid(""));
    assert_false(identity_name_valid("with space"));
    assert_false(identity_name_valid("slash/"));
    char long_name[IDENTITY_NAME_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_false(identity_name_valid(long_name));
    long_name[IDENTITY_NAME_MAX] = '\0';
    assert_true(identity_name_valid(long_name));
    assert_null(identity_generate("no good", err, sizeof err));
    assert_non_null(strstr(err, "invalid key name"));
}

static void test_roles(void **state)
{
    unsigned r = 0;
    char text[128];
    assert_int_equal(keyring_roles_parse("ingest", &r), 0);
    assert_int_equal(r, ROLE_INGEST);
    assert_int_equal(keyring_roles_parse("client,admin", &r), 0);
    assert_int_equal(r, ROLE_CLIENT | ROLE_ADMIN);
    assert_int_equal(keyring_roles_parse("ingest,index,query,client,admin", &r), 0);
    assert_int_equal(r, ROLE_ANY);
    assert_int_equal(keyring_roles_parse("client,root", &r), -1);
    assert_int_equal(keyring_roles_parse("", &r), -1);
    keyring_roles_format(ROLE_CLIENT | ROLE_INGEST, text, sizeof text);
    assert_string_equal(text, "ingest,client");
    keyring_roles_format(0, text, sizeof text);
    assert_string_equal(text, "");
    /* a short buffer truncates, never overflows */
    char small[8];
    keyring_roles_format(ROLE_ANY, small, sizeof small);
    assert_string_equal(small, "ingest,");
}

static void test_keyring_file(void **state)
{
    char path[4096], err[256], line_a[256], line_b[256];
    identity_t *a = tu_identity("alice"), *b = tu_identity("bob");
    keyring_format_line("alice", identity_public_key(a), ROLE_CLIENT | ROLE_ADMIN, line_a,
                        sizeof line_a);
    keyring_format_line("bob", identity_public_key(b), ROLE_INGEST, line_b, sizeof line_b);
    assert_int_equal(strncmp(line_a, "alice client,admin ", 19), 0);
    char text[1024];
    snprintf(text, sizeof text, "# trusted keys\n\n   # indented comment\n%s\n  %s\n", line_a,
             line_b);
    path_in(*state, "keyring", path);
    tu_write_file(path, text);
    keyring_t *ring = keyring_load(path, err, sizeof err);
    assert_non_null(ring);
    assert_int_equal(keyring_size(ring), 2);
    const keyring_entry_t *e = keyring_find(ring, identity_key_id(b));
    assert_non_null(e);
    assert_string_equal(e->name, "bob");
    assert_int_equal(e->roles, ROLE_INGEST);
    assert_memory_equal(e->pk, identity_public_key(b), IDENTITY_PK_BYTES);
    e = keyring_find(ring, identity_key_id(a));
    assert_non_null(e);
    assert_int_equal(e->roles, ROLE_CLIENT | ROLE_ADMIN);
    assert_null(keyring_find(ring, "0000000000000000"));
    keyring_destroy(&ring);
    assert_null(ring);
    identity_destroy(&a);
    identity_destroy(&b);
}

/* Each malformed line is reported with the file and its line number. */
static void test_keyring_errors(void **state)
{
    char path[4096], err[256], good[256], text[2048];
    identity_t *a = tu_identity("alice");
    keyring_format_line("alice", identity_public_key(a), ROLE_CLIENT, good, sizeof good);
    const char *hex = strrchr(good, ' ') + 1;
    struct {
        const char *bad_line, *why;
    } cases[] = {
        {"alice client", "expected"},
        {"alice client abcd extra", "expected"},
        {"al!ce client 00", "invalid key name"},
        {"alice root %s", "unknown role"},
        {"alice client 0011", "64 hex"},
        {"alice client zz%.62s", "64 hex"},
        {"carol client %s", "listed twice"},
    };
    path_in(*state, "keyring", path);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char bad[256];
        snprintf(bad, sizeof bad, cases[i].bad_line, hex);
        snprintf(text, sizeof text, "# comment\n%s\n%s\n", good, bad);
        tu_write_file(path, text);
        err[0] = '\0';
        assert_null(keyring_load(path, err, sizeof err));
        char where[4200];
        snprintf(where, sizeof where, "%s:3: ", path);
        if (strncmp(err, where, strlen(where)) != 0 || !strstr(err, cases[i].why))
            fail_msg("case %zu: error '%s' lacks '%s' / '%s'", i, err, where, cases[i].why);
    }
    path_in(*state, "nope", path);
    assert_null(keyring_load(path, err, sizeof err));
    assert_non_null(strstr(err, "nope"));
    identity_destroy(&a);
}

/* A comment longer than the line buffer is still one comment line, and the
 * line numbers after it stay right. */
static void test_keyring_long_lines(void **state)
{
    char path[4096], err[256] = "", good[256];
    identity_t *a = tu_identity("alice");
    keyring_format_line("alice", identity_public_key(a), ROLE_CLIENT, good, sizeof good);
    size_t n = 3000;
    char *text = malloc(n + 600);
    memset(text, 'x', n);
    text[0] = '#';
    snprintf(text + n, 600, "\n%s\nbob client 00\n", good);
    path_in(*state, "keyring", path);
    tu_write_file(path, text);
    assert_null(keyring_load(path, err, sizeof err));
    char where[4200];
    snprintf(where, sizeof where, "%s:3: ", path);
    if (strncmp(err, where, strlen(where)) != 0 || !strstr(err, "64 hex"))
        fail_msg("error '%s' should be at line 3", err);
    /* without the bad line the file loads */
    snprintf(text + n, 600, "\n%s\n", good);
    tu_write_file(path, text);
    keyring_t *ring = keyring_load(path, err, sizeof err);
    if (!ring)
        fail_msg("%s", err);
    assert_int_equal(keyring_size(ring), 1);
    /* a key line too long to be one is refused, not split */
    memcpy(text, "alice", 5);
    tu_write_file(path, text);
    keyring_destroy(&ring);
    assert_null(keyring_load(path, err, sizeof err));
    assert_non_null(strstr(err, ":1: "));
    free(text);
    identity_destroy(&a);
}

static void test_keyring_add_twice(void **state)
{
    identity_t *a = tu_identity("alice");
    keyring_t *ring = keyring_new();
    assert_int_equal(keyring_add(ring, "alice", identity_public_key(a), ROLE_CLIENT), 0);
    assert_int_equal(keyring_add(ring, "again", identity_public_key(a), ROLE_ADMIN), -1);
    assert_int_equal(keyring_size(ring), 1);
    keyring_destroy(&ring);
    identity_destroy(&a);
}

/* datadir_init makes the four identities once and reuses them. */
static void test_datadir_init_reuses(void **state)
{
    char dir[4096], ring_path[4096], key_path[4096], err[256];
    snprintf(dir, sizeof dir, "%s/data/sub", (char *)*state);
    assert_int_equal(datadir_init(dir, err, sizeof err), 0);
    datadir_keyring_path(dir, ring_path, sizeof ring_path);
    char *first = tu_read_file(ring_path);
    assert_non_null(first);
    for (size_t i = 0; i < datadir_identity_count; i++) {
        datadir_key_path(dir, datadir_identities[i].name, key_path, sizeof key_path);
        struct stat sb;
        assert_int_equal(stat(key_path, &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0600);
    }
    keyring_t *ring = keyring_load(ring_path, err, sizeof err);
    assert_non_null(ring);
    assert_int_equal(keyring_size(ring), datadir_identity_count);
    keyring_destroy(&ring);
    assert_int_equal(datadir_init(dir, err, sizeof err), 0);
    char *second = tu_read_file(ring_path);
    assert_string_equal(first, second);
    free(first);
    free(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_generate_save_load, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_save_refuses_overwrite, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_load_errors, setup_dir, teardown_dir),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_roles),
        cmocka_unit_test_setup_teardown(test_keyring_file, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_keyring_errors, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_keyring_long_lines, setup_dir, teardown_dir),
        cmocka_unit_test(test_keyring_add_twice),
        cmocka_unit_test_setup_teardown(test_datadir_init_reuses, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
