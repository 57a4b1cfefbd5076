#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int current_level = LOG_LEVEL_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

int log_level_parse(const char *name, log_level_t *level)
{
    for (int i = LOG_LEVEL_DEBUG; i <= LOG_LEVEL_OFF; i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *level = (log_level_t)i;
            return 0;
        }
    }
    return -1;
}

void log_set_level(log_level_t level) { current_level = level; }
log_level_t log_get_level(void) { return (log_level_t)current_level; }

void log_write(log_level_t level, const char *component, const char *fmt, ...)
{
    if ((int)level < current_level || level >= LOG_LEVEL_OFF)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    /* one call per line so concurrent threads never interleave within a line */
    fprintf(stderr, "%s.%03ldZ %-5s %s: %s\n", when, ts.tv_nsec / 1000000L,
            level_names[level], component, msg);
}
