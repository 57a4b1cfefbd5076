/* entente_limits — the explicit bounds on what entente accepts (docs/LIMITS.md).
 *
 * One process-wide table, read everywhere with limits(). It holds the
 * defaults below until start-up replaces it with limits_set, usually from
 * the flags and ENTENTE_* variables limits_options describes. The largest
 * request frame is not here: it is rpc_server's max_msg_bytes
 * (--max-msg-bytes), enforced before anything is decoded. */
#ifndef ENTENTE_ENTENTE_LIMITS_H
#define ENTENTE_ENTENTE_LIMITS_H

#include <stddef.h>

#include "config.h"

typedef struct {
    long max_doc_bytes;      /* text of one document (Submit, extract/ingest readers) */
    long max_events_per_doc; /* events the extractor may yield from one document */
    long max_batch;          /* documents in one Submit, events in one Append */
    long max_page;           /* Search page_size, Replay limit */
    long max_filter_values;  /* values in one list of a Search filter */
    long max_json_depth;     /* nesting of a JSON Lines record */
} limits_t;

#define LIMITS_DEFAULT_DOC_BYTES (10L * 1024 * 1024)
#define LIMITS_DEFAULT_EVENTS_PER_DOC 1000
#define LIMITS_DEFAULT_BATCH 10000
#define LIMITS_DEFAULT_PAGE 1000
#define LIMITS_DEFAULT_FILTER_VALUES 64
#define LIMITS_DEFAULT_JSON_DEPTH 32
/* Hard ceiling of max_filter_values: search keeps its lists on the stack. */
#define LIMITS_FILTER_VALUES_CEILING 256

#define LIMITS_OPTION_COUNT 6

/* The limits in force (the defaults until limits_set). */
const limits_t *limits(void);

/* The defaults. */
limits_t limits_defaults(void);

/* Replaces the limits in force; -1 with err naming the flag when a value is
 * outside its accepted range (nothing changes then). */
int limits_set(const limits_t *l, char *err, size_t errlen);

/* Fills out[LIMITS_OPTION_COUNT] with the config options (--max-doc-bytes,
 * ... and ENTENTE_MAX_DOC_BYTES, ...) that write into *target; the caller
 * passes *target to limits_set once parsed. */
void limits_options(limits_t *target, config_option_t *out);

#endif
