/* envelope: seal/open round trip, tampering, unknown and wrong keys, missing
 * trailer, garbage. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

typedef struct {
    identity_t *alice, *mallory;
    keyring_t *ring; /* alice only */
    uint8_t *frame;
    size_t len;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    f->alice = tu_identity("alice");
    f->mallory = tu_identity("mallory");
    f->ring = keyring_new();
    assert_int_equal(keyring_add(f->ring, "alice", identity_public_key(f->alice), ROLE_CLIENT),
                     0);
    static const uint8_t payload[] = {1, 2, 3, 4, 5};
    tu_request_t req = {.service = "entente.v1.IndexService", .method = "Replay",
                        .raw_payload = payload, .raw_len = sizeof payload,
                        .deadline_ms = 123456789};
    tu_seal_request(&req, f->alice, &f->frame, &f->len);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    free(f->frame);
    keyring_destroy(&f->ring);
    identity_destroy(&f->alice);
    identity_destroy(&f->mallory);
    free(f);
    return 0;
}

static envelope_fault_t open_frame(const fixture_t *f, const uint8_t *frame, size_t len,
                                   status_t *st)
{
    Entente__V1__Envelope *env = (void *)1;
    const keyring_entry_t *who = (void *)1;
    envelope_fault_t fault = envelope_open(frame, len, f->ring, &env, &who, st);
    if (fault == ENVELOPE_OK) {
        envelope_free(env);
    } else {
        assert_null(env);
        assert_null(who);
    }
    return fault;
}

static void test_round_trip(void **state)
{
    fixture_t *f = *state;
    /* the trailer is field 15, length 64, then the signature */
    assert_int_equal(f->frame[f->len - 66], 0x7a);
    assert_int_equal(f->frame[f->len - 65], 0x40);
    Entente__V1__Envelope *env = NULL;
    const keyring_entry_t *who = NULL;
    status_t st;
    assert_int_equal(envelope_open(f->frame, f->len, f->ring, &env, &who, &st), ENVELOPE_OK);
    assert_int_equal(st.code, STATUS_OK);
    assert_string_equal(who->name, "alice");
    assert_string_equal(env->key_id, identity_key_id(f->alice));
    assert_int_equal(env->version, ENVELOPE_VERSION);
    assert_int_equal(env->kind, ENTENTE__V1__KIND__REQUEST);
    assert_string_equal(env->service, "entente.v1.IndexService");
    assert_string_equal(env->method, "Replay");
    assert_int_equal(env->request_id.len, ENVELOPE_REQUEST_ID_BYTES);
    assert_int_equal(env->deadline_ms, 123456789);
    assert_int_equal(env->payload.len, 5);
    assert_memory_equal(env->payload.data, "\1\2\3\4\5", 5);
    uint64_t now = envelope_now_ms();
    assert_true(env->timestamp_ms <= now && env->timestamp_ms + 10000 > now);
    assert_int_equal(env->signature.len, IDENTITY_SIG_BYTES);
    envelope_free(env);
}

static void test_seal_refuses_a_signed_envelope(void **state)
{
    fixture_t *f = *state;
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    uint8_t sig[IDENTITY_SIG_BYTES] = {0};
    env.signature = (ProtobufCBinaryData){sizeof sig, sig};
    uint8_t *out = NULL;
    size_t len = 0;
    assert_int_equal(envelope_seal(&env, f->alice, &out, &len), -1);
    assert_null(out);
}

/* Flipping any single byte must never let the frame through. */
static void test_tamper_every_byte(void **state)
{
    fixture_t *f = *state;
    uint8_t *copy = malloc(f->len);
    for (size_t i = 0; i < f->len; i++) {
        memcpy(copy, f->frame, f->len);
        copy[i] ^= 0x01;
        status_t st = {0};
        envelope_fault_t fault = open_frame(f, copy, f->len, &st);
        assert_int_not_equal(fault, ENVELOPE_OK);
        assert_int_not_equal(st.code, STATUS_OK);
        /* a flipped bit in the payload or the signature is a bad signature */
        if (i >= f->len - IDENTITY_SIG_BYTES) {
            assert_int_equal(fault, ENVELOPE_BAD_SIGNATURE);
            assert_int_equal(st.code, STATUS_UNAUTHENTICATED);
            assert_non_null(strstr(st.message, "bad signature"));
        }
    }
    free(copy);
}

static void test_tamper_payload_is_bad_signature(void **state)
{
    fixture_t *f = *state;
    uint8_t *p = memmem(f->frame, f->len, "\1\2\3\4\5", 5);
    assert_non_null(p);
    p[2] = 9;
    status_t st;
    assert_int_equal(open_frame(f, f->frame, f->len, &st), ENVELOPE_BAD_SIGNATURE);
    assert_int_equal(st.code, STATUS_UNAUTHENTICATED);
}

