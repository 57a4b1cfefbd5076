/* automaton — Aho–Corasick multi-pattern matcher over bytes.
 *
 * Patterns are added, then compiled once into a dense transition table over
 * the byte classes the patterns use (bytes no pattern holds share one class),
 * so a scan costs one table lookup per text byte whatever the number of
 * patterns. A compiled automaton is immutable: scans from several threads
 * may share it.
 *
 * Ownership: ac_new() returns an automaton the caller frees with
 * ac_destroy(); patterns are copied in. */
#ifndef ENTENTE_AUTOMATON_H
#define ENTENTE_AUTOMATON_H

#include <stddef.h>
#include <stdint.h>

typedef struct ac ac_t;

ac_t *ac_new(void);
void ac_destroy(ac_t **self);

/* Add pattern (len > 0 bytes) reporting value when found. One pattern may be
 * added with several values. 0, or -1 (err set) after compile or on OOM. */
int ac_add(ac_t *self, const char *pattern, size_t len, uint32_t value, char *err,
           size_t errlen);
int ac_compile(ac_t *self, char *err, size_t errlen);
size_t ac_state_count(const ac_t *self);

/* Called for every occurrence, in order of end offset; [start, end) in the
 * scanned text. Return non-zero to stop the scan. */
typedef int (*ac_match_fn)(void *ud, uint32_t value, size_t start, size_t end);
void ac_scan(const ac_t *self, const char *text, size_t len, ac_match_fn fn, void *ud);

#endif
