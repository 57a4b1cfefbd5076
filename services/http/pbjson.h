/* pbjson — protobuf-c messages as JSON, after protobuf's JSON mapping: field
 * names in lowerCamelCase, enums by name, 64-bit integers as decimal strings,
 * bytes in base64. Fields at their default value are emitted too, so a
 * client always finds every key. */
#ifndef ENTENTE_PBJSON_H
#define ENTENTE_PBJSON_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

/* A new JSON object (NULL message: JSON null). */
json_t *pbjson_from_message(const ProtobufCMessage *msg);

/* "doc_id" -> "docId" into out (size outlen). */
void pbjson_camel(const char *name, char *out, size_t outlen);

#endif
