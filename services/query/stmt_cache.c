#include "stmt_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *sql;
    size_t len;
    sqlite3_stmt *stmt;
    uint64_t used; /* the clock at its last get; 0: empty */
} slot_t;

struct stmt_cache {
    sqlite3 *db;
    slot_t slots[STMT_CACHE_SIZE];
    uint64_t clock;
};

stmt_cache_t *stmt_cache_new(sqlite3 *db)
{
    stmt_cache_t *self = calloc(1, sizeof *self);
    if (self)
        self->db = db;
    return self;
}

static void slot_clear(slot_t *s)
{
    sqlite3_finalize(s->stmt);
    free(s->sql);
    memset(s, 0, sizeof *s);
}

void stmt_cache_destroy(stmt_cache_t **self)
{
    if (!self || !*self)
        return;
    for (int i = 0; i < STMT_CACHE_SIZE; i++)
        slot_clear(&(*self)->slots[i]);
    free(*self);
    *self = NULL;
}

sqlite3 *stmt_cache_db(stmt_cache_t *self) { return self->db; }

sqlite3_stmt *stmt_cache_get(stmt_cache_t *self, const char *sql, size_t len)
{
    slot_t *victim = &self->slots[0];
    for (int i = 0; i < STMT_CACHE_SIZE; i++) {
        slot_t *s = &self->slots[i];
        if (s->used && s->len == len && memcmp(s->sql, sql, len) == 0) {
            s->used = ++self->clock;
            return s->stmt;
        }
        if (s->used < victim->used)
            victim = s;
    }
    sqlite3_stmt *stmt = NULL;
    char *copy = malloc(len + 1);
    if (!copy || sqlite3_prepare_v3(self->db, sql, (int)len, SQLITE_PREPARE_PERSISTENT, &stmt,
                                    NULL) != SQLITE_OK) {
        free(copy);
        sqlite3_finalize(stmt);
        return NULL;
    }
    slot_clear(victim);
    memcpy(copy, sql, len);
    copy[len] = '\0';
    *victim = (slot_t){copy, len, stmt, ++self->clock};
    return stmt;
}

void stmt_cache_put(sqlite3_stmt *stmt)
{
    if (!stmt)
        return;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}
