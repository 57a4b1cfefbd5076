/* run — the state of one extraction run (one article) that the stages of
 * the extraction library share: the folded text and its lexicon hits, the
 * sentences, the event candidates and the article's facts. The stages are
 * cues.h, sentences.h, people.h, parties.h, triggers.h, eventdates.h, assemble.h
 * and output.h;
 * extractor.c owns a run_t for the length of one extractor_run() call.
 *
 * Internal to the extraction library (extractor.h is its API). */
#ifndef ENTENTE_EXTRACT_RUN_H
#define ENTENTE_EXTRACT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "dates.h"
#include "extractor.h"
#include "fold.h"
#include "lexicon.h"
#include "strlist.h"

struct extractor {
    lexicon_t *lex;
    /* per lexicon entry, decoded once: cue, event type, trigger role and
     * instrument codes (-1 when not one) */
    const lex_entry_t *base;
    int8_t *code;
};

/* ---------------------------------------------------------------- types */

typedef enum {
    EV_SIGNED,
    EV_PLANNED,
    EV_MEETING,
    EV_VISIT,
    EV_CONFERENCE,
    EV_AID,
    EV_UPGRADE,
    EV_JOINT_BODY,
    EV_COUNT
} ev_type_t;


/* Name, CAMEO, PLOVER and base confidence of each event type. */
typedef struct {
    const char *name, *cameo, *plover;
    float base;
} run_ev_info_t;

extern const run_ev_info_t run_ev_info[EV_COUNT];

/* Instrument names, indexed by cand_t.instrument. */
#define RUN_N_INSTRUMENTS 7
extern const char *const run_instruments[RUN_N_INSTRUMENTS];

/* Cues: words that change what a trigger means. */
typedef enum {
    CUE_NEGATION,   /* pas, not, aucun */
    CUE_CANCEL,     /* reporté, annulé, postponed */
    CUE_HOPE,       /* souhaite, espère, pourrait, a appelé, proposed */
    CUE_BACKGROUND, /* avait, had, s'appuie sur */
    CUE_GENERIC,    /* chaque année, annual */
    CUE_SAME_DAY,   /* le même jour, à cette occasion */
    CUE_NEXT_DAY,   /* le lendemain */
    CUE_CONCLUSION, /* à l'issue de, au terme de, after their talks */
    CUE_HOLD,       /* tenu, a eu lieu, held, lors de */
    CUE_UPGRADE,    /* élevé, hissé, upgraded */
    CUE_CREATE,     /* créer, mettre en place, set up */
    CUE_THANKS,     /* remercié, thanked */
    CUE_AID_OBJECT, /* chèque, équipements, grant */
    CUE_CAPTION,    /* photo : */
    CUE_NOTNAME,    /* capitalised words that are not names */
    CUE_AUX,        /* auxiliaries before a participle: ont, a, été, was */
    CUE_FUTURE,     /* prochain, forthcoming */
    CUE_BODY,       /* centre, comité, working group: what a joint body is */
    CUE_BILATERAL,  /* les deux parties, both sides: two parties named as such */
    CUE_COUNT
} cue_t;


/* Trigger roles (triggers.tsv third column). */
typedef enum {
    ROLE_VERB,       /* enough on its own: "ont signé", "s'est entretenu" */
    ROLE_PARTICIPLE, /* "signé": needs an auxiliary, an object, a date or "par" */
    ROLE_NOUN,       /* "réunion", "forum": needs a cue saying it took place */
    ROLE_AGREE,      /* "ont convenu": planned when a creation verb follows */
    ROLE_PLAN,       /* "programme d'action": planned when prepared */
    ROLE_UPGRADE,    /* "au rang de partenariat": needs an upgrade verb */
    ROLE_GIVE,       /* "a remis": aid when an aid object is in the clause */
    ROLE_OBJECT,     /* "ont conclu", "adopté": needs an instrument after it */
    ROLE_BODY,       /* "ont inauguré": needs a body noun in the clause */
    ROLE_COUNT
} role_t;


/* ------------------------------------------------------------ run state */

/* Names kept per article, and the hash slots of their words (a power of 2
 * well above MAX_NAMES * words per name). */
#define MAX_NAMES 128
#define FOREIGN_SLOTS 1024

/* Dates one sentence may name. */
#define MAX_DATES 16

/* Candidates of one article: a wire story reports a handful of events; a
 * text that would give more is not one story, and merging stays cheap. */
#define MAX_CANDIDATES 256

typedef struct {
    char code[3];
    uint32_t pos;
    int kind;  /* 0 name, 1 demonym, 2 capital or city */
    int venue; /* after en / au / in / à: where, not who */
    int org;   /* from an organisation's lexicon line, not a country word */
} country_hit_t;

typedef struct {
    uint32_t s, e; /* folded offsets */
    size_t h0, h1; /* hits inside */
    int caption;
    int foreign_name; /* names a person known as not Vietnamese */
} sentence_t;

typedef struct {
    ev_type_t type;
    int instrument; /* index into instruments, -1 none */
    int y, m, d, prec;
    int date_rank;  /* 3 range, 2 own day, 1 inherited, 0 month/none */
    char countries[8][3];
    int n_countries;
    size_t sent;
    uint32_t pos;
    float confidence;
    int dead;
    /* people / orgs / sectors gathered at the end from the sentences */
    size_t sents[16];
    int n_sents;
} cand_t;

typedef struct {
    const extractor_t *x;
    const extract_doc_t *doc;
    const char *t; /* folded */
    size_t len;
    fold_buf_t *fb;
    lex_hit_t *hits;
    size_t n_hits, cap_hits;
    sentence_t *sents;
    size_t n_sents, cap_sents;
    int pub_y, pub_m;
    uint32_t body_start; /* folded offset after the " date YYYY-MM" header */
    char dateline_cc[3];
    uint32_t loc_s, loc_e; /* dateline city in the original text */
    uint32_t dateline_end; /* folded offset after "(VNA)": its date is the wire's */
    int has_loc;
    char partner[3];
    cand_t *cands;
    size_t n_cands, cap_cands;
    strlist_t known;   /* folded names of everyone the article names */
    uint64_t foreign_words[FOREIGN_SLOTS]; /* hashes of the foreign names' words */
    dates_mention_t range; /* the article's first date range, range.y 0 if none */
    strlist_t article_sectors;
    int ctx_y, ctx_m, ctx_d; /* day of the last dated non-visit event */
    const char *lang;
} run_t;

/* A trigger of a sentence (triggers.h), alive while no rule drops it. */
typedef struct {
    ev_type_t type;
    uint32_t pos, end;
    int instrument;
    int alive;
    int framed; /* "lors des consultations": the frame of what the sentence reports */
} trig_t;

/* What extractor_run() returns: it owns the events (assemble.h fills it). */
struct extract_result {
    extract_event_t *events;
    size_t n;
};

#endif
