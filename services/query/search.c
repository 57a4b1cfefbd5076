#include "search.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_store.h"
#include "stmt_cache.h"
#include "vocab.h"

/* ---- a statement under construction --------------------------------------- */

#define SQL_MAX 8192
#define SQL_MAX_BINDS 160

typedef struct {
    char sql[SQL_MAX];
    size_t len;
    char *binds[SQL_MAX_BINDS]; /* owned copies, bound as text */
    int n_binds;
    int overflow;
} sqlq_t;

static void sqlq_add(sqlq_t *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sqlq_add(sqlq_t *q, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(q->sql + q->len, SQL_MAX - q->len, fmt, ap);
    va_end(ap);
    if (n < 0 || q->len + (size_t)n >= SQL_MAX)
        q->overflow = 1;
    else
        q->len += (size_t)n;
}

static void sqlq_bind(sqlq_t *q, const char *value)
{
    if (q->n_binds == SQL_MAX_BINDS) {
        q->overflow = 1;
        return;
    }
    q->binds[q->n_binds++] = strdup(value);
}

static void sqlq_clear(sqlq_t *q)
{
    for (int i = 0; i < q->n_binds; i++)
        free(q->binds[i]);
    q->n_binds = 0;
    q->len = 0;
    q->sql[0] = '\0';
}

/* Prepares (or finds prepared) and binds; SQLITE_ERROR from the full-text parser is the caller's
 * fault, so it is INVALID_ARGUMENT. */
static sqlite3_stmt *sqlq_prepare(stmt_cache_t *cache, sqlq_t *q, status_t *st)
{
    if (q->overflow) {
        status_set(st, STATUS_INVALID_ARGUMENT, "query is too large");
        return NULL;
    }
    sqlite3_stmt *stmt = stmt_cache_get(cache, q->sql, q->len);
    if (!stmt) {
        status_set(st, STATUS_INTERNAL, "prepare: %s", sqlite3_errmsg(stmt_cache_db(cache)));
        return NULL;
    }
    for (int i = 0; i < q->n_binds; i++)
        sqlite3_bind_text(stmt, i + 1, q->binds[i], -1, SQLITE_TRANSIENT);
    return stmt;
}

static int step_failed(sqlite3 *db, int rc, status_t *st)
{
    if (rc == SQLITE_ERROR)
        status_set(st, STATUS_INVALID_ARGUMENT, "full-text query: %s", sqlite3_errmsg(db));
    else
        status_set(st, STATUS_UNAVAILABLE, "store: %s", sqlite3_errmsg(db));
    return -1;
}

/* ---- validation --------------------------------------------------------------- */

typedef struct {
    char since[11], until[11]; /* normalised YYYY-MM-DD, "" when absent */
    char since_month[11];      /* first day of since's month */
    char *countries_any[LIMITS_FILTER_VALUES_CEILING];
    char *countries_all[LIMITS_FILTER_VALUES_CEILING];
    size_t n_any, n_all;
    char cc_store[2 * LIMITS_FILTER_VALUES_CEILING][3];
} filter_t;

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" into the first (or last) day it covers. */
static int parse_date(const char *in, int last, char out[11])
{
    int y, m = 0, d = 0;
    char extra;
    size_t n = strlen(in);
    int ok = (n == 4 && sscanf(in, "%4d%c", &y, &extra) == 1) ||
             (n == 7 && sscanf(in, "%4d-%2d%c", &y, &m, &extra) == 2) ||
             (n == 10 && sscanf(in, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!ok || y < 1 || y > 9999 || (n >= 7 && (m < 1 || m > 12)) ||
        (n == 10 && (d < 1 || d > days[m - 1])))
        return -1;
    if (n == 4)
        m = last ? 12 : 1;
    if (n < 10)
        d = last ? 31 : 1;
    /* the modulos only tell the compiler the widths the checks above ensure */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return 0;
}

/* limits()->max_filter_values, never above the arrays of filter_t */
static int too_many(size_t n, const char *what, status_t *st)
{
    if (n <= (size_t)limits()->max_filter_values && n <= LIMITS_FILTER_VALUES_CEILING)
        return 0;
    status_set(st, STATUS_INVALID_ARGUMENT, "%zu values of %s, above the limit of %ld (--max-filter-values)",
               n, what, limits()->max_filter_values);
    return 1;
}

static int check_countries(char **in, size_t n, char **out, size_t *n_out, char (*store)[3],
                           status_t *st)
{
    if (too_many(n, "countries", st))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char cc[3] = {0};
        if (strlen(in[i]) == 2) {
            cc[0] = (char)toupper((unsigned char)in[i][0]);
            cc[1] = (char)toupper((unsigned char)in[i][1]);
        }
        if (!vocab_is_country(cc)) {
            status_set(st, STATUS_INVALID_ARGUMENT, "unknown country code '%.16s' (ISO 3166-1 alpha-2)",
                       in[i]);
            return -1;
        }
        memcpy(store[i], cc, 3);
        out[i] = store[i];
    }
    *n_out = n;
    return 0;
}

static int check_list(char **values, size_t n, int (*known)(const char *), const char *what,
                      status_t *st)
{
    if (too_many(n, what, st))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!known(values[i])) {
            status_set(st, STATUS_INVALID_ARGUMENT, "unknown %s '%.40s'", what, values[i]);
            return -1;
        }
    return 0;
}

