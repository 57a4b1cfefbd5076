/* it_datadir DIR: creates DIR/keys/{ingest,index,query,client}.key and
 * DIR/keyring (what `entente run` does on first start), so the integration
 * tests can start the three services as separate binaries sharing DIR. */
#include <stdio.h>

#include "datadir.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: it_datadir DIR\n");
        return 2;
    }
    char err[512];
    if (datadir_init(argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "it_datadir: %s\n", err);
        return 1;
    }
    return 0;
}
