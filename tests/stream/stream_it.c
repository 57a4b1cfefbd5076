#include "stream_it.h"

#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "event_sign.h"

const transport_opts_t sit_transport = {.max_msg_bytes = 64 << 20, .plaintext = 1};

static const char *const sit_types[] = {"agreement_signed", "meeting", "visit", "aid"};
static const char *const sit_countries[][2] = {{"VN", NULL}, {"FR", "VN"}, {"JP", NULL},
                                               {"FR", NULL}, {"US", "VN"}};

int sit_keys_load(const char *data_dir, sit_keys_t *keys)
{
    char path[4096], err[512];
    memset(keys, 0, sizeof *keys);
    const char *names[] = {"ingest", "index", "client"};
    identity_t **ids[] = {&keys->ingest, &keys->index, &keys->client};
    for (size_t i = 0; i < 3; i++) {
        datadir_key_path(data_dir, names[i], path, sizeof path);
        if (!(*ids[i] = identity_load(path, err, sizeof err))) {
            fprintf(stderr, "stream_it: %s\n", err);
            return -1;
        }
    }
    datadir_keyring_path(data_dir, path, sizeof path);
    if (!(keys->keyring = keyring_load(path, err, sizeof err))) {
        fprintf(stderr, "stream_it: %s\n", err);
        return -1;
    }
    return 0;
}

void sit_keys_free(sit_keys_t *keys)
{
    identity_destroy(&keys->ingest);
    identity_destroy(&keys->index);
    identity_destroy(&keys->client);
    keyring_destroy(&keys->keyring);
}

Entente__V1__PartnershipEvent *sit_event(uint64_t i, size_t pad, const identity_t *signer)
{
    Entente__V1__PartnershipEvent *ev = calloc(1, sizeof *ev);
    entente__v1__partnership_event__init(ev);
    char buf[128];
    snprintf(buf, sizeof buf, "%064llx", (unsigned long long)(i + 1));
    ev->id = strdup(buf);
    snprintf(buf, sizeof buf, "doc-%llu", (unsigned long long)(i / 4));
    ev->doc_id = strdup(buf);
    ev->type = strdup(sit_types[i % 4]);
    ev->date = strdup("2024-05-17");
    ev->lang = strdup("fr");
    ev->published = strdup("2024-05-18");
    const char *const *cc = sit_countries[i % 5];
    ev->n_countries = cc[1] ? 2 : 1;
    ev->countries = calloc(2, sizeof *ev->countries);
    for (size_t k = 0; k < ev->n_countries; k++)
        ev->countries[k] = strdup(cc[k]);
    char *text = malloc(pad + 64);
    int at = snprintf(text, 64, "event %llu", (unsigned long long)i);
    memset(text + at, 'x', pad);
    text[at + pad] = 0;
    ev->evidence_text = text;
    ev->confidence = 0.5f;
    event_sign(ev, signer);
    return ev;
}

void sit_event_free(Entente__V1__PartnershipEvent *ev)
{
    if (!ev)
        return;
    free(ev->id);
    free(ev->doc_id);
    free(ev->type);
    free(ev->date);
    free(ev->lang);
    free(ev->published);
    for (size_t k = 0; k < ev->n_countries; k++)
        free(ev->countries[k]);
    free(ev->countries);
    free(ev->evidence_text);
    free(ev->ingest_signature.data); /* ingest_key_id is the signer's own string */
    free(ev);
}

void sit_print(FILE *out, const Entente__V1__PartnershipEvent *ev)
{
    fprintf(out, "%llu\t%s\t%s\t", (unsigned long long)ev->seq, ev->id, ev->type);
    for (size_t k = 0; k < ev->n_countries; k++)
        fprintf(out, "%s%s", k ? "," : "", ev->countries[k]);
    fprintf(out, "\t%s\n", ev->evidence_text ? ev->evidence_text : "");
}

int sit_parse(const char *program, const config_option_t *opts, size_t n, int argc,
              char **argv)
{
    config_spec_t spec = {program, "[OPTIONS]", "A tool of the stream tests.", opts, n};
    char err[512];
    int next;
    int rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    if (rc != 0 || next != argc) {
        fprintf(stderr, "%s: %s\n", program, rc < 0 ? err : "unexpected operand");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"append", sit_append}, {"replay", sit_replay},
                {"subscribe", sit_subscribe}, {"relay", sit_relay}};
    for (size_t i = 0; argc > 1 && i < sizeof cmds / sizeof *cmds; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "usage: stream_it append|replay|subscribe|relay [OPTIONS]\n");
    return 2;
}
