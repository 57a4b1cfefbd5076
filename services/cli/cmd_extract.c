/* Placeholder until the extraction library lands (issue 3); never released. */
#include <stdio.h>

#include "cmd_extract.h"

int cmd_extract(int argc, char **argv)
{
    fprintf(stderr, "entente extract: not built yet\n");
    return 2;
}
