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

# How long the watcher waits between looks when nothing is running, or something it need not act on
# arrived: a step answered in time costs the server nothing but two attribute writes.
CHECK_SECONDS = 0.25

GOES_ON = "it goes on in this server process, as Python cannot stop a thread: stop the server to stop it"


class RequestWatch:
    """One connection's request in progress (`begin` / `end` around answering it). `goodbye(reason)`
    answers a client's close frame (WebSocket) with one whose reason says where the request is."""

    def __init__(self, connection, peer, goodbye):
        self.connection = connection
        self.peer = f"{peer[0]}:{peer[1]}"
        self.goodbye = goodbye
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

    def abandon(self, line, closing):
        self.abandoned = True
        where = stuck_at(self.thread_id)
        if closing:
            # Foresight closes politely when it gives up, and waits briefly for this answer: its error then says where too.
            try:
                self.goodbye(f"stuck at {where}" if where else "")
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        at = f", stuck at {where}" if where else ""
        say(f"{self.peer} dropped the connection while its {describe_request(line)} was running ({time.monotonic() - self.started:.1f} s in){at}; {GOES_ON}")


class Watcher:
    """The server's watcher thread: waits for the connections answering a request to become readable,
    which in the middle of a request means the client closed it or gave up on the request."""

    def __init__(self):
        self._watches = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._run, name="foresight_env request watcher", daemon=True).start()

    def watch(self, connection, peer, goodbye):
        watch = RequestWatch(connection, peer, goodbye)
        with self._lock:
            self._watches.add(watch)
        return watch

    def forget(self, watch):
        with self._lock:
            self._watches.discard(watch)

    def _run(self):
        while True:
            with self._lock:
                running = [(w, w.line) for w in self._watches if w.line is not None and not w.abandoned]
            if not running:
                time.sleep(CHECK_SECONDS)
                continue
            try:
                readable = select.select([w.connection for w, _ in running], [], [], CHECK_SECONDS)[0]
            except (OSError, ValueError):
                readable = [w.connection for w, _ in running]
            ended = False
            for watch, line in running:
                if watch.connection in readable and watch.line is line:
                    ending = _ending(watch.connection)
                    if ending:
                        watch.abandon(line, closing=ending == "closing")
                        ended = True
            if readable and not ended:
                # Something other than an end (a ping, the next request just sent): not worth a busy loop.
                time.sleep(CHECK_SECONDS)


def dropped_between_requests(peer):
    """Says that a connection ended without a close request while no request was running."""
    say(f"{peer[0]}:{peer[1]} dropped the connection without a close request")


# Without it (Windows) a peek could wait for data the connection's thread took meanwhile: no looking there.
_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0)


def _ending(connection):
    """"dropped" where the peer closed (or reset) the connection, "closing" where it sent a close frame; else None."""
    if not _DONTWAIT:
        return None
    try:
        head = connection.recv(1, socket.MSG_PEEK | _DONTWAIT)
    except BlockingIOError:
        return None
    except OSError:
        return "dropped"
    if head == b"":
        return "dropped"
    return "closing" if head[0] & 0x0F == 0x8 else None


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