static int is_type(const char *t) { return vocab_event_type(t) != NULL; }

static int filter_check(const Entente__V1__Filter *f, filter_t *out, status_t *st)
{
    memset(out, 0, sizeof *out);
    if (!f)
        return 0;
    if (check_countries(f->countries_any, f->n_countries_any, out->countries_any, &out->n_any,
                        out->cc_store, st) ||
        check_countries(f->countries_all, f->n_countries_all, out->countries_all, &out->n_all,
                        out->cc_store + LIMITS_FILTER_VALUES_CEILING, st) ||
        check_list(f->types, f->n_types, is_type, "event type", st) ||
        check_list(f->instruments, f->n_instruments, vocab_is_instrument, "instrument", st) ||
        check_list(f->sectors, f->n_sectors, vocab_is_sector, "sector", st))
        return -1;
    if (f->since && *f->since && parse_date(f->since, 0, out->since) != 0) {
        status_set(st, STATUS_INVALID_ARGUMENT, "since '%.20s' is not YYYY[-MM[-DD]]", f->since);
        return -1;
    }
    if (f->until && *f->until && parse_date(f->until, 1, out->until) != 0) {
        status_set(st, STATUS_INVALID_ARGUMENT, "until '%.20s' is not YYYY[-MM[-DD]]", f->until);
        return -1;
    }
    if (*out->since && *out->until && strcmp(out->since, out->until) > 0) {
        status_set(st, STATUS_INVALID_ARGUMENT, "since %s is after until %s", out->since,
                   out->until);
        return -1;
    }
    if (*out->since)
        snprintf(out->since_month, sizeof out->since_month, "%.7s-01", out->since);
    return 0;
}

/* ---- conditions ----------------------------------------------------------------- */

static void add_in_list(sqlq_t *q, char *const *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlq_add(q, "%s?", i ? "," : "");
        sqlq_bind(q, values[i]);
    }
}

/* A full-text phrase: the value in double quotes, inner quotes doubled. */
static void fts_phrase(char *out, size_t outlen, const char *column, const char *value)
{
    size_t used = (size_t)snprintf(out, outlen, "%s : \"", column);
    for (const char *p = value; *p && used + 3 < outlen; p++) {
        if (*p == '"')
            out[used++] = '"';
        out[used++] = *p;
    }
    snprintf(out + used, outlen - used, "\"");
}

/* Plain words (no quotes, parentheses, prefix stars, column filters or
 * operators) are searched word by word; anything else is FTS5 syntax. */
static int fts_is_plain(const char *text)
{
    if (strpbrk(text, "\"():*^+{}"))
        return 0;
    static const char *const ops[] = {"AND", "OR", "NOT", "NEAR"};
    char *copy = strdup(text), *save = NULL;
    int plain = copy != NULL;
    for (char *w = plain ? strtok_r(copy, " \t\n", &save) : NULL; w && plain;
         w = strtok_r(NULL, " \t\n", &save))
        for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
            if (strcmp(w, ops[i]) == 0)
                plain = 0;
    free(copy);
    return plain;
}

