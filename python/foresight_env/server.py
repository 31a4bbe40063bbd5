"""The protocol's server loop: one request per line on stdin, one reply per line on stdout."""

import base64
import copy
import json
import os
import sys

from . import spaces
from .columns import ColumnSteps, ColumnsReply, encode_columns, null_column_failures
from .interrupted import end_as_interrupted
from .loader import check_environment
from .nonfinite import nonfinite_at, nulled
from .png import encode_png
from .scenes import action_labels_of, scene_of
from .protocol import PROTOCOL_VERSION, RequestError, reward_of
from .raised import env_error
from .snapshots import CHECKING_COPIES, SnapshotStore, deepcopy_problem
from .spin_lines import spin_lines
from .stack_dumps import enable_stack_dumps, start_declared

ROOT = 0


def serve(env, *, name=None, snapshot="auto", batch=True, snapshot_capacity=256, make=None, stdin=None, stdout=None):
    """Answers Foresight's requests for `env` until it says close or stdin ends.

    snapshot: "auto" offers snapshot/restore/clone when deep copies of the environment prove sound
    (see snapshots.deepcopy_problem), "off" never offers them.
    batch: declare the `batch` capability (a line may hold many requests); False for a client that
    must send one request per line.
    make: a function returning a new environment like `env` (a class or gymnasium.make with the same
    arguments): the `make` op calls it for another live environment (lockstep lanes stepping in one
    process). Without it, `make` deep-copies `env` where snapshots are sound, else it is not offered.
    Without `stdout`, the process's stdout is kept for the protocol and everything else printed
    (by the environment or a library, from Python or C) goes to stderr instead.
    """
    if snapshot not in ("auto", "off"):
        raise ValueError(f'snapshot must be "auto" or "off", not {snapshot!r}')
    check_environment(env, "serve(env): env")
    _die_with_parent()
    enable_stack_dumps()
    reader = stdin if stdin is not None else _request_lines()
    writer = stdout if stdout is not None else claim_stdout()
    if snapshot == "auto":
        # Said first, because the check runs the environment's reset and step: where one of them hangs,
        # Foresight's start times out and reads here what the process was doing.
        print(CHECKING_COPIES, file=sys.stderr, flush=True)
    server = _Server(env, name or _name_of(env), snapshot, snapshot_capacity, batch, make)
    # The spaces are declared from here on: nothing hung at start.
    start_declared()
    try:
        for line in reader:
            if not line.strip():
                continue
            reply = server.answer_line(line)
            writer.write(reply)
            writer.flush()
            if server.closed:
                break
    except KeyboardInterrupt:
        end_as_interrupted()
    server.close()


def _request_lines():
    """stdin's lines; on POSIX read so that a request coming soon finds this process awake (spin_lines)."""
    if os.name != "posix":
        return sys.stdin.buffer
    return spin_lines(sys.stdin.fileno())


def claim_stdout():
    """The replies' channel: the named pipe Foresight made ($FORESIGHT_REPLY_PIPE: its caller reads it
    directly, one thread hop fewer per round trip) or else the real stdout. From here on anything else
    printed (Python or C) goes to stderr."""
    pipe = os.environ.pop("FORESIGHT_REPLY_PIPE", None)
    protocol = open(pipe, "wb", buffering=0) if pipe else os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


def _die_with_parent():
    """On Linux, be killed with Foresight even if it dies without closing our stdin (SIGKILL, a hung step)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except Exception:
        pass  # best effort: end of stdin still ends the loop


def _name_of(env):
    spec = getattr(env, "spec", None)
    return getattr(spec, "id", None) or type(getattr(env, "unwrapped", env)).__name__


def _jsonable(value):
    """What json cannot encode by itself: numpy arrays and scalars, anything else as its repr."""
    tolist = getattr(value, "tolist", None)
    if tolist is not None:
        return tolist()
    return repr(value)


def _reseed(env, seed):
    """A fresh random stream for a simulation copy, so it cannot see the live environment's future draws."""
    unwrapped = getattr(env, "unwrapped", None)
    if unwrapped is not None and hasattr(unwrapped, "np_random"):
        import numpy as np

        unwrapped.np_random = np.random.Generator(np.random.PCG64(seed))


