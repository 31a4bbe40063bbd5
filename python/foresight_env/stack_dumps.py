"""Where Python was when the process hung or crashed, printed on stderr (which Foresight quotes)."""

import faulthandler
import signal
import sys


def enable_stack_dumps():
    """A crash in native code (SIGSEGV, SIGABRT, …) prints the Python stack before the process dies;
    SIGUSR1 (POSIX) prints every thread's and goes on: Foresight sends it to a process that did not
    answer in time, just before killing it (nodes/environment/external/stack-dump.ts)."""
    stderr = sys.__stderr__
    if stderr is None:
        return
    faulthandler.enable(file=stderr, all_threads=True)
    if hasattr(signal, "SIGUSR1"):
        faulthandler.register(signal.SIGUSR1, file=stderr, all_threads=True)
