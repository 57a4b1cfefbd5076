/* Extraction end to end on articles written for these tests: each event
 * type in French and English, negation, cancellation, hope, speech and
 * background, several events in one article, names with and without
 * diacritics, ids, evidence and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extractor.h"

static extractor_t *x;

static int setup(void **state)
{
    char err[256];
    x = extractor_new(NULL, err, sizeof err);
    return x ? 0 : -1;
}

static int teardown(void **state)
{
    extractor_destroy(&x);
    return x == NULL ? 0 : -1;
}

static extract_result_t *run(const char *id, const char *published, const char *text)
{
    extract_doc_t d = {id, NULL, published, text, strlen(text)};
    extract_result_t *res = NULL;
    char err[256];
    assert_int_equal(extractor_run(x, &d, &res, err, sizeof err), 0);
    assert_non_null(res);
    return res;
}

static const extract_event_t *find(const extract_result_t *res, const char *type)
{
    for (size_t i = 0; i < extract_result_count(res); i++)
        if (strcmp(extract_result_event(res, i)->type, type) == 0)
            return extract_result_event(res, i);
    return NULL;
}

static void countries_are(const extract_event_t *e, const char *a, const char *b)
{
    assert_int_equal(e->n_countries, 2);
    assert_string_equal(e->countries[0], a);
    assert_string_equal(e->countries[1], b);
}

static int has_str(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/* Exactly one event, of this type, countries, date. */
static const extract_event_t *only(const extract_result_t *res, const char *type,
                                   const char *c1, const char *c2, const char *date)
{
    assert_int_equal(extract_result_count(res), 1);
    const extract_event_t *e = extract_result_event(res, 0);
    assert_string_equal(e->type, type);
    countries_are(e, c1, c2);
    assert_string_equal(e->date, date);
    return e;
}

static void test_signed_fr(void **state)
{
    const char *text =
        "Hanoï (VNA) – Le ministère vietnamien de l'Industrie et du Commerce et le ministère "
        "thaïlandais du Commerce ont signé mardi 4 juin à Hanoï un protocole d'accord sur le "
        "commerce électronique.";
    extract_result_t *res = run("t-fr-signed", "2024-06", text);
    const extract_event_t *e = only(res, "agreement_signed", "TH", "VN", "2024-06-04");
    assert_string_equal(e->instrument, "mou");
    assert_int_equal(e->date_precision, EXTRACT_DATE_DAY);
    assert_true(has_str(e->sectors, e->n_sectors, "e_commerce"));
    assert_string_equal(e->location, "Hanoï");
    assert_string_equal(e->cameo, "057");
    assert_string_equal(e->plover, "AGREE");
    assert_string_equal(e->lang, "fr");
    assert_int_equal(strlen(e->id), 32);
    assert_true(e->confidence > 0 && e->confidence <= 1);
    assert_int_equal(e->n_evidence, 1);
    assert_true(e->evidence[0].end <= strlen(text));
    assert_non_null(strstr(text + e->evidence[0].start, "ont signé"));
    assert_true(e->n_organizations >= 1);
    extract_result_destroy(&res);
    assert_null(res);
}

static void test_meeting_fr(void **state)
{
    extract_result_t *res = run(
        "t-fr-meeting", "2024-04",
        "Bangkok (VNA) – Le vice-Premier ministre Tran Luu Quang s'est entretenu le 3 avril "
        "à Bangkok avec le ministre thaïlandais des Affaires étrangères, Parnpree Bahidda.");
    const extract_event_t *e = only(res, "meeting", "TH", "VN", "2024-04-03");
    assert_null(e->instrument);
    assert_true(has_str(e->people, e->n_people, "Tran Luu Quang"));
    assert_true(has_str(e->people, e->n_people, "Parnpree Bahidda"));
    extract_result_destroy(&res);
}

static void test_visit_fr(void **state)
{
    extract_result_t *res = run("t-fr-visit", "2024-01",
                                "Le président philippin Ferdinand Marcos effectue du 29 au 31 "
                                "janvier une visite d'État au Vietnam.");
    only(res, "visit", "PH", "VN", "2024-01-29");
    extract_result_destroy(&res);
}

