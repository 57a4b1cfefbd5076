/* event_view — how the CLI shows events: JSON Lines, table rows, and the
 * detail view of one event with its evidence. */
#ifndef ENTENTE_EVENT_VIEW_H
#define ENTENTE_EVENT_VIEW_H

#include <stdio.h>

#include "entente.h"

/* One JSON object on one line: the schema's field names plus provenance. */
void event_view_json(FILE *out, const Entente__V1__PartnershipEvent *ev);
void event_view_table_header(FILE *out);
void event_view_table_row(FILE *out, const Entente__V1__PartnershipEvent *ev);
/* Every field, the evidence sentences from the document, and whether the
 * signature verified (verdict: NULL when valid, else why). */
void event_view_detail(FILE *out, const Entente__V1__PartnershipEvent *ev,
                       const Entente__V1__Document *doc, const char *verdict);

#endif
