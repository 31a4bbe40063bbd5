"""The `steps` op (capability `columns`): many live environments' steps in one request, answered in columns.

Lockstep lanes step up to hundreds of environments per line. As one JSON object per step, answering
costs about as much as the step itself (a dict per request and per reply, four floats printed per
observation); in columns it is one request, one reply, and a Box space's observations travel as one
block of little-endian float64 in base64 (docs/environment-protocol.md, "Steps in columns").
"""

import base64
import math
import os
import traceback

from .protocol import RequestError


class ColumnSteps:
    """Answers `steps` requests for a server: `envs` and `actions` in, one column per reply field out."""

    def __init__(self, server, observation_space):
        self.server = server
        self.encode_block = _block_encoder(observation_space)

    def steps(self, request):
        envs, actions = request.get("envs"), request.get("actions")
        if not isinstance(envs, list) or not isinstance(actions, list) or len(envs) != len(actions):
            raise RequestError("bad-request", "steps needs lists envs and actions of the same length")
        count = len(envs)
        live = self.server.envs
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
                env = live.get(envs[i])
                if env is None:
                    raise RequestError("bad-env", f"no environment {envs[i]!r} (released, or never made)")
                observations[i], reward, ended, cut, info = env.step(action_from_json(actions[i]))
                rewards[i] = float(reward)
                terminated[i] = bool(ended)
                truncated[i] = bool(cut)
                if info:
                    infos[str(i)] = info
            except RequestError as error:
                errors[str(i)] = {"kind": error.kind, "error": str(error)}
            except Exception as error:
                errors[str(i)] = {"kind": "env-error", "error": _raised(error)}
        for i in range(count):
            if not math.isfinite(rewards[i]):
                errors.setdefault(str(i), {"kind": "bad-reply", "error": f"the reward {rewards[i]} is not a finite number"})
                rewards[i] = 0.0
        if self.encode_block:
            encoded = self.encode_block(observations, errors)
        else:
            to_json = self.server.observation_json
            encoded = [None if observation is None else to_json(observation) for observation in observations]
        reply = {"observations": encoded, "rewards": rewards, "terminated": terminated, "truncated": truncated}
        if infos:
            reply["infos"] = infos
        if errors:
            reply["errors"] = errors
        return reply


def _raised(error):
    where = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__}: {error} (at {os.path.basename(where.filename)}:{where.lineno})"


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
        rows = [empty if row is None else row for row in observations]
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
        finite = np.isfinite(block).all(axis=1)
        if not finite.all():
            for i in np.flatnonzero(~finite).tolist():
                errors.setdefault(str(i), {"kind": "bad-reply", "error": "the observation holds NaN or Infinity, which the protocol cannot carry"})
                block[i] = 0.0
        return base64.b64encode(block.tobytes()).decode("ascii")

    return encode
