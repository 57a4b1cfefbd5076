/* ingest_cli — bulk submission of article files through libentente, shared
 * by `entente ingest` and `entente run --ingest`. */
#ifndef ENTENTE_INGEST_CLI_H
#define ENTENTE_INGEST_CLI_H

#include <stddef.h>

#include "entente.h"

typedef struct {
    size_t batch;  /* documents per Submit */
    int progress;  /* draw a progress bar on stderr */
} ingest_cli_opts_t;

typedef struct {
    size_t documents, events, duplicates, rejected;
    int failed;    /* a file or a Submit failed outright */
    double seconds;
} ingest_cli_summary_t;

/* Submits every document of paths (files, directories, "-"); per-document
 * problems go to stderr as FILE:LINE: reason. -1 when anything was rejected. */
int ingest_cli_paths(entente_client_t *client, const ingest_cli_opts_t *opts, char **paths,
                     int n_paths, ingest_cli_summary_t *sum);
void ingest_cli_print_summary(const ingest_cli_summary_t *sum);

#endif
