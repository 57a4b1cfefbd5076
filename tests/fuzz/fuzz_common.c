#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "envelope.h"
#include "event_sign.h"
#include "log.h"

static fz_keys_t keys;
static char scratch[256];

static void fz_cleanup(void)
{
    if (scratch[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: cannot remove %s\n", scratch);
    }
    identity_destroy(&keys.ingest);
    identity_destroy(&keys.index);
    identity_destroy(&keys.client);
    keyring_destroy(&keys.keyring);
}

const char *fz_scratch(void)
{
    if (!scratch[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(scratch, sizeof scratch, "%s/entente-fuzz-XXXXXX", base);
        if (!mkdtemp(scratch)) {
            perror("fuzz: mkdtemp");
            abort();
        }
    }
    return scratch;
}

const fz_keys_t *fz_keys(void)
{
    if (keys.keyring)
        return &keys;
    log_set_level(LOG_LEVEL_OFF);
    char err[256];
    keys.ingest = identity_generate("fuzz-ingest", err, sizeof err);
    keys.index = identity_generate("fuzz-index", err, sizeof err);
    keys.client = identity_generate("fuzz-client", err, sizeof err);
    keys.keyring = keyring_new();
    if (!keys.ingest || !keys.index || !keys.client || !keys.keyring ||
        keyring_add(keys.keyring, "fuzz-ingest", identity_public_key(keys.ingest), ROLE_INGEST) ||
        keyring_add(keys.keyring, "fuzz-index", identity_public_key(keys.index), ROLE_INDEX) ||
        keyring_add(keys.keyring, "fuzz-client", identity_public_key(keys.client),
                    ROLE_CLIENT | ROLE_ADMIN)) {
        fprintf(stderr, "fuzz: cannot make the test keys\n");
        abort();
    }
    fz_scratch();
    atexit(fz_cleanup);
    return &keys;
}

int fz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int rc = fwrite(data, 1, size, f) == size ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

int fz_seal_request(const char *service, const char *method, const uint8_t *payload,
                    size_t len, const identity_t *signer, uint8_t **out, size_t *outlen)
{
    static uint64_t counter;
    uint8_t id[ENVELOPE_REQUEST_ID_BYTES] = {0};
    counter++;
    memcpy(id, &counter, sizeof counter);
    memcpy(id + 8, "entente-", 8);
    Entente__V1__Envelope env = ENTENTE__V1__ENVELOPE__INIT;
    env.kind = ENTENTE__V1__KIND__REQUEST;
    env.service = (char *)service;
    env.method = (char *)method;
    env.request_id = (ProtobufCBinaryData){sizeof id, id};
    env.payload = (ProtobufCBinaryData){len, (uint8_t *)payload};
    return envelope_seal(&env, signer, out, outlen);
}

uint8_t *fz_pack(const ProtobufCMessage *m, size_t *len)
{
    *len = protobuf_c_message_get_packed_size(m);
    uint8_t *buf = malloc(*len ? *len : 1);
    if (buf)
        protobuf_c_message_pack(m, buf);
    return buf;
}

static char *fz_strdup(const char *s) { return strdup(s); }

Entente__V1__PartnershipEvent **fz_sample_events(size_t n, const identity_t *ingest)
{
    static const char *const types[] = {"agreement_signed", "meeting", "visit",
                                        "agreement_planned"};
    static const char *const ccs[] = {"VN", "FR", "JP", "KR", "US", "IN"};
    static const char *const sectors[] = {"telecom", "software", "cybersecurity"};
    Entente__V1__PartnershipEvent **evs = calloc(n ? n : 1, sizeof *evs);
    for (size_t i = 0; i < n; i++) {
        Entente__V1__PartnershipEvent *ev = calloc(1, sizeof *ev);
        entente__v1__partnership_event__init(ev);
        char buf[64];
        snprintf(buf, sizeof buf, "%032zx", i + 1);
        ev->id = fz_strdup(buf);
        snprintf(buf, sizeof buf, "doc-%zu", i / 2);
        ev->doc_id = fz_strdup(buf);
        ev->type = fz_strdup(types[i % 4]);
        ev->instrument = fz_strdup(i % 2 ? "mou" : "");
        snprintf(buf, sizeof buf, "20%02zu-%02zu-%02zu", 10 + i % 14, 1 + i % 12, 1 + i % 28);
        ev->date = fz_strdup(buf);
        ev->date_precision = ENTENTE__V1__DATE_PRECISION__DATE_DAY;
        ev->n_countries = 2;
        ev->countries = calloc(2, sizeof(char *));
        ev->countries[0] = fz_strdup(ccs[i % 6]);
        ev->countries[1] = fz_strdup(ccs[(i + 1) % 6]);
        if (strcmp(ev->countries[0], ev->countries[1]) > 0) {
            char *t = ev->countries[0];
            ev->countries[0] = ev->countries[1];
            ev->countries[1] = t;
        }
        ev->n_sectors = 1;
        ev->sectors = calloc(1, sizeof(char *));
        ev->sectors[0] = fz_strdup(sectors[i % 3]);
        ev->n_people = 1;
        ev->people = calloc(1, sizeof(char *));
        ev->people[0] = fz_strdup(i % 2 ? "Nguyen Manh Hung" : "Jean Dupont");
        ev->n_organizations = 1;
        ev->organizations = calloc(1, sizeof(char *));
        ev->organizations[0] = fz_strdup(i % 2 ? "Viettel" : "Orange");
        ev->location = fz_strdup(i % 3 ? "Hanoi" : "Paris");
        ev->evidence_text = fz_strdup("Le Vietnam et la France ont signé un protocole d'accord.");
        ev->cameo = fz_strdup("057");
        ev->plover = fz_strdup("AGREE");
        ev->lang = fz_strdup("fr");
        ev->published = fz_strdup("2023-05");
        ev->confidence = 0.8f;
        if (ingest) {
            event_sign(ev, ingest);
            ev->ingest_key_id = fz_strdup(ev->ingest_key_id);
        }
        evs[i] = ev;
    }
    return evs;
}

void fz_free_events(Entente__V1__PartnershipEvent **evs, size_t n)
{
    /* every field is malloc'd, as free_unpacked expects */
    for (size_t i = 0; i < n; i++)
        entente__v1__partnership_event__free_unpacked(evs[i], NULL);
    free(evs);
}

static struct {
    rpc_server_t *server;
    zloop_t *loop;
    service_module_t module;
    void *state;
} served;

static void fz_stop_serving(void)
{
    served.module.stop(&served.state);
    zloop_destroy(&served.loop);
    rpc_server_destroy(&served.server);
}

rpc_server_t *fz_serve(const char *name, const identity_t *signer, service_module_t module)
{
    char err[256] = "";
    rpc_server_config_t cfg = {.name = name, .identity = signer, .keyring = fz_keys()->keyring,
                               .max_msg_bytes = 4 << 20};
    served.server = rpc_server_new(&cfg, err, sizeof err);
    served.loop = zloop_new();
    served.module = module;
    if (!served.server || !served.loop ||
        !(served.state = module.start(served.server, served.loop, module.arg, err, sizeof err))) {
        fprintf(stderr, "%s: %s\n", name, err);
        abort();
    }
    atexit(fz_stop_serving);
    return served.server;
}
