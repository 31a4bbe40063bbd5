"""Serve a Gymnasium-style environment to Foresight (see docs/environment-protocol.md).

    from foresight_env import serve
    serve(MyEnv())          # in your own script; Foresight runs it as {"name": "process", ...}
    serve(MyEnv(), make=MyEnv)  # the same, and lockstep lanes each get a fresh MyEnv() in this process

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

__all__ = ["PROTOCOL_VERSION", "serve", "load_env"]