static void test_conference_fr(void **state)
{
    extract_result_t *res =
        run("t-fr-conf", "2023-05",
            "Toronto (VNA) – Un forum d'affaires Vietnam – Canada s'est tenu le 12 mai à "
            "Toronto, réunissant une centaine d'entreprises des deux pays autour de "
            "l'agriculture.");
    const extract_event_t *e = only(res, "conference", "CA", "VN", "2023-05-12");
    assert_true(has_str(e->sectors, e->n_sectors, "agriculture"));
    extract_result_destroy(&res);
}

static void test_aid_fr(void **state)
{
    extract_result_t *res =
        run("t-fr-aid", "2023-03",
            "Hué (VNA) – L'ambassadeur de Corée, Park Noh-wan, a remis le 20 mars à Hué des "
            "équipements médicaux d'une valeur de 500.000 dollars à l'hôpital central.");
    only(res, "aid", "KR", "VN", "2023-03-20");
    extract_result_destroy(&res);
}

static void test_upgrade_fr(void **state)
{
    extract_result_t *res = run("t-fr-upgrade", "2024-11",
                                "Le Vietnam et la Malaisie ont élevé jeudi 21 novembre leurs "
                                "relations au rang de partenariat stratégique global.");
    const extract_event_t *e = only(res, "relationship_upgrade", "MY", "VN", "2024-11-21");
    assert_string_equal(e->plover, "COOPERATE");
    extract_result_destroy(&res);
}

static void test_joint_body_fr(void **state)
{
    extract_result_t *res = run("t-fr-body", "2024-10",
                                "Les ministères vietnamien et hongrois des Sciences ont inauguré "
                                "le 5 octobre à Budapest un centre de recherche commun.");
    only(res, "joint_body", "HU", "VN", "2024-10-05");
    extract_result_destroy(&res);
}

static void test_meeting_then_planned_fr(void **state)
{
    extract_result_t *res = run(
        "t-fr-planned", "2025-02",
        "Helsinki (VNA) – La ministre vietnamienne de l'Éducation et son homologue finlandaise "
        "ont eu le 8 février une séance de travail à Helsinki.\n\n"
        "Les deux parties sont convenues de créer un groupe de travail conjoint sur "
        "l'innovation dans l'enseignement.");
    assert_int_equal(extract_result_count(res), 2);
    const extract_event_t *m = find(res, "meeting"), *p = find(res, "agreement_planned");
    assert_non_null(m);
    assert_non_null(p);
    countries_are(p, "FI", "VN");
    assert_string_equal(m->date, "2025-02-08");
    assert_string_equal(p->date, "2025-02-08"); /* the day they agreed */
    extract_result_destroy(&res);
}

static void test_no_event_fr(void **state)
{
    const char *texts[] = {
        /* negated */
        "Le Vietnam et le Brésil n'ont pas signé l'accord attendu sur le riz, a indiqué le "
        "ministère.",
        /* cancelled */
        "Le forum Vietnam – Italie, qui devait se tenir le 10 mars à Rome, a été reporté en "
        "raison des intempéries.",
        /* hoped for */
        "Le ministre a souhaité que les deux pays signent bientôt un accord de libre-échange "
        "avec l'Inde.",
        /* a speech alone */
        "Dans son discours, l'ambassadeur allemand a salué les progrès de la coopération "
        "numérique avec le Vietnam.",
        /* background */
        "Les deux pays avaient signé un protocole d'accord sur la poste en 2015 à Tokyo.",
        /* statistics */
        "Le Japon a conclu 35 accords commerciaux avec des pays d'Asie, dont le Vietnam.",
        /* one country's own institutions */
        "Le Premier ministre Pham Minh Chinh a présidé le 3 mars à Hanoï une conférence sur "
        "la transformation numérique des provinces.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        extract_result_t *res = run("t-none", "2024-03", texts[i]);
        if (extract_result_count(res) != 0)
            fail_msg("text %zu gave a %s event", i, extract_result_event(res, 0)->type);
        extract_result_destroy(&res);
    }
}

