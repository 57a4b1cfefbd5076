/* replay_guard: fresh, replayed, skew both ways, expiry, the bound on ids. */
#include <string.h>

#include "replay_guard.h"
#include "test_util.h"

#define WINDOW 1000
#define T0 1700000000000ull

static const uint8_t id1[16] = {1}, id2[16] = {2};

static void test_fresh_then_replayed(void **state)
{
    replay_guard_t *g = replay_guard_new(WINDOW, 100);
    assert_int_equal(replay_guard_check(g, "aaaa", id1, 16, T0, T0), REPLAY_FRESH);
    assert_int_equal(replay_guard_check(g, "aaaa", id1, 16, T0, T0 + 1), REPLAY_REPLAYED);
    /* another id, or the same id from another key, is fresh */
    assert_int_equal(replay_guard_check(g, "aaaa", id2, 16, T0, T0 + 2), REPLAY_FRESH);
    assert_int_equal(replay_guard_check(g, "bbbb", id1, 16, T0, T0 + 3), REPLAY_FRESH);
    assert_int_equal(replay_guard_size(g), 3);
    replay_guard_destroy(&g);
    assert_null(g);
}

static void test_skew_both_ways(void **state)
{
    replay_guard_t *g = replay_guard_new(WINDOW, 100);
    /* at the edge of the window both ways: accepted */
    assert_int_equal(replay_guard_check(g, "k", id1, 16, T0 - WINDOW, T0), REPLAY_FRESH);
    assert_int_equal(replay_guard_check(g, "k", id2, 16, T0 + WINDOW, T0), REPLAY_FRESH);
    /* one past: refused, and not remembered */
    static const uint8_t id3[16] = {3}, id4[16] = {4};
    assert_int_equal(replay_guard_check(g, "k", id3, 16, T0 - WINDOW - 1, T0), REPLAY_SKEWED);
    assert_int_equal(replay_guard_check(g, "k", id4, 16, T0 + WINDOW + 1, T0), REPLAY_SKEWED);
    assert_int_equal(replay_guard_check(g, "k", id3, 16, 0, T0), REPLAY_SKEWED);
    assert_int_equal(replay_guard_size(g), 2);
    assert_int_equal(replay_guard_check(g, "k", id3, 16, T0, T0), REPLAY_FRESH);
    replay_guard_destroy(&g);
}

/* An id is remembered as long as a copy could still pass the timestamp check,
 * and forgotten after. */
static void test_expiry_after_window(void **state)
{
    replay_guard_t *g = replay_guard_new(WINDOW, 100);
    assert_int_equal(replay_guard_check(g, "k", id1, 16, T0 + WINDOW, T0), REPLAY_FRESH);
    /* a copy stamped T0+WINDOW is still within the window at T0+2*WINDOW */
    assert_int_equal(replay_guard_check(g, "k", id1, 16, T0 + WINDOW, T0 + 2 * WINDOW),
                     REPLAY_REPLAYED);
    /* long after, the id is pruned */
    assert_int_equal(replay_guard_check(g, "k", id2, 16, T0 + 10 * WINDOW, T0 + 10 * WINDOW),
                     REPLAY_FRESH);
    assert_int_equal(replay_guard_size(g), 1);
    assert_int_equal(replay_guard_check(g, "k", id1, 16, T0 + 10 * WINDOW, T0 + 10 * WINDOW),
                     REPLAY_FRESH);
    replay_guard_destroy(&g);
}

static void test_bound_on_ids(void **state)
{
    replay_guard_t *g = replay_guard_new(WINDOW, 4);
    uint8_t id[16] = {0};
    for (int i = 0; i < 4; i++) {
        id[0] = (uint8_t)(10 + i);
        assert_int_equal(replay_guard_check(g, "k", id, 16, T0, T0), REPLAY_FRESH);
    }
    id[0] = 99;
    assert_int_equal(replay_guard_check(g, "k", id, 16, T0, T0), REPLAY_FULL);
    assert_int_equal(replay_guard_size(g), 4);
    /* a replay is still recognised as such when full */
    id[0] = 10;
    assert_int_equal(replay_guard_check(g, "k", id, 16, T0, T0), REPLAY_REPLAYED);
    /* once the old ids expire there is room again */
    id[0] = 99;
    assert_int_equal(replay_guard_check(g, "k", id, 16, T0 + 3 * WINDOW, T0 + 3 * WINDOW),
                     REPLAY_FRESH);
    assert_int_equal(replay_guard_size(g), 1);
    replay_guard_destroy(&g);
}

/* Ids that differ only in their last byte are different ids. */
static void test_whole_id_counts(void **state)
{
    replay_guard_t *g = replay_guard_new(WINDOW, 100);
    uint8_t a[32], b[32];
    memset(a, 7, sizeof a);
    memcpy(b, a, sizeof b);
    b[31] = 8;
    assert_int_equal(replay_guard_check(g, "k", a, 32, T0, T0), REPLAY_FRESH);
    assert_int_equal(replay_guard_check(g, "k", b, 32, T0, T0), REPLAY_FRESH);
    assert_int_equal(replay_guard_check(g, "k", a, 8, T0, T0), REPLAY_FRESH);
    assert_int_equal(replay_guard_check(g, "k", a, 8, T0, T0), REPLAY_REPLAYED);
    replay_guard_destroy(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_then_replayed),
        cmocka_unit_test(test_skew_both_ways),
        cmocka_unit_test(test_expiry_after_window),
        cmocka_unit_test(test_bound_on_ids),
        cmocka_unit_test(test_whole_id_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
