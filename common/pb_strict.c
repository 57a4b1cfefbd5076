#include "pb_strict.h"

/* Guards the recursion against messages nested past any real schema. */
#define PB_STRICT_MAX_DEPTH 64

static int check(const ProtobufCMessage *m, int depth)
{
    if (depth > PB_STRICT_MAX_DEPTH)
        return -1;
    for (unsigned i = 0; i < m->n_unknown_fields; i++)
        if (m->unknown_fields[i].tag == 0)
            return -1;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        const char *base = (const char *)m;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue; /* another member of the oneof holds the storage */
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(base + f->quantifier_offset);
            ProtobufCMessage *const *items = *(ProtobufCMessage *const *const *)(base + f->offset);
            for (size_t k = 0; k < n; k++)
                if (items[k] && check(items[k], depth + 1) != 0)
                    return -1;
        } else {
            const ProtobufCMessage *sub = *(ProtobufCMessage *const *)(base + f->offset);
            if (sub && check(sub, depth + 1) != 0)
                return -1;
        }
    }
    return 0;
}

int pb_strict_check(const ProtobufCMessage *m) { return check(m, 0); }

ProtobufCMessage *pb_strict_unpack(const ProtobufCMessageDescriptor *d, size_t len,
                                   const uint8_t *data)
{
    ProtobufCMessage *m = protobuf_c_message_unpack(d, NULL, len, data);
    if (m && pb_strict_check(m) != 0) {
        protobuf_c_message_free_unpacked(m, NULL);
        return NULL;
    }
    return m;
}
