/* status — gRPC status codes (numbers and names) as used on the wire.
 * The numbers are entente.v1.Code; names come from its protobuf-c enum
 * descriptor, so there is one table of them. */
#ifndef ENTENTE_STATUS_H
#define ENTENTE_STATUS_H

#include "entente/v1/envelope.pb-c.h"

typedef Entente__V1__Code status_code_t;

#define STATUS_OK ENTENTE__V1__CODE__OK
#define STATUS_CANCELLED ENTENTE__V1__CODE__CANCELLED
#define STATUS_UNKNOWN ENTENTE__V1__CODE__UNKNOWN
#define STATUS_INVALID_ARGUMENT ENTENTE__V1__CODE__INVALID_ARGUMENT
#define STATUS_DEADLINE_EXCEEDED ENTENTE__V1__CODE__DEADLINE_EXCEEDED
#define STATUS_NOT_FOUND ENTENTE__V1__CODE__NOT_FOUND
#define STATUS_ALREADY_EXISTS ENTENTE__V1__CODE__ALREADY_EXISTS
#define STATUS_PERMISSION_DENIED ENTENTE__V1__CODE__PERMISSION_DENIED
#define STATUS_RESOURCE_EXHAUSTED ENTENTE__V1__CODE__RESOURCE_EXHAUSTED
#define STATUS_FAILED_PRECONDITION ENTENTE__V1__CODE__FAILED_PRECONDITION
#define STATUS_UNIMPLEMENTED ENTENTE__V1__CODE__UNIMPLEMENTED
#define STATUS_INTERNAL ENTENTE__V1__CODE__INTERNAL
#define STATUS_UNAVAILABLE ENTENTE__V1__CODE__UNAVAILABLE
#define STATUS_DATA_LOSS ENTENTE__V1__CODE__DATA_LOSS
#define STATUS_UNAUTHENTICATED ENTENTE__V1__CODE__UNAUTHENTICATED

/* "OK", "INVALID_ARGUMENT", ...; "UNKNOWN_CODE" for a number outside the enum. */
const char *status_name(int code);

/* A status with its message, as a call returns it. */
typedef struct {
    status_code_t code;
    char message[256];
} status_t;

void status_set(status_t *st, status_code_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
