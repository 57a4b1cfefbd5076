/* web_files — the page's static files (services/http/web/), embedded at
 * build time by embed_web.cmake. */
#ifndef ENTENTE_WEB_FILES_H
#define ENTENTE_WEB_FILES_H

#include <stddef.h>

typedef struct {
    const char *name; /* "index.html" */
    const char *type; /* Content-Type */
    const unsigned char *data;
    size_t len;
} web_file_t;

extern const web_file_t web_files[];
extern const size_t web_file_count;

#endif