static void test_signer_not_in_keyring(void **state)
{
    fixture_t *f = *state;
    uint8_t *frame;
    size_t len;
    tu_request_t req = {0};
    tu_seal_request(&req, f->mallory, &frame, &len);
    status_t st;
    assert_int_equal(open_frame(f, frame, len, &st), ENVELOPE_UNKNOWN_KEY);
    assert_int_equal(st.code, STATUS_UNAUTHENTICATED);
    assert_non_null(strstr(st.message, "unknown key"));
    free(frame);
}

/* mallory signs with her key but claims alice's key id. */
static void test_key_id_of_another_key(void **state)
{
    fixture_t *f = *state;
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    env.version = ENVELOPE_VERSION;
    env.kind = ENTENTE__V1__KIND__REQUEST;
    env.service = "entente.v1.Health";
    env.method = "Check";
    env.key_id = (char *)identity_key_id(f->alice);
    env.timestamp_ms = envelope_now_ms();
    size_t body = protobuf_c_message_get_packed_size(&env.base);
    uint8_t *frame = malloc(body + ENVELOPE_TRAILER_BYTES);
    protobuf_c_message_pack(&env.base, frame);
    frame[body] = 0x7a;
    frame[body + 1] = 0x40;
    identity_sign(f->mallory, frame, body, frame + body + 2);
    status_t st;
    assert_int_equal(open_frame(f, frame, body + ENVELOPE_TRAILER_BYTES, &st),
                     ENVELOPE_BAD_SIGNATURE);
    assert_int_equal(st.code, STATUS_UNAUTHENTICATED);
    free(frame);
}

static void test_missing_trailer(void **state)
{
    fixture_t *f = *state;
    /* the envelope alone, without field 15 */
    size_t body = f->len - ENVELOPE_TRAILER_BYTES;
    status_t st;
    assert_int_equal(open_frame(f, f->frame, body, &st), ENVELOPE_UNSIGNED);
    assert_int_equal(st.code, STATUS_UNAUTHENTICATED);
    /* an empty frame is an empty envelope: unsigned too */
    assert_int_equal(open_frame(f, (const uint8_t *)"", 0, &st), ENVELOPE_UNSIGNED);
    assert_int_equal(st.code, STATUS_UNAUTHENTICATED);
}

static void test_garbage_and_truncation(void **state)
{
    fixture_t *f = *state;
    static const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0x01, 0x02};
    status_t st;
    assert_int_equal(open_frame(f, garbage, sizeof garbage, &st), ENVELOPE_MALFORMED);
    assert_int_equal(st.code, STATUS_INVALID_ARGUMENT);
    /* cut inside the signature: the last field is shorter than its length */
    for (size_t cut = 1; cut < IDENTITY_SIG_BYTES; cut += 7) {
        assert_int_equal(open_frame(f, f->frame, f->len - cut, &st), ENVELOPE_MALFORMED);
        assert_int_equal(st.code, STATUS_INVALID_ARGUMENT);
    }
    /* every shorter prefix is refused one way or another */
    for (size_t n = 1; n < f->len; n++) {
        assert_int_not_equal(open_frame(f, f->frame, n, &st), ENVELOPE_OK);
        assert_true(st.code == STATUS_INVALID_ARGUMENT || st.code == STATUS_UNAUTHENTICATED);
    }
}

static void test_unsupported_version(void **state)
{
    fixture_t *f = *state;
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    env.version = 7;
    uint8_t *frame;
    size_t len;
    assert_int_equal(envelope_seal(&env, f->alice, &frame, &len), 0);
    status_t st;
    assert_int_equal(open_frame(f, frame, len, &st), ENVELOPE_MALFORMED);
    assert_int_equal(st.code, STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(st.message, "version"));
    free(frame);
}

/* Found by fuzz_envelope: protobuf-c decodes a field numbered 0 as an unknown
 * field, and packs it back as bytes nothing decodes. Such a frame is
 * malformed even when signed, so it can never be re-sealed or stored. */
static void test_field_number_zero(void **state)
{
    fixture_t *f = *state;
    /* a valid sealed request with "field 0, length 0" spliced in front */
    uint8_t *frame = malloc(f->len + 2);
    frame[0] = 0x02;
    frame[1] = 0x00;
    memcpy(frame + 2, f->frame, f->len);
    status_t st;
    assert_int_equal(open_frame(f, frame, f->len + 2, &st), ENVELOPE_MALFORMED);
    assert_int_equal(st.code, STATUS_INVALID_ARGUMENT);
    static const uint8_t fuzzed[] = {0x82, 0x00, 0x00};
    assert_int_equal(open_frame(f, fuzzed, sizeof fuzzed, &st), ENVELOPE_MALFORMED);
    free(frame);
}

static void test_request_ids_differ(void **state)
{
    uint8_t a[ENVELOPE_REQUEST_ID_BYTES], b[ENVELOPE_REQUEST_ID_BYTES];
    envelope_new_request_id(a);
    envelope_new_request_id(b);
    assert_memory_not_equal(a, b, sizeof a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seal_refuses_a_signed_envelope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_every_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tamper_payload_is_bad_signature, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signer_not_in_keyring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_id_of_another_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_trailer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_and_truncation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsupported_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_number_zero, setup, teardown),
        cmocka_unit_test(test_request_ids_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
