#include "replay_guard.h"

#include <czmq.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* An id remembered until expiry; the queue holds them in the order seen, so
 * the expired ones are at its head. */
typedef struct {
    uint64_t expiry_ms;
    char key[];
} seen_t;

struct replay_guard {
    uint64_t window_ms;
    size_t max_ids;
    zhashx_t *seen; /* "keyid/hexid" -> its seen_t (owned by the queue) */
    zlistx_t *queue;
};

static void seen_free(void **item)
{
    free(*item);
    *item = NULL;
}

replay_guard_t *replay_guard_new(uint64_t window_ms, size_t max_ids)
{
    replay_guard_t *self = calloc(1, sizeof *self);
    if (!self)
        return NULL;
    self->window_ms = window_ms;
    self->max_ids = max_ids;
    self->seen = zhashx_new();
    self->queue = zlistx_new();
    zlistx_set_destructor(self->queue, seen_free);
    return self;
}

void replay_guard_destroy(replay_guard_t **self)
{
    if (!self || !*self)
        return;
    zhashx_destroy(&(*self)->seen);
    zlistx_destroy(&(*self)->queue);
    free(*self);
    *self = NULL;
}

/* Forgets the expired ids: a few at a time, at every check, rather than a
 * sweep of the whole table that would stall the server loop. */
static void replay_guard_prune(replay_guard_t *self, uint64_t now_ms)
{
    seen_t *oldest;
    /* a copy stamped now + window is still fresh at expiry itself */
    while ((oldest = zlistx_first(self->queue)) && oldest->expiry_ms < now_ms) {
        zhashx_delete(self->seen, oldest->key);
        zlistx_delete(self->queue, zlistx_cursor(self->queue));
    }
}

replay_verdict_t replay_guard_check(replay_guard_t *self, const char *key_id,
                                    const uint8_t *request_id, size_t id_len,
                                    uint64_t timestamp_ms, uint64_t now_ms)
{
    uint64_t diff = timestamp_ms > now_ms ? timestamp_ms - now_ms : now_ms - timestamp_ms;
    if (diff > self->window_ms)
        return REPLAY_SKEWED;
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
    size_t len = strlen(key) + 1;
    seen_t *entry = malloc(sizeof *entry + len);
    if (!entry)
        return REPLAY_FULL;
    entry->expiry_ms = now_ms + 2 * self->window_ms;
    memcpy(entry->key, key, len);
    zlistx_add_end(self->queue, entry);
    zhashx_insert(self->seen, key, entry);
    return REPLAY_FRESH;
}

size_t replay_guard_size(const replay_guard_t *self) { return zhashx_size(self->seen); }
