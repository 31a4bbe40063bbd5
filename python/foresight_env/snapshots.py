"""Snapshots and simulation copies by deep copy, and the probe that decides whether that is sound."""

import copy
import json
from collections import OrderedDict


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
    dump = lambda result: json.dumps([to_json(result[0]), float(result[1]), bool(result[2]), bool(result[3])], sort_keys=True)
    if dump(a) != dump(b):
        return "two deep copies of one state answered the same action differently (they share state that deepcopy does not copy)"
    return None


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
