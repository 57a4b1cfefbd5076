/* entente-http's JSON mapping and status mapping: protobuf's JSON names and
 * value forms for an event, and grpc-gateway's HTTP status of every gRPC
 * code. */
#include <stdlib.h>
#include <string.h>

#include "entente/v1/event.pb-c.h"
#include "http_gateway.h"
#include "pbjson.h"
#include "test_util.h"

static void camel_case_names(void **state)
{
    (void)state;
    char out[64];
    const char *cases[][2] = {{"doc_id", "docId"},
                              {"ingest_key_id", "ingestKeyId"},
                              {"id", "id"},
                              {"evidence_text", "evidenceText"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pbjson_camel(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    pbjson_camel("ingest_key_id", out, 7); /* truncated, still terminated */
    assert_string_equal(out, "ingest");
}

static void event_as_protobuf_json(void **state)
{
    (void)state;
    Entente__V1__PartnershipEvent ev = ENTENTE__V1__PARTNERSHIP_EVENT__INIT;
    Entente__V1__Span span = ENTENTE__V1__SPAN__INIT, *spans[] = {&span};
    char *countries[] = {"KR", "VN"};
    uint8_t sig[] = {0xfb, 0xff, 0x00};
    ev.id = "e1";
    ev.seq = UINT64_C(18446744073709551615);
    ev.doc_id = "d1";
    ev.date_precision = ENTENTE__V1__DATE_PRECISION__DATE_MONTH;
    ev.countries = countries;
    ev.n_countries = 2;
    span.start = 3;
    span.end = 40;
    ev.evidence = spans;
    ev.n_evidence = 1;
    ev.confidence = 0.9f;
    ev.ingest_signature = (ProtobufCBinaryData){sizeof sig, sig};
    json_t *j = pbjson_from_message(&ev.base);
    const char *key;
    json_t *value;
    json_object_foreach(j, key, value)
        if (strchr(key, '_'))
            fail_msg("key %s is not lowerCamelCase", key);
    assert_int_equal(json_object_size(j), ev.base.descriptor->n_fields);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    /* int64 as a string, enums by name, bytes in base64, defaults present */
    const char *want[] = {"\"seq\":\"18446744073709551615\"", "\"docId\":\"d1\"",
                          "\"datePrecision\":\"DATE_MONTH\"", "\"countries\":[\"KR\",\"VN\"]",
                          "\"evidence\":[{\"end\":40,\"start\":3}]", "\"confidence\":0.9",
                          "\"ingestSignature\":\"+/8A\"", "\"people\":[]", "\"location\":\"\""};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(s, want[i]))
            fail_msg("%s not in %s", want[i], s);
    free(s);
    j = pbjson_from_message(NULL);
    assert_true(json_is_null(j));
    json_decref(j);
}

static void grpc_gateway_statuses(void **state)
{
    (void)state;
    /* OK .. UNAUTHENTICATED, as grpc-gateway's HTTPStatusFromCode */
    static const int want[] = {200, 499, 500, 400, 504, 404, 409, 403, 429,
                               400, 409, 400, 501, 500, 503, 500, 401};
    for (int code = 0; code < (int)(sizeof want / sizeof *want); code++)
        assert_int_equal(http_status_of_code(code), want[code]);
    assert_int_equal(http_status_of_code(-1), 500);
    assert_int_equal(http_status_of_code(17), 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(camel_case_names),
        cmocka_unit_test(event_as_protobuf_json),
        cmocka_unit_test(grpc_gateway_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
