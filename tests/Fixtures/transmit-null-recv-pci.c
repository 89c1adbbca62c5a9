/* Sends one SELECT to the card in a reader with a NULL receive PCI, as PC/SC allows: the program that pcsc-lite 1.9.9's
   spy kills inside SCardTransmit (upstream pcsc-lite issue 159), for the test of Trace-PcscCall's TracedProgramKilledBySpy.
   Run without the spy it works: prints the response in hex and exits 0 (1 and the PC/SC error when a call fails).
   Build: cc -o transmit-null-recv-pci transmit-null-recv-pci.c $(pkg-config --cflags --libs libpcsclite) */
#include <stdio.h>
#include <winscard.h>

int main(int argc, char **argv)
{
    static const BYTE select[] = { 0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0, 0x00, 0x00, 0x00, 0x01 };
    BYTE response[258];
    DWORD length = sizeof response, protocol, i;
    SCARDCONTEXT context;
    SCARDHANDLE card;
    LONG rv;
    if (argc != 2) { fprintf(stderr, "usage: transmit-null-recv-pci READER\n"); return 2; }
    rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv == SCARD_S_SUCCESS)
        rv = SCardConnect(context, argv[1], SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
    if (rv == SCARD_S_SUCCESS)
        rv = SCardTransmit(card, protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1,
                           select, sizeof select, NULL, response, &length);
    if (rv != SCARD_S_SUCCESS) { printf("%s\n", pcsc_stringify_error(rv)); return 1; }
    for (i = 0; i < length; i++)
        printf(i ? " %02X" : "%02X", response[i]);
    printf("\n");
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    return 0;
}
