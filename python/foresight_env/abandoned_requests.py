"""Requests whose connection dropped while they ran, said on the server's stderr with where they are stuck.

A client that gives up on a request (Foresight, past the node's timeoutMs) closes the connection.
The request goes on in its connection's thread, since Python cannot stop a thread: without a word
here the server would look idle while the user's step spins on.
"""

import json
import select
import socket
import sys
import threading
import time

from .stack_dumps import stuck_at

# How often the watcher looks, and how long a request runs before it is looked at: a step answered
# in time costs the server nothing but two attribute writes.
CHECK_SECONDS = 0.25

GOES_ON = "it goes on in this server process, as Python cannot stop a thread: stop the server to stop it"


class RequestWatch:
    """One connection's request in progress (`begin` / `end` around answering it)."""

    def __init__(self, connection, peer):
        self.connection = connection
        self.peer = f"{peer[0]}:{peer[1]}"
        self.thread_id = threading.get_ident()
        self.line = None
        self.started = 0.0
        self.abandoned = False

    def begin(self, line):
        self.started = time.monotonic()
        self.line = line

    def end(self):
        if self.abandoned:
            say(f"the abandoned {describe_request(self.line)} from {self.peer} returned after {time.monotonic() - self.started:.1f} s")
        self.line = None


class Watcher:
    """The server's watcher thread: looks every CHECK_SECONDS at the connections answering a request."""

    def __init__(self):
        self._watches = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._run, name="foresight_env request watcher", daemon=True).start()

    def watch(self, connection, peer):
        watch = RequestWatch(connection, peer)
        with self._lock:
            self._watches.add(watch)
        return watch

    def forget(self, watch):
        with self._lock:
            self._watches.discard(watch)

    def _run(self):
        while True:
            time.sleep(CHECK_SECONDS)
            now = time.monotonic()
            with self._lock:
                running = [w for w in self._watches if w.line is not None and not w.abandoned and now - w.started >= CHECK_SECONDS]
            for watch in running:
                line = watch.line
                if line is not None and _dropped(watch.connection):
                    watch.abandoned = True
                    where = stuck_at(watch.thread_id)
                    at = f", stuck at {where}" if where else ""
                    say(f"{watch.peer} dropped the connection while its {describe_request(line)} was running ({time.monotonic() - watch.started:.1f} s in){at}; {GOES_ON}")


def dropped_between_requests(peer):
    """Says that a connection ended without a close request while no request was running."""
    say(f"{peer[0]}:{peer[1]} dropped the connection without a close request")


def _dropped(connection):
    """Whether the peer closed (or reset) the connection: readable, with nothing to read."""
    try:
        if not select.select([connection], [], [], 0)[0]:
            return False
        return connection.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def describe_request(line):
    """The request as the log names it: `step`, or `batch of 64 requests (step)`."""
    try:
        request = json.loads(line)
    except ValueError:
        return "request"
    if isinstance(request, list):
        ops = sorted({r.get("op") for r in request if isinstance(r, dict) and isinstance(r.get("op"), str)})
        return f"batch of {len(request)} requests ({', '.join(ops)})"
    op = request.get("op") if isinstance(request, dict) else None
    return op if isinstance(op, str) else "request"


def say(message):
    print(f"foresight_env: {message}", file=sys.stderr, flush=True)
