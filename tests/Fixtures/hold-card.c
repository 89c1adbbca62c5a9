/* Holds the card in one reader exclusively until its standard input closes: "another program" for the tests of
   who holds a reader. Prints "held" once it holds the card, or the PC/SC error and exits 1.
   Build: cc -o hold-card hold-card.c $(pkg-config --cflags --libs libpcsclite) */
#include <stdio.h>
#include <winscard.h>

int main(int argc, char **argv)
{
    SCARDCONTEXT context;
    SCARDHANDLE card;
    DWORD protocol;
    LONG rv;
    if (argc != 2) { fprintf(stderr, "usage: hold-card READER\n"); return 2; }
    rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv == SCARD_S_SUCCESS)
        rv = SCardConnect(context, argv[1], SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
    if (rv != SCARD_S_SUCCESS) { printf("%s\n", pcsc_stringify_error(rv)); return 1; }
    printf("held\n");
    fflush(stdout);
    while (getchar() != EOF) { }
    SCardDisconnect(card, SCARD_LEAVE_CARD);
    SCardReleaseContext(context);
    return 0;
}