/* The full-text part of the filter as one MATCH expression ("" if none). */
static void fts_expression(const Entente__V1__Filter *f, char *out, size_t outlen)
{
    const char *cols[] = {"people", "organizations", "location"};
    const char *vals[] = {f->person, f->organization, f->location};
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < 3; i++) {
        if (!vals[i] || !*vals[i])
            continue;
        char phrase[1200];
        fts_phrase(phrase, sizeof phrase, cols[i], vals[i]);
        used += (size_t)snprintf(out + used, outlen - used, "%s(%s)", used ? " AND " : "", phrase);
    }
    if (!f->text || !*f->text || used >= outlen)
        return;
    used += (size_t)snprintf(out + used, outlen - used, "%s(", used ? " AND " : "");
    if (fts_is_plain(f->text)) {
        /* every word a phrase, so "semi-conducteurs" or "e-commerce" mean what they say */
        char *copy = strdup(f->text), *save = NULL;
        int first = 1;
        for (char *w = copy ? strtok_r(copy, " \t\n", &save) : NULL; w && used < outlen;
             w = strtok_r(NULL, " \t\n", &save), first = 0)
            used += (size_t)snprintf(out + used, outlen - used, "%s\"%s\"", first ? "" : " ", w);
        free(copy);
    } else {
        used += (size_t)snprintf(out + used, outlen - used, "%s", f->text);
    }
    if (used < outlen)
        snprintf(out + used, outlen - used, ")");
}

/* Conditions on events e (each starts with " AND "). drive: what add_drive
 * chose (2: the pair countries_all[0..1], 1: countries_all[0] or the only
 * countries_any), whose condition, and the dates' (add_drive_range), the
 * driving table already enforces. */
static void add_conditions(sqlq_t *q, const Entente__V1__Filter *f, const filter_t *flt,
                           int drive)
{
    if (!f)
        return;
    if (flt->n_any && !(drive == 1 && flt->n_any == 1 && !flt->n_all)) {
        sqlq_add(q, " AND e.seq IN (SELECT seq FROM event_countries WHERE cc IN (");
        add_in_list(q, flt->countries_any, flt->n_any);
        sqlq_add(q, "))");
    }
    size_t first_all = drive == 2 ? 2 : (drive == 1 && flt->n_all ? 1 : 0);
    for (size_t i = first_all; i < flt->n_all; i++) {
        sqlq_add(q, " AND e.seq IN (SELECT seq FROM event_countries WHERE cc = ?)");
        sqlq_bind(q, flt->countries_all[i]);
    }
    if (f->n_types) {
        sqlq_add(q, " AND e.type IN (");
        add_in_list(q, f->types, f->n_types);
        sqlq_add(q, ")");
    }
    if (f->n_instruments) {
        sqlq_add(q, " AND e.instrument IN (");
        add_in_list(q, f->instruments, f->n_instruments);
        sqlq_add(q, ")");
    }
    if (f->n_sectors) {
        sqlq_add(q, " AND e.seq IN (SELECT seq FROM event_sectors WHERE sector IN (");
        add_in_list(q, f->sectors, f->n_sectors);
        sqlq_add(q, "))");
    }
    if (*flt->since && !drive) {
        sqlq_add(q, " AND e.date_hi >= ?");
        sqlq_bind(q, flt->since);
    }
    if (*flt->until && !drive) {
        sqlq_add(q, " AND e.date_lo <= ?");
        sqlq_bind(q, flt->until);
    }
    if (f->doc_id && *f->doc_id) {
        sqlq_add(q, " AND e.doc_id = ?");
        sqlq_bind(q, f->doc_id);
    }
    char match[4096];
    fts_expression(f, match, sizeof match);
    if (*match) {
        sqlq_add(q, " AND e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)");
        sqlq_bind(q, match);
    }
}

/* The table a date-ordered search walks: 2 the pair countries_all[0..1]
 * (keys in order), 1 one country (countries_all[0] or the only
 * countries_any), 0 all events. */
static int drive_keys(const filter_t *flt, const char *keys[2])
{
    if (flt->n_all == 2 && strcmp(flt->countries_all[0], flt->countries_all[1]) != 0) {
        int swap = strcmp(flt->countries_all[0], flt->countries_all[1]) > 0;
        keys[0] = flt->countries_all[swap];
        keys[1] = flt->countries_all[!swap];
        return 2;
    }
    keys[0] = flt->n_all ? flt->countries_all[0]
                         : (flt->n_any == 1 ? flt->countries_any[0] : NULL);
    return keys[0] ? 1 : 0;
}

