/* config — command-line flags and ENTENTE_* environment variables from one
 * table of options.
 *
 * Every option --some-name may also come from ENTENTE_SOME_NAME; a flag wins
 * over the environment, which wins over the default already in the target.
 * String targets point into argv or the environment (not copied). */
#ifndef ENTENTE_CONFIG_H
#define ENTENTE_CONFIG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { CONFIG_STRING, CONFIG_INT, CONFIG_FLAG, CONFIG_LIST } config_type_t;

#define CONFIG_LIST_MAX 64

/* Target of a CONFIG_LIST option: repeated flags and comma-separated values
 * accumulate (items point into argv or the environment, or into buf). */
typedef struct {
    const char *items[CONFIG_LIST_MAX];
    size_t n;
    char buf[4096];
    size_t used;
} config_list_t;

typedef struct {
    const char *name;     /* long flag name without "--" */
    char short_name;      /* 0 for none */
    config_type_t type;
    void *target;         /* const char **, long *, int * (flag: set to 1), config_list_t * */
    const char *arg;      /* argument's name in --help, e.g. "ENDPOINT" */
    const char *help;
} config_option_t;

typedef struct {
    const char *program;  /* e.g. "entente-index" */
    const char *usage;    /* synopsis after the program name */
    const char *about;    /* one paragraph shown by --help */
    const config_option_t *options;
    size_t count;
} config_spec_t;

/* Applies the environment, then argv. Returns 0 and sets *next_arg to the
 * first operand; 1 when --help was asked for and printed to stdout; -1 with
 * err set for a bad flag or value. */
int config_parse(const config_spec_t *spec, int argc, char **argv, int *next_arg, char *err,
                 size_t errlen);

void config_print_help(const config_spec_t *spec, FILE *out);

/* The environment variable of an option: "ENTENTE_" + upper-cased name. */
void config_env_name(const char *name, char *out, size_t outlen);

#endif
