/* strlist — see strlist.h. */
#include "strlist.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"

/* Add s (n bytes) unless an item has the same key: the folded form for
 * names ("Nguyễn Mạnh Hùng" is "Nguyen Manh Hung"), the bytes otherwise. */
static int strlist_put(strlist_t *l, const char *s, size_t n, int folded)
{
    char *item = strndup(s, n);
    char *key = item && folded ? fold_string(item) : (item ? strdup(item) : NULL);
    if (!key) {
        free(item);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->key[i], key) == 0) {
            free(item);
            free(key);
            return 0;
        }
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 8;
        char **v = realloc(l->v, c * sizeof *v);
        if (v)
            l->v = v;
        char **k = v ? realloc(l->key, c * sizeof *k) : NULL;
        if (!k) {
            free(item);
            free(key);
            return -1;
        }
        l->key = k;
        l->cap = c;
    }
    l->v[l->n] = item;
    l->key[l->n++] = key;
    return 0;
}

int strlist_add(strlist_t *l, const char *s, size_t n) { return strlist_put(l, s, n, 0); }
int strlist_add_name(strlist_t *l, const char *s, size_t n) { return strlist_put(l, s, n, 1); }

void strlist_free(strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i]);
        free(l->key[i]);
    }
    free(l->v);
    free(l->key);
    l->v = l->key = NULL;
    l->n = l->cap = 0;
}
