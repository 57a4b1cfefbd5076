/* The floor under Search: its own SQL on a plain read-only connection.
 *
 * The statements are not copied from search.c: they are captured (sqlite
 * trace) while search_run answers a request on this very connection, then
 * prepared once and re-bound per request. Calibration checks that they give
 * the same total and page as the service, so the floor cannot drift from
 * what Search runs. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_query.h"
#include "search.h"

#define SQL_MAX_STMTS 4
#define SQL_PARAMS 6 /* a, b, since's month start, until, since, until */

typedef struct {
    sqlite3 *db;
    char *sql[SQL_MAX_STMTS];
    sqlite3_stmt *st[SQL_MAX_STMTS];
    int n;
} sql_ctx_t;

static int sql_trace(unsigned type, void *arg, void *stmt, void *x)
{
    sql_ctx_t *c = arg;
    if (type == SQLITE_TRACE_STMT && c->n < SQL_MAX_STMTS)
        c->sql[c->n++] = strdup(sqlite3_sql(stmt));
    return 0;
}

static void sql_close(void **ctx)
{
    sql_ctx_t *c = *ctx;
    for (int i = 0; i < c->n; i++) {
        sqlite3_finalize(c->st[i]);
        free(c->sql[i]);
    }
    sqlite3_close(c->db);
    free(c);
    *ctx = NULL;
}

static int sql_capture(sql_ctx_t *c, char *err, size_t errlen)
{
    uint64_t rng = 1;
    bench_search_req_t s;
    bench_search_req_draw(&s, &rng);
    Entente__V1__SearchReply out;
    status_t st;
    sqlite3_trace_v2(c->db, SQLITE_TRACE_STMT, sql_trace, c);
    int rc = search_run(c->db, &s.req, &out, &st);
    sqlite3_trace_v2(c->db, 0, NULL, NULL);
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
        if (sqlite3_bind_parameter_count(c->st[i]) != SQL_PARAMS) {
            snprintf(err, errlen, "Search's SQL has changed shape (%d parameters in %s): "
                     "update bench_query_sql.c", sqlite3_bind_parameter_count(c->st[i]),
                     c->sql[i]);
            return -1;
        }
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
    } else if (sql_capture(c, err, errlen) != 0) {
        sql_close(&ctx);
    }
    return ctx;
}

/* Runs every captured statement for s: the one-column row is the total, the
 * rows of the others the page (their first column the seq). */
static int sql_run(sql_ctx_t *c, const bench_search_req_t *s, uint64_t *total,
                   int64_t *seqs, size_t max_seqs, size_t *n_seqs, char *err, size_t errlen)
{
    const char *values[SQL_PARAMS] = {s->pair[0], s->pair[1], s->since_month,
                                      s->until,   s->since,   s->until};
    *n_seqs = 0;
    for (int i = 0; i < c->n; i++) {
        sqlite3_stmt *st = c->st[i];
        for (int k = 0; k < SQL_PARAMS; k++)
            sqlite3_bind_text(st, k + 1, values[k], -1, SQLITE_STATIC);
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
    rpc_client_t *c = sql ? rpc_client_new(arg->endpoint, arg->client, arg->keyring, 0, err,
                                           errlen)
                          : NULL;
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
