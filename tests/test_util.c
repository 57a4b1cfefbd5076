#include "test_util.h"

#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void tu_mkdtemp(char *out)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(out, 4096, "%s/entente-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(out));
}

static int tu_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

void tu_rmrf(const char *path)
{
    if (path && *path)
        nftw(path, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

char *tu_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

void tu_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

identity_t *tu_identity(const char *name)
{
    char err[256];
    identity_t *id = identity_generate(name, err, sizeof err);
    assert_non_null(id);
    return id;
}

void tu_seal_request(const tu_request_t *req, const identity_t *signer, uint8_t **out,
                     size_t *len)
{
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    uint8_t id[ENVELOPE_REQUEST_ID_BYTES];
    uint8_t *payload = NULL;
    env.kind = req->kind ? req->kind : ENTENTE__V1__KIND__REQUEST;
    env.service = (char *)(req->service ? req->service : "entente.v1.Health");
    env.method = (char *)(req->method ? req->method : "Check");
    if (req->request_id) {
        env.request_id = (ProtobufCBinaryData){req->request_id_len, (uint8_t *)req->request_id};
    } else {
        envelope_new_request_id(id);
        env.request_id = (ProtobufCBinaryData){sizeof id, id};
    }
    env.timestamp_ms = req->timestamp_ms;
    env.deadline_ms = req->deadline_ms;
    if (req->input) {
        size_t n = protobuf_c_message_get_packed_size(req->input);
        payload = malloc(n ? n : 1);
        assert_non_null(payload);
        protobuf_c_message_pack(req->input, payload);
        env.payload = (ProtobufCBinaryData){n, payload};
    } else if (req->raw_payload) {
        env.payload = (ProtobufCBinaryData){req->raw_len, (uint8_t *)req->raw_payload};
    }
    assert_int_equal(envelope_seal(&env, signer, out, len), 0);
    free(payload);
}

int tu_ms(int ms)
{
    const char *f = getenv("ENTENTE_TEST_TIME_FACTOR");
    int factor = f ? atoi(f) : 1;
    return ms * (factor > 0 ? factor : 1);
}
