"""Gymnasium spaces on the wire: their JSON description, and values converted to and from JSON.

Spaces are recognised by class name, so Gymnasium's and the older gym's spaces both work and this
module imports neither (numpy only when a space holds arrays, which means numpy is installed).
"""

import math

from .protocol import RequestError


class UnsupportedSpace(Exception):
    """A space the protocol cannot describe (Text, Graph, Sequence, ...)."""


def _kind(space):
    for cls in type(space).__mro__:
        if cls.__name__ in ("Discrete", "Box", "MultiDiscrete", "MultiBinary", "Dict", "Tuple"):
            return cls.__name__
    raise UnsupportedSpace(
        f"{space!r} is not supported: the protocol carries Discrete, Box, MultiDiscrete, MultiBinary, and Dict/Tuple of those"
    )


def check_spaces(env):
    """Raises UnsupportedSpace naming `env`'s observation or action space the protocol cannot carry."""
    for which in ("observation", "action"):
        try:
            describe(getattr(env, f"{which}_space"))
        except UnsupportedSpace as error:
            raise UnsupportedSpace(f"the {which} space {error}") from None


def _bound(x):
    """A bound on the wire: null for an infinite one (JSON has no infinity)."""
    x = float(x)
    return None if math.isinf(x) else x


def describe(space):
    """The space as the protocol's JSON (docs/environment-protocol.md, "Spaces")."""
    kind = _kind(space)
    if kind == "Discrete":
        return {"type": "Discrete", "n": int(space.n), "start": int(getattr(space, "start", 0))}
    if kind == "Box":
        return {
            "type": "Box",
            "shape": [int(d) for d in space.shape],
            "low": [_bound(x) for x in space.low.reshape(-1).tolist()],
            "high": [_bound(x) for x in space.high.reshape(-1).tolist()],
            "dtype": str(space.dtype),
        }
    if kind == "MultiDiscrete":
        start = getattr(space, "start", None)
        return {
            "type": "MultiDiscrete",
            "shape": [int(d) for d in space.shape],
            "nvec": [int(n) for n in space.nvec.reshape(-1).tolist()],
            "start": [int(s) for s in start.reshape(-1).tolist()] if start is not None else [0] * int(space.nvec.size),
        }
    if kind == "MultiBinary":
        return {"type": "MultiBinary", "shape": [int(d) for d in space.shape]}
    if kind == "Dict":
        # Pairs, not an object: the order is part of the space (flattening follows it), and JSON
        # readers may reorder object keys.
        return {"type": "Dict", "spaces": [[str(key), describe(sub)] for key, sub in space.spaces.items()]}
    return {"type": "Tuple", "spaces": [describe(sub) for sub in space.spaces]}


def to_json(space):
    """A function turning a value of `space` (numpy arrays, numpy scalars) into plain JSON values."""
    kind = _kind(space)
    if kind == "Discrete":
        return int
    if kind in ("Box", "MultiDiscrete", "MultiBinary"):
        return _tolist
    if kind == "Dict":
        parts = [(key, to_json(sub)) for key, sub in space.spaces.items()]
        return lambda value: {key: convert(value[key]) for key, convert in parts}
    parts = [to_json(sub) for sub in space.spaces]
    return lambda value: [convert(item) for convert, item in zip(parts, value)]


def _tolist(value):
    tolist = getattr(value, "tolist", None)
    return tolist() if tolist is not None else value


def many_from_json(space):
    """A function turning a list of JSON actions into what `space` holds, all at once, or returning
    None when one is not a plain action of the space (the caller then decodes each with from_json,
    which names the bad one). For a Discrete space a few builtins over the whole list instead of a
    call per action; for the others None always."""
    if _kind(space) != "Discrete":
        return lambda values: None
    low = int(getattr(space, "start", 0))
    high = low + int(space.n) - 1

    def discrete(values):
        # type() is int: a bool (a subclass of int) is not an action, as in from_json.
        if values and all(type(v) is int for v in values) and low <= min(values) and max(values) <= high:
            return values
        return None

    return discrete


def from_json(space):
    """A function turning a JSON action into what `space` holds, refusing one outside it."""
    kind = _kind(space)
    if kind == "Discrete":
        n, start = int(space.n), int(getattr(space, "start", 0))

        def discrete(value):
            if isinstance(value, bool) or not isinstance(value, int) or not start <= value < start + n:
                raise RequestError("bad-action", f"action {value!r} is outside the action space {space!r}: it takes the integers {start}..{start + n - 1}")
            return value

        return discrete
    if kind == "Dict":
        parts = [(key, from_json(sub)) for key, sub in space.spaces.items()]

        def mapping(value):
            if not isinstance(value, dict) or set(value) != {key for key, _ in parts}:
                raise RequestError("bad-action", f"action {value!r} is not an object with the keys {', '.join(key for key, _ in parts)} ({space!r})")
            return {key: convert(value[key]) for key, convert in parts}

        return mapping
    if kind == "Tuple":
        parts = [from_json(sub) for sub in space.spaces]

        def sequence(value):
            if not isinstance(value, list) or len(value) != len(parts):
                raise RequestError("bad-action", f"action {value!r} is not a list of {len(parts)} values ({space!r})")
            return tuple(convert(item) for convert, item in zip(parts, value))

        return sequence
    import numpy as np

    def array(value):
        try:
            action = np.asarray(value, dtype=space.dtype).reshape(space.shape)
        except (TypeError, ValueError) as error:
            raise RequestError("bad-action", f"action {value!r} does not fit the action space {space!r}: {error}") from None
        if not space.contains(action):
            raise RequestError("bad-action", f"action {value!r} is outside the action space {space!r}")
        return action

    return array
