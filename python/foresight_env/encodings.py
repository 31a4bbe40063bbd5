"""Observations and actions as the feature vectors Foresight's models read (docs/encodings.md), in Python.

The `flat` encoding every external environment offers — and the built-in CartPole, Pendulum and
point mass, whose observations are Box vectors — is a function of the observation space alone:

    from foresight_env.encodings import encode, encode_action
    encode({"type": "Discrete", "n": 3, "start": 1}, 2)     # [0.0, 1.0, 0.0]
    encode(env.observation_space, observation)             # a Gymnasium space works too
    encode(space, record["observation"])                   # a dataset's JSON text too

The numbers are the TypeScript encoder's (nodes/environment/external/spaces.ts) exactly: float32
values, returned as Python floats. Standard library only; numpy arrays are read when given.
GridWorld's and the shopping task's named encodings: `gridworld_encodings`, `shopping_encodings`.
"""

import json
from array import array

from .spaces import describe

__all__ = ["as_space", "flat_size", "encode", "encode_action"]


def as_space(space):
    """The space as the protocol's JSON (docs/environment-protocol.md, "Spaces"): from that JSON
    (an object or its text, as `environment.json` of a run folder holds it) or from a Gymnasium space.
    Bounds and `start` may be left out of JSON written by hand: encoding needs neither."""
    if isinstance(space, str):
        space = json.loads(space)
    if isinstance(space, dict):
        return space
    return describe(space)


def flat_size(space):
    """How many numbers `encode` gives for a value of the space."""
    space = as_space(space)
    kind = space.get("type")
    if kind == "Discrete":
        return int(space["n"])
    if kind in ("Box", "MultiBinary"):
        return _product(space["shape"])
    if kind == "MultiDiscrete":
        return sum(int(n) for n in space["nvec"])
    if kind == "Dict":
        return sum(flat_size(sub) for _, sub in space["spaces"])
    if kind == "Tuple":
        return sum(flat_size(sub) for sub in space["spaces"])
    raise ValueError(f"unknown space type {kind!r}; the protocol has Discrete, Box, MultiDiscrete, MultiBinary, Dict, Tuple")


def encode(space, observation):
    """The observation's `flat` encoding: what `gymnasium.spaces.flatten(space, observation)` gives,
    as float32 — Box and MultiBinary values row-major, Discrete a one-hot at `value - start`,
    MultiDiscrete one one-hot per entry, Dict entries in the space's key order, Tuple in order.

    `observation` is a value of the space as JSON (or its text, as a dataset records it), or as
    Gymnasium gives it (numpy arrays, tuples). Raises ValueError naming the part that does not fit.
    """
    space = as_space(space)
    if isinstance(observation, str):
        observation = json.loads(observation)
    out = [0.0] * flat_size(space)
    _flatten_into(space, _plain(observation), out, 0, "")
    return _float32(out)


def encode_action(space, action):
    """An action as a model reads it beside the state (Q(s, a), dynamics models): a Discrete action as
    the one-hot of its index, a Box action as its values row-major, float32.

    The action is as Foresight records it in datasets (or its JSON text): a Discrete action is its
    index `0..n-1` — Gymnasium's value minus the space's `start` — and a Box action its vector (a bare
    number for a one-number box). Other spaces have no action encoding: models take only these two.
    """
    space = as_space(space)
    if isinstance(action, str):
        action = json.loads(action)
    action = _plain(action)
    kind = space.get("type")
    if kind == "Discrete":
        n = int(space["n"])
        if not _is_int(action) or not 0 <= action < n:
            raise ValueError(f"action {_brief(action)} is not a Discrete({n}) action's index 0..{n - 1}")
        out = [0.0] * n
        out[int(action)] = 1.0
        return out
    if kind == "Box":
        size = _product(space["shape"])
        values = [action] if size == 1 and _is_number(action) else _flat_values(action, space["shape"])
        if values is None or len(values) != size or not all(_is_number(x) for x in values):
            raise ValueError(f"action {_brief(action)} is not a vector of {size} numbers (Box of shape {list(space['shape'])})")
        return _float32(values)
    raise ValueError(f"a {kind} action has no encoding: models take Discrete (one-hot) and Box (vector) actions")


