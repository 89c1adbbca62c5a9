/* What every C baseline needs: the clock the benchmark host also reads, and one way to report a PC/SC failure. */
#ifndef PCSCTOOLS_BENCH_BASELINE_H
#define PCSCTOOLS_BENCH_BASELINE_H

#include <PCSC/winscard.h>
#include <stdio.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds: what .NET's Stopwatch.GetTimestamp() returns on Linux. */
static inline long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline int fail(const char *what, LONG rv)
{
    fprintf(stderr, "%s: %s (0x%08lX)\n", what, pcsc_stringify_error(rv), (unsigned long)rv);
    return 1;
}

#endif
