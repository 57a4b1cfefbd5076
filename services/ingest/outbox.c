#include "outbox.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBOX_KIND_DOC 0
#define OUTBOX_KIND_EVENT 1

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS seen(doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS seen_by_sha ON seen(sha256);"
    "CREATE TABLE IF NOT EXISTS queue(row INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
    "  blob BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS dead_letters(row INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
    "  blob BLOB NOT NULL, reason TEXT NOT NULL);"
    "PRAGMA user_version = 1;";

enum { Q_SEEN_ID, Q_SEEN_SHA, Q_MARK, Q_PUSH, Q_PEEK, Q_ACK, Q_BURY, Q_DEPTH, Q_COUNT };

static const char *const sql[Q_COUNT] = {
    [Q_SEEN_ID] = "SELECT sha256 FROM seen WHERE doc_id = ?",
    [Q_SEEN_SHA] = "SELECT 1 FROM seen WHERE sha256 = ? LIMIT 1",
    [Q_MARK] = "INSERT INTO seen(doc_id, sha256) VALUES(?, ?)",
    [Q_PUSH] = "INSERT INTO queue(kind, blob) VALUES(?, ?)",
    [Q_PEEK] = "SELECT row, kind, blob FROM queue ORDER BY row LIMIT ?",
    [Q_ACK] = "DELETE FROM queue WHERE row <= ?",
    [Q_BURY] = ("INSERT INTO dead_letters(row, kind, blob, reason)"
                " SELECT row, kind, blob, ? FROM queue WHERE row <= ?"),
    [Q_DEPTH] = "SELECT COUNT(*) FROM queue",
};

struct outbox {
    sqlite3 *db;
    sqlite3_stmt *st[Q_COUNT];
};

static int outbox_fail(outbox_t *self, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "outbox %s: %s", what, sqlite3_errmsg(self->db));
    return -1;
}

outbox_t *outbox_open(const char *path, char *err, size_t errlen)
{
    outbox_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int ok = sqlite3_open_v2(path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_busy_timeout(self->db, 5000);
        ok = sqlite3_exec(self->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL,
                          NULL, NULL) == SQLITE_OK &&
             sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_exec(self->db, schema, NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
    }
    for (int i = 0; ok && i < Q_COUNT; i++)
        ok = sqlite3_prepare_v3(self->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &self->st[i],
                                NULL) == SQLITE_OK;
    if (!ok) {
        snprintf(err, errlen, "%s: %s", path, self->db ? sqlite3_errmsg(self->db) : "cannot open");
        outbox_close(&self);
    }
    return self;
}

void outbox_close(outbox_t **self)
{
    if (!self || !*self)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize((*self)->st[i]);
    sqlite3_close((*self)->db);
    free(*self);
    *self = NULL;
}

int outbox_seen(outbox_t *self, const char *doc_id, const char *sha256, outbox_seen_t *seen,
                char *err, size_t errlen)
{
    sqlite3_stmt *st = self->st[Q_SEEN_ID];
    sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *seen = OUTBOX_NEW;
    if (rc == SQLITE_ROW)
        *seen = strcmp((const char *)sqlite3_column_text(st, 0), sha256) == 0 ? OUTBOX_DUPLICATE
                                                                              : OUTBOX_CONFLICT;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return outbox_fail(self, "lookup", err, errlen);
    if (*seen != OUTBOX_NEW)
        return 0;
    st = self->st[Q_SEEN_SHA];
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *seen = OUTBOX_DUPLICATE;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return outbox_fail(self, "lookup", err, errlen);
    return 0;
}

static int outbox_push(outbox_t *self, int kind, const ProtobufCMessage *msg)
{
    size_t len = protobuf_c_message_get_packed_size(msg);
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        return -1;
    protobuf_c_message_pack(msg, buf);
    sqlite3_stmt *st = self->st[Q_PUSH];
    sqlite3_bind_int(st, 1, kind);
    sqlite3_bind_blob(st, 2, buf, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    free(buf);
    return rc == SQLITE_DONE ? 0 : -1;
}

int outbox_accept(outbox_t *self, const Entente__V1__Document *doc,
                  Entente__V1__PartnershipEvent *const *events, size_t n_events, char *err,
                  size_t errlen)
{
    if (sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return outbox_fail(self, "begin", err, errlen);
    sqlite3_stmt *st = self->st[Q_MARK];
    sqlite3_bind_text(st, 1, doc->doc_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, doc->sha256, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    ok = ok && outbox_push(self, OUTBOX_KIND_DOC, &doc->base) == 0;
    for (size_t i = 0; ok && i < n_events; i++)
        ok = outbox_push(self, OUTBOX_KIND_EVENT, &events[i]->base) == 0;
    if (ok && sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    outbox_fail(self, "accept", err, errlen);
    sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

void outbox_batch_clear(outbox_batch_t *b)
{
    for (size_t i = 0; i < b->n_docs; i++)
        entente__v1__document__free_unpacked(b->docs[i], NULL);
    for (size_t i = 0; i < b->n_events; i++)
        entente__v1__partnership_event__free_unpacked(b->events[i], NULL);
    free(b->docs);
    free(b->events);
    memset(b, 0, sizeof *b);
}

int outbox_peek(outbox_t *self, size_t max_rows, size_t max_bytes, outbox_batch_t *b,
                char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->docs = calloc(max_rows, sizeof *b->docs);
    b->events = calloc(max_rows, sizeof *b->events);
    if (!b->docs || !b->events) {
        outbox_batch_clear(b);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    sqlite3_stmt *st = self->st[Q_PEEK];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)max_rows);
    int rc, bad = 0;
    size_t bytes = 0;
    while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 2);
        size_t len = (size_t)sqlite3_column_bytes(st, 2);
        if (b->last_row && bytes + len > max_bytes)
            break;
        bytes += len;
        if (sqlite3_column_int(st, 1) == OUTBOX_KIND_DOC) {
            Entente__V1__Document *d = entente__v1__document__unpack(NULL, len, blob);
            bad = !d;
            if (d)
                b->docs[b->n_docs++] = d;
        } else {
            Entente__V1__PartnershipEvent *e =
                entente__v1__partnership_event__unpack(NULL, len, blob);
            bad = !e;
            if (e)
                b->events[b->n_events++] = e;
        }
        b->last_row = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (bad) {
        outbox_batch_clear(b);
        snprintf(err, errlen, "outbox holds an undecodable row");
        return -1;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        outbox_batch_clear(b);
        return outbox_fail(self, "peek", err, errlen);
    }
    return 0;
}

static int outbox_run(outbox_t *self, int which, const char *text, int64_t row, char *err,
                      size_t errlen)
{
    sqlite3_stmt *st = self->st[which];
    int i = 1;
    if (text)
        sqlite3_bind_text(st, i++, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, i, row);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : outbox_fail(self, "update", err, errlen);
}

int outbox_ack(outbox_t *self, int64_t last_row, char *err, size_t errlen)
{
    return outbox_run(self, Q_ACK, NULL, last_row, err, errlen);
}

int outbox_bury(outbox_t *self, int64_t last_row, const char *reason, char *err, size_t errlen)
{
    if (sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return outbox_fail(self, "begin", err, errlen);
    if (outbox_run(self, Q_BURY, reason, last_row, err, errlen) != 0 ||
        outbox_ack(self, last_row, err, errlen) != 0 ||
        sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

int64_t outbox_depth(outbox_t *self)
{
    sqlite3_stmt *st = self->st[Q_DEPTH];
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}