/* The key condition of a country or pair table (columns prefixed by alias). */
static void add_keys(sqlq_t *q, int drive, const char *const keys[2], const char *alias)
{
    if (drive == 2) {
        sqlq_add(q, "%sa = ? AND %sb = ?", alias, alias);
        sqlq_bind(q, keys[0]);
        sqlq_bind(q, keys[1]);
    } else {
        sqlq_add(q, "%scc = ?", alias);
        sqlq_bind(q, keys[0]);
    }
}

/* The FROM clause of the driving table d (drive_keys), joining events e to it
 * when join is set. Returns the drive. */
static int add_drive(sqlq_t *q, const filter_t *flt, int join)
{
    const char *keys[2];
    int drive = drive_keys(flt, keys);
    if (!drive) {
        sqlq_add(q, " FROM events e WHERE 1");
        return 0;
    }
    sqlq_add(q, " FROM %s d%s WHERE ", drive == 2 ? "event_pairs" : "event_countries",
             join ? " JOIN events e ON e.seq = d.seq" : "");
    add_keys(q, drive, keys, "d.");
    return drive;
}

/* COUNT(*) of a country or pair between dates, from the month totals: the
 * months inside the range are added up, rows are counted only in since's and
 * until's months (where the days decide). */
static void add_month_count(sqlq_t *q, const filter_t *flt, int drive, const char *const keys[2])
{
    const char *rows = drive == 2 ? "event_pairs" : "event_countries";
    char sm[8] = "", um[8] = "", bound[11];
    if (*flt->since)
        snprintf(sm, sizeof sm, "%.7s", flt->since);
    if (*flt->until)
        snprintf(um, sizeof um, "%.7s", flt->until);
    sqlq_add(q, "SELECT (SELECT COALESCE(SUM(n), 0) FROM %s WHERE ",
             drive == 2 ? "pair_months" : "country_months");
    add_keys(q, drive, keys, "");
    if (*sm) {
        sqlq_add(q, " AND month > ?");
        sqlq_bind(q, sm);
    }
    if (*um) {
        sqlq_add(q, " AND month < ?");
        sqlq_bind(q, um);
    }
    if (*sm) {
        sqlq_add(q, ") + (SELECT COUNT(*) FROM %s d WHERE ", rows);
        add_keys(q, drive, keys, "d.");
        snprintf(bound, sizeof bound, "%s-31", sm);
        sqlq_add(q, " AND d.date_lo >= ? AND d.date_lo <= ? AND d.date_hi >= ?");
        sqlq_bind(q, flt->since_month);
        sqlq_bind(q, bound);
        sqlq_bind(q, flt->since);
        if (*um) {
            sqlq_add(q, " AND d.date_lo <= ?");
            sqlq_bind(q, flt->until);
        }
    }
    if (*um && strcmp(sm, um) != 0) {
        sqlq_add(q, ") + (SELECT COUNT(*) FROM %s d WHERE ", rows);
        add_keys(q, drive, keys, "d.");
        snprintf(bound, sizeof bound, "%s-01", um);
        sqlq_add(q, " AND d.date_lo >= ? AND d.date_lo <= ?");
        sqlq_bind(q, bound);
        sqlq_bind(q, flt->until);
    }
    sqlq_add(q, ")");
}

/* The date range on the driving table's (date_lo, seq) key, so the walk
 * starts and stops in the index (since's month start, because an event known
 * to the month begins on its first day); a country or pair table also holds
 * date_hi, so the range is decided there without reading the events. */
static void add_drive_range(sqlq_t *q, const filter_t *flt, int drive)
{
    const char *t = drive ? "d" : "e";
    if (*flt->since) {
        sqlq_add(q, " AND %s.date_lo >= ?", t);
        sqlq_bind(q, flt->since_month);
    }
    if (*flt->since && drive) {
        sqlq_add(q, " AND d.date_hi >= ?");
        sqlq_bind(q, flt->since);
    }
    if (*flt->until) {
        sqlq_add(q, " AND %s.date_lo <= ?", t);
        sqlq_bind(q, flt->until);
    }
}

