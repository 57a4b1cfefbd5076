/* The floor under Search: its own SQL on a plain read-only connection.
 *
 * The statements are not copied from search.c: they are captured (sqlite
 * trace) while search_run answers a request on this very connection, then
 * prepared once and re-bound per request. Which value goes to which
 * parameter is read from the capture (each value the request implies is
 * distinct there), and calibration checks that the statements give the same
 * total and page as the service, so the floor cannot drift from what Search
 * runs. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_query.h"
#include "search.h"

#define SQL_MAX_STMTS 4
#define SQL_MAX_PARAMS 32
/* the reading PRAGMAs event_store_open sets, so the floor reads as the service does */
#define SQL_READ_PRAGMAS "PRAGMA mmap_size=2147418112; PRAGMA cache_size=-32768"

/* The values a pair and dates request implies, by role. */
enum { V_A, V_B, V_SINCE, V_UNTIL, V_SM01, V_SM31, V_UM01, V_SM, V_UM, V_COUNT };

typedef struct {
    char v[V_COUNT][11];
} req_values_t;

static void req_values(const bench_search_req_t *s, req_values_t *out)
{
    snprintf(out->v[V_A], 11, "%s", s->pair[0]);
    snprintf(out->v[V_B], 11, "%s", s->pair[1]);
    snprintf(out->v[V_SINCE], 11, "%s", s->since);
    snprintf(out->v[V_UNTIL], 11, "%s", s->until);
    snprintf(out->v[V_SM01], 11, "%.7s-01", s->since);
    snprintf(out->v[V_SM31], 11, "%.7s-31", s->since);
    snprintf(out->v[V_UM01], 11, "%.7s-01", s->until);
    snprintf(out->v[V_SM], 11, "%.7s", s->since);
    snprintf(out->v[V_UM], 11, "%.7s", s->until);
}

static int req_values_distinct(const req_values_t *r)
{
    for (int i = 0; i < V_COUNT; i++)
        for (int j = i + 1; j < V_COUNT; j++)
            if (strcmp(r->v[i], r->v[j]) == 0)
                return 0;
    return 1;
}

typedef struct {
    sqlite3 *db;
    int n;
    char *sql[SQL_MAX_STMTS], *expanded[SQL_MAX_STMTS];
    sqlite3_stmt *st[SQL_MAX_STMTS];
    int role[SQL_MAX_STMTS][SQL_MAX_PARAMS]; /* the value of each parameter */
    int n_params[SQL_MAX_STMTS];
} sql_ctx_t;

static int sql_trace(unsigned type, void *arg, void *stmt, void *x)
{
    sql_ctx_t *c = arg;
    if (type == SQLITE_TRACE_STMT && c->n < SQL_MAX_STMTS) {
        c->sql[c->n] = strdup(sqlite3_sql(stmt));
        char *e = sqlite3_expanded_sql(stmt);
        c->expanded[c->n++] = e ? strdup(e) : NULL;
        sqlite3_free(e);
    }
    return 0;
}

/* Maps each '?' of statement i to the role of the literal standing in its
 * place in the expanded text; -1 when one is not a value of r. */
static int sql_map_params(sql_ctx_t *c, int i, const req_values_t *r, char *err, size_t errlen)
{
    const char *p = c->sql[i], *x = c->expanded[i];
    int n = 0;
    while (x && *p && *x) {
        if (*p != '?') {
            p++, x++;
            continue;
        }
        char lit[32];
        size_t len = 0;
        if (*x++ != '\'')
            break;
        while (*x && *x != '\'' && len + 1 < sizeof lit)
            lit[len++] = *x++;
        lit[len] = '\0';
        x += *x == '\'';
        p++;
        int role = -1;
        for (int k = 0; k < V_COUNT; k++)
            role = strcmp(lit, r->v[k]) == 0 ? k : role;
        if (role < 0 || n == SQL_MAX_PARAMS)
            break;
        c->role[i][n++] = role;
    }
    c->n_params[i] = n;
    if (*p || n != sqlite3_bind_parameter_count(c->st[i])) {
        snprintf(err, errlen, "cannot tell the parameters of Search's SQL apart (%s): update "
                 "bench_query_sql.c", c->sql[i]);
        return -1;
    }
    return 0;
}

static void sql_close(void **ctx)
{
    sql_ctx_t *c = *ctx;
    for (int i = 0; i < c->n; i++) {
        sqlite3_finalize(c->st[i]);
        free(c->sql[i]);
        free(c->expanded[i]);
    }
    sqlite3_close(c->db);
    free(c);
    *ctx = NULL;
}

static int sql_capture(sql_ctx_t *c, char *err, size_t errlen)
{
    uint64_t rng = 1;
    bench_search_req_t s;
    req_values_t r;
    do {
        bench_search_req_draw(&s, &rng);
        req_values(&s, &r);
    } while (!req_values_distinct(&r));
    Entente__V1__SearchReply out;
    status_t st;
    stmt_cache_t *stmts = stmt_cache_new(c->db);
    status_set(&st, STATUS_RESOURCE_EXHAUSTED, "out of memory");
    sqlite3_trace_v2(c->db, SQLITE_TRACE_STMT, sql_trace, c);
    int rc = stmts ? search_run(stmts, &s.req, &out, &st) : -1;
    sqlite3_trace_v2(c->db, 0, NULL, NULL);
    stmt_cache_destroy(&stmts);
    if (rc != 0) {
        snprintf(err, errlen, "search_run: %s", st.message);
        return -1;
    }
    search_reply_clear(&out);
    for (int i = 0; i < c->n; i++) {
        if (sqlite3_prepare_v3(c->db, c->sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i],
                               NULL) != SQLITE_OK) {
            snprintf(err, errlen, "prepare: %s", sqlite3_errmsg(c->db));
            return -1;
        }
        if (sql_map_params(c, i, &r, err, errlen) != 0)
            return -1;
    }
    return 0;
}

