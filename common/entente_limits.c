#include "entente_limits.h"

#include <stdio.h>

#define LIMITS_DEFAULTS                                                                     \
    {                                                                                       \
        LIMITS_DEFAULT_DOC_BYTES, LIMITS_DEFAULT_EVENTS_PER_DOC, LIMITS_DEFAULT_BATCH,      \
            LIMITS_DEFAULT_PAGE, LIMITS_DEFAULT_FILTER_VALUES, LIMITS_DEFAULT_JSON_DEPTH,   \
    }

static limits_t current = LIMITS_DEFAULTS;

/* The flag, accepted range and help of each field, in limits_t's order. */
static const struct {
    const char *flag;
    long min, max;
    const char *help;
} fields[LIMITS_OPTION_COUNT] = {
    {"max-doc-bytes", 1, 1L << 30, "largest document text accepted (bytes)"},
    {"max-events-per-doc", 1, 1000000, "most events extracted from one document"},
    {"max-batch", 1, 1000000, "most documents in one Submit / events in one Append"},
    {"max-page", 1, 100000, "largest Search page_size and Replay limit"},
    {"max-filter-values", 1, LIMITS_FILTER_VALUES_CEILING, "most values in one Search filter list"},
    {"max-json-depth", 1, 10000, "deepest nesting of a JSON Lines record"},
};

static long *field(limits_t *l, size_t i)
{
    long *f[LIMITS_OPTION_COUNT] = {&l->max_doc_bytes,    &l->max_events_per_doc,
                                    &l->max_batch,        &l->max_page,
                                    &l->max_filter_values, &l->max_json_depth};
    return f[i];
}

const limits_t *limits(void) { return &current; }

limits_t limits_defaults(void)
{
    return (limits_t)LIMITS_DEFAULTS;
}

int limits_set(const limits_t *l, char *err, size_t errlen)
{
    limits_t copy = *l;
    for (size_t i = 0; i < LIMITS_OPTION_COUNT; i++) {
        long v = *field(&copy, i);
        if (v < fields[i].min || v > fields[i].max) {
            snprintf(err, errlen, "--%s %ld is outside %ld..%ld", fields[i].flag, v,
                     fields[i].min, fields[i].max);
            return -1;
        }
    }
    current = copy;
    return 0;
}

void limits_options(limits_t *target, config_option_t *out)
{
    for (size_t i = 0; i < LIMITS_OPTION_COUNT; i++)
        out[i] = (config_option_t){fields[i].flag, 0, CONFIG_INT, field(target, i), "N",
                                   fields[i].help};
}