# One encoder for every reply: json.dumps with options builds a new one per call (a few µs a step).
_ENCODER = json.JSONEncoder(default=_jsonable, allow_nan=False, separators=(",", ":"))


def _encode(reply):
    return _ENCODER.encode(reply).encode() + b"\n"


def _encode_bytes(value):
    return _ENCODER.encode(value).encode()


def _encode_not_finite(reply, error):
    """A reply the encoder refused (it holds NaN or infinity, which JSON cannot): infos' values become
    null; an observation's is refused, naming where it lies."""
    if type(reply) is ColumnsReply:
        null_column_failures(reply)
        try:
            return encode_columns(reply, _encode_bytes) + b"\n"
        except ValueError as again:
            error = again
    else:
        where = nonfinite_at(reply.get("observation"), "observation")
        if where:
            why = f"the observation holds NaN or Infinity at {where}, which the protocol cannot carry"
            return _encode({"id": reply.get("id"), "ok": False, "kind": "bad-reply", "error": why})
        if "info" in reply:
            reply["info"] = nulled(reply["info"])
        try:
            return _encode(reply)
        except ValueError as again:
            error = again
    why = f"the reply cannot be JSON ({error})"
    return _encode({"id": reply.get("id"), "ok": False, "kind": "bad-reply", "error": why})


