"""Ending the process on Ctrl+C without Python's KeyboardInterrupt traceback.

A terminal's Ctrl+C reaches every process of Foresight's group: each environment process would print
a traceback of wherever it was (idle ones in spin_lines' read), while Foresight already says the run
stopped. Dying by SIGINT, as an unhandled Ctrl+C does, tells Foresight it was the stop.
"""

import os
import signal
import sys


def end_as_interrupted():
    """Ends the process by SIGINT (exit status 130 where signals cannot be re-raised); does not return."""
    sys.stderr.flush()
    if hasattr(signal, "SIGINT") and os.name == "posix":
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(130)
