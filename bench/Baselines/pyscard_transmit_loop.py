"""Baseline for the pyscard row: the same batch through pyscard's CardConnection, as pyscard users write it.

Prints {"count": N, "elapsedNs": T, "cpuNs": C}, where T (CLOCK_MONOTONIC) and C (this process's user+system CPU
time, getrusage as in the C baseline) cover the transmit loop only.
usage: pyscard_transmit_loop.py READER COUNT APDU_HEX   (run with Debian's /usr/bin/python3 and python3-pyscard)
"""
import json
import resource
import sys
import time

from smartcard.System import readers
from smartcard.scard import SCARD_LEAVE_CARD


def cpu_ns():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round((usage.ru_utime + usage.ru_stime) * 1e9)


def main(reader_name, count, apdu_hex):
    reader = next(r for r in readers() if str(r) == reader_name)
    connection = reader.createConnection()
    # Leave the card as it is on disconnect, as the C baseline does (pyscard would unpower it by default).
    connection.connect(disposition=SCARD_LEAVE_CARD)
    command = list(bytes.fromhex(apdu_hex))
    start = time.monotonic_ns()
    cpu_start = cpu_ns()
    for index in range(count):
        _, sw1, sw2 = connection.transmit(command)
        if (sw1, sw2) != (0x90, 0x00):
            sys.exit(f"APDU {index}: the card answered {sw1:02X}{sw2:02X}, not 9000")
    elapsed = time.monotonic_ns() - start
    cpu = cpu_ns() - cpu_start
    connection.disconnect()
    print(json.dumps({"count": count, "elapsedNs": elapsed, "cpuNs": cpu}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
