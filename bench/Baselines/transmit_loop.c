/*
 * Baseline for the APDU batch rows: the plain C client. Connects to READER, opens one transaction
 * (as one Invoke-Apdu call does), sends APDU COUNT times with SCardTransmit and checks every answer
 * ends in 90 00. Prints {"count":N,"elapsedNs":T,"cpuNs":C}, where T (wall) and C (this process's user+system
 * CPU time) cover the transmit loop only.
 *
 * usage: transmit_loop READER COUNT APDU_HEX
 */
#include "baseline.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t parse_hex(const char *text, BYTE *out, size_t max)
{
    size_t n = 0;
    unsigned int byte;
    while (*text && n < max) {
        if (*text == ' ') { text++; continue; }
        if (sscanf(text, "%2x", &byte) != 1) break;
        out[n++] = (BYTE)byte;
        text += 2;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s READER COUNT APDU_HEX\n", argv[0]);
        return 2;
    }
    const char *reader = argv[1];
    long count = strtol(argv[2], NULL, 10);
    BYTE command[MAX_BUFFER_SIZE];
    DWORD command_length = (DWORD)parse_hex(argv[3], command, sizeof command);

    SCARDCONTEXT context;
    SCARDHANDLE card;
    DWORD protocol;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) return fail("SCardEstablishContext", rv);
    rv = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
    if (rv != SCARD_S_SUCCESS) return fail("SCardConnect", rv);
    const SCARD_IO_REQUEST *pci = protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;

    rv = SCardBeginTransaction(card);
    if (rv != SCARD_S_SUCCESS) return fail("SCardBeginTransaction", rv);
    BYTE response[MAX_BUFFER_SIZE_EXTENDED];
    long long start = now_ns();
    long long cpu_start = cpu_ns();
    for (long i = 0; i < count; i++) {
        DWORD response_length = sizeof response;
        rv = SCardTransmit(card, pci, command, command_length, NULL, response, &response_length);
        if (rv != SCARD_S_SUCCESS) return fail("SCardTransmit", rv);
        if (response_length < 2 || response[response_length - 2] != 0x90 || response[response_length - 1] != 0x00) {
            fprintf(stderr, "APDU %ld: the card did not answer 90 00\n", i);
            return 1;
        }
    }
    long long elapsed = now_ns() - start;
    long long cpu = cpu_ns() - cpu_start;
    SCardEndTransaction(card, SCARD_LEAVE_CARD);
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    printf("{\"count\":%ld,\"elapsedNs\":%lld,\"cpuNs\":%lld}\n", count, elapsed, cpu);
    return 0;
}
