#include "event_store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each entry upgrades the schema by one version (index + 1). */
static const char *const migrations[] = {
    /* 1: events, their facets, documents, full text */
    "CREATE TABLE events("
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL,"
    "  type TEXT NOT NULL, instrument TEXT NOT NULL, date_lo TEXT NOT NULL,"
    "  date_hi TEXT NOT NULL, location TEXT NOT NULL, stored_ms INTEGER NOT NULL,"
    "  blob BLOB NOT NULL);"
    "CREATE INDEX events_by_date ON events(date_lo, seq);"
    "CREATE INDEX events_by_type ON events(type, date_lo, seq);"
    "CREATE INDEX events_by_doc ON events(doc_id);"
    "CREATE TABLE event_countries(cc TEXT NOT NULL, date_lo TEXT NOT NULL,"
    "  seq INTEGER NOT NULL, PRIMARY KEY(cc, date_lo, seq)) WITHOUT ROWID;"
    "CREATE INDEX event_countries_by_seq ON event_countries(seq);"
    "CREATE TABLE event_pairs(a TEXT NOT NULL, b TEXT NOT NULL, date_lo TEXT NOT NULL,"
    "  seq INTEGER NOT NULL, PRIMARY KEY(a, b, date_lo, seq)) WITHOUT ROWID;"
    "CREATE TABLE event_sectors(sector TEXT NOT NULL, date_lo TEXT NOT NULL,"
    "  seq INTEGER NOT NULL, PRIMARY KEY(sector, date_lo, seq)) WITHOUT ROWID;"
    "CREATE INDEX event_sectors_by_seq ON event_sectors(seq);"
    "CREATE TABLE event_people(seq INTEGER NOT NULL, name TEXT NOT NULL,"
    "  PRIMARY KEY(seq, name)) WITHOUT ROWID;"
    "CREATE TABLE event_organizations(seq INTEGER NOT NULL, name TEXT NOT NULL,"
    "  PRIMARY KEY(seq, name)) WITHOUT ROWID;"
    "CREATE TABLE documents(doc_id TEXT PRIMARY KEY, url TEXT NOT NULL, lang TEXT NOT NULL,"
    "  published TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,"
    "  stored_ms INTEGER NOT NULL);"
    "CREATE VIRTUAL TABLE events_fts USING fts5(evidence, organizations, people, location,"
    "  content='', tokenize='unicode61 remove_diacritics 2');",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof *migrations))

enum {
    ST_INSERT_EVENT,
    ST_INSERT_COUNTRY,
    ST_INSERT_PAIR,
    ST_INSERT_SECTOR,
    ST_INSERT_PERSON,
    ST_INSERT_ORG,
    ST_INSERT_FTS,
    ST_UPSERT_DOC,
    ST_HEAD,
    ST_REPLAY,
    ST_GET,
    ST_DOC,
    ST_COUNT
};

static const char *const statements[ST_COUNT] = {
    [ST_INSERT_EVENT] = "INSERT INTO events(seq, id, doc_id, type, instrument, date_lo, date_hi,"
                        " location, stored_ms, blob) VALUES(?,?,?,?,?,?,?,?,?,?)"
                        " ON CONFLICT(id) DO NOTHING",
    [ST_INSERT_COUNTRY] = "INSERT OR IGNORE INTO event_countries(cc, date_lo, seq) VALUES(?,?,?)",
    [ST_INSERT_PAIR] = "INSERT OR IGNORE INTO event_pairs(a, b, date_lo, seq) VALUES(?,?,?,?)",
    [ST_INSERT_SECTOR] = "INSERT OR IGNORE INTO event_sectors(sector, date_lo, seq) VALUES(?,?,?)",
    [ST_INSERT_PERSON] = "INSERT OR IGNORE INTO event_people(seq, name) VALUES(?,?)",
    [ST_INSERT_ORG] = "INSERT OR IGNORE INTO event_organizations(seq, name) VALUES(?,?)",
    [ST_INSERT_FTS] = "INSERT INTO events_fts(rowid, evidence, organizations, people, location)"
                      " VALUES(?,?,?,?,?)",
    [ST_UPSERT_DOC] = "INSERT INTO documents(doc_id, url, lang, published, sha256, text, stored_ms)"
                      " VALUES(?,?,?,?,?,?,?) ON CONFLICT(doc_id) DO NOTHING",
    [ST_HEAD] = "SELECT COALESCE(MAX(seq), 0) FROM events",
    [ST_REPLAY] = "SELECT seq, blob FROM events WHERE seq >= ? ORDER BY seq LIMIT ?",
    [ST_GET] = "SELECT seq, blob FROM events WHERE id = ?",
    [ST_DOC] = "SELECT doc_id, url, lang, published, sha256, text FROM documents WHERE doc_id = ?",
};

