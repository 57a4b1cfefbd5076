/* pb_strict — protobuf-c's unpack, minus what it lets through and must not.
 *
 * protobuf-c 1.4 decodes a field numbered 0 (invalid on the wire) as an
 * unknown field, then packs it back as bytes that no decoder accepts. A
 * message that passed every check could so be re-sealed, stored or
 * forwarded undecodable (found by fuzz_envelope). Every decoder of bytes
 * from outside goes through pb_strict_unpack instead.
 *
 * Ownership: the message returned belongs to the caller, freed with
 * protobuf_c_message_free_unpacked(msg, NULL). */
#ifndef ENTENTE_PB_STRICT_H
#define ENTENTE_PB_STRICT_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

/* 0 when m and every message inside it hold no field numbered 0. */
int pb_strict_check(const ProtobufCMessage *m);

/* The decoded message, or NULL when data is not a valid d. */
ProtobufCMessage *pb_strict_unpack(const ProtobufCMessageDescriptor *d, size_t len,
                                   const uint8_t *data);

#endif
