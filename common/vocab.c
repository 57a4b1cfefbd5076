#include "vocab.h"

#include <stdlib.h>
#include <string.h>

static const vocab_event_type_t event_types[] = {
    {"agreement_signed", "057", "AGREE"},  {"agreement_planned", "036", "AGREE"},
    {"meeting", "040", "CONSULT"},         {"visit", "042", "CONSULT"},
    {"conference", "044", "CONSULT"},      {"aid", "070", "AID"},
    {"relationship_upgrade", "060", "COOPERATE"}, {"joint_body", "060", "COOPERATE"},
};

static const char *const instruments[] = {"mou",      "letter_of_intent", "agreement",
                                          "convention", "contract",       "joint_statement",
                                          "plan"};

static const char *const sectors[] = {
    "postal", "telecommunications", "digital_transformation", "information_security",
    "broadcasting_media", "digital_economy", "e_commerce", "e_government", "smart_city",
    "semiconductors", "5g", "iot", "artificial_intelligence", "it_industry", "human_resources",
    "science_technology", "innovation_startups", "agriculture", "energy", "trade_investment",
    "education", "health", "culture_tourism", "environment_climate", "transport_logistics",
    "finance_banking", "defence_security"};

/* ISO 3166-1 alpha-2, officially assigned codes, sorted. */
static const char countries[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

#define COUNT(a) (sizeof(a) / sizeof *(a))

const vocab_event_type_t *vocab_event_type(const char *type)
{
    for (size_t i = 0; type && i < COUNT(event_types); i++)
        if (strcmp(type, event_types[i].type) == 0)
            return &event_types[i];
    return NULL;
}

static int vocab_in(const char *word, const char *const *list, size_t n)
{
    for (size_t i = 0; word && i < n; i++)
        if (strcmp(word, list[i]) == 0)
            return 1;
    return 0;
}

int vocab_is_instrument(const char *instrument)
{
    return vocab_in(instrument, instruments, COUNT(instruments));
}

int vocab_is_sector(const char *sector) { return vocab_in(sector, sectors, COUNT(sectors)); }

static int vocab_code_cmp(const void *key, const void *elem)
{
    return strncmp(key, elem, 2);
}

int vocab_is_country(const char *code)
{
    if (!code || strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' ||
        code[1] > 'Z')
        return 0;
    /* entries are "XX " (3 chars) apart */
    return bsearch(code, countries, (sizeof countries) / 3, 3, vocab_code_cmp) != NULL;
}
