/* stmt_cache — prepared statements of one connection, kept by their SQL text.
 *
 * Search builds its SQL from the filter, so the same few shapes come back
 * with different values; preparing one costs more than running it on an
 * indexed range. stmt_cache_get returns the statement already prepared for
 * the same text (or prepares it, evicting the least recently used of
 * STMT_CACHE_SIZE); stmt_cache_put resets it and clears its bindings for the
 * next use. A statement is lent between get and put: the cache owns it. The
 * connection is borrowed and must outlive the cache. One thread at a time. */
#ifndef ENTENTE_STMT_CACHE_H
#define ENTENTE_STMT_CACHE_H

#include <sqlite3.h>
#include <stddef.h>

#define STMT_CACHE_SIZE 32

typedef struct stmt_cache stmt_cache_t;

stmt_cache_t *stmt_cache_new(sqlite3 *db);
void stmt_cache_destroy(stmt_cache_t **self);

sqlite3 *stmt_cache_db(stmt_cache_t *self);
/* NULL when sql does not prepare (sqlite3_errmsg(db) says why). */
sqlite3_stmt *stmt_cache_get(stmt_cache_t *self, const char *sql, size_t len);
void stmt_cache_put(sqlite3_stmt *stmt);

#endif
