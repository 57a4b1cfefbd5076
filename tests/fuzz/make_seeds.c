/* make_seeds — writes the binary seed corpora of the protobuf targets
 * (envelope, stream, append, search) into DIR/corpus/NAME/: messages like
 * the ones the tests build. The text corpora (docreader, extractor,
 * keyring, config) are written by hand. Run once; the output is committed.
 * Usage: make_seeds TESTS_FUZZ_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "fuzz_common.h"
#include "stream.h"

static const char *root;

static void put(const char *target, const char *name, uint8_t mode, const uint8_t *data,
                size_t len, int with_mode)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/%s/%s", root, target, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    if (with_mode)
        fputc(mode, f);
    fwrite(data, 1, len, f);
    fclose(f);
}

static void put_msg(const char *target, const char *name, uint8_t mode, const ProtobufCMessage *m)
{
    size_t len;
    uint8_t *buf = fz_pack(m, &len);
    put(target, name, mode, buf, len, 1);
    free(buf);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    root = argv[1];
    const fz_keys_t *k = fz_keys();

    /* envelope: Health and Reflection requests, a bad signature, a reply */
    Entente__V1__HealthCheckRequest hc = ENTENTE__V1__HEALTH_CHECK_REQUEST__INIT;
    size_t plen, flen;
    uint8_t *payload = fz_pack(&hc.base, &plen), *frame;
    fz_seal_request("entente.v1.Health", "Check", payload, plen, k->client, &frame, &flen);
    put("envelope", "health", 0, frame, flen, 0);
    frame[flen - 1] ^= 1;
    put("envelope", "health-bad-sig", 0, frame, flen, 0);
    free(frame);
    free(payload);
    hc.service = (char *)"entente.v1.IndexService";
    payload = fz_pack(&hc.base, &plen);
    fz_seal_request("entente.v1.Health", "Check", payload, plen, k->client, &frame, &flen);
    put("envelope", "health-service", 0, frame, flen, 0);
    free(frame);
    free(payload);
    Entente__V1__ListServicesRequest ls = ENTENTE__V1__LIST_SERVICES_REQUEST__INIT;
    payload = fz_pack(&ls.base, &plen);
    fz_seal_request("entente.v1.Reflection", "ListServices", payload, plen, k->client, &frame,
                    &flen);
    put("envelope", "reflection", 0, frame, flen, 0);
    free(frame);
    free(payload);
    fz_seal_request("entente.v1.Nope", "Check", NULL, 0, k->client, &frame, &flen);
    put("envelope", "unknown-service", 0, frame, flen, 0);
    free(frame);

    /* stream: a batch and a heartbeat signed by index */
    Entente__V1__PartnershipEvent **evs = fz_sample_events(3, k->ingest);
    Entente__V1__StreamBatch batch = ENTENTE__V1__STREAM_BATCH__INIT;
    batch.events = evs;
    batch.n_events = 3;
    batch.first_seq = 1;
    batch.last_seq = 3;
    Entente__V1__StreamFrame sf = ENTENTE__V1__STREAM_FRAME__INIT;
    sf.body_case = ENTENTE__V1__STREAM_FRAME__BODY_BATCH;
    sf.batch = &batch;
    stream_seal(&sf, k->index, &frame, &flen);
    put("stream", "batch", 0, frame, flen, 0);
    free(frame);
    Entente__V1__Heartbeat hb = ENTENTE__V1__HEARTBEAT__INIT;
    sf.body_case = ENTENTE__V1__STREAM_FRAME__BODY_HEARTBEAT;
    sf.heartbeat = &hb;
    stream_seal(&sf, k->index, &frame, &flen);
    put("stream", "heartbeat", 0, frame, flen, 0);
    free(frame);

    /* append: a signed batch with its documents (mode 1 re-signs), Replay */
    Entente__V1__Document doc = ENTENTE__V1__DOCUMENT__INIT;
    doc.doc_id = (char *)"doc-0";
    doc.lang = (char *)"fr";
    doc.published = (char *)"2023-05";
    doc.text = (char *)"Hanoi (VNA) - Le Vietnam et la France ont signé un protocole d'accord.";
    Entente__V1__Document *docs[] = {&doc};
    Entente__V1__AppendRequest ap = ENTENTE__V1__APPEND_REQUEST__INIT;
    ap.events = evs;
    ap.n_events = 3;
    ap.documents = docs;
    ap.n_documents = 1;
    put_msg("append", "batch-signed", 0, &ap.base);
    put_msg("append", "batch-resign", 1, &ap.base);
    put_msg("append", "batch-client", 4, &ap.base);
    ap.n_documents = 0;
    ap.n_events = 1;
    put_msg("append", "one-event", 1, &ap.base);
    Entente__V1__ReplayRequest rp = ENTENTE__V1__REPLAY_REQUEST__INIT;
    rp.from_seq = 1;
    rp.limit = 10;
    rp.with_documents = 1;
    char *rtypes[] = {"meeting"}, *rccs[] = {"VN", "FR"};
    rp.types = rtypes;
    rp.n_types = 1;
    rp.countries = rccs;
    rp.n_countries = 2;
    put_msg("append", "replay", 2, &rp.base);
    fz_free_events(evs, 3);

    /* submit: good documents, and the ones ingest refuses */
    Entente__V1__Document sd[4], *sdp[4];
    const char *texts[] = {
        ("Seoul (VNA) - Vietnam and the Republic of Korea signed a memorandum of understanding "
         "on 5G telecommunications on March 3, 2022. In Paris, France and Japan signed an "
         "agreement on cybersecurity on May 4, 2021."),
        ("Hanoi (VNA) - Le Vietnam et la France ont signé un protocole d'accord sur les "
         "semi-conducteurs le 4 mars 2023."),
        "", "bad \xc3\x28 utf-8"};
    const char *ids[] = {"seed-en", "seed-fr", "empty", "bad-utf8"};
    for (int i = 0; i < 4; i++) {
        entente__v1__document__init(&sd[i]);
        sd[i].doc_id = (char *)ids[i];
        sd[i].text = (char *)texts[i];
        sd[i].lang = (char *)(i == 1 ? "fr" : "");
        sd[i].published = (char *)"2023-03";
        sdp[i] = &sd[i];
    }
    Entente__V1__SubmitRequest sub = ENTENTE__V1__SUBMIT_REQUEST__INIT;
    sub.documents = sdp;
    sub.n_documents = 2;
    put_msg("submit", "two-documents", 0, &sub.base);
    sub.n_documents = 4;
    put_msg("submit", "refused", 1, &sub.base);

    /* search: filters of every kind, each order, aggregate groupings */
    Entente__V1__Filter f = ENTENTE__V1__FILTER__INIT;
    Entente__V1__SearchRequest sr = ENTENTE__V1__SEARCH_REQUEST__INIT;
    sr.page_size = 5;
    put_msg("search", "all", 0, &sr.base);
    sr.filter = &f;
    char *any[] = {"vn", "FR"}, *all[] = {"VN", "JP"}, *types[] = {"agreement_signed", "meeting"},
         *instr[] = {"mou"}, *sectors[] = {"telecom", "software"};
    f.countries_any = any;
    f.n_countries_any = 2;
    sr.order = ENTENTE__V1__ORDER__ORDER_DATE_DESC;
    put_msg("search", "countries-any", 0, &sr.base);
    f.n_countries_any = 0;
    f.countries_all = all;
    f.n_countries_all = 2;
    put_msg("search", "pair", 0, &sr.base);
    f.types = types;
    f.n_types = 2;
    f.instruments = instr;
    f.n_instruments = 1;
    f.sectors = sectors;
    f.n_sectors = 2;
    f.since = (char *)"2012";
    f.until = (char *)"2022-06-30";
    sr.order = ENTENTE__V1__ORDER__ORDER_SEQ_ASC;
    put_msg("search", "everything", 0, &sr.base);
    Entente__V1__Filter f2 = ENTENTE__V1__FILTER__INIT;
    f2.text = (char *)"protocole d'accord";
    f2.person = (char *)"Nguyen";
    f2.organization = (char *)"Viettel";
    f2.location = (char *)"Hanoi";
    sr.filter = &f2;
    sr.order = ENTENTE__V1__ORDER__ORDER_DATE_ASC;
    put_msg("search", "fulltext", 0, &sr.base);
    f2.text = (char *)"\"semi conducteurs\" OR cyber*";
    put_msg("search", "fts-syntax", 0, &sr.base);
    f2 = (Entente__V1__Filter)ENTENTE__V1__FILTER__INIT;
    f2.doc_id = (char *)"doc-3";
    sr.page_token = (char *)"2015-03-04|7";
    put_msg("search", "token-position", 2, &sr.base);
    sr.page_token = (char *)"MXxhYmNkZWYwMTIzNDU2Nzg5fDIwMjAtMDEtMDF8NQ";
    put_msg("search", "token-foreign", 0, &sr.base);
    Entente__V1__AggregateRequest ag = ENTENTE__V1__AGGREGATE_REQUEST__INIT;
    for (int g = 0; g <= 5; g++) {
        char name[32];
        ag.group_by = g;
        ag.filter = g % 2 ? &f : NULL;
        snprintf(name, sizeof name, "aggregate-%d", g);
        put_msg("search", name, 1, &ag.base);
    }
    Entente__V1__GetRequest get = ENTENTE__V1__GET_REQUEST__INIT;
    get.id = (char *)"00000000000000000000000000000007"; /* the 7th sample event */
    put_msg("search", "get", 4, &get.base);
    get.id = (char *)"no-such-event";
    put_msg("search", "get-missing", 4, &get.base);
    rp.from_seq = 7;
    rp.limit = 10;
    put_msg("search", "replay", 5, &rp.base);
    return 0;
}
