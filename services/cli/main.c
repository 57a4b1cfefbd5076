/* entente — the command-line tool: the embedded default and the clients. */
#include <stdio.h>
#include <string.h>

#include "cmd_extract.h"
#include "commands.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command_t;

static const command_t commands[] = {
    {"run", cmd_run, "run ingest, index and query in one process (the embedded default)"},
    {"extract", cmd_extract, "extract partnership events from articles, offline, as JSON Lines"},
    {"ingest", cmd_ingest, "submit articles (files, directories, stdin) to the ingest service"},
    {"query", cmd_query, "search events: filters, a table or JSON Lines"},
    {"get", cmd_get, "show one event with its evidence and signature check"},
    {"stats", cmd_stats, "count events by type, country, pair and year"},
    {"subscribe", cmd_subscribe, "print new events as index commits them, resumable"},
    {"health", cmd_health, "ask a service for its health and counters"},
    {"methods", cmd_methods, "list the services and methods a server answers"},
    {"keygen", cmd_keygen, "create a key pair and print its keyring line"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: entente COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`entente COMMAND --help` describes a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("entente %s\n", ENTENTE_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "entente: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
