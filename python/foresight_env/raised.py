"""How an exception the environment raised is told to the user: what it says and where it came from.

Only error paths call these; the step loops stay as they are.
"""

import os
import re
import sys
import sysconfig
import traceback

_OWN_FOLDER = os.path.dirname(os.path.abspath(__file__))
# Python's own modules: a line in them (json's decoder, say) tells the user less than their line that called it.
_STDLIB = tuple({os.path.abspath(sysconfig.get_paths()[key]) + os.sep for key in ("stdlib", "platstdlib")})
_told_traceback = False

# An unpacking of step's or reset's result in foresight_env's own code that found another length.
_UNPACK = re.compile(r"(not enough|too many) values to unpack \(expected (\d+)(?:, got (\d+))?\)")


def env_error(error, name, env=None):
    """An `env-error` reply's text: the exception and the line that raised it; where the environment's
    step or reset returned a tuple of another length than Gymnasium's, that (the old Gym API) instead —
    the unpacking that failed is foresight_env's, which would point into its own file."""
    frames = traceback.extract_tb(error.__traceback__)
    if isinstance(error, ValueError) and _is_own(frames[-1].filename):
        wrong = _wrong_tuple(str(error), name, env)
        if wrong:
            return wrong
    tell_traceback(error)
    if isinstance(error, SystemExit):
        # Caught like any exception (the process keeps serving): the exit code alone would say nothing of where.
        return f"SystemExit: the environment called sys.exit({error.code!r}) (at {_where(frames)})"
    return f"{type(error).__name__}: {error} (at {_where(frames)})"


def tell_traceback(error):
    """Prints `error`'s whole traceback on stderr (which reaches the user's), once per process: the
    messages name two lines at most, and a failure that repeats every step would flood it."""
    global _told_traceback
    if _told_traceback:
        return
    _told_traceback = True
    traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    sys.stderr.flush()


def _where(frames):
    """`file:line` of the innermost frame in the user's own code, with the library line that raised
    (`libraise.py:11 (raised in decoder.py:353)`); the innermost frame where no frame is the user's."""
    innermost = frames[-1]
    users = next((frame for frame in reversed(frames) if _is_users(frame.filename)), innermost)
    at = f"{os.path.basename(users.filename)}:{users.lineno}"
    if users is innermost:
        return at
    return f"{at} (raised in {os.path.basename(innermost.filename)}:{innermost.lineno})"


def _is_users(filename):
    """Not Python's, not an installed package's (site-packages), not foresight_env's."""
    if filename.startswith("<") or _is_own(filename):
        return False
    path = os.path.abspath(filename)
    parts = path.split(os.sep)
    return "site-packages" not in parts and "dist-packages" not in parts and not path.startswith(_STDLIB)


def raised_at(error):
    """Where the environment's code raised `error`, as `file:line` for messages; None where the line
    would tell nothing (foresight_env's own refusals and Python's or Gymnasium's import and registry
    machinery, whose messages name what is wrong). Gymnasium re-raises a failed import of a module:Id's
    module as its own error: the line is the original's."""
    while error.__cause__ is not None and error.__cause__.__traceback__ is not None:
        error = error.__cause__
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return None
    filename = frames[-1].filename
    if not any(_is_users(frame.filename) for frame in frames) and (
        _is_own(filename) or filename.startswith("<frozen") or filename.endswith(os.path.join("gymnasium", "envs", "registration.py"))
    ):
        return None
    return _where(frames)


def _is_own(filename):
    return os.path.dirname(os.path.abspath(filename)) == _OWN_FOLDER


def _wrong_tuple(message, name, env):
    found = _UNPACK.search(message)
    if not found:
        return None
    fewer, expected, got = found.group(1) == "not enough", found.group(2), found.group(3)
    returned = f"a {got}-tuple" if got else ("fewer than" if fewer else "more than") + f" {expected} values"
    where = _defined_at(env, "step" if expected == "5" else "reset")
    if expected == "5":
        old = " (the old Gym API's observation, reward, done, info: split done into terminated and truncated)" if got == "4" else ""
        return f"step must return Gymnasium's 5-tuple (observation, reward, terminated, truncated, info); {name}'s step{where} returned {returned}{old}"
    if expected == "2":
        return f"reset must return Gymnasium's pair (observation, info); {name}'s reset{where} returned {returned} (the old Gym API's reset returned the observation alone)"
    return None


def _defined_at(env, method):
    """ (defined at my_env.py:12): where the environment's own class defines `method`, when known."""
    code = getattr(getattr(type(getattr(env, "unwrapped", env)), method, None), "__code__", None)
    if env is None or code is None:
        return ""
    return f" (defined at {os.path.basename(code.co_filename)}:{code.co_firstlineno})"
