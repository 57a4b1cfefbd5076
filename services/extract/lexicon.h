/* lexicon — the word lists of extraction, compiled into one automaton.
 *
 * The lists are tab-separated data files (see lexicons/README): countries and
 * demonyms, international bodies, organisation heads and acronyms, titles,
 * event triggers, instruments, sectors, month and weekday names, cues
 * (negation, hope, background, date anaphora...) and Vietnamese family
 * names. Every pattern is folded (fold.h) and added to a single Aho–Corasick
 * automaton, so adding a country or a sector keyword is a data change.
 *
 * The files are embedded in the library at build time; lexicon_new(dir)
 * reads them from dir instead when dir is not NULL.
 *
 * Ownership: lexicon_new() returns an immutable lexicon the caller frees
 * with lexicon_destroy(); entries point into it. Safe to share across
 * threads once built. */
#ifndef ENTENTE_LEXICON_H
#define ENTENTE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    LEX_COUNTRY,    /* value ISO code; sub: name, demonym, capital, city */
    LEX_BODY,       /* international body; value its short name */
    LEX_ORG,        /* sub: head (ministère, agence...) or acronym */
    LEX_TITLE,      /* a word that introduces a person */
    LEX_TRIGGER,    /* value event type; sub role (verb, noun, participle...) */
    LEX_INSTRUMENT, /* value instrument code */
    LEX_SECTOR,     /* value sector code */
    LEX_CALENDAR,   /* sub month or weekday; num 1-12 / 1-7 */
    LEX_CUE,        /* value cue name (negation, hope, background...) */
    LEX_SURNAME,    /* a Vietnamese family name */
    LEX_KIND_COUNT
} lex_kind_t;

typedef struct {
    lex_kind_t kind;
    const char *value; /* "" when the file has no such column */
    const char *sub;
    int num;
    int prefix;        /* pattern ended in '*': no word boundary on the right */
} lex_entry_t;

typedef struct {
    uint32_t start, end; /* folded-text offsets */
    uint32_t entry;
} lex_hit_t;

typedef struct lexicon lexicon_t;

lexicon_t *lexicon_new(const char *dir, char *err, size_t errlen);
void lexicon_destroy(lexicon_t **self);

const lex_entry_t *lexicon_entry(const lexicon_t *self, uint32_t i);
size_t lexicon_pattern_count(const lexicon_t *self);

/* Find lexicon words in folded text: whole words only (the characters around
 * a match are not letters or digits), overlaps resolved leftmost-longest (a
 * span found with several entries yields one hit per entry). Hits go to
 * *hits (grown with realloc; the caller frees it), sorted by start.
 * Returns the number of hits, or -1 when memory runs out. */
long lexicon_find(const lexicon_t *self, const char *text, size_t len, lex_hit_t **hits,
                  size_t *cap);

/* True when b is part of a word in folded text (letters, digits, UTF-8). */
static inline int lexicon_is_word_byte(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') ||
           b >= 0x80;
}

#endif
