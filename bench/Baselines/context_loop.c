/*
 * Baseline for the Test-PcscProtocol row: what libpcsclite itself spends asking the daemon for its protocol.
 * SCardEstablishContext opens a connection to pcscd and exchanges the protocol version over it before creating the
 * context; SCardReleaseContext closes it. Prints {"samplesNs":[...]}: one warm establish+release pair per sample.
 *
 * usage: context_loop COUNT
 */
#include "baseline.h"
#include <stdio.h>
#include <stdlib.h>

static int establish_and_release(void)
{
    SCARDCONTEXT context;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) {
        fail("SCardEstablishContext", rv);
        return 0;
    }
    SCardReleaseContext(context);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s COUNT\n", argv[0]);
        return 2;
    }
    long count = strtol(argv[1], NULL, 10);
    /* Warm: the library's first context also loads its configuration and starts its state. */
    if (!establish_and_release()) return 1;
    printf("{\"samplesNs\":[");
    for (long i = 0; i < count; i++) {
        long long start = now_ns();
        if (!establish_and_release()) return 1;
        printf("%s%lld", i ? "," : "", now_ns() - start);
    }
    printf("]}\n");
    return 0;
}