def _flatten_into(space, value, out, offset, path):
    at = f" at {path}" if path else ""
    kind = space.get("type")
    if kind == "Discrete":
        n, start = int(space["n"]), int(space.get("start", 0))
        if not _is_int(value) or not start <= value < start + n:
            raise ValueError(f"{_brief(value)}{at} is not an integer in {start}..{start + n - 1} (Discrete({n}))")
        out[offset + int(value) - start] = 1.0
        return offset + n
    if kind in ("Box", "MultiBinary", "MultiDiscrete"):
        shape = space["shape"]
        flat = _flat_values(value, shape)
        if flat is None:
            raise ValueError(f"{_brief(value)}{at} is not an array of shape {list(shape)} ({kind})")
        for i, x in enumerate(flat):
            if not _is_number(x):
                raise ValueError(f"element {i}{at} is {_brief(x)}, not a number ({kind})")
            if kind == "MultiBinary" and x not in (0, 1):
                raise ValueError(f"element {i}{at} is {_brief(x)}, not 0 or 1 (MultiBinary)")
        if kind != "MultiDiscrete":
            out[offset : offset + len(flat)] = flat
            return offset + len(flat)
        nvec = space["nvec"]
        starts = space.get("start") or [0] * len(nvec)
        for i, x in enumerate(flat):
            n, start = int(nvec[i]), int(starts[i])
            if not _is_int(x) or not start <= x < start + n:
                raise ValueError(f"element {i}{at} is {_brief(x)}, not an integer in {start}..{start + n - 1} (MultiDiscrete)")
            out[offset + int(x) - start] = 1.0
            offset += n
        return offset
    if kind == "Dict":
        if not isinstance(value, dict):
            raise ValueError(f"{_brief(value)}{at} is not an object with keys {', '.join(key for key, _ in space['spaces'])}")
        for key, sub in space["spaces"]:
            offset = _flatten_into(sub, value.get(key), out, offset, f"{path}.{key}")
        return offset
    if kind == "Tuple":
        subs = space["spaces"]
        if not isinstance(value, list) or len(value) != len(subs):
            raise ValueError(f"{_brief(value)}{at} is not a list of {len(subs)} values (Tuple)")
        for i, sub in enumerate(subs):
            offset = _flatten_into(sub, value[i], out, offset, f"{path}[{i}]")
        return offset
    raise ValueError(f"unknown space type {kind!r}; the protocol has Discrete, Box, MultiDiscrete, MultiBinary, Dict, Tuple")


def _plain(value):
    """Gymnasium's values as JSON's: numpy arrays and scalars as lists and numbers, tuples as lists."""
    tolist = getattr(value, "tolist", None)
    if tolist is not None:
        return tolist()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _flat_values(value, shape):
    """The nested lists' values row-major, or None when their nesting is not `shape`."""
    if len(shape) == 0:
        return None if isinstance(value, list) or value is None else [value]
    out = []

    def walk(node, depth):
        if not isinstance(node, list) or len(node) != shape[depth]:
            return False
        if depth == len(shape) - 1:
            out.extend(node)
            return True
        return all(walk(child, depth + 1) for child in node)

    return out if walk(value, 0) else None


def _float32(values):
    # array("f") rounds each double to float32 as Float32Array (and Math.fround) does, overflow to
    # infinity included; tolist() gives them back as Python floats.
    return array("f", values).tolist()


def _is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _is_int(x):
    return _is_number(x) and float(x).is_integer()


def _product(shape):
    size = 1
    for d in shape:
        size *= int(d)
    return size


def _brief(value):
    text = json.dumps(value) if value is not None else "nothing"
    return text if len(text) <= 60 else text[:57] + "..."