static void *sql_open(void *arg, int thread, char *err, size_t errlen)
{
    bench_query_arg_t *q = arg;
    sql_ctx_t *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    void *ctx = c;
    if (sqlite3_open_v2(q->store_path, &c->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", q->store_path, sqlite3_errmsg(c->db));
        sql_close(&ctx);
    } else if (sqlite3_exec(c->db, SQL_READ_PRAGMAS, NULL, NULL, NULL) != SQLITE_OK ||
               sql_capture(c, err, errlen) != 0) {
        if (!*err)
            snprintf(err, errlen, "%s", sqlite3_errmsg(c->db));
        sql_close(&ctx);
    }
    return ctx;
}

/* Runs every captured statement for s: the one-column row is the total, the
 * rows of the others the page (their first column the seq). */
static int sql_run(sql_ctx_t *c, const bench_search_req_t *s, uint64_t *total,
                   int64_t *seqs, size_t max_seqs, size_t *n_seqs, char *err, size_t errlen)
{
    req_values_t r;
    req_values(s, &r);
    *n_seqs = 0;
    for (int i = 0; i < c->n; i++) {
        sqlite3_stmt *st = c->st[i];
        for (int k = 0; k < c->n_params[i]; k++)
            sqlite3_bind_text(st, k + 1, r.v[c->role[i][k]], -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (sqlite3_column_count(st) == 1) {
                *total = (uint64_t)sqlite3_column_int64(st, 0);
            } else {
                /* the row's blob read, as Search reads it */
                (void)sqlite3_column_blob(st, 1);
                if (*n_seqs < max_seqs)
                    seqs[(*n_seqs)++] = sqlite3_column_int64(st, 0);
            }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            snprintf(err, errlen, "step: %s", sqlite3_errmsg(c->db));
            return -1;
        }
    }
    return 0;
}

static int op_search_sql(void *ctx, uint64_t *rng, char *err, size_t errlen)
{
    bench_search_req_t s;
    bench_search_req_draw(&s, rng);
    uint64_t total;
    int64_t seqs[SEARCH_DEFAULT_PAGE + 1];
    size_t n;
    return sql_run(ctx, &s, &total, seqs, SEARCH_DEFAULT_PAGE + 1, &n, err, errlen);
}

bench_op_t bench_query_search_sql(bench_query_arg_t *arg)
{
    return (bench_op_t){sql_open, op_search_sql, sql_close, arg};
}

/* The reply matches what the floor's SQL finds for the same request. */
static int same_result(sql_ctx_t *c, const bench_search_req_t *s,
                       const Entente__V1__SearchReply *rep, char *err, size_t errlen)
{
    uint64_t total = 0;
    int64_t seqs[SEARCH_DEFAULT_PAGE + 1];
    size_t n;
    if (sql_run(c, s, &total, seqs, SEARCH_DEFAULT_PAGE + 1, &n, err, errlen) != 0)
        return -1;
    int same = total == rep->total && n >= rep->n_events;
    for (size_t i = 0; same && i < rep->n_events; i++)
        same = (uint64_t)seqs[i] == rep->events[i]->seq;
    if (!same)
        snprintf(err, errlen, "the floor's SQL and Search disagree on %s-%s %s..%s "
                 "(total %llu vs %llu)", s->pair[0], s->pair[1], s->since, s->until,
                 (unsigned long long)total, (unsigned long long)rep->total);
    return same ? 0 : -1;
}

int bench_query_calibrate(bench_query_arg_t *arg, int samples, bench_query_shape_t *out,
                          char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    void *sql = sql_open(arg, 0, err, errlen);
    rpc_client_t *c = sql ? bench_query_client(arg, err, errlen) : NULL;
    int rc = c ? 0 : -1;
    uint64_t rng = 0xCA11B;
    for (int i = 0; rc == 0 && i < samples; i++) {
        bench_search_req_t s;
        bench_search_req_draw(&s, &rng);
        Entente__V1__SearchReply *rep = NULL;
        rc = bench_search_rpc(c, &s, &rep, err, errlen);
        if (rc == 0) {
            out->reply_bytes += (double)protobuf_c_message_get_packed_size(&rep->base);
            out->request_bytes += (double)protobuf_c_message_get_packed_size(&s.req.base);
            out->events += (double)rep->n_events;
            out->total += (double)rep->total;
            rc = same_result(sql, &s, rep, err, errlen);
            protobuf_c_message_free_unpacked(&rep->base, NULL);
        }
    }
    if (rc == 0 && samples > 0) {
        out->reply_bytes /= samples;
        out->request_bytes /= samples;
        out->events /= samples;
        out->total /= samples;
    }
    rpc_client_destroy(&c);
    if (sql)
        sql_close(&sql);
    return rc;
}