static void test_several_events_fr(void **state)
{
    extract_result_t *res = run(
        "t-fr-several", "2024-06",
        "Canberra (VNA) – Le vice-président vietnamien Vo Thi Anh Xuan effectue du 10 au 13 "
        "juin une visite officielle en Australie.\n\n"
        "Le 11 juin, elle s'est entretenue avec la gouverneure générale australienne, Sam "
        "Mostyn.\n\n"
        "Le lendemain, les deux parties ont signé un accord de coopération dans "
        "l'agriculture.");
    assert_int_equal(extract_result_count(res), 3);
    const extract_event_t *v = find(res, "visit"), *m = find(res, "meeting"),
                          *s = find(res, "agreement_signed");
    assert_non_null(v);
    assert_non_null(m);
    assert_non_null(s);
    assert_string_equal(v->date, "2024-06-10");
    assert_string_equal(m->date, "2024-06-11");
    assert_string_equal(s->date, "2024-06-12");
    assert_string_equal(s->instrument, "agreement");
    countries_are(s, "AU", "VN");
    extract_result_destroy(&res);
}

static void test_signing_absorbs_talks(void **state)
{
    extract_result_t *res = run(
        "t-fr-absorb", "2024-09",
        "Séoul (VNA) – Le ministre vietnamien de la Santé a reçu le 9 septembre à Séoul son "
        "homologue sud-coréen.\n\n"
        "À l'issue de leur entretien, les deux ministres ont signé un mémorandum d'entente "
        "sur la médecine numérique.");
    const extract_event_t *e = only(res, "agreement_signed", "KR", "VN", "2024-09-09");
    assert_string_equal(e->instrument, "mou");
    extract_result_destroy(&res);
}

static void test_names_with_and_without_diacritics(void **state)
{
    extract_result_t *res = run(
        "t-fr-names", "2024-05",
        "Hanoï (VNA) – Le ministre Nguyễn Văn Thắng a reçu le 2 mai à Hanoï l'ambassadeur "
        "japonais Ito Naoki.\n\n"
        "Le 2 mai également, le ministre Nguyen Van Thang a eu une séance de travail avec "
        "l'ambassadeur japonais.");
    assert_int_equal(extract_result_count(res), 1);
    const extract_event_t *e = extract_result_event(res, 0);
    assert_int_equal(e->n_people, 2);
    assert_true(has_str(e->people, e->n_people, "Nguyễn Văn Thắng"));
    assert_true(has_str(e->people, e->n_people, "Ito Naoki"));
    assert_int_equal(e->n_evidence, 2);
    extract_result_destroy(&res);
}

static void test_signed_en(void **state)
{
    extract_result_t *res = run(
        "t-en-signed", "2024-03",
        "Tokyo (VNA) – Vietnam and Japan signed a memorandum of understanding on chip design "
        "training on March 14 in Tokyo.");
    const extract_event_t *e = only(res, "agreement_signed", "JP", "VN", "2024-03-14");
    assert_string_equal(e->instrument, "mou");
    assert_string_equal(e->lang, "en");
    assert_true(has_str(e->sectors, e->n_sectors, "semiconductors"));
    extract_result_destroy(&res);
}

static void test_meeting_and_visit_en(void **state)
{
    extract_result_t *res = run(
        "t-en-meeting", "2024-05",
        "Hanoi (VNA) – Prime Minister Pham Minh Chinh received Singaporean Minister for Trade "
        "Gan Kim Yong in Hanoi on May 6.\n\n"
        "Lao Prime Minister Sonexay Siphandone is paying an official visit to Vietnam from "
        "May 7 to 9.");
    assert_int_equal(extract_result_count(res), 2);
    const extract_event_t *m = find(res, "meeting"), *v = find(res, "visit");
    assert_non_null(m);
    assert_non_null(v);
    countries_are(m, "SG", "VN");
    assert_string_equal(m->date, "2024-05-06");
    countries_are(v, "LA", "VN");
    assert_string_equal(v->date, "2024-05-07");
    extract_result_destroy(&res);
}