/* ---- page tokens ------------------------------------------------------------------ */

typedef struct {
    char date_lo[11];
    long long seq;
} cursor_t;

static void query_hash(const Entente__V1__SearchRequest *req, char out[17])
{
    Entente__V1__SearchRequest copy = *req;
    copy.page_token = (char *)"";
    copy.page_size = 0;
    size_t len = entente__v1__search_request__get_packed_size(&copy);
    uint8_t *buf = malloc(len ? len : 1), h[8];
    entente__v1__search_request__pack(&copy, buf);
    crypto_generichash(h, sizeof h, buf, len, NULL, 0);
    free(buf);
    sodium_bin2hex(out, 17, h, sizeof h);
}

static void token_encode(const Entente__V1__SearchRequest *req, const cursor_t *c, char *out,
                         size_t outlen)
{
    char hash[17], raw[96];
    query_hash(req, hash);
    int n = snprintf(raw, sizeof raw, "1|%s|%s|%lld", hash, c->date_lo, c->seq);
    sodium_bin2base64(out, outlen, (const unsigned char *)raw, (size_t)n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int token_decode(const Entente__V1__SearchRequest *req, cursor_t *c, status_t *st)
{
    unsigned char raw[96] = {0};
    size_t len = 0;
    const char *tok = req->page_token;
    char hash[17], got[17];
    if (strlen(tok) > 120 ||
        sodium_base642bin(raw, sizeof raw - 1, tok, strlen(tok), NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        sscanf((char *)raw, "1|%16[0-9a-f]|%10[0-9-]|%lld", got, c->date_lo, &c->seq) != 3) {
        status_set(st, STATUS_INVALID_ARGUMENT, "page token is not valid");
        return -1;
    }
    query_hash(req, hash);
    if (strcmp(hash, got) != 0) {
        status_set(st, STATUS_INVALID_ARGUMENT, "page token belongs to another query");
        return -1;
    }
    return 0;
}

/* ---- Search ----------------------------------------------------------------------- */

static int order_by_date(Entente__V1__Order o)
{
    return o == ENTENTE__V1__ORDER__ORDER_DATE_DESC || o == ENTENTE__V1__ORDER__ORDER_DATE_ASC;
}

static int order_desc(Entente__V1__Order o)
{
    return o == ENTENTE__V1__ORDER__ORDER_DATE_DESC || o == ENTENTE__V1__ORDER__ORDER_SEQ_DESC;
}

/* Position after the cursor, in the order asked. */
static void add_keyset(sqlq_t *q, Entente__V1__Order order, int drive, const cursor_t *c)
{
    const char *t = drive ? "d" : "e", *cmp = order_desc(order) ? "<" : ">";
    char seqbuf[24];
    snprintf(seqbuf, sizeof seqbuf, "%lld", c->seq);
    if (order_by_date(order)) {
        sqlq_add(q, " AND (%s.date_lo %s ? OR (%s.date_lo = ? AND %s.seq %s ?))", t, cmp, t, t,
                 cmp);
        sqlq_bind(q, c->date_lo);
        sqlq_bind(q, c->date_lo);
        sqlq_bind(q, seqbuf);
    } else {
        sqlq_add(q, " AND e.seq %s ?", cmp);
        sqlq_bind(q, seqbuf);
    }
}

static void add_order(sqlq_t *q, Entente__V1__Order order, int drive)
{
    const char *t = drive ? "d" : "e", *dir = order_desc(order) ? "DESC" : "ASC";
    if (order_by_date(order))
        sqlq_add(q, " ORDER BY %s.date_lo %s, %s.seq %s", t, dir, t, dir);
    else
        sqlq_add(q, " ORDER BY e.seq %s", dir);
}

static int search_count(stmt_cache_t *cache, const Entente__V1__Filter *f, const filter_t *flt,
                        uint64_t *total, status_t *st)
{
    /* events are joined only when a condition needs them; a country or pair
     * between dates alone is counted from the month totals */
    sqlq_t probe = {0}, q = {0};
    const char *keys[2];
    int drive = drive_keys(flt, keys);
    add_conditions(&probe, f, flt, drive);
    int join = probe.len > 0;
    sqlq_clear(&probe);
    if (drive && !join) {
        add_month_count(&q, flt, drive, keys);
    } else if (!drive && !join && !flt->since[0] && !flt->until[0]) {
        /* no filter: sequence numbers are gap-free from 1 and events are
         * never deleted, so the last one is the count (COUNT(*) walks every
         * row: 9 ms a call on a million events) */
        sqlq_add(&q, "SELECT COALESCE(MAX(seq), 0) FROM events");
    } else {
        sqlq_add(&q, "SELECT COUNT(*)");
        add_drive(&q, flt, join);
        add_drive_range(&q, flt, drive);
        add_conditions(&q, f, flt, drive);
    }
    sqlite3_stmt *stmt = sqlq_prepare(cache, &q, st);
    sqlq_clear(&q);
    if (!stmt)
        return -1;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *total = (uint64_t)sqlite3_column_int64(stmt, 0);
    else
        step_failed(stmt_cache_db(cache), rc, st);
    stmt_cache_put(stmt);
    return rc == SQLITE_ROW ? 0 : -1;
}

static int search_page(sqlite3 *db, sqlite3_stmt *stmt, uint32_t page,
                       Entente__V1__SearchReply *out, cursor_t *last, int *more, status_t *st)
{
    out->events = calloc(page, sizeof *out->events);
    if (!out->events) {
        status_set(st, STATUS_RESOURCE_EXHAUSTED, "out of memory");
        return -1;
    }
    int rc;
    *more = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (out->n_events == page) {
            *more = 1;
            break;
        }
        Entente__V1__PartnershipEvent *ev = event_store_decode(
            sqlite3_column_blob(stmt, 1), sqlite3_column_bytes(stmt, 1),
            (uint64_t)sqlite3_column_int64(stmt, 0));
        if (!ev) {
            status_set(st, STATUS_DATA_LOSS, "stored event %lld is not decodable",
                       (long long)sqlite3_column_int64(stmt, 0));
            return -1;
        }
        out->events[out->n_events++] = ev;
        last->seq = sqlite3_column_int64(stmt, 0);
        snprintf(last->date_lo, sizeof last->date_lo, "%s",
                 (const char *)sqlite3_column_text(stmt, 2));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return step_failed(db, rc, st);
    return 0;
}

int search_run(stmt_cache_t *cache, const Entente__V1__SearchRequest *req, Entente__V1__SearchReply *out,
               status_t *st)
{
    entente__v1__search_reply__init(out);
    filter_t flt;
    cursor_t cursor = {"", 0}, last = {"", 0};
    int paged = req->page_token && *req->page_token;
    if (filter_check(req->filter, &flt, st) != 0 || (paged && token_decode(req, &cursor, st)))
        return -1;
    if (req->order > ENTENTE__V1__ORDER__ORDER_SEQ_DESC) {
        status_set(st, STATUS_INVALID_ARGUMENT, "unknown order %d", req->order);
        return -1;
    }
    uint32_t max_page = (uint32_t)limits()->max_page;
    uint32_t page = req->page_size                     ? req->page_size
                    : SEARCH_DEFAULT_PAGE < max_page ? SEARCH_DEFAULT_PAGE
                                                     : max_page;
    if (page > max_page) {
        status_set(st, STATUS_INVALID_ARGUMENT, "page_size %u is above the limit of %u (--max-page)",
                   page, max_page);
        return -1;
    }
    if (!paged && search_count(cache, req->filter, &flt, &out->total, st) != 0)
        return -1;
    sqlq_t q = {0};
    sqlq_add(&q, "SELECT e.seq, e.blob, e.date_lo");
    int drive = 0;
    if (order_by_date(req->order)) {
        drive = add_drive(&q, &flt, 1);
        add_drive_range(&q, &flt, drive);
    } else {
        sqlq_add(&q, " FROM events e WHERE 1");
    }
    add_conditions(&q, req->filter, &flt, drive);
    if (paged)
        add_keyset(&q, req->order, drive, &cursor);
    add_order(&q, req->order, drive);
    sqlq_add(&q, " LIMIT %u", page + 1);
    sqlite3_stmt *stmt = sqlq_prepare(cache, &q, st);
    sqlq_clear(&q);
    int more = 0;
    int rc = stmt ? search_page(stmt_cache_db(cache), stmt, page, out, &last, &more, st) : -1;
    stmt_cache_put(stmt);
    if (rc != 0) {
        search_reply_clear(out);
        return -1;
    }
    if (more) {
        char token[160];
        token_encode(req, &last, token, sizeof token);
        out->next_page_token = strdup(token);
    }
    return 0;
}

void search_reply_clear(Entente__V1__SearchReply *out)
{
    event_store_free_events(out->events, out->n_events);
    if (out->next_page_token != protobuf_c_empty_string)
        free(out->next_page_token);
    entente__v1__search_reply__init(out);
}

/* ---- Aggregate ----------------------------------------------------------------------- */

int search_aggregate(stmt_cache_t *cache, const Entente__V1__AggregateRequest *req,
                     Entente__V1__AggregateReply *out, status_t *st)
{
    static const char *const groupings[] = {
        [ENTENTE__V1__GROUP_BY__GROUP_TYPE] = "SELECT e.type AS k, COUNT(*) FROM events e",
        [ENTENTE__V1__GROUP_BY__GROUP_COUNTRY] =
            "SELECT g.cc AS k, COUNT(*) FROM event_countries g JOIN events e ON e.seq = g.seq",
        [ENTENTE__V1__GROUP_BY__GROUP_PAIR] = "SELECT g.a || '-' || g.b AS k, COUNT(*) FROM "
                                              "event_pairs g JOIN events e ON e.seq = g.seq",
        [ENTENTE__V1__GROUP_BY__GROUP_SECTOR] =
            "SELECT g.sector AS k, COUNT(*) FROM event_sectors g JOIN events e ON e.seq = g.seq",
        [ENTENTE__V1__GROUP_BY__GROUP_YEAR] = "SELECT substr(e.date_lo, 1, 4) AS k, COUNT(*) FROM "
                                              "events e",
        [ENTENTE__V1__GROUP_BY__GROUP_MONTH] = "SELECT substr(e.date_lo, 1, 7) AS k, COUNT(*) "
                                               "FROM events e",
    };
    entente__v1__aggregate_reply__init(out);
    filter_t flt;
    if ((unsigned)req->group_by >= sizeof groupings / sizeof *groupings) {
        status_set(st, STATUS_INVALID_ARGUMENT, "unknown group_by %d", req->group_by);
        return -1;
    }
    if (filter_check(req->filter, &flt, st) != 0)
        return -1;
    int by_time = req->group_by == ENTENTE__V1__GROUP_BY__GROUP_YEAR ||
                  req->group_by == ENTENTE__V1__GROUP_BY__GROUP_MONTH;
    sqlq_t q = {0};
    sqlq_add(&q, "%s WHERE %s", groupings[req->group_by],
             by_time ? "e.date_lo <> '0000-00-00'" : "1");
    add_conditions(&q, req->filter, &flt, 0);
    sqlq_add(&q, " GROUP BY k ORDER BY %s", by_time ? "k" : "COUNT(*) DESC, k");
    sqlite3_stmt *stmt = sqlq_prepare(cache, &q, st);
    sqlq_clear(&q);
    if (!stmt)
        return -1;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (out->n_buckets == cap) {
            cap = cap ? 2 * cap : 32;
            Entente__V1__Bucket **grown = realloc(out->buckets, cap * sizeof *grown);
            if (!grown)
                break;
            out->buckets = grown;
        }
        Entente__V1__Bucket *b = malloc(sizeof *b);
        if (!b)
            break;
        entente__v1__bucket__init(b);
        b->key = strdup((const char *)sqlite3_column_text(stmt, 0));
        b->count = (uint64_t)sqlite3_column_int64(stmt, 1);
        out->buckets[out->n_buckets++] = b;
    }
    stmt_cache_put(stmt);
    if (rc != SQLITE_DONE) {
        search_aggregate_clear(out);
        if (rc == SQLITE_ROW)
            status_set(st, STATUS_RESOURCE_EXHAUSTED, "out of memory");
        else
            step_failed(stmt_cache_db(cache), rc, st);
        return -1;
    }
    return 0;
}

void search_aggregate_clear(Entente__V1__AggregateReply *out)
{
    for (size_t i = 0; i < out->n_buckets; i++) {
        free(out->buckets[i]->key);
        free(out->buckets[i]);
    }
    free(out->buckets);
    entente__v1__aggregate_reply__init(out);
}
