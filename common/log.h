/* log — levelled, timestamped log lines on stderr.
 * One process-wide level; safe to call from any thread (each line is one
 * fprintf, which stdio locks). */
#ifndef ENTENTE_LOG_H
#define ENTENTE_LOG_H

typedef enum { LOG_LEVEL_DEBUG = 0, LOG_LEVEL_INFO, LOG_LEVEL_WARN, LOG_LEVEL_ERROR, LOG_LEVEL_OFF } log_level_t;

/* Parses "debug", "info", "warn", "error" or "off"; returns -1 when unknown. */
int log_level_parse(const char *name, log_level_t *level);
void log_set_level(log_level_t level);
log_level_t log_get_level(void);

void log_write(log_level_t level, const char *component, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(c, ...) log_write(LOG_LEVEL_DEBUG, c, __VA_ARGS__)
#define log_info(c, ...) log_write(LOG_LEVEL_INFO, c, __VA_ARGS__)
#define log_warn(c, ...) log_write(LOG_LEVEL_WARN, c, __VA_ARGS__)
#define log_error(c, ...) log_write(LOG_LEVEL_ERROR, c, __VA_ARGS__)

#endif
