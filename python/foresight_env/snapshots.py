"""Snapshots and simulation copies by deep copy, and the probe that decides whether that is sound."""

import copy
import json
from collections import OrderedDict

# The line serve() writes to stderr before the check below: a start that times out after it hung in the
# environment's reset or step on a copy (Foresight's describe.ts and env-process.ts look for it).
CHECKING_COPIES = "foresight_env: checking that deep copies of the environment are sound (a reset and steps on copies)"


def deepcopy_problem(env, to_json):
    """Why deep-copying `env` cannot stand for its state, or None when it can.

    A copy must be independent and behave like the original: two copies of one reset state, given
    the same action, must give the same result. A copy that shares a native simulator, a window or
    a socket with the original fails one of these (or the copy itself raises).
    """
    try:
        probe = copy.deepcopy(env)
        probe.reset(seed=0)
        first, second = copy.deepcopy(probe), copy.deepcopy(probe)
        space = probe.action_space
        space.seed(0)
        action = space.sample()
        a = first.step(action)[:4]
        first.step(action)
        b = second.step(action)[:4]
    except Exception as error:  # any failure means copies cannot be trusted
        return f"deep-copying the environment failed: {type(error).__name__}: {error}"
    if _comparable(a, to_json) != _comparable(b, to_json):
        return "two deep copies of one state answered the same action differently (they share state that deepcopy does not copy)"
    return None


def _comparable(result, to_json):
    """A step's (observation, reward, terminated, truncated) as text to compare. A part the protocol
    cannot carry (a reward of [1.0]) is compared as its repr: the step that returns it is refused,
    naming it, whereas raising here would end the process before it declared its spaces."""

    def text(convert, value):
        try:
            return convert(value)
        except Exception:  # whatever the conversion raises, the step's reply names it
            return repr(value)

    observation, reward, terminated, truncated = result
    return json.dumps([text(to_json, observation), text(float, reward), text(bool, terminated), text(bool, truncated)], sort_keys=True, default=repr)


class SnapshotStore:
    """Snapshots by opaque token, the newest `capacity` kept (look-ahead takes one per step and uses it at once)."""

    def __init__(self, capacity=256):
        self.capacity = capacity
        self.held = OrderedDict()
        self.taken = 0

    def take(self, env):
        self.taken += 1
        token = f"s{self.taken}"
        self.held[token] = copy.deepcopy(env)
        if len(self.held) > self.capacity:
            self.held.popitem(last=False)
        return token

    def copy_of(self, token):
        """A fresh copy of the snapshot's environment, so the snapshot can be restored again."""
        env = self.held.get(token)
        if env is None:
            return None
        self.held.move_to_end(token)
        return copy.deepcopy(env)