struct event_store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    uint64_t head;
};

static int store_fail(event_store_t *self, char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(self->db));
    return -1;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void event_store_date_range(const char *date, char lo[11], char hi[11])
{
    size_t n = date ? strlen(date) : 0;
    if (n == 10) {
        memcpy(lo, date, 11);
        memcpy(hi, date, 11);
    } else if (n == 7) {
        snprintf(lo, 11, "%.7s-01", date);
        snprintf(hi, 11, "%.7s-31", date);
    } else {
        memcpy(lo, "0000-00-00", 11);
        memcpy(hi, "0000-00-00", 11);
    }
}

/* Reads the version inside the write transaction, so two connections opening
 * a new file at once migrate it once. */
static int store_migrate(event_store_t *self, char *err, size_t errlen)
{
    if (sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(self, err, errlen, "schema migration");
    sqlite3_stmt *st;
    int version = -1;
    if (sqlite3_prepare_v2(self->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    int ok = version >= 0;
    if (version > SCHEMA_VERSION) {
        snprintf(err, errlen, "store schema version %d is newer than this program's %d",
                 version, SCHEMA_VERSION);
        ok = 0;
    }
    for (int v = version; ok && v < SCHEMA_VERSION; v++) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        ok = sqlite3_exec(self->db, migrations[v], NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_exec(self->db, sql, NULL, NULL, NULL) == SQLITE_OK;
    }
    if (ok && sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    if (!*err)
        store_fail(self, err, errlen, "schema migration");
    sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

event_store_t *event_store_open(const char *path, event_store_role_t role, char *err,
                                size_t errlen)
{
    event_store_t *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    err[0] = '\0';
    if (sqlite3_open_v2(path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, self->db ? sqlite3_errmsg(self->db) : "cannot open");
        event_store_close(&self);
        return NULL;
    }
    sqlite3_busy_timeout(self->db, 5000);
    const char *sync = role == EVENT_STORE_PRIMARY ? "PRAGMA synchronous=FULL"
                                                   : "PRAGMA synchronous=NORMAL";
    if (sqlite3_exec(self->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(self->db, sync, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(self->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK ||
        store_migrate(self, err, errlen) != 0) {
        if (!*err)
            store_fail(self, err, errlen, path);
        event_store_close(&self);
        return NULL;
    }
    for (int i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v3(self->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &self->st[i], NULL) != SQLITE_OK) {
            store_fail(self, err, errlen, "prepare");
            event_store_close(&self);
            return NULL;
        }
    sqlite3_stmt *h = self->st[ST_HEAD];
    self->head = sqlite3_step(h) == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(h, 0) : 0;
    sqlite3_reset(h);
    return self;
}

void event_store_close(event_store_t **self)
{
    if (!self || !*self)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize((*self)->st[i]);
    sqlite3_close((*self)->db);
    free(*self);
    *self = NULL;
}

sqlite3 *event_store_db(event_store_t *self) { return self->db; }
uint64_t event_store_head(event_store_t *self)
{
    sqlite3_stmt *h = self->st[ST_HEAD];
    uint64_t head = sqlite3_step(h) == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(h, 0) : 0;
    sqlite3_reset(h);
    return head;
}

/* Runs a prepared insert: binds texts/ints given as a format ("t" text,
 * "i" int64) and steps it. */
static int store_exec(event_store_t *self, int which, const char *fmt, ...)
{
    sqlite3_stmt *st = self->st[which];
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 't') {
            const char *s = va_arg(ap, const char *);
            sqlite3_bind_text(st, i + 1, s ? s : "", -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_int64(st, i + 1, va_arg(ap, sqlite3_int64));
        }
    }
    va_end(ap);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* "a; b; c" into buf, for the full-text columns. */
static const char *store_join(char *const *items, size_t n, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "; " : "", items[i]);
    return buf;
}

/* The facets and full text of one stored event. */
static int store_index_event(event_store_t *self, const Entente__V1__PartnershipEvent *ev,
                             sqlite3_int64 seq, const char *lo)
{
    int rc = 0;
    for (size_t i = 0; i < ev->n_countries; i++) {
        rc |= store_exec(self, ST_INSERT_COUNTRY, "tti", ev->countries[i], lo, seq);
        for (size_t j = 0; j < ev->n_countries; j++)
            if (strcmp(ev->countries[i], ev->countries[j]) < 0)
                rc |= store_exec(self, ST_INSERT_PAIR, "ttti", ev->countries[i], ev->countries[j],
                                 lo, seq);
    }
    for (size_t i = 0; i < ev->n_sectors; i++)
        rc |= store_exec(self, ST_INSERT_SECTOR, "tti", ev->sectors[i], lo, seq);
    for (size_t i = 0; i < ev->n_people; i++)
        rc |= store_exec(self, ST_INSERT_PERSON, "it", seq, ev->people[i]);
    for (size_t i = 0; i < ev->n_organizations; i++)
        rc |= store_exec(self, ST_INSERT_ORG, "it", seq, ev->organizations[i]);
    char orgs[8192], people[4096];
    rc |= store_exec(self, ST_INSERT_FTS, "itttt", seq, ev->evidence_text,
                     store_join(ev->organizations, ev->n_organizations, orgs, sizeof orgs),
                     store_join(ev->people, ev->n_people, people, sizeof people), ev->location);
    return rc;
}

/* Inserts one event at seq; 1 when its id was already stored. */
static int store_insert_event(event_store_t *self, const Entente__V1__PartnershipEvent *ev,
                              uint64_t seq)
{
    Entente__V1__PartnershipEvent copy = *ev;
    copy.seq = 0; /* the number lives in its column */
    size_t len = entente__v1__partnership_event__get_packed_size(&copy);
    uint8_t *blob = malloc(len ? len : 1);
    if (!blob)
        return -1;
    entente__v1__partnership_event__pack(&copy, blob);
    char lo[11], hi[11];
    event_store_date_range(ev->date, lo, hi);
    sqlite3_stmt *st = self->st[ST_INSERT_EVENT];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
    const char *texts[] = {ev->id, ev->doc_id, ev->type, ev->instrument, lo, hi, ev->location};
    for (int i = 0; i < 7; i++)
        sqlite3_bind_text(st, i + 2, texts[i] ? texts[i] : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)now_ms());
    sqlite3_bind_blob(st, 10, blob, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int changed = sqlite3_changes(self->db);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free(blob);
    if (rc != SQLITE_DONE)
        return -1;
    if (changed == 0)
        return 1;
    return store_index_event(self, ev, (sqlite3_int64)seq, lo) == 0 ? 0 : -1;
}

int event_store_put_documents(event_store_t *self, Entente__V1__Document *const *docs,
                              size_t n_docs, char *err, size_t errlen)
{
    for (size_t i = 0; i < n_docs; i++) {
        const Entente__V1__Document *d = docs[i];
        if (store_exec(self, ST_UPSERT_DOC, "tttttti", d->doc_id, d->url, d->lang, d->published,
                       d->sha256, d->text, (sqlite3_int64)now_ms()) != 0)
            return store_fail(self, err, errlen, "storing a document");
    }
    return 0;
}

static int store_begin(event_store_t *self, char *err, size_t errlen)
{
    if (sqlite3_exec(self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(self, err, errlen, "begin");
    return 0;
}

static int store_finish(event_store_t *self, int ok, uint64_t head_before, char *err,
                        size_t errlen)
{
    if (ok && sqlite3_exec(self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    if (ok)
        store_fail(self, err, errlen, "commit");
    sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
    self->head = head_before;
    return -1;
}

int event_store_append(event_store_t *self, Entente__V1__PartnershipEvent *const *events,
                       size_t n_events, Entente__V1__Document *const *docs, size_t n_docs,
                       event_store_result_t *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    uint64_t before = self->head;
    if (store_begin(self, err, errlen) != 0)
        return -1;
    self->head = event_store_head(self);
    int ok = event_store_put_documents(self, docs, n_docs, err, errlen) == 0;
    for (size_t i = 0; ok && i < n_events; i++) {
        int rc = store_insert_event(self, events[i], self->head + 1);
        if (rc < 0) {
            store_fail(self, err, errlen, "storing an event");
            ok = 0;
        } else if (rc == 1) {
            res->duplicates++;
        } else {
            self->head++;
            if (!res->first_seq)
                res->first_seq = self->head;
            res->last_seq = self->head;
            res->stored++;
        }
    }
    if (store_finish(self, ok, before, err, errlen) != 0) {
        memset(res, 0, sizeof *res);
        return -1;
    }
    res->head_seq = self->head;
    return 0;
}

int event_store_apply(event_store_t *self, Entente__V1__PartnershipEvent *const *events,
                      size_t n_events, event_store_result_t *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    uint64_t before = self->head;
    if (store_begin(self, err, errlen) != 0)
        return -1;
    self->head = event_store_head(self);
    int ok = 1;
    for (size_t i = 0; ok && i < n_events; i++) {
        uint64_t seq = events[i]->seq;
        if (seq <= self->head) {
            res->duplicates++;
            continue;
        }
        if (seq != self->head + 1) {
            snprintf(err, errlen, "gap: event %llu follows %llu", (unsigned long long)seq,
                     (unsigned long long)self->head);
            ok = 0;
        } else if (store_insert_event(self, events[i], seq) != 0) {
            store_fail(self, err, errlen, "storing an event");
            ok = 0;
        } else {
            self->head = seq;
            if (!res->first_seq)
                res->first_seq = seq;
            res->last_seq = seq;
            res->stored++;
        }
    }
    if (store_finish(self, ok, before, err, errlen) != 0) {
        memset(res, 0, sizeof *res);
        return -1;
    }
    res->head_seq = self->head;
    return 0;
}

Entente__V1__PartnershipEvent *event_store_decode(const void *blob, int len, uint64_t seq)
{
    Entente__V1__PartnershipEvent *ev =
        entente__v1__partnership_event__unpack(NULL, (size_t)len, blob);
    if (ev)
        ev->seq = seq;
    return ev;
}

void event_store_free_events(Entente__V1__PartnershipEvent **events, size_t n)
{
    for (size_t i = 0; events && i < n; i++)
        entente__v1__partnership_event__free_unpacked(events[i], NULL);
    free(events);
}

/* The filtered form of ST_REPLAY; values are bound, never pasted. */
static sqlite3_stmt *store_replay_filtered(event_store_t *self, const event_store_filter_t *f)
{
    char sql[4096];
    size_t used = (size_t)snprintf(sql, sizeof sql, "SELECT seq, blob FROM events WHERE seq >= ?");
    if (f->n_types) {
        used += (size_t)snprintf(sql + used, sizeof sql - used, " AND type IN (");
        for (size_t i = 0; i < f->n_types && used < sizeof sql; i++)
            used += (size_t)snprintf(sql + used, sizeof sql - used, "%s?", i ? "," : "");
        used += (size_t)snprintf(sql + used, sizeof sql - used, ")");
    }
    if (f->n_countries) {
        used += (size_t)snprintf(sql + used, sizeof sql - used,
                                 " AND seq IN (SELECT seq FROM event_countries WHERE cc IN (");
        for (size_t i = 0; i < f->n_countries && used < sizeof sql; i++)
            used += (size_t)snprintf(sql + used, sizeof sql - used, "%s?", i ? "," : "");
        used += (size_t)snprintf(sql + used, sizeof sql - used, "))");
    }
    used += (size_t)snprintf(sql + used, sizeof sql - used, " ORDER BY seq LIMIT ?");
    sqlite3_stmt *st = NULL;
    if (used >= sizeof sql || sqlite3_prepare_v2(self->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    int k = 2;
    for (size_t i = 0; i < f->n_types; i++)
        sqlite3_bind_text(st, k++, f->types[i], -1, SQLITE_STATIC);
    for (size_t i = 0; i < f->n_countries; i++)
        sqlite3_bind_text(st, k++, f->countries[i], -1, SQLITE_STATIC);
    return st;
}

int event_store_replay(event_store_t *self, uint64_t from_seq, uint32_t limit,
                       const event_store_filter_t *filter, Entente__V1__PartnershipEvent ***events,
                       size_t *n, uint64_t *scanned_to, char *err, size_t errlen)
{
    *events = NULL;
    *n = 0;
    if (from_seq > (uint64_t)INT64_MAX)
        from_seq = (uint64_t)INT64_MAX; /* past every seq; bound as is, it turned negative */
    int filtered = filter && (filter->n_types || filter->n_countries);
    if (filtered && filter->n_types + filter->n_countries > 512) {
        snprintf(err, errlen, "replay: too many filter values");
        return -1;
    }
    Entente__V1__PartnershipEvent **out = calloc(limit ? limit : 1, sizeof *out);
    sqlite3_stmt *st = filtered ? store_replay_filtered(self, filter) : self->st[ST_REPLAY];
    if (!out || !st) {
        free(out);
        snprintf(err, errlen, "replay: %s", out ? sqlite3_errmsg(self->db) : "out of memory");
        return -1;
    }
    /* the head first: rows the query sees past it are covered by its own snapshot */
    uint64_t head = event_store_head(self);
    int last = 1 + (filtered ? (int)(filter->n_types + filter->n_countries) : 0);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)from_seq);
    sqlite3_bind_int64(st, last + 1, limit);
    int rc;
    size_t count = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out[count] = event_store_decode(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1),
                                        (uint64_t)sqlite3_column_int64(st, 0));
        if (!out[count]) {
            rc = SQLITE_CORRUPT;
            break;
        }
        count++;
    }
    if (filtered)
        sqlite3_finalize(st);
    else
        sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        event_store_free_events(out, count);
        snprintf(err, errlen, "replay: %s", rc == SQLITE_CORRUPT ? "undecodable event" :
                                                                    sqlite3_errmsg(self->db));
        return -1;
    }
    uint64_t last_seq = count ? out[count - 1]->seq : 0;
    *scanned_to = count == limit ? last_seq : (last_seq > head ? last_seq : head);
    *events = out;
    *n = count;
    return 0;
}

int event_store_get(event_store_t *self, const char *id, Entente__V1__PartnershipEvent **ev,
                    char *err, size_t errlen)
{
    *ev = NULL;
    sqlite3_stmt *st = self->st[ST_GET];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *ev = event_store_decode(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1),
                                 (uint64_t)sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(self, err, errlen, "get");
    if (rc == SQLITE_ROW && !*ev) {
        snprintf(err, errlen, "event %s is not decodable", id);
        return -1;
    }
    return 0;
}

int event_store_document(event_store_t *self, const char *doc_id, Entente__V1__Document **doc,
                         char *err, size_t errlen)
{
    *doc = NULL;
    sqlite3_stmt *st = self->st[ST_DOC];
    sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        /* pack the row's fields and unpack them: one message the caller frees */
        Entente__V1__Document d = ENTENTE__V1__DOCUMENT__INIT;
        char **fields[] = {&d.doc_id, &d.url, &d.lang, &d.published, &d.sha256, &d.text};
        for (int i = 0; i < 6; i++)
            *fields[i] = (char *)sqlite3_column_text(st, i);
        size_t len = entente__v1__document__get_packed_size(&d);
        uint8_t *buf = malloc(len ? len : 1);
        if (buf) {
            entente__v1__document__pack(&d, buf);
            *doc = entente__v1__document__unpack(NULL, len, buf);
            free(buf);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(self, err, errlen, "document");
    if (rc == SQLITE_ROW && !*doc) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}
