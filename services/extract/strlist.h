/* strlist — a small list of strings unique by a key (the bytes, or the folded
 * form for names, so "Nguyễn Mạnh Hùng" and "Nguyen Manh Hung" are one).
 * The list owns its items and keys; strlist_free() frees them and empties
 * the list, which stays usable. */
#ifndef ENTENTE_EXTRACT_STRLIST_H
#define ENTENTE_EXTRACT_STRLIST_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char **v, **key; /* items as written, and the keys they are unique by */
    size_t n, cap;
} strlist_t;

int strlist_add(strlist_t *l, const char *s, size_t n);

int strlist_add_name(strlist_t *l, const char *s, size_t n);

void strlist_free(strlist_t *l);

#endif
