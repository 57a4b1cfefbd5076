#include "bench_store_gen.h"
#include "bench_store_vocab.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- random numbers (splitmix64) ------------------------------------------ */

uint64_t gen_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double gen_unit(uint64_t *s) { return (double)(gen_next(s) >> 11) * (1.0 / 9007199254740992.0); }
uint32_t gen_below(uint64_t *s, uint32_t n) { return (uint32_t)(gen_next(s) % n); }

static uint64_t gen_seed(uint64_t salt, uint64_t i)
{
    uint64_t s = salt ^ (i * 0xD1B54A32D192ED03ULL);
    gen_next(&s);
    return s;
}

/* ---- arena ------------------------------------------------------------------ */

void *gen_alloc(gen_arena_t *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (a->used + n > a->cap) {
        /* batches are sized so this never moves live pointers: grow only when empty */
        if (a->used) {
            fprintf(stderr, "bench: arena too small\n");
            abort();
        }
        free(a->buf);
        a->cap = n > (64u << 20) ? n : (64u << 20);
        a->buf = malloc(a->cap);
        if (!a->buf)
            abort();
    }
    void *p = a->buf + a->used;
    a->used += n;
    return p;
}

char *gen_printf(gen_arena_t *a, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof tmp)
        n = sizeof tmp - 1;
    char *p = gen_alloc(a, (size_t)n + 1);
    memcpy(p, tmp, (size_t)n + 1);
    return p;
}

void gen_arena_reset(gen_arena_t *a) { a->used = 0; }
void gen_arena_free(gen_arena_t *a)
{
    free(a->buf);
    memset(a, 0, sizeof *a);
}

/* ---- vocabularies ------------------------------------------------------------ */


#define GEN_MAX_PARTNERS 128
static double partner_cdf[GEN_MAX_PARTNERS];
static int partner_cdf_ready;

static void partner_cdf_init(void)
{
    if (partner_cdf_ready)
        return;
    if (vocab_n_partners > GEN_MAX_PARTNERS)
        abort(); /* a longer list needs a larger table */
    double sum = 0;
    for (size_t i = 0; i < vocab_n_partners; i++)
        sum += 1.0 / (double)(i + 1);
    double acc = 0;
    for (size_t i = 0; i < vocab_n_partners; i++) {
        acc += 1.0 / (double)(i + 1) / sum;
        partner_cdf[i] = acc;
    }
    partner_cdf[vocab_n_partners - 1] = 1.0;
    partner_cdf_ready = 1;
}