class _Server:
    def __init__(self, env, name, snapshot, snapshot_capacity, batch=True, make=None):
        self.envs = {ROOT: env}
        self.factory = make
        self.batch = batch
        self.next_id = 1
        self.name = name
        self.closed = False
        self.observation_json = spaces.to_json(env.observation_space)
        self.action_space = env.action_space
        self.action_from_json = spaces.from_json(env.action_space)
        self.snapshot_off = "declared off by the environment's server: --snapshot off, or serve(env, snapshot=\"off\")" if snapshot == "off" else deepcopy_problem(env, self.observation_json)
        self.snapshots = SnapshotStore(snapshot_capacity)
        self.columns = ColumnSteps(self, env.observation_space)
        self.ops = {
            "spaces": self.spaces,
            "reset": self.reset,
            "step": self.step,
            "steps": self.columns.steps,
            "snapshot": self.snapshot,
            "restore": self.restore,
            "clone": self.clone,
            "make": self.make,
            "release": self.release,
            "reseed": self.reseed,
            "render": self.render,
            "close": self.close_request,
        }

    def answer_line(self, line):
        try:
            request = json.loads(line)
        except ValueError as error:
            return _encode({"id": None, "ok": False, "kind": "bad-request", "error": f"the request is not JSON: {error}"})
        if isinstance(request, list):
            replies = [self.reply(r) for r in request]
            if any(type(reply) is ColumnsReply for reply in replies):
                return b"[" + b",".join([self.encoded(reply)[:-1] for reply in replies]) + b"]\n"
            try:
                # One encoder call for the whole batch: per call it costs microseconds (lockstep lanes send 64 steps a line).
                return _encode(replies)
            except ValueError:
                return b"[" + b",".join(self.encoded(reply)[:-1] for reply in replies) + b"]\n"
        return self.encoded(self.reply(request))

    def answer(self, request):
        return self.encoded(self.reply(request))

    def reply(self, request):
        """The reply to one request, as a dict (encoded by the caller)."""
        rid = request.get("id") if isinstance(request, dict) else None
        try:
            if not isinstance(request, dict):
                raise RequestError("bad-request", "a request is a JSON object")
            op = self.ops.get(request.get("op"))
            if op is None:
                raise RequestError("bad-request", f"unknown op {request.get('op')!r}; the ops are {', '.join(self.ops)}")
            reply = op(request)
            reply["id"] = rid
            reply["ok"] = True
            return reply
        except RequestError as error:
            return {"id": rid, "ok": False, "kind": error.kind, "error": str(error)}
        except (Exception, SystemExit) as error:
            env_id = request.get("env", ROOT) if isinstance(request, dict) else None
            env = self.envs.get(env_id) if isinstance(env_id, int) else None
            return {"id": rid, "ok": False, "kind": "env-error", "error": env_error(error, self.name, env)}

    @staticmethod
    def encoded(reply):
        try:
            if type(reply) is ColumnsReply:
                return encode_columns(reply, _encode_bytes) + b"\n"
            return _encode(reply)
        except ValueError as error:
            return _encode_not_finite(reply, error)

    def env(self, request):
        env_id = request.get("env", ROOT)
        env = self.envs.get(env_id)
        if env is None:
            raise RequestError("bad-env", f"no environment {env_id!r} (released, or never cloned)")
        return env

    def needs_snapshots(self, op):
        if self.snapshot_off:
            raise RequestError("unsupported", f"{op} is not offered: {self.snapshot_off}")

    def spaces(self, request):
        env = self.envs[ROOT]
        # `columns` (the `steps` op) rides on batches: a client that cannot batch would not use it.
        capabilities = ["batch", "columns"] if self.batch else []
        if not self.snapshot_off:
            capabilities += ["snapshot", "clone", "fork"]
        if self.factory is not None or not self.snapshot_off:
            capabilities.append("make")
        if getattr(env, "render_mode", None) == "rgb_array":
            capabilities.append("render")
        reply = {
            "protocol": PROTOCOL_VERSION,
            "name": self.name,
            "observationSpace": spaces.describe(env.observation_space),
            "actionSpace": spaces.describe(env.action_space),
            "capabilities": capabilities,
        }
        if self.snapshot_off:
            reply["snapshotOff"] = self.snapshot_off
        labels = action_labels_of(env)
        if labels is not None:
            reply["actionLabels"] = labels
        return reply

    def reset(self, request):
        env = self.env(request)
        observation, info = env.reset(seed=request.get("seed"), options=request.get("options"))
        reply = {"observation": self.observation_json(observation), "info": info}
        scene = scene_of(env)
        if scene is not None:
            reply["scene"] = scene
        return reply

    def step(self, request):
        if "action" not in request:
            raise RequestError("bad-request", "step needs an action")
        action = self.action_from_json(request["action"])
        observation, reward, terminated, truncated, info = self.env(request).step(action)
        return {"observation": self.observation_json(observation), "reward": reward_of(reward), "terminated": bool(terminated), "truncated": bool(truncated), "info": info}

    def snapshot(self, request):
        self.needs_snapshots("snapshot")
        return {"snapshot": self.snapshots.take(self.env(request))}

    def restore(self, request):
        self.needs_snapshots("restore")
        env_id = request.get("env", ROOT)
        self.env(request)
        restored = self.snapshots.copy_of(request.get("snapshot"))
        if restored is None:
            raise RequestError("bad-snapshot", f"no snapshot {request.get('snapshot')!r}: the server keeps the newest {self.snapshots.capacity}")
        self.envs[env_id] = restored
        return {}

    def clone(self, request):
        """A copy of `env`; with `seed`, its random stream replaced too (a look-ahead forks many in one batch)."""
        self.needs_snapshots("clone")
        duplicate = copy.deepcopy(self.env(request))
        if request.get("seed") is not None:
            _reseed(duplicate, request["seed"])
        env_id = self.next_id
        self.next_id += 1
        self.envs[env_id] = duplicate
        return {"env": env_id}

    def make(self, request):
        """Another live environment, independent of the others (reset it before stepping): from the
        factory, else a deep copy of the root environment (sound when snapshots are)."""
        if self.factory is not None:
            made = self.factory()
        elif not self.snapshot_off:
            made = copy.deepcopy(self.envs[ROOT])
        else:
            raise RequestError("unsupported", f"make is not offered: the server has no factory, and deep copies cannot stand in for one ({self.snapshot_off})")
        env_id = self.next_id
        self.next_id += 1
        self.envs[env_id] = made
        return {"env": env_id}

    def release(self, request):
        released = [env_id for env_id in request.get("envs", []) if env_id != ROOT]
        for env_id in released:
            self.envs.pop(env_id, None)
        self.columns.forget(released)
        return {}

    def reseed(self, request):
        _reseed(self.env(request), request.get("seed"))
        return {}

    def render(self, request):
        env = self.env(request)
        if getattr(env, "render_mode", None) != "rgb_array":
            raise RequestError("unsupported", f"render needs render_mode=\"rgb_array\"; this environment's is {getattr(env, 'render_mode', None)!r}")
        return {"png": base64.b64encode(encode_png(env.render())).decode("ascii")}

    def close_request(self, request):
        self.closed = True
        return {}

    def close(self):
        for env in self.envs.values():
            try:
                env.close()
            except Exception:
                pass
        self.envs.clear()
