/* vocab — the closed vocabularies of the event schema: event types (with
 * their CAMEO and PLOVER codes), instruments, sectors and ISO 3166-1 alpha-2
 * country codes. Requests naming anything else are refused. */
#ifndef ENTENTE_VOCAB_H
#define ENTENTE_VOCAB_H

typedef struct {
    const char *type;
    const char *cameo;
    const char *plover;
} vocab_event_type_t;

/* NULL when type is not one of the schema's event types. */
const vocab_event_type_t *vocab_event_type(const char *type);
int vocab_is_instrument(const char *instrument);
int vocab_is_sector(const char *sector);
/* Upper-case two-letter code assigned by ISO 3166-1. */
int vocab_is_country(const char *code);

#endif