static void test_no_event_en(void **state)
{
    const char *texts[] = {
        "The two sides did not sign the expected agreement on rice trade, officials said.",
        "The Vietnam - Korea forum, planned for March 10 in Busan, was postponed.",
        "The minister hoped that the two countries would sign a new trade deal with India.",
        "Trade between Vietnam and the EU reached 50 billion USD last year.",
        /* announced, not done */
        "The Thai Prime Minister will pay an official visit to Vietnam next month, the "
        "spokesperson said on March 4.",
        /* a count of documents, not a signing */
        "Vietnam has signed 16 free trade agreements with partners such as Chile and Canada.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        extract_result_t *res = run("t-none-en", "2024-03", texts[i]);
        if (extract_result_count(res) != 0)
            fail_msg("text %zu gave a %s event", i, extract_result_event(res, 0)->type);
        extract_result_destroy(&res);
    }
}

static void test_body_party(void **state)
{
    /* Vietnam with an international body alone: ["VN"] */
    extract_result_t *res = run("t-fr-body-party", "2024-05",
                                "Hanoï (VNA) – Le secrétaire général de l'ASEAN, Kao Kim Hourn, "
                                "a été reçu le 8 mai à Hanoï par le vice-Premier ministre.");
    assert_int_equal(extract_result_count(res), 1);
    const extract_event_t *e = extract_result_event(res, 0);
    assert_string_equal(e->type, "meeting");
    assert_int_equal(e->n_countries, 1);
    assert_string_equal(e->countries[0], "VN");
    assert_string_equal(e->date, "2024-05-08");
    extract_result_destroy(&res);
    /* a body inside another name is no party: nothing left here */
    res = run("t-fr-body-name", "2024-05",
              "Le ministre a participé le 8 mai à la Conférence de la Convention-cadre des "
              "Nations unies sur le climat.");
    assert_int_equal(extract_result_count(res), 0);
    extract_result_destroy(&res);
}

static void test_header_year_boundary_and_ids(void **state)
{
    const char *text = " date 2023-01 Londres (VNA) – L'accord entre le Vietnam et le "
                       "Royaume-Uni a été signé le 28 décembre à Londres.";
    extract_result_t *a = run("t-id", NULL, text);
    extract_result_t *b = run("t-id", NULL, text);
    extract_result_t *c = run("t-id-other", NULL, text);
    const extract_event_t *e = only(a, "agreement_signed", "GB", "VN", "2022-12-28");
    assert_string_equal(e->id, extract_result_event(b, 0)->id);
    assert_string_not_equal(e->id, extract_result_event(c, 0)->id);
    extract_result_destroy(&a);
    extract_result_destroy(&b);
    extract_result_destroy(&c);
}

static void test_language_and_errors(void **state)
{
    const char *en = "The minister said that the two countries and their firms will work on it.";
    const char *fr = "Le ministre a dit que les deux pays et leurs entreprises y travailleront.";
    assert_string_equal(extractor_detect_lang(x, en, strlen(en)), "en");
    assert_string_equal(extractor_detect_lang(x, fr, strlen(fr)), "fr");
    extract_doc_t d = {"bad", "fr", "2024-01", "caf\xe9 au lait", 12};
    extract_result_t *res = NULL;
    char err[256] = "";
    assert_int_equal(extractor_run(x, &d, &res, err, sizeof err), -1);
    assert_null(res);
    assert_non_null(strstr(err, "UTF-8"));
    char err2[256];
    assert_null(extractor_new("/nonexistent/lexicons", err2, sizeof err2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signed_fr),
        cmocka_unit_test(test_meeting_fr),
        cmocka_unit_test(test_visit_fr),
        cmocka_unit_test(test_conference_fr),
        cmocka_unit_test(test_aid_fr),
        cmocka_unit_test(test_upgrade_fr),
        cmocka_unit_test(test_joint_body_fr),
        cmocka_unit_test(test_meeting_then_planned_fr),
        cmocka_unit_test(test_no_event_fr),
        cmocka_unit_test(test_several_events_fr),
        cmocka_unit_test(test_signing_absorbs_talks),
        cmocka_unit_test(test_names_with_and_without_diacritics),
        cmocka_unit_test(test_signed_en),
        cmocka_unit_test(test_meeting_and_visit_en),
        cmocka_unit_test(test_no_event_en),
        cmocka_unit_test(test_body_party),
        cmocka_unit_test(test_header_year_boundary_and_ids),
        cmocka_unit_test(test_language_and_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
