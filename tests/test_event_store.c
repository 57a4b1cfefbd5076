/* event_store: the per-month counts follow appends (a country listed twice
 * counted once), and a version 1 file is migrated with its rows kept. */
#include <stdio.h>
#include <string.h>

#include "event_store.h"
#include "test_util.h"

/* Rows of sql as "v|v|v;" text, for comparing whole tables. */
static void table_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
{
    sqlite3_stmt *st;
    size_t used = 0;
    out[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW && used < outlen)
        for (int i = 0; i < sqlite3_column_count(st); i++)
            used += (size_t)snprintf(out + used, outlen - used, "%s%s",
                                     (const char *)sqlite3_column_text(st, i),
                                     i + 1 < sqlite3_column_count(st) ? "|" : ";");
    sqlite3_finalize(st);
}

static void append(event_store_t *s, const char *id, const char *date, char **cc, size_t n)
{
    Entente__V1__PartnershipEvent ev = ENTENTE__V1__PARTNERSHIP_EVENT__INIT, *evs[] = {&ev};
    ev.id = (char *)id;
    ev.doc_id = (char *)"doc";
    ev.type = (char *)"meeting";
    ev.date = (char *)date;
    ev.countries = cc;
    ev.n_countries = n;
    event_store_result_t res;
    char err[256];
    assert_int_equal(event_store_append(s, evs, 1, NULL, 0, &res, err, sizeof err), 0);
    assert_int_equal(res.stored, 1);
}

/* A new store in a fresh directory dir[4096]; its file's name into path. */
static event_store_t *fresh_store(char *dir, char *path, size_t pathlen)
{
    char err[256];
    tu_mkdtemp(dir);
    snprintf(path, pathlen, "%s/s.db", dir);
    event_store_t *s = event_store_open(path, EVENT_STORE_PRIMARY, err, sizeof err);
    assert_non_null(s);
    return s;
}

static void test_months_follow_appends(void **state)
{
    char dir[4096], path[4200], got[1024];
    event_store_t *s = fresh_store(dir, path, sizeof path);
    char *kr_vn[] = {"KR", "VN"}, *kr_kr_vn[] = {"KR", "KR", "VN"}, *fr_vn[] = {"FR", "VN"};
    append(s, "e1", "2024-03-05", kr_vn, 2);
    append(s, "e2", "2024-03", kr_kr_vn, 3);
    append(s, "e3", "", fr_vn, 2);
    append(s, "e4", "2024-04-01", kr_vn, 2);
    sqlite3 *db = event_store_db(s);
    table_text(db, "SELECT cc, month, n FROM country_months ORDER BY 1, 2", got, sizeof got);
    assert_string_equal(got, "FR|0000-00|1;KR|2024-03|2;KR|2024-04|1;"
                             "VN|0000-00|1;VN|2024-03|2;VN|2024-04|1;");
    table_text(db, "SELECT a, b, month, n FROM pair_months ORDER BY 1, 2, 3", got, sizeof got);
    assert_string_equal(got, "FR|VN|0000-00|1;KR|VN|2024-03|2;KR|VN|2024-04|1;");
    table_text(db, "SELECT seq, date_hi FROM event_pairs ORDER BY seq", got, sizeof got);
    assert_string_equal(got, "1|2024-03-05;2|2024-03-31;3|0000-00-00;4|2024-04-01;");
    event_store_close(&s);
    tu_rmrf(dir);
}

/* Back from the current schema to version 1 (what versions 2 and 3 add,
 * removed), with rows as version 1 wrote them. */
static const char *const to_v1 =
    "ALTER TABLE event_countries DROP COLUMN date_hi;"
    "ALTER TABLE event_pairs DROP COLUMN date_hi;"
    "DROP TABLE country_months;"
    "DROP TABLE pair_months;"
    "INSERT INTO events VALUES(1, 'e1', 'd', 'meeting', '', '2024-03-01', '2024-03-31', '', 0, x'');"
    "INSERT INTO events VALUES(2, 'e2', 'd', 'meeting', '', '2024-03-05', '2024-03-05', '', 0, x'');"
    "INSERT INTO event_countries VALUES('KR', '2024-03-01', 1), ('VN', '2024-03-01', 1),"
    "  ('VN', '2024-03-05', 2);"
    "INSERT INTO event_pairs VALUES('KR', 'VN', '2024-03-01', 1);"
    "PRAGMA user_version = 1;";

static void test_migrates_version_1(void **state)
{
    char dir[4096], path[4200], err[256], got[1024];
    event_store_t *s = fresh_store(dir, path, sizeof path);
    event_store_close(&s);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, to_v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    s = event_store_open(path, EVENT_STORE_PRIMARY, err, sizeof err);
    assert_non_null(s);
    sqlite3 *db = event_store_db(s);
    table_text(db, "PRAGMA user_version", got, sizeof got);
    assert_string_equal(got, "3;");
    table_text(db, "SELECT cc, seq, date_hi FROM event_countries ORDER BY 1, 2", got, sizeof got);
    assert_string_equal(got, "KR|1|2024-03-31;VN|1|2024-03-31;VN|2|2024-03-05;");
    table_text(db, "SELECT a, b, date_hi FROM event_pairs", got, sizeof got);
    assert_string_equal(got, "KR|VN|2024-03-31;");
    table_text(db, "SELECT cc, month, n FROM country_months ORDER BY 1", got, sizeof got);
    assert_string_equal(got, "KR|2024-03|1;VN|2024-03|2;");
    table_text(db, "SELECT a, b, month, n FROM pair_months", got, sizeof got);
    assert_string_equal(got, "KR|VN|2024-03|1;");
    assert_int_equal(event_store_head(s), 2);
    event_store_close(&s);
    tu_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_months_follow_appends),
        cmocka_unit_test(test_migrates_version_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
