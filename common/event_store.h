/* event_store — the sqlite store of partnership events and their documents.
 *
 * One file in WAL mode: events (keyed by a gap-free seq, unique id), their
 * countries, country pairs, sectors, people and organisations, the source
 * documents, and an FTS5 index (unicode61, diacritics removed) over evidence,
 * organisations, people and location. The schema version lives in
 * PRAGMA user_version and older files are migrated on open. Every statement
 * is prepared once.
 *
 * index uses event_store_append (assigns sequence numbers, stores each id
 * once); a replica uses event_store_apply (keeps the primary's numbers, never
 * leaves a gap). A store is used from one thread at a time. Events returned
 * belong to the caller: free them with event_store_free_events. */
#ifndef ENTENTE_EVENT_STORE_H
#define ENTENTE_EVENT_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "entente/v1/event.pb-c.h"

typedef struct event_store event_store_t;

typedef enum {
    EVENT_STORE_PRIMARY, /* fsync every commit: an acknowledged event survives a crash */
    EVENT_STORE_REPLICA, /* a lost tail is replayed from the primary */
} event_store_role_t;

typedef struct {
    uint64_t first_seq; /* first newly stored, 0 if none */
    uint64_t last_seq;  /* last newly stored, 0 if none */
    uint64_t head_seq;  /* highest seq in the store after the call */
    uint32_t stored;
    uint32_t duplicates;
} event_store_result_t;

event_store_t *event_store_open(const char *path, event_store_role_t role, char *err,
                                size_t errlen);
void event_store_close(event_store_t **self);

/* Stores documents and the events whose id is new, numbering them from
 * head + 1, all in one transaction. */
int event_store_append(event_store_t *self, Entente__V1__PartnershipEvent *const *events,
                       size_t n_events, Entente__V1__Document *const *docs, size_t n_docs,
                       event_store_result_t *res, char *err, size_t errlen);

/* Stores events numbered by the primary, in order: an event at or below the
 * head is skipped, one past head + 1 is refused (a gap) with -1. */
int event_store_apply(event_store_t *self, Entente__V1__PartnershipEvent *const *events,
                      size_t n_events, event_store_result_t *res, char *err, size_t errlen);

/* Upserts documents (replicas receive them apart from events). */
int event_store_put_documents(event_store_t *self, Entente__V1__Document *const *docs,
                              size_t n_docs, char *err, size_t errlen);

/* Highest sequence stored, as the file says now (another connection may be
 * the writer). */
uint64_t event_store_head(event_store_t *self);

/* Events with seq >= from_seq in order, at most limit, of any of types (none:
 * all) with any of countries (none: all). *scanned_to: every event up to it
 * was considered, so a filtered page with nothing in it still moves a reader
 * on. */
typedef struct {
    char *const *types;
    size_t n_types;
    char *const *countries;
    size_t n_countries;
} event_store_filter_t;

int event_store_replay(event_store_t *self, uint64_t from_seq, uint32_t limit,
                       const event_store_filter_t *filter, Entente__V1__PartnershipEvent ***events,
                       size_t *n, uint64_t *scanned_to, char *err, size_t errlen);

/* The event of an id (*ev NULL when absent). */
int event_store_get(event_store_t *self, const char *id, Entente__V1__PartnershipEvent **ev,
                    char *err, size_t errlen);
/* A document by doc_id (*doc NULL when absent); free it with
 * entente__v1__document__free_unpacked(doc, NULL). */
int event_store_document(event_store_t *self, const char *doc_id, Entente__V1__Document **doc,
                         char *err, size_t errlen);

/* Decodes a stored event row (blob + seq). */
Entente__V1__PartnershipEvent *event_store_decode(const void *blob, int len, uint64_t seq);
void event_store_free_events(Entente__V1__PartnershipEvent **events, size_t n);

/* The connection, for read-only queries built elsewhere (search). */
sqlite3 *event_store_db(event_store_t *self);

/* "YYYY-MM-DD" / "YYYY-MM" / "" -> the first and last day it may mean
 * ("0000-00-00" for unknown). */
void event_store_date_range(const char *date, char lo[11], char hi[11]);

#endif
