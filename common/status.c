#include "status.h"

#include <stdarg.h>
#include <stdio.h>

const char *status_name(int code)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&entente__v1__code__descriptor, code);
    return v ? v->name : "UNKNOWN_CODE";
}

void status_set(status_t *st, status_code_t code, const char *fmt, ...)
{
    if (!st)
        return;
    st->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->message, sizeof st->message, fmt, ap);
    va_end(ap);
}
