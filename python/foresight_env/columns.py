"""The `steps` op (capability `columns`): many live environments' steps in one request, answered in columns.

Lockstep lanes step up to hundreds of environments per line. As one JSON object per step, answering
costs about as much as the step itself (a dict per request and per reply, four floats printed per
observation); in columns it is one request, one reply, and a Box space's observations travel as one
block of little-endian float64 in base64 (docs/environment-protocol.md, "Steps in columns").
"""

import base64
import math

from .fast_step import direct_step
from .nonfinite import nonfinite_at, nulled
from .protocol import RequestError, reward_of
from .raised import env_error
from .spaces import many_from_json


class ColumnSteps:
    """Answers `steps` requests for a server: `envs` and `actions` in, one column per reply field out."""

    def __init__(self, server, observation_space):
        self.server = server
        self.encode_block = _block_encoder(observation_space)
        self.actions_from_json = many_from_json(server.action_space)
        # Per environment id: (the environment, its step) — fast_step.py; refreshed when the id's environment changes (a restore, a make).
        self.direct = {}

    def stepper(self, env_id, env):
        """The environment's step: direct past gymnasium.make's wrappers where that changes nothing, else
        `env.step` (cached per id while the id keeps its environment; not while the wrappers still work)."""
        cached = self.direct.get(env_id)
        if cached is not None and cached[0] is env:
            return cached[1]
        step = direct_step(env)
        if step is None:
            return env.step
        self.direct[env_id] = (env, step)
        return step

    def forget(self, env_ids):
        for env_id in env_ids:
            self.direct.pop(env_id, None)

    def steps(self, request):
        envs, actions = request.get("envs"), request.get("actions")
        if not isinstance(envs, list) or not isinstance(actions, list) or len(envs) != len(actions):
            raise RequestError("bad-request", "steps needs lists envs and actions of the same length")
        count = len(envs)
        live = self.server.envs
        direct = self.direct
        # All the actions checked at once where they are plain (Discrete: a few builtins); else one by one below, naming the bad one.
        decoded = self.actions_from_json(actions)
        action_from_json = self.server.action_from_json
        observations = [None] * count
        rewards = [0.0] * count
        terminated = [False] * count
        truncated = [False] * count
        infos = {}
        errors = {}
        # The hot loop of a lockstep run: per step, only what the step itself needs.
        for i in range(count):
            try:
                env_id = envs[i]
                env = live.get(env_id)
                if env is None:
                    raise RequestError("bad-env", f"no environment {env_id!r} (released, or never made)")
                cached = direct.get(env_id)
                step = cached[1] if cached is not None and cached[0] is env else self.stepper(env_id, env)
                observations[i], reward, ended, cut, info = step(actions[i] if decoded is not None else action_from_json(actions[i]))
                # A plain float needs no check here: a NaN or infinity is caught for the whole column below.
                rewards[i] = reward if type(reward) is float else reward_of(reward)
                terminated[i] = bool(ended)
                truncated[i] = bool(cut)
                if info:
                    infos[str(i)] = info
            except RequestError as error:
                errors[str(i)] = {"kind": error.kind, "error": str(error)}
            except (Exception, SystemExit) as error:
                errors[str(i)] = {"kind": "env-error", "error": self.raised(error, envs[i])}
        for i in range(count):
            if not math.isfinite(rewards[i]):
                errors.setdefault(str(i), {"kind": "bad-reply", "error": f"the reward {rewards[i]} is not a finite number"})
                rewards[i] = 0.0
        if self.encode_block:
            encoded = self.encode_block(observations, errors)
        else:
            to_json = self.server.observation_json
            encoded = [None if observation is None else to_json(observation) for observation in observations]
        reply = ColumnsReply(observations=encoded, rewards=rewards, terminated=terminated, truncated=truncated)
        if infos:
            reply["infos"] = infos
        if errors:
            reply["errors"] = errors
        return reply


    def raised(self, error, env_id):
        """A step's error, naming the environment whose step raised it (raised.env_error)."""
        env = self.server.envs.get(env_id) if isinstance(env_id, int) else None
        return env_error(error, self.server.name, env)


class ColumnsReply(dict):
    """A `steps` reply: a dict like any other, which the server writes with `encode_columns`."""


