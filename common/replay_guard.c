#include "replay_guard.h"

#include <czmq.h>
#include <sodium.h>
#include <stdlib.h>

struct replay_guard {
    uint64_t window_ms;
    size_t max_ids;
    zhashx_t *seen;   /* "keyid/hexid" -> expiry (ms, stored in the pointer) */
    uint64_t next_prune_ms;
};

replay_guard_t *replay_guard_new(uint64_t window_ms, size_t max_ids)
{
    replay_guard_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->window_ms = window_ms;
    self->max_ids = max_ids;
    self->seen = zhashx_new();
    return self;
}

void replay_guard_destroy(replay_guard_t **self)
{
    if (!self || !*self)
        return;
    zhashx_destroy(&(*self)->seen);
    free(*self);
    *self = NULL;
}

static void replay_guard_prune(replay_guard_t *self, uint64_t now_ms)
{
    zlistx_t *keys = zhashx_keys(self->seen);
    for (const char *k = zlistx_first(keys); k; k = zlistx_next(keys)) {
        uint64_t expiry = (uint64_t)(uintptr_t)zhashx_lookup(self->seen, k);
        /* a copy stamped now + window is still fresh at expiry itself */
        if (expiry < now_ms)
            zhashx_delete(self->seen, k);
    }
    zlistx_destroy(&keys);
    self->next_prune_ms = now_ms + self->window_ms / 4 + 1;
}

replay_verdict_t replay_guard_check(replay_guard_t *self, const char *key_id,
                                    const uint8_t *request_id, size_t id_len,
                                    uint64_t timestamp_ms, uint64_t now_ms)
{
    uint64_t diff = timestamp_ms > now_ms ? timestamp_ms - now_ms : now_ms - timestamp_ms;
    if (diff > self->window_ms)
        return REPLAY_SKEWED;
    if (now_ms >= self->next_prune_ms || zhashx_size(self->seen) >= self->max_ids)
        replay_guard_prune(self, now_ms);
    char key[128], hex[65];
    if (id_len > 32)
        id_len = 32;
    sodium_bin2hex(hex, sizeof hex, request_id, id_len);
    snprintf(key, sizeof key, "%.32s/%s", key_id, hex);
    if (zhashx_lookup(self->seen, key))
        return REPLAY_REPLAYED;
    if (zhashx_size(self->seen) >= self->max_ids)
        return REPLAY_FULL;
    zhashx_insert(self->seen, key, (void *)(uintptr_t)(now_ms + 2 * self->window_ms));
    return REPLAY_FRESH;
}

size_t replay_guard_size(const replay_guard_t *self) { return zhashx_size(self->seen); }
