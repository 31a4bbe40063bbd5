"""Where Python was when the process hung or crashed, printed on stderr (which Foresight quotes)."""

import faulthandler
import os
import signal
import sys
import sysconfig
import time


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
    _dump_at_start_deadline(stderr)


def _dump_at_start_deadline(stderr):
    """Foresight's validation waits for the spaces with a plain timeout, which cannot ask for stacks
    first (nodes/environment/external/describe.ts): it names the moment, just before it gives up, in
    $FORESIGHT_STACK_DUMP_AT (milliseconds since the epoch), and the stacks are printed then unless
    the spaces were declared (start_declared)."""
    at = os.environ.pop("FORESIGHT_STACK_DUMP_AT", None)
    if at is None:
        return
    try:
        seconds = float(at) / 1000 - time.time()
    except ValueError:
        return
    faulthandler.dump_traceback_later(max(seconds, 0.001), file=stderr)


def start_declared():
    """The spaces are declared: the start did not hang, so no stacks at its deadline."""
    faulthandler.cancel_dump_traceback_later()


def stuck_at(thread_id):
    """Where a running thread is, as Foresight names it from a stack dump (stack-dump.ts's stuckAt):
    its innermost frame in the user's own code, e.g. ``my_env.py:33 in step``, else its innermost
    frame; None when the thread is gone."""
    frame = sys._current_frames().get(thread_id)
    innermost = frame
    while frame is not None and not _is_users(frame.f_code.co_filename):
        frame = frame.f_back
    chosen = frame or innermost
    if chosen is None:
        return None
    return f"{os.path.basename(chosen.f_code.co_filename)}:{chosen.f_lineno} in {chosen.f_code.co_name}"


# Python's own library and installed packages (and this package): not where a user looks first.
_NOT_USERS = tuple(os.path.normcase(os.path.abspath(p)) + os.sep for p in {*(sysconfig.get_path(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")), os.path.dirname(__file__)})


def _is_users(file):
    if file.startswith("<"):
        return False
    path = os.path.normcase(os.path.abspath(file))
    return not path.startswith(_NOT_USERS) and "site-packages" not in path and "dist-packages" not in path
