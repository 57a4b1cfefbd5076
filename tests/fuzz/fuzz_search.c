/* fuzz_search — QueryService's requests (Search filters, dates, full-text
 * expressions, page sizes and page tokens; Aggregate; Get; Replay) decoded
 * and run on a store of sample events.
 *
 * Input: one mode byte, then the payload. Mode bit 2 set: bit 0 picks a
 * ReplayRequest, else a GetRequest. Bit 2 clear: bit 0 picks an
 * AggregateRequest, else a SearchRequest; for a Search, bit 1 replaces the
 * page token by one carrying this query's valid hash and the rest of the
 * payload as position, and every next_page_token a reply gives is followed
 * (up to 3 pages). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_store.h"
#include "fuzz_common.h"
#include "search.h"
#include "stmt_cache.h"

static event_store_t *store;
static stmt_cache_t *stmts; /* the query service's statements, kept as it keeps them */

static void close_store(void)
{
    stmt_cache_destroy(&stmts);
    event_store_close(&store);
}

static void open_store(void)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/search.db", fz_scratch());
    store = event_store_open(path, EVENT_STORE_REPLICA, err, sizeof err);
    if (!store) {
        fprintf(stderr, "fuzz_search: %s\n", err);
        abort();
    }
    size_t n = 120;
    Entente__V1__PartnershipEvent **evs = fz_sample_events(n, NULL);
    event_store_result_t res;
    if (event_store_append(store, evs, n, NULL, 0, &res, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz_search: %s\n", err);
        abort();
    }
    fz_free_events(evs, n);
    stmts = stmt_cache_new(event_store_db(store));
    if (!stmts)
        abort();
    atexit(close_store);
}

static void run_search(Entente__V1__SearchRequest *req)
{
    for (int page = 0; page < 3; page++) {
        Entente__V1__SearchReply out;
        status_t st;
        int rc = search_run(stmts, req, &out, &st);
        if (rc != 0 && st.code == STATUS_OK)
            abort(); /* a refusal has a status */
        if (rc != 0)
            return;
        if (out.n_events > (req->page_size ? req->page_size : SEARCH_DEFAULT_PAGE))
            abort();
        char *next = NULL;
        if (out.next_page_token && *out.next_page_token)
            next = strdup(out.next_page_token);
        search_reply_clear(&out);
        if (!next)
            return;
        if (req->page_token != protobuf_c_empty_string)
            free(req->page_token);
        req->page_token = next;
    }
}

/* Get: any id, however long or odd, is looked up or refused; never a crash. */
static void run_get(const uint8_t *data, size_t size)
{
    Entente__V1__GetRequest *req = entente__v1__get_request__unpack(NULL, size, data);
    if (!req)
        return;
    Entente__V1__PartnershipEvent *ev = NULL;
    Entente__V1__Document *doc = NULL;
    char err[512];
    if (event_store_get(store, req->id ? req->id : "", &ev, err, sizeof err) == 0 && ev &&
        event_store_document(store, ev->doc_id, &doc, err, sizeof err) == 0 && doc)
        entente__v1__document__free_unpacked(doc, NULL);
    if (ev)
        entente__v1__partnership_event__free_unpacked(ev, NULL);
    entente__v1__get_request__free_unpacked(req, NULL);
}

/* Replay: filters and sequence numbers as a replica or subscriber sends them. */
static void run_replay(const uint8_t *data, size_t size)
{
    Entente__V1__ReplayRequest *req = entente__v1__replay_request__unpack(NULL, size, data);
    if (!req)
        return;
    event_store_filter_t filter = {req->types, req->n_types, req->countries, req->n_countries};
    Entente__V1__PartnershipEvent **evs = NULL;
    size_t n = 0;
    uint64_t scanned = 0;
    char err[512];
    uint32_t limit = req->limit && req->limit < 1000 ? req->limit : 1000;
    if (event_store_replay(store, req->from_seq ? req->from_seq : 1, limit, &filter, &evs, &n,
                           &scanned, err, sizeof err) == 0) {
        if (n > limit)
            abort();
        event_store_free_events(evs, n);
    }
    entente__v1__replay_request__free_unpacked(req, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_keys();
    if (!store)
        open_store();
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    if (mode & 4) {
        if (mode & 1)
            run_replay(data + 1, size - 1);
        else
            run_get(data + 1, size - 1);
        return 0;
    }
    if (mode & 1) {
        Entente__V1__AggregateRequest *req =
            entente__v1__aggregate_request__unpack(NULL, size - 1, data + 1);
        if (!req)
            return 0;
        Entente__V1__AggregateReply out;
        status_t st;
        if (search_aggregate(stmts, req, &out, &st) == 0)
            search_aggregate_clear(&out);
        entente__v1__aggregate_request__free_unpacked(req, NULL);
        return 0;
    }
    Entente__V1__SearchRequest *req = entente__v1__search_request__unpack(NULL, size - 1, data + 1);
    if (!req)
        return 0;
    if (mode & 2) {
        /* a token with this query's hash: what follows it is the fuzzer's */
        Entente__V1__SearchRequest copy = *req;
        copy.page_token = (char *)"";
        copy.page_size = 0;
        size_t plen;
        uint8_t *packed = fz_pack(&copy.base, &plen), h[8];
        crypto_generichash(h, sizeof h, packed, plen, NULL, 0);
        free(packed);
        char raw[96], hex[17], tok[160];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        const char *tail = req->page_token ? req->page_token : "";
        int n = snprintf(raw, sizeof raw, "1|%s|%.60s", hex, tail);
        sodium_bin2base64(tok, sizeof tok, (const unsigned char *)raw, (size_t)n,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        if (req->page_token != protobuf_c_empty_string)
            free(req->page_token);
        req->page_token = strdup(tok);
    }
    run_search(req);
    entente__v1__search_request__free_unpacked(req, NULL);
    return 0;
}
