"""Request lines read from a pipe, waiting for the next one in a short busy loop before sleeping.

A process that sleeps in read() between requests is woken by the kernel when the next one comes:
on an otherwise idle machine (a core in a deep idle state, a virtual machine's halted CPU) that
wake-up costs tens of microseconds, more than answering a step. Foresight sends the next request a
few microseconds after it read the reply, so polling for ~100 µs first catches most of them awake.
"""

import os
import select
import time

SPIN_SECONDS = 100e-6


def spin_lines(fd, spin_seconds=SPIN_SECONDS):
    """Yields the lines (with their newline) read from file descriptor `fd` until end of file."""
    pending = b""
    while True:
        end = pending.find(b"\n")
        if end >= 0:
            line, pending = pending[: end + 1], pending[end + 1 :]
            yield line
            continue
        deadline = time.perf_counter() + spin_seconds
        while not select.select([fd], [], [], 0)[0] and time.perf_counter() < deadline:
            pass
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            if pending:
                yield pending
            return
        pending += chunk
