/*
 * Baseline for the insertion-latency row: the plain C client blocked in SCardGetStatusChange.
 * Prints "ready" once it knows the reader's state, then one line per card insertion or removal,
 * "inserted <ns>" or "removed <ns>", where ns is CLOCK_MONOTONIC when SCardGetStatusChange returned:
 * the same clock .NET's Stopwatch reads on Linux, so the benchmark host can subtract its own stamps.
 *
 * usage: status_change_waiter READER EVENTS
 */
#include "baseline.h"
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s READER EVENTS\n", argv[0]);
        return 2;
    }
    long events = strtol(argv[2], NULL, 10);
    SCARDCONTEXT context;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
    if (rv != SCARD_S_SUCCESS) return fail("SCardEstablishContext", rv);

    SCARD_READERSTATE state = { .szReader = argv[1], .dwCurrentState = SCARD_STATE_UNAWARE };
    rv = SCardGetStatusChange(context, 0, &state, 1);
    if (rv != SCARD_S_SUCCESS) return fail("SCardGetStatusChange", rv);
    int present = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    printf("ready\n");
    fflush(stdout);

    for (long seen = 0; seen < events;) {
        rv = SCardGetStatusChange(context, INFINITE, &state, 1);
        long long stamp = now_ns();
        if (rv != SCARD_S_SUCCESS) return fail("SCardGetStatusChange", rv);
        int now_present = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
        if (now_present != present) {
            printf("%s %lld\n", now_present ? "inserted" : "removed", stamp);
            fflush(stdout);
            present = now_present;
            seen++;
        }
        state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
    SCardReleaseContext(context);
    return 0;
}
