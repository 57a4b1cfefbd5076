#include "metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METRICS_NAME_MAX 96

typedef enum { METRIC_COUNTER, METRIC_GAUGE, METRIC_HISTOGRAM } metric_type_t;

typedef struct {
    char *values[METRICS_MAX_LABELS];
    double value;                          /* counter or gauge; histogram: sum */
    unsigned long long count;              /* histogram observations */
    unsigned long long buckets[METRICS_MAX_BUCKETS]; /* per bucket, not cumulative */
} metrics_series_t;

struct metrics_family {
    metrics_t *owner;
    metric_type_t type;
    char name[METRICS_NAME_MAX];
    char *help;
    char labels[METRICS_MAX_LABELS][METRICS_NAME_MAX];
    size_t n_labels;
    double bounds[METRICS_MAX_BUCKETS];
    size_t n_bounds;
    metrics_series_t *series;
    size_t n_series, cap_series;
    metrics_family_t *next;
};

struct metrics {
    pthread_mutex_t lock;
    metrics_family_t *first, *last;
};

const double metrics_latency_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                         0.1,    0.25,  0.5,    1,     2.5,   5,     10};
const size_t metrics_latency_bound_count =
    sizeof metrics_latency_bounds / sizeof *metrics_latency_bounds;

metrics_t *metrics_new(void)
{
    metrics_t *self = calloc(1, sizeof *self);
    if (self)
        pthread_mutex_init(&self->lock, NULL);
    return self;
}

static void metrics_family_free(metrics_family_t *f)
{
    for (size_t s = 0; s < f->n_series; s++)
        for (size_t l = 0; l < f->n_labels; l++)
            free(f->series[s].values[l]);
    free(f->series);
    free(f->help);
    free(f);
}

void metrics_destroy(metrics_t **self)
{
    if (!self || !*self)
        return;
    for (metrics_family_t *f = (*self)->first, *next; f; f = next) {
        next = f->next;
        metrics_family_free(f);
    }
    pthread_mutex_destroy(&(*self)->lock);
    free(*self);
    *self = NULL;
}

/* [a-zA-Z_:][a-zA-Z0-9_:]* (label names: no ':') */
static int metrics_name_valid(const char *s, int colon)
{
    if (!s || !*s || strlen(s) >= METRICS_NAME_MAX || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || (colon && *s == ':')))
            return 0;
    return 1;
}

/* Splits "a,b" into the family's label names; -1 when one is invalid. */
static int metrics_parse_labels(metrics_family_t *f, const char *labels)
{
    char buf[METRICS_MAX_LABELS * METRICS_NAME_MAX];
    if (!labels || !*labels)
        return 0;
    if (strlen(labels) >= sizeof buf)
        return -1;
    memcpy(buf, labels, strlen(labels) + 1);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (f->n_labels == METRICS_MAX_LABELS || !metrics_name_valid(tok, 0))
            return -1;
        snprintf(f->labels[f->n_labels++], METRICS_NAME_MAX, "%s", tok);
    }
    return 0;
}

static int metrics_same_shape(const metrics_family_t *a, const metrics_family_t *b)
{
    if (a->type != b->type || a->n_labels != b->n_labels || a->n_bounds != b->n_bounds)
        return 0;
    for (size_t i = 0; i < a->n_labels; i++)
        if (strcmp(a->labels[i], b->labels[i]) != 0)
            return 0;
    return memcmp(a->bounds, b->bounds, a->n_bounds * sizeof *a->bounds) == 0;
}

/* The series of values, created when new; NULL when full. Lock held. */
static metrics_series_t *metrics_series(metrics_family_t *f, const char *const *values)
{
    for (size_t s = 0; s < f->n_series; s++) {
        size_t l = 0;
        while (l < f->n_labels && strcmp(f->series[s].values[l], values[l] ? values[l] : "") == 0)
            l++;
        if (l == f->n_labels)
            return &f->series[s];
    }
    if (f->n_series == METRICS_MAX_SERIES)
        return NULL;
    if (f->n_series == f->cap_series) {
        size_t cap = f->cap_series ? 2 * f->cap_series : 4;
        metrics_series_t *grown = realloc(f->series, cap * sizeof *grown);
        if (!grown)
            return NULL;
        f->series = grown;
        f->cap_series = cap;
    }
    metrics_series_t *s = &f->series[f->n_series];
    memset(s, 0, sizeof *s);
    for (size_t l = 0; l < f->n_labels; l++) {
        if (!(s->values[l] = strdup(values[l] ? values[l] : ""))) {
            while (l > 0)
                free(s->values[--l]);
            return NULL;
        }
    }
    f->n_series++;
    return s;
}

static metrics_family_t *metrics_register(metrics_t *self, metric_type_t type, const char *name,
                                          const char *help, const char *labels,
                                          const double *bounds, size_t n_bounds)
{
    if (!self || !metrics_name_valid(name, 1) || n_bounds > METRICS_MAX_BUCKETS - 1)
        return NULL;
    metrics_family_t *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->owner = self;
    f->type = type;
    snprintf(f->name, sizeof f->name, "%s", name);
    f->n_bounds = n_bounds;
    if (n_bounds)
        memcpy(f->bounds, bounds, n_bounds * sizeof *bounds);
    f->help = strdup(help ? help : "");
    if (!f->help || metrics_parse_labels(f, labels) != 0) {
        metrics_family_free(f);
        return NULL;
    }
    pthread_mutex_lock(&self->lock);
    metrics_family_t *found = self->first;
    while (found && strcmp(found->name, name) != 0)
        found = found->next;
    if (!found) {
        if (self->last)
            self->last->next = f;
        else
            self->first = f;
        self->last = f;
    }
    /* a family without labels has its one series from the start: it shows 0 */
    if (!found && f->n_labels == 0)
        metrics_series(f, NULL);
    pthread_mutex_unlock(&self->lock);
    if (!found)
        return f;
    metrics_family_t *same = metrics_same_shape(found, f) ? found : NULL;
    metrics_family_free(f);
    return same;
}

