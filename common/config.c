#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX_OPTIONS 64

void config_env_name(const char *name, char *out, size_t outlen)
{
    size_t n = (size_t)snprintf(out, outlen, "ENTENTE_");
    for (const char *p = name; *p && n + 1 < outlen; p++)
        out[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    out[n < outlen ? n : outlen - 1] = '\0';
}

/* Splits value on commas into the list's own buffer. */
static int config_list_add(config_list_t *list, const char *value, const char *origin, char *err,
                           size_t errlen)
{
    size_t len = strlen(value);
    if (list->used + len + 1 > sizeof list->buf) {
        snprintf(err, errlen, "%s: too many values", origin);
        return -1;
    }
    char *copy = list->buf + list->used;
    memcpy(copy, value, len + 1);
    list->used += len + 1;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (list->n == CONFIG_LIST_MAX) {
            snprintf(err, errlen, "%s: at most %d values", origin, CONFIG_LIST_MAX);
            return -1;
        }
        list->items[list->n++] = tok;
    }
    return 0;
}

static int config_assign(const config_option_t *opt, const char *value, const char *origin,
                         char *err, size_t errlen)
{
    switch (opt->type) {
    case CONFIG_STRING:
        *(const char **)opt->target = value;
        return 0;
    case CONFIG_INT: {
        errno = 0;
        char *end = NULL;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end != '\0') {
            snprintf(err, errlen, "%s: '%s' is not a whole number", origin, value);
            return -1;
        }
        *(long *)opt->target = v;
        return 0;
    }
    case CONFIG_LIST:
        return config_list_add(opt->target, value, origin, err, errlen);
    case CONFIG_FLAG:
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0)
            *(int *)opt->target = 1;
        else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0 ||
                 strcmp(value, "no") == 0)
            *(int *)opt->target = 0;
        else {
            snprintf(err, errlen, "%s: '%s' is not a boolean (1/0, true/false)", origin, value);
            return -1;
        }
        return 0;
    }
    return -1;
}

static int config_apply_env(const config_spec_t *spec, char *err, size_t errlen)
{
    for (size_t i = 0; i < spec->count; i++) {
        char env[96];
        config_env_name(spec->options[i].name, env, sizeof env);
        const char *v = getenv(env);
        if (v && config_assign(&spec->options[i], v, env, err, errlen) != 0)
            return -1;
    }
    return 0;
}

int config_parse(const config_spec_t *spec, int argc, char **argv, int *next_arg, char *err,
                 size_t errlen)
{
    if (spec->count + 1 >= CONFIG_MAX_OPTIONS) {
        snprintf(err, errlen, "too many options");
        return -1;
    }
    if (config_apply_env(spec, err, errlen) != 0)
        return -1;
    struct option longopts[CONFIG_MAX_OPTIONS + 1];
    /* GNU order: options may follow the operands ("entente get ID --json") */
    char shortopts[3 * CONFIG_MAX_OPTIONS + 4] = "h";
    size_t s = 1;
    for (size_t i = 0; i < spec->count; i++) {
        const config_option_t *o = &spec->options[i];
        int has_arg = o->type == CONFIG_FLAG ? no_argument : required_argument;
        longopts[i] = (struct option){o->name, has_arg, NULL, (int)(256 + i)};
        if (o->short_name) {
            shortopts[s++] = o->short_name;
            if (has_arg)
                shortopts[s++] = ':';
        }
    }
    shortopts[s] = '\0';
    longopts[spec->count] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[spec->count + 1] = (struct option){0, 0, 0, 0};
    optind = 0; /* 0, not 1: glibc then also forgets a half-read "-abc" of an earlier parse */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'h') {
            config_print_help(spec, stdout);
            return 1;
        }
        const config_option_t *o = NULL;
        if (c >= 256)
            o = &spec->options[c - 256];
        for (size_t i = 0; !o && i < spec->count; i++)
            if (spec->options[i].short_name == c)
                o = &spec->options[i];
        if (!o) {
            /* inside "-vx" optind still points at the cluster: name the letter */
            if (optopt > 0 && optopt < 256)
                snprintf(err, errlen, "unknown or incomplete option '-%c' (try --help)", optopt);
            else
                snprintf(err, errlen, "unknown or incomplete option '%s' (try --help)",
                         argv[optind - 1]);
            return -1;
        }
        char origin[80];
        snprintf(origin, sizeof origin, "--%s", o->name);
        if (config_assign(o, o->type == CONFIG_FLAG ? "1" : optarg, origin, err, errlen) != 0)
            return -1;
    }
    *next_arg = optind;
    return 0;
}

void config_print_help(const config_spec_t *spec, FILE *out)
{
    fprintf(out, "usage: %s %s\n\n", spec->program, spec->usage);
    if (spec->about)
        fprintf(out, "%s\n\n", spec->about);
    fprintf(out, "options (each also read from its ENTENTE_* variable; a flag wins):\n");
    for (size_t i = 0; i < spec->count; i++) {
        const config_option_t *o = &spec->options[i];
        char flag[96], env[96];
        const char *sep = o->arg ? " " : "", *arg = o->arg ? o->arg : "";
        if (o->short_name)
            snprintf(flag, sizeof flag, "-%c, --%s%s%s", o->short_name, o->name, sep, arg);
        else
            snprintf(flag, sizeof flag, "    --%s%s%s", o->name, sep, arg);
        config_env_name(o->name, env, sizeof env);
        fprintf(out, "  %-34s %s [%s]\n", flag, o->help, env);
    }
    fprintf(out, "  %-34s %s\n", "-h, --help", "show this help and exit");
}
