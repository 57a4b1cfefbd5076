/* automaton — see automaton.h. */
#include "automaton.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t value, len, next; /* next output of the same state, 0 = none */
} ac_out_t;

typedef struct {
    uint32_t first_child, next_sibling; /* build-time trie, 0 = none */
    uint32_t fail, out, dict;           /* dict: nearest fail state with output */
    uint32_t depth;
    unsigned char byte;
} ac_node_t;

struct ac {
    ac_node_t *nodes;
    size_t n_nodes, cap_nodes;
    ac_out_t *outs; /* index 0 unused */
    size_t n_outs, cap_outs;
    uint8_t cls[256];
    size_t n_cls;
    uint32_t *delta; /* n_nodes * n_cls */
    int compiled;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

ac_t *ac_new(void)
{
    ac_t *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    if (grow((void **)&a->nodes, &a->cap_nodes, 1, sizeof(ac_node_t)) < 0 ||
        grow((void **)&a->outs, &a->cap_outs, 1, sizeof(ac_out_t)) < 0) {
        ac_destroy(&a);
        return NULL;
    }
    memset(&a->nodes[0], 0, sizeof(ac_node_t));
    a->n_nodes = 1;
    a->n_outs = 1;
    return a;
}

void ac_destroy(ac_t **self)
{
    if (!self || !*self)
        return;
    free((*self)->nodes);
    free((*self)->outs);
    free((*self)->delta);
    free(*self);
    *self = NULL;
}

static uint32_t child(const ac_t *a, uint32_t s, unsigned char c)
{
    for (uint32_t k = a->nodes[s].first_child; k; k = a->nodes[k].next_sibling)
        if (a->nodes[k].byte == c)
            return k;
    return 0;
}

int ac_add(ac_t *a, const char *pattern, size_t len, uint32_t value, char *err, size_t errlen)
{
    if (a->compiled || len == 0) {
        snprintf(err, errlen, a->compiled ? "automaton already compiled" : "empty pattern");
        return -1;
    }
    uint32_t s = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)pattern[i];
        uint32_t k = child(a, s, c);
        if (!k) {
            if (grow((void **)&a->nodes, &a->cap_nodes, a->n_nodes + 1, sizeof(ac_node_t)) < 0)
                goto oom;
            k = (uint32_t)a->n_nodes++;
            memset(&a->nodes[k], 0, sizeof(ac_node_t));
            a->nodes[k].byte = c;
            a->nodes[k].depth = (uint32_t)i + 1;
            a->nodes[k].next_sibling = a->nodes[s].first_child;
            a->nodes[s].first_child = k;
        }
        s = k;
    }
    if (grow((void **)&a->outs, &a->cap_outs, a->n_outs + 1, sizeof(ac_out_t)) < 0)
        goto oom;
    a->outs[a->n_outs] = (ac_out_t){value, (uint32_t)len, a->nodes[s].out};
    a->nodes[s].out = (uint32_t)a->n_outs++;
    return 0;
oom:
    snprintf(err, errlen, "out of memory adding a pattern");
    return -1;
}

/* Breadth-first order makes every fail target complete before it is used. */
int ac_compile(ac_t *a, char *err, size_t errlen)
{
    int used[256] = {0};
    for (size_t s = 1; s < a->n_nodes; s++)
        used[a->nodes[s].byte] = 1;
    a->n_cls = 1;
    for (int c = 0; c < 256; c++)
        a->cls[c] = used[c] ? (uint8_t)a->n_cls++ : 0;
    size_t nc = a->n_cls;
    a->delta = calloc(a->n_nodes * nc, sizeof(uint32_t));
    uint32_t *queue = malloc(a->n_nodes * sizeof(uint32_t));
    if (!a->delta || !queue) {
        free(queue);
        snprintf(err, errlen, "out of memory compiling %zu states", a->n_nodes);
        return -1;
    }
    size_t head = 0, tail = 0;
    for (uint32_t k = a->nodes[0].first_child; k; k = a->nodes[k].next_sibling) {
        a->delta[a->cls[a->nodes[k].byte]] = k;
        queue[tail++] = k;
    }
    while (head < tail) {
        uint32_t s = queue[head++];
        ac_node_t *n = &a->nodes[s];
        n->dict = a->nodes[n->fail].out ? n->fail : a->nodes[n->fail].dict;
        memcpy(&a->delta[s * nc], &a->delta[n->fail * nc], nc * sizeof(uint32_t));
        for (uint32_t k = n->first_child; k; k = a->nodes[k].next_sibling) {
            uint32_t c = a->cls[a->nodes[k].byte];
            a->nodes[k].fail = a->delta[n->fail * nc + c];
            a->delta[s * nc + c] = k;
            queue[tail++] = k;
        }
    }
    free(queue);
    a->compiled = 1;
    return 0;
}

size_t ac_state_count(const ac_t *a) { return a->n_nodes; }

void ac_scan(const ac_t *a, const char *text, size_t len, ac_match_fn fn, void *ud)
{
    if (!a->compiled)
        return;
    const uint32_t *delta = a->delta;
    size_t nc = a->n_cls;
    uint32_t s = 0;
    for (size_t i = 0; i < len; i++) {
        s = delta[s * nc + a->cls[(unsigned char)text[i]]];
        uint32_t t = a->nodes[s].out ? s : a->nodes[s].dict;
        for (; t; t = a->nodes[t].dict)
            for (uint32_t o = a->nodes[t].out; o; o = a->outs[o].next)
                if (fn(ud, a->outs[o].value, i + 1 - a->outs[o].len, i + 1))
                    return;
    }
}
