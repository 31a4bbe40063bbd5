"""Serve a Gymnasium-style environment to Foresight (see docs/environment-protocol.md).

    from foresight_env import serve
    serve(MyEnv())          # in your own script; Foresight runs it as {"name": "process", ...}
    serve(MyEnv(), make=MyEnv)  # the same, and lockstep lanes each get a fresh MyEnv() in this process

    from foresight_env import serve_websocket, serve_http
    serve_websocket(MyEnv, "0.0.0.0:8765", name="MyEnv")  # a fresh MyEnv() per connection (or serve_http)

or from a shell: ``python3 -m foresight_env gymnasium:CartPole-v1`` / ``my_module:MyEnv``; on another
machine with ``--listen HOST:PORT`` (WebSocket) or ``--http HOST:PORT`` (HTTP).

``foresight_env.point_mass`` is the Gymnasium copy of the built-in point mass (PointMass-v0; it needs
gymnasium and numpy, which nothing else here imports).

``foresight_env.encodings`` (and ``gridworld_encodings``, ``shopping_encodings``) turn observations and
actions, a recorded dataset's included, into the numbers Foresight's models read (docs/encodings.md,
"In Python"), for training in Python.
"""

from .protocol import PROTOCOL_VERSION
from .server import serve
from .loader import load_env

__all__ = ["PROTOCOL_VERSION", "serve", "serve_websocket", "serve_http", "load_env"]

# Imported on first use: together they cost ~30 ms of start-up (socket, http.server, email) that
# every stdin/stdout process, the common route, would pay for nothing.
_SERVED_ELSEWHERE = {"serve_websocket": ".websocket", "serve_http": ".http_server"}


def __getattr__(name):
    module = _SERVED_ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
