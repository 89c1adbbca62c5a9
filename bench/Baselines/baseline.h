/* What every C baseline needs: the clock the benchmark host also reads, the process's CPU time, and one way to report a PC/SC failure. */
#ifndef PCSCTOOLS_BENCH_BASELINE_H
#define PCSCTOOLS_BENCH_BASELINE_H

#include <PCSC/winscard.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds: what .NET's Stopwatch.GetTimestamp() returns on Linux. */
static inline long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* This process's own user+system CPU time in nanoseconds, every thread included (what PcscTools reads with Environment.CpuUsage). */
static inline long long cpu_ns(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return ((long long)usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
        + ((long long)usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL;
}

static inline int fail(const char *what, LONG rv)
{
    fprintf(stderr, "%s: %s (0x%08lX)\n", what, pcsc_stringify_error(rv), (unsigned long)rv);
    return 1;
}

#endif
