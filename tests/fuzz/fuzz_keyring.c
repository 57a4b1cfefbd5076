/* fuzz_keyring — the key files a service loads: the keyring file parser
 * (keyring_load) and the secret key file parser (identity_load).
 *
 * Input: one mode byte, then the file. Mode bit 0: a secret key file, else a
 * keyring. A loaded keyring's entries must have valid names and roles. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "identity.h"
#include "keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fz_keys();
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/%s", fz_scratch(), data[0] & 1 ? "fuzz.key" : "keyring");
    if (fz_write_file(path, data + 1, size - 1) != 0)
        abort();
    if (data[0] & 1) {
        identity_t *id = identity_load(path, err, sizeof err);
        if (id) {
            uint8_t sig[IDENTITY_SIG_BYTES];
            identity_sign(id, (const uint8_t *)"x", 1, sig);
            if (!identity_name_valid(identity_name(id)))
                abort();
            identity_destroy(&id);
        }
        return 0;
    }
    keyring_t *kr = keyring_load(path, err, sizeof err);
    if (kr) {
        if (keyring_size(kr) > size)
            abort();
        keyring_destroy(&kr);
    }
    return 0;
}
