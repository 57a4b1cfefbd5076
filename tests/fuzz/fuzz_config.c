/* fuzz_config — the flag and ENTENTE_* environment parser of every binary.
 *
 * Input: NUL- or newline-separated words. A word "ENTENTE_NAME=value"
 * becomes an environment variable for this parse; the others are argv.
 * The option table has every kind of option (string, int, flag, list, short
 * names) and the limits of entente_limits.h, like the services' tables; the
 * limits parsed are applied (or refused) by limits_set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "entente_limits.h"
#include "fuzz_common.h"

#define MAX_WORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        quiet = 1;
        if (!freopen("/dev/null", "w", stdout)) /* --help prints there */
            abort();
    }
    if (size > 8192)
        return 0;
    const char *endpoint = NULL, *data_dir = NULL;
    long max_msg = 0, port = 0;
    int verbose = 0, dry = 0;
    config_list_t peers;
    memset(&peers, 0, sizeof peers);
    limits_t lim = limits_defaults();
    config_option_t opts[7 + LIMITS_OPTION_COUNT] = {
        {"endpoint", 'e', CONFIG_STRING, &endpoint, "ENDPOINT", "where to listen"},
        {"data-dir", 'd', CONFIG_STRING, &data_dir, "DIR", "data directory"},
        {"max-msg-bytes", 0, CONFIG_INT, &max_msg, "N", "largest request"},
        {"port", 'p', CONFIG_INT, &port, "PORT", "a port"},
        {"verbose", 'v', CONFIG_FLAG, &verbose, NULL, "more logs"},
        {"dry-run", 0, CONFIG_FLAG, &dry, NULL, "do nothing"},
        {"peer", 'P', CONFIG_LIST, &peers, "PEER", "peers"},
    };
    limits_options(&lim, opts + 7);
    config_spec_t spec = {"entente-fuzz", "[OPTIONS] FILE...", "fuzzing", opts,
                          sizeof opts / sizeof *opts};
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_WORDS + 2] = {"entente-fuzz"};
    char *env[MAX_WORDS];
    int argc = 1, n_env = 0;
    for (char *p = copy, *end = copy + size; p < end && argc <= MAX_WORDS;) {
        size_t l = strcspn(p, "\n");
        p[l] = '\0';
        char *eq = strchr(p, '=');
        if (strncmp(p, "ENTENTE_", 8) == 0 && eq && n_env < MAX_WORDS) {
            *eq = '\0';
            if (setenv(p, eq + 1, 1) == 0)
                env[n_env++] = p;
        } else {
            argv[argc++] = p;
        }
        p += l + 1;
    }
    argv[argc] = NULL;
    int next = 0;
    char err[256];
    int rc = config_parse(&spec, argc, argv, &next, err, sizeof err);
    if (rc == 0 && (next < 1 || next > argc))
        abort();
    if (rc == 0 && limits_set(&lim, err, sizeof err) == 0 &&
        (limits()->max_filter_values > LIMITS_FILTER_VALUES_CEILING || limits()->max_page < 1))
        abort(); /* limits_set lets nothing out of range through */
    if (peers.n > CONFIG_LIST_MAX || peers.used > sizeof peers.buf)
        abort();
    for (size_t i = 0; i < peers.n; i++)
        if (!peers.items[i])
            abort();
    for (int i = 0; i < n_env; i++)
        unsetenv(env[i]);
    free(copy);
    return 0;
}