def null_column_failures(reply):
    """After the encoder refused `reply` (a NaN or infinity): its infos' values become null, and a step
    whose observation (a list, not the Box block, checked as it is built) holds one is refused alone."""
    if "infos" in reply:
        reply["infos"] = {i: nulled(info) for i, info in reply["infos"].items()}
    observations = reply["observations"]
    if type(observations) is str:
        return
    for i, observation in enumerate(observations):
        where = nonfinite_at(observation, "observation")
        if where:
            reply.setdefault("errors", {}).setdefault(str(i), {"kind": "bad-reply", "error": _not_finite(where)})
            observations[i] = None


def _not_finite(where):
    return f"the observation holds NaN or Infinity at {where}, which the protocol cannot carry"


_COLUMNS = ("observations", "rewards", "terminated", "truncated")
_BOOLS = (b"false", b"true")
# Rewards' JSON text by value: float repr is most of the cost of a column of floats, and rewards repeat
# (CartPole's are all 1.0). Zero is never cached: -0.0 == 0.0 would find the other's text.
_REWARD_TEXT = {}


def _reward_text(reward):
    text = float.__repr__(reward).encode("ascii")
    if reward and len(_REWARD_TEXT) < 4096:
        _REWARD_TEXT[reward] = text
    return text


def encode_columns(reply, encode):
    """A `steps` reply as JSON bytes, the same text as `encode(reply)` (the server's encoder, which must
    write compactly, in the reply's key order): the columns are written here — the observations' block
    as it is (base64 needs no escaping), rewards from a cache of their text, the flags from constants —
    and `encode` writes the rest (id, ok, infos, errors). Per lane step that is a fifth of the encoder's
    cost. Raises ValueError where `encode` does (an info holding NaN)."""
    observations = reply["observations"]
    block = b'"' + observations.encode("ascii") + b'"' if type(observations) is str else encode(observations)
    text = _REWARD_TEXT.get
    rest = encode({key: value for key, value in reply.items() if key not in _COLUMNS})
    return b"".join((
        b'{"observations":', block,
        b',"rewards":[', b",".join([text(r) or _reward_text(r) for r in reply["rewards"]]),
        b'],"terminated":[', b",".join([_BOOLS[t] for t in reply["terminated"]]),
        b'],"truncated":[', b",".join([_BOOLS[t] for t in reply["truncated"]]),
        b"]," if len(rest) > 2 else b"]", rest[1:],
    ))


def _block_encoder(space):
    """For a Box observation space (with numpy at hand): observations (None for a refused step) to a
    base64 block of float64 rows; else None."""
    if not any(cls.__name__ == "Box" for cls in type(space).__mro__):
        return None
    try:
        import numpy as np
    except ImportError:
        return None
    shape = tuple(int(d) for d in space.shape)
    size = 1
    for d in shape:
        size *= d
    empty = np.zeros(shape)

    def encode(observations, errors):
        # A row is None only for a refused step, which has its error.
        rows = [empty if row is None else row for row in observations] if errors else observations
        try:
            # One conversion for the whole column: a row at a time costs several times more.
            block = np.array(rows, dtype="<f8")
        except (TypeError, ValueError):
            block = None
        if block is None or block.shape != (len(rows),) + shape:
            block = np.zeros((len(rows),) + shape, dtype="<f8")
            for i, row in enumerate(rows):
                value = np.asarray(row)
                if value.shape != shape:
                    errors.setdefault(str(i), {"kind": "bad-reply", "error": f"the observation has shape {list(value.shape)}; the observation space declares {list(shape)}"})
                else:
                    block[i] = value
        block = block.reshape(len(rows), size)
        # JSON has no NaN or infinity: a step whose observation holds one is refused, as a JSON reply would be.
        # The sum is finite when every value is (one call instead of two); if not, look row by row (a sum can also overflow).
        finite = np.isfinite(block).all(axis=1) if not np.isfinite(block.sum()) else None
        if finite is not None and not finite.all():
            for i in np.flatnonzero(~finite).tolist():
                first = int(np.flatnonzero(~np.isfinite(block[i]))[0])
                where = "observation" + "".join(f"[{d}]" for d in np.unravel_index(first, shape)) + f" ({block[i][first]})"
                errors.setdefault(str(i), {"kind": "bad-reply", "error": _not_finite(where)})
                block[i] = 0.0
        return base64.b64encode(block.tobytes()).decode("ascii")

    return encode
