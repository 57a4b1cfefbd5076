/* cmd_extract — `entente extract [FILE...]`: offline extraction to JSON Lines.
 *
 * Reads documents (JSON Lines, or .txt articles) from the files or stdin,
 * writes one JSON object per event to stdout. Unusable documents are
 * reported on stderr with file and line; the others are still processed and
 * the exit code is then 1. */
#ifndef ENTENTE_CMD_EXTRACT_H
#define ENTENTE_CMD_EXTRACT_H

#include <stdio.h>

#include "extractor.h"

int cmd_extract(int argc, char **argv);

/* Write one event as a JSON line (the `extract` output format) to out.
 * 0, or -1 when memory runs out. */
int cmd_extract_write_event(FILE *out, const char *doc_id, const extract_event_t *ev);

#endif