metrics_family_t *metrics_counter(metrics_t *self, const char *name, const char *help,
                                  const char *labels)
{
    return metrics_register(self, METRIC_COUNTER, name, help, labels, NULL, 0);
}

metrics_family_t *metrics_gauge(metrics_t *self, const char *name, const char *help,
                                const char *labels)
{
    return metrics_register(self, METRIC_GAUGE, name, help, labels, NULL, 0);
}

metrics_family_t *metrics_histogram(metrics_t *self, const char *name, const char *help,
                                    const char *labels, const double *bounds, size_t n_bounds)
{
    for (size_t i = 1; i < n_bounds; i++)
        if (!(bounds[i] > bounds[i - 1]))
            return NULL;
    return metrics_register(self, METRIC_HISTOGRAM, name, help, labels, bounds, n_bounds);
}

static void metrics_update(metrics_family_t *f, const char *const *values, double v,
                           metric_type_t type)
{
    if (!f || f->type != type)
        return;
    pthread_mutex_lock(&f->owner->lock);
    metrics_series_t *s = metrics_series(f, values);
    if (s && type == METRIC_COUNTER && v > 0)
        s->value += v;
    else if (s && type == METRIC_GAUGE)
        s->value = v;
    else if (s && type == METRIC_HISTOGRAM) {
        size_t b = 0;
        while (b < f->n_bounds && v > f->bounds[b])
            b++;
        s->buckets[b]++;
        s->count++;
        s->value += v;
    }
    pthread_mutex_unlock(&f->owner->lock);
}

void metrics_add(metrics_family_t *family, const char *const *values, double delta)
{
    metrics_update(family, values, delta, METRIC_COUNTER);
}

void metrics_set(metrics_family_t *family, const char *const *values, double value)
{
    metrics_update(family, values, value, METRIC_GAUGE);
}

void metrics_observe(metrics_family_t *family, const char *const *values, double value)
{
    metrics_update(family, values, value, METRIC_HISTOGRAM);
}

/* ---- exposition ----------------------------------------------------------- */

/* Escapes '\\', '"' (label values only) and newlines. */
static void metrics_put_escaped(FILE *out, const char *s, int quote)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\\\", out);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (quote && *s == '"')
            fputs("\\\"", out);
        else
            fputc(*s, out);
    }
}

static void metrics_put_number(FILE *out, double v)
{
    if (isinf(v))
        fputs(v > 0 ? "+Inf" : "-Inf", out);
    else if (isnan(v))
        fputs("NaN", out);
    else {
        /* the shortest form that reads back exactly: 0.005, not 0.0050000000000000001 */
        char buf[32];
        snprintf(buf, sizeof buf, "%.15g", v);
        if (strtod(buf, NULL) != v)
            snprintf(buf, sizeof buf, "%.17g", v);
        fputs(buf, out);
    }
}

/* name{a="x",b="y"[,le="..."]} */
static void metrics_put_series(FILE *out, const metrics_family_t *f, const char *suffix,
                               const metrics_series_t *s, const double *le)
{
    fprintf(out, "%s%s", f->name, suffix);
    if (!f->n_labels && !le)
        return;
    fputc('{', out);
    for (size_t l = 0; l < f->n_labels; l++) {
        fprintf(out, "%s%s=\"", l ? "," : "", f->labels[l]);
        metrics_put_escaped(out, s->values[l], 1);
        fputc('"', out);
    }
    if (le) {
        fprintf(out, "%sle=\"", f->n_labels ? "," : "");
        metrics_put_number(out, *le);
        fputc('"', out);
    }
    fputc('}', out);
}

static void metrics_put_family(FILE *out, const metrics_family_t *f)
{
    static const char *const types[] = {"counter", "gauge", "histogram"};
    fprintf(out, "# HELP %s ", f->name);
    metrics_put_escaped(out, f->help, 0);
    fprintf(out, "\n# TYPE %s %s\n", f->name, types[f->type]);
    for (size_t i = 0; i < f->n_series; i++) {
        const metrics_series_t *s = &f->series[i];
        if (f->type != METRIC_HISTOGRAM) {
            metrics_put_series(out, f, "", s, NULL);
            fputc(' ', out);
            metrics_put_number(out, s->value);
            fputc('\n', out);
            continue;
        }
        unsigned long long cumulative = 0;
        for (size_t b = 0; b <= f->n_bounds; b++) {
            double le = b < f->n_bounds ? f->bounds[b] : INFINITY;
            cumulative += s->buckets[b];
            metrics_put_series(out, f, "_bucket", s, &le);
            fprintf(out, " %llu\n", cumulative);
        }
        metrics_put_series(out, f, "_sum", s, NULL);
        fputc(' ', out);
        metrics_put_number(out, s->value);
        fputc('\n', out);
        metrics_put_series(out, f, "_count", s, NULL);
        fprintf(out, " %llu\n", s->count);
    }
}

char *metrics_render(metrics_t *self, size_t *len)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return NULL;
    pthread_mutex_lock(&self->lock);
    for (const metrics_family_t *f = self->first; f; f = f->next)
        metrics_put_family(out, f);
    pthread_mutex_unlock(&self->lock);
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    if (len)
        *len = size;
    return text;
}
