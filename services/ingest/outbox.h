/* outbox — ingest's durable queue of signed events on their way to index.
 *
 * A sqlite file (WAL, synchronous=FULL) with the documents already accepted
 * (doc_id, sha256) and the queued documents and events. Accepting a document
 * marks it seen and queues it with its events in one transaction, so after a
 * crash a document is either wholly queued or not seen at all. Rows leave the
 * queue only when index has acknowledged them (outbox_ack), or when index
 * refuses them for good (outbox_bury moves them to dead_letters). One
 * connection per thread: the service and its sender each open their own. */
#ifndef ENTENTE_OUTBOX_H
#define ENTENTE_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "entente/v1/event.pb-c.h"

typedef struct outbox outbox_t;

outbox_t *outbox_open(const char *path, char *err, size_t errlen);
void outbox_close(outbox_t **self);

typedef enum {
    OUTBOX_NEW = 0,       /* never seen */
    OUTBOX_DUPLICATE,     /* same doc_id and text, or the same text under another id */
    OUTBOX_CONFLICT,      /* this doc_id was accepted with another text */
} outbox_seen_t;

/* Whether a document was accepted before (by doc_id, then by sha256). */
int outbox_seen(outbox_t *self, const char *doc_id, const char *sha256, outbox_seen_t *seen,
                char *err, size_t errlen);

/* Marks doc seen and queues it and its events, atomically. */
int outbox_accept(outbox_t *self, const Entente__V1__Document *doc,
                  Entente__V1__PartnershipEvent *const *events, size_t n_events, char *err,
                  size_t errlen);

/* The oldest queued rows as one Append batch: at most max_rows rows and,
 * past the first row, at most max_bytes of them. Arrays and messages are the
 * caller's: free with outbox_batch_clear. */
typedef struct {
    Entente__V1__Document **docs;
    size_t n_docs;
    Entente__V1__PartnershipEvent **events;
    size_t n_events;
    int64_t last_row; /* ack up to here */
} outbox_batch_t;

int outbox_peek(outbox_t *self, size_t max_rows, size_t max_bytes, outbox_batch_t *batch,
                char *err, size_t errlen);
void outbox_batch_clear(outbox_batch_t *batch);

/* Removes rows up to and including last_row. */
int outbox_ack(outbox_t *self, int64_t last_row, char *err, size_t errlen);
/* Moves rows up to last_row to dead_letters with the reason. */
int outbox_bury(outbox_t *self, int64_t last_row, const char *reason, char *err, size_t errlen);

/* Rows waiting (documents and events). */
int64_t outbox_depth(outbox_t *self);

#endif