static const gen_country_t *gen_partner(uint64_t *rng)
{
    partner_cdf_init();
    double u = gen_unit(rng);
    size_t lo = 0, hi = vocab_n_partners - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (partner_cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &vocab_partners[lo];
}

static const gen_country_t *country_by_code(const char *cc)
{
    if (strcmp(cc, "VN") == 0)
        return &vocab_vietnam;
    for (size_t i = 0; i < vocab_n_partners; i++)
        if (strcmp(vocab_partners[i].cc, cc) == 0)
            return &vocab_partners[i];
    return &vocab_vietnam;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 60% Vietnam and one partner, 12% Vietnam and two, 18% two vocab_partners,
 * 5% three vocab_partners, 5% a single country. */
size_t gen_countries(uint64_t *rng, const char *out[3])
{
    double u = gen_unit(rng);
    size_t want = u < 0.60 ? 2 : u < 0.72 ? 3 : u < 0.90 ? 2 : u < 0.95 ? 3 : 1;
    int with_vn = u < 0.72 || (u >= 0.95 && gen_below(rng, 2) == 0);
    size_t n = 0;
    if (with_vn)
        out[n++] = vocab_vietnam.cc;
    while (n < want) {
        const char *cc = gen_partner(rng)->cc;
        int dup = 0;
        for (size_t i = 0; i < n; i++)
            dup |= strcmp(out[i], cc) == 0;
        if (!dup)
            out[n++] = cc;
    }
    qsort(out, n, sizeof *out, cmp_str);
    return n;
}

void gen_pair(uint64_t *rng, const char **a, const char **b)
{
    const char *cc[3];
    size_t n;
    while ((n = gen_countries(rng, cc)) < 2)
        ;
    size_t i = gen_below(rng, (uint32_t)n), j;
    do
        j = gen_below(rng, (uint32_t)n);
    while (j == i);
    if (strcmp(cc[i], cc[j]) > 0) {
        size_t t = i;
        i = j;
        j = t;
    }
    *a = cc[i];
    *b = cc[j];
}

static void day_string(long day, char out[11])
{
    struct tm base = {.tm_year = GEN_YEAR_FIRST - 1900, .tm_mon = 0, .tm_mday = 1};
    time_t t = timegm(&base) + (time_t)day * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    /* the modulos only tell the compiler the widths gmtime guarantees */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

void gen_range(uint64_t *rng, char since[11], char until[11])
{
    long span = GEN_YEARS * 365L + GEN_YEARS / 4;
    long len = 30 + (long)gen_below(rng, 701);
    long start = (long)gen_below(rng, (uint32_t)(span - len));
    day_string(start, since);
    day_string(start + len, until);
}


static const char *gen_person(uint64_t *rng, gen_arena_t *a)
{
    if (gen_below(rng, 3) == 0)
        return vocab_foreign[gen_below(rng, vocab_n_foreign)];
    return gen_printf(a, "%s %s %s", vocab_surnames[gen_below(rng, 10)], vocab_middles[gen_below(rng, 8)],
                      vocab_givens[gen_below(rng, 12)]);
}

static size_t gen_sectors(uint64_t *rng, size_t idx[3])
{
    size_t n = 1 + gen_below(rng, 3), k = 0;
    while (k < n) {
        /* two thirds from the first ten (the ICT core), the rest from all */
        size_t s = gen_below(rng, 3) ? gen_below(rng, 10) : gen_below(rng, vocab_n_sectors);
        int dup = 0;
        for (size_t i = 0; i < k; i++)
            dup |= idx[i] == s;
        if (!dup)
            idx[k++] = s;
    }
    return n;
}

/* ---- store events ------------------------------------------------------------ */

void gen_event_id(uint64_t i, char out[33])
{
    char in[32];
    uint8_t h[16];
    int n = snprintf(in, sizeof in, "bench-event-%llu", (unsigned long long)i);
    crypto_generichash(h, sizeof h, (const uint8_t *)in, (size_t)n, NULL, 0);
    sodium_bin2hex(out, 33, h, sizeof h);
}

uint64_t gen_doc_of_event(uint64_t i) { return (i - 1) / 3 + 1; }

void gen_event(uint64_t i, gen_arena_t *a, Entente__V1__PartnershipEvent *ev)
{
    uint64_t rng = gen_seed(0xE7E47, i);
    entente__v1__partnership_event__init(ev);
    char id[33];
    gen_event_id(i, id);
    ev->id = gen_printf(a, "%s", id);
    uint64_t k = gen_doc_of_event(i);
    ev->doc_id = gen_printf(a, "bench-doc-%08llu", (unsigned long long)k);
    ev->source_url = gen_printf(a, "https://news.example.test/a/%llu", (unsigned long long)k);
    int w = (int)gen_below(&rng, 100), t = 0;
    while (w >= vocab_types[t].weight)
        w -= vocab_types[t++].weight;
    ev->type = (char *)vocab_types[t].type;
    ev->cameo = (char *)vocab_types[t].cameo;
    ev->plover = (char *)vocab_types[t].plover;
    size_t inst = gen_below(&rng, 7);
    ev->instrument = (char *)(t == 0 || t == 4 ? vocab_instruments[inst] : "");
    int year = GEN_YEAR_FIRST + (int)gen_below(&rng, GEN_YEARS);
    int month = 1 + (int)gen_below(&rng, 12), day = 1 + (int)gen_below(&rng, 28);
    double p = gen_unit(&rng);
    if (p < 0.85) {
        ev->date = gen_printf(a, "%04d-%02d-%02d", year, month, day);
        ev->date_precision = ENTENTE__V1__DATE_PRECISION__DATE_DAY;
    } else if (p < 0.95) {
        ev->date = gen_printf(a, "%04d-%02d", year, month);
        ev->date_precision = ENTENTE__V1__DATE_PRECISION__DATE_MONTH;
    } else {
        ev->date = (char *)"";
    }
    ev->published = gen_printf(a, "%04d-%02d-%02d", year, month, day);
    const char *cc[3];
    ev->n_countries = gen_countries(&rng, cc);
    ev->countries = gen_alloc(a, ev->n_countries * sizeof(char *));
    for (size_t j = 0; j < ev->n_countries; j++)
        ev->countries[j] = (char *)cc[j];
    size_t sidx[3];
    ev->n_sectors = gen_sectors(&rng, sidx);
    ev->sectors = gen_alloc(a, ev->n_sectors * sizeof(char *));
    for (size_t j = 0; j < ev->n_sectors; j++)
        ev->sectors[j] = (char *)vocab_sectors[sidx[j]].code;
    ev->n_people = gen_below(&rng, 3);
    ev->people = gen_alloc(a, (ev->n_people + 1) * sizeof(char *));
    for (size_t j = 0; j < ev->n_people; j++)
        ev->people[j] = (char *)gen_person(&rng, a);
    ev->n_organizations = gen_below(&rng, 3);
    ev->organizations = gen_alloc(a, (ev->n_organizations + 1) * sizeof(char *));
    for (size_t j = 0; j < ev->n_organizations; j++)
        ev->organizations[j] = (char *)vocab_orgs[gen_below(&rng, vocab_n_orgs)];
    const gen_country_t *c0 = country_by_code(cc[0]);
    const gen_country_t *c1 = country_by_code(cc[ev->n_countries > 1 ? 1 : 0]);
    ev->location = (char *)(gen_below(&rng, 5) ? (gen_below(&rng, 2) ? c0->city : c1->city) : "");
    char sec[512];
    size_t used = 0;
    for (size_t j = 0; j < ev->n_sectors; j++)
        used += (size_t)snprintf(sec + used, sizeof sec - used, "%s%s",
                                 j == 0 ? "" : j + 1 == ev->n_sectors ? " et " : ", ",
                                 vocab_sectors[sidx[j]].fr);
    ev->evidence_text = gen_printf(
        a, "%s, %d %s (VNA) - Les représentants du %s et de %s %s dans %s, a indiqué %s.",
        ev->location[0] ? ev->location : c0->city, day, vocab_months_fr[month - 1], c0->name, c1->name,
        t == 0 ? (gen_below(&rng, 2) ? "ont signé un protocole d'accord sur la coopération"
                                     : "ont signé un accord de coopération")
        : t == 1 ? "se sont rencontrés pour discuter de la coopération"
        : t == 2 ? "ont effectué une visite de travail consacrée à la coopération"
        : t == 3 ? "ont participé à une conférence sur la coopération"
        : t == 4 ? "ont convenu d'élaborer un plan de coopération"
        : t == 5 ? "ont annoncé une aide"
        : t == 6 ? "ont inauguré un centre conjoint"
                 : "ont élevé leurs relations au rang de partenariat stratégique",
        sec, ev->n_people ? ev->people[0] : "un responsable");
    ev->n_evidence = 1;
    ev->evidence = gen_alloc(a, sizeof(Entente__V1__Span *));
    ev->evidence[0] = gen_alloc(a, sizeof(Entente__V1__Span));
    entente__v1__span__init(ev->evidence[0]);
    ev->evidence[0]->start = 120u * (uint32_t)((i - 1) % 3);
    ev->evidence[0]->end = ev->evidence[0]->start + (uint32_t)strlen(ev->evidence_text);
    ev->confidence = t == 0 ? 0.9f : 0.8f;
    ev->lang = (char *)"fr";
}

typedef struct {
    int year, month, day;
} gen_day_t;

/* Id, url, language and publication day of document k (day from first_day). */
static gen_day_t gen_doc_init(Entente__V1__Document *doc, gen_arena_t *a, const char *id_prefix,
                              const char *url_prefix, uint64_t k, uint64_t *rng, int first_day)
{
    entente__v1__document__init(doc);
    doc->doc_id = gen_printf(a, "%s%08llu", id_prefix, (unsigned long long)k);
    doc->url = gen_printf(a, "%s%llu", url_prefix, (unsigned long long)k);
    doc->lang = (char *)"fr";
    gen_day_t d = {GEN_YEAR_FIRST + (int)gen_below(rng, GEN_YEARS), 1 + (int)gen_below(rng, 12),
                   first_day + (int)gen_below(rng, 29 - (uint32_t)first_day)};
    doc->published = gen_printf(a, "%04d-%02d-%02d", d.year, d.month, d.day);
    return d;
}

void gen_store_document(uint64_t k, gen_arena_t *a, Entente__V1__Document *doc)
{
    uint64_t rng = gen_seed(0xD0C5, k);
    gen_day_t d = gen_doc_init(doc, a, "bench-doc-", "https://news.example.test/a/", k, &rng, 1);
    int year = d.year, month = d.month, day = d.day;
    const gen_country_t *p = gen_partner(&rng);
    size_t s[3];
    size_t ns = gen_sectors(&rng, s);
    doc->text = gen_printf(
        a,
        "%s, %d %s (VNA) - Les délégations du Vietnam et de %s se sont réunies à %s pour "
        "faire le point sur la coopération dans %s. Les deux parties ont salué les résultats "
        "obtenus au cours des dernières années et sont convenues de renforcer l'échange "
        "d'expériences, la formation et les projets communs dans %s. %s a souligné le rôle "
        "des entreprises dans %s et appelé à faciliter les investissements. Les deux "
        "parties ont aussi évoqué la préparation des prochaines réunions du comité mixte et "
        "les priorités de l'année %d.",
        p->city, day, vocab_months_fr[month - 1], p->name, p->city, vocab_sectors[s[0]].fr,
        vocab_sectors[s[1 % ns]].fr, gen_person(&rng, a), vocab_sectors[s[2 % ns]].fr, year + 1);
    uint8_t h[32];
    crypto_hash_sha256(h, (const uint8_t *)doc->text, strlen(doc->text));
    char *hex = gen_alloc(a, 65);
    sodium_bin2hex(hex, 65, h, sizeof h);
    doc->sha256 = hex;
}

/* ---- ingest articles -------------------------------------------------------------- */

static char *gen_paragraph(uint64_t *rng, gen_arena_t *a, int day, int month, int first)
{
    const gen_country_t *p = gen_partner(rng);
    size_t s[3];
    size_t ns = gen_sectors(rng, s);
    const char *s1 = vocab_sectors[s[0]].fr, *s2 = vocab_sectors[s[ns > 1 ? 1 : 0]].fr;
    const char *who = gen_person(rng, a), *other = gen_person(rng, a);
    const char *head = first ? gen_printf(a, "%s, %d %s (VNA) - ", gen_below(rng, 2) ? p->city : vocab_vietnam.city,
                                          day, vocab_months_fr[month - 1])
                             : "";
    int yday = day > 1 ? day - 1 : day;
    switch (gen_below(rng, 5)) {
    case 0:
        return gen_printf(a,
                          "%sLe ministère de l'Information et des Communications du Vietnam et "
                          "le ministère du Numérique de %s ont signé le %d %s à %s %s sur la "
                          "coopération dans %s et %s. Le ministre %s et son homologue %s ont "
                          "assisté à la cérémonie.",
                          head, p->name, yday, vocab_months_fr[month - 1], p->city,
                          vocab_instrument_fr[gen_below(rng, 4)], s1, s2, who, other);
    case 1:
        return gen_printf(a,
                          "%sLe vice-ministre vietnamien %s a reçu le %d %s à Hanoï une "
                          "délégation de %s conduite par %s. Les deux parties ont discuté de la "
                          "coopération dans %s et %s.",
                          head, who, yday, vocab_months_fr[month - 1], p->name, other, s1, s2);
    case 2:
        return gen_printf(a,
                          "%sUne délégation du Vietnam conduite par %s est arrivée le %d %s à %s "
                          "pour une visite officielle en %s consacrée à %s. Elle a rencontré "
                          "des dirigeants de %s.",
                          head, who, yday, vocab_months_fr[month - 1], p->city, p->name, s1,
                          vocab_orgs[gen_below(rng, vocab_n_orgs)]);
    case 3:
        return gen_printf(a,
                          "%sLa conférence Vietnam - %s sur %s s'est tenue le %d %s à %s, avec "
                          "la participation de %s et de représentants de %s.",
                          head, p->name, s1, yday, vocab_months_fr[month - 1], p->city, who,
                          vocab_orgs[gen_below(rng, vocab_n_orgs)]);
    default:
        return gen_printf(a,
                          "%sLe Vietnam et %s ont convenu le %d %s de mettre en place un plan "
                          "d'action pour la coopération dans %s, a déclaré %s à l'issue d'un "
                          "entretien avec %s.",
                          head, p->name, yday, vocab_months_fr[month - 1], s1, who, other);
    }
}

void gen_article(uint64_t k, gen_arena_t *a, Entente__V1__Document *doc)
{
    uint64_t rng = gen_seed(0xA471C1E, k);
    gen_day_t d = gen_doc_init(doc, a, "bench-article-", "https://wire.example.test/", k, &rng, 2);
    int day = d.day, month = d.month;
    int paragraphs = 1 + (int)gen_below(&rng, 3);
    char text[4096];
    size_t used = 0;
    for (int i = 0; i < paragraphs; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? "\n\n" : "",
                                 gen_paragraph(&rng, a, day, month, i == 0));
    doc->text = gen_printf(a, "%s", text);
}
