#include "bench_store_vocab.h"

/* Partners of Vietnam, most frequent first (Zipf weights by rank). */
const gen_country_t vocab_partners[] = {
    {"CN", "Chine", "Pékin"},          {"KR", "République de Corée", "Séoul"},
    {"JP", "Japon", "Tokyo"},          {"US", "États-Unis", "Washington"},
    {"LA", "Laos", "Vientiane"},       {"KH", "Cambodge", "Phnom Penh"},
    {"FR", "France", "Paris"},         {"IN", "Inde", "New Delhi"},
    {"RU", "Russie", "Moscou"},        {"SG", "Singapour", "Singapour"},
    {"TH", "Thaïlande", "Bangkok"},    {"AU", "Australie", "Canberra"},
    {"DE", "Allemagne", "Berlin"},     {"GB", "Royaume-Uni", "Londres"},
    {"ID", "Indonésie", "Jakarta"},    {"MY", "Malaisie", "Kuala Lumpur"},
    {"PH", "Philippines", "Manille"},  {"CU", "Cuba", "La Havane"},
    {"IL", "Israël", "Tel Aviv"},      {"CA", "Canada", "Ottawa"},
    {"IT", "Italie", "Rome"},          {"NL", "Pays-Bas", "Amsterdam"},
    {"MM", "Myanmar", "Naypyidaw"},    {"BY", "Biélorussie", "Minsk"},
    {"KZ", "Kazakhstan", "Astana"},    {"AE", "Émirats arabes unis", "Abou Dhabi"},
    {"FI", "Finlande", "Helsinki"},    {"SE", "Suède", "Stockholm"},
    {"HU", "Hongrie", "Budapest"},     {"CZ", "République tchèque", "Prague"},
    {"PL", "Pologne", "Varsovie"},     {"ES", "Espagne", "Madrid"},
    {"BE", "Belgique", "Bruxelles"},   {"CH", "Suisse", "Berne"},
    {"MN", "Mongolie", "Oulan-Bator"}, {"BD", "Bangladesh", "Dacca"},
    {"NZ", "Nouvelle-Zélande", "Wellington"}, {"BN", "Brunei", "Bandar Seri Begawan"},
    {"TL", "Timor-Leste", "Dili"},     {"TW", "Taïwan", "Taipei"},
    {"SA", "Arabie saoudite", "Riyad"}, {"QA", "Qatar", "Doha"},
    {"TR", "Turquie", "Ankara"},       {"EG", "Égypte", "Le Caire"},
    {"ZA", "Afrique du Sud", "Pretoria"}, {"MZ", "Mozambique", "Maputo"},
    {"AO", "Angola", "Luanda"},        {"DZ", "Algérie", "Alger"},
    {"MA", "Maroc", "Rabat"},          {"BR", "Brésil", "Brasilia"},
    {"AR", "Argentine", "Buenos Aires"}, {"MX", "Mexique", "Mexico"},
    {"CL", "Chili", "Santiago"},       {"UA", "Ukraine", "Kiev"},
    {"AT", "Autriche", "Vienne"},      {"IE", "Irlande", "Dublin"},
    {"PT", "Portugal", "Lisbonne"},    {"GR", "Grèce", "Athènes"},
    {"NO", "Norvège", "Oslo"},
};
const gen_country_t vocab_vietnam = {"VN", "Vietnam", "Hanoï"};

const gen_type_t vocab_types[] = {
    {"agreement_signed", "057", "AGREE", 30}, {"meeting", "040", "CONSULT", 25},
    {"visit", "042", "CONSULT", 12},          {"conference", "043", "CONSULT", 12},
    {"agreement_planned", "051", "AGREE", 8}, {"aid", "070", "AID", 5},
    {"joint_body", "053", "COOPERATE", 4},    {"relationship_upgrade", "050", "COOPERATE", 4},
};

const char *const vocab_instruments[] = {"mou",      "agreement", "letter_of_intent", "convention",
                                          "contract", "joint_statement", "plan"};
const char *const vocab_instrument_fr[] = {
    "un protocole d'accord", "un accord", "une lettre d'intention", "une convention",
    "un contrat", "une déclaration commune", "un plan d'action"};

/* Sector codes with a French phrase the extractor knows; ICT ones first. */
const gen_sector_t vocab_sectors[] = {
    {"telecommunications", "les télécommunications"},
    {"digital_transformation", "la transformation numérique"},
    {"information_security", "la sécurité de l'information"},
    {"digital_economy", "l'économie numérique"},
    {"artificial_intelligence", "l'intelligence artificielle"},
    {"semiconductors", "les semi-conducteurs"},
    {"e_government", "l'e-gouvernement"},
    {"postal", "la poste"},
    {"5g", "la 5G"},
    {"it_industry", "les technologies de l'information"},
    {"e_commerce", "le commerce électronique"},
    {"smart_city", "les villes intelligentes"},
    {"iot", "l'Internet des objets"},
    {"human_resources", "les ressources humaines"},
    {"science_technology", "les sciences et technologies"},
    {"innovation_startups", "l'innovation"},
    {"broadcasting_media", "la radiodiffusion"},
    {"education", "l'éducation"},
    {"health", "la santé"},
    {"trade_investment", "le commerce"},
    {"energy", "l'énergie"},
    {"agriculture", "l'agriculture"},
    {"culture_tourism", "la culture"},
    {"finance_banking", "la finance"},
    {"transport_logistics", "les transports"},
};

const char *const vocab_surnames[] = {"Nguyen", "Tran", "Le",  "Pham", "Hoang",
                                       "Phan",   "Vu",   "Dang", "Bui", "Do"};
const char *const vocab_middles[] = {"Manh", "Van", "Thi", "Duc", "Minh", "Thanh", "Quoc", "Huu"};
const char *const vocab_givens[] = {"Hung", "Lan", "Tuan", "Hoa", "Dung", "Nam",
                                     "Anh",  "Son", "Long", "Mai", "Khanh", "Binh"};
const char *const vocab_foreign[] = {"Jean Martin",   "Kim Min-jun",   "Tanaka Hiroshi",
                                      "Anna Schmidt",  "John Carter",   "Li Wei",
                                      "Ivan Petrov",   "Somsak Chai",   "Priya Sharma",
                                      "Lucas Silva",   "Maria Rossi",   "Ahmed Hassan"};
const char *const vocab_orgs[] = {
    "ministère de l'Information et des Communications", "Viettel", "VNPT", "FPT",
    "MobiFone", "Samsung Electronics", "Huawei", "NEC", "Orange", "Ericsson", "Nokia",
    "Académie des postes et télécommunications", "Union internationale des télécommunications",
    "Banque asiatique de développement", "JICA", "KOICA"};

const char *const vocab_months_fr[] = {"janvier", "février", "mars",      "avril",
                                        "mai",     "juin",    "juillet",   "août",
                                        "septembre", "octobre", "novembre", "décembre"};

#define COUNT(a) (sizeof a / sizeof *a)
const size_t vocab_n_partners = COUNT(vocab_partners), vocab_n_types = COUNT(vocab_types),
             vocab_n_sectors = COUNT(vocab_sectors), vocab_n_foreign = COUNT(vocab_foreign),
             vocab_n_orgs = COUNT(vocab_orgs);
