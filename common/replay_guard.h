/* replay_guard — refuses stale and replayed requests.
 *
 * A request is fresh when its timestamp is within the skew window of the
 * receiver's clock and its (key id, request id) pair was not seen within the
 * window. Ids are remembered for twice the window, which is all that is needed:
 * an older copy already fails the timestamp check. Not thread-safe: one guard
 * per server loop. */
#ifndef ENTENTE_REPLAY_GUARD_H
#define ENTENTE_REPLAY_GUARD_H

#include <stddef.h>
#include <stdint.h>

typedef struct replay_guard replay_guard_t;

typedef enum {
    REPLAY_FRESH = 0,
    REPLAY_SKEWED,   /* timestamp outside the window */
    REPLAY_REPLAYED, /* the same request id from the same key, again */
    REPLAY_FULL,     /* too many ids inside the window to remember one more */
} replay_verdict_t;

/* window_ms: allowed clock difference either way; max_ids bounds memory. */
replay_guard_t *replay_guard_new(uint64_t window_ms, size_t max_ids);
void replay_guard_destroy(replay_guard_t **self);

replay_verdict_t replay_guard_check(replay_guard_t *self, const char *key_id,
                                    const uint8_t *request_id, size_t id_len,
                                    uint64_t timestamp_ms, uint64_t now_ms);
size_t replay_guard_size(const replay_guard_t *self);

#endif
