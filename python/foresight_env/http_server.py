"""The protocol over HTTP, for an environment behind a web server or proxy (standard library only).

    python3 -m foresight_env --http 0.0.0.0:8000 gymnasium:CartPole-v1

Each POST carries one protocol line (a request, or a JSON array of them) and its response body is
the reply line. HTTP keeps no state, so Foresight names a session in the `Foresight-Session` header:
each session gets its own environment (built by the factory), a `close` request or a DELETE ends
it, and one left idle for `idle_seconds` is closed. GET answers the server's name. No TLS and no
authentication: bind to a trusted network, or put it behind a proxy that adds them.
"""

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .abandoned_requests import GOES_ON, describe_request, say
from .server import _Server
from .stack_dumps import stuck_at

# A request line larger than this is refused (a batch of many large actions stays far below it).
MAX_BODY_BYTES = 64 << 20


class _Session:
    def __init__(self, server):
        self.server = server
        self.lock = threading.Lock()
        self.used = time.monotonic()
        self.ended = False
        # The request being answered, and its thread: where it is stuck, when the session ends under it.
        self.line = None
        self.thread_id = None


def serve_http(make_env, address, *, name, snapshot="auto", batch=True, snapshot_capacity=256, ready=None, idle_seconds=600):
    """Serves a fresh `make_env()` to every session on `address` ("host:port") until interrupted.

    `ready(port)` is called once listening (the port is the bound one: "host:0" picks a free one).
    """
    sessions = {}
    sessions_lock = threading.Lock()

    def end(session_id):
        """Ends a session; where its request is stuck, when one was still running."""
        with sessions_lock:
            session = sessions.pop(session_id, None)
        if session is None:
            return None
        session.ended = True
        # A request still being answered (a step that hangs) closes the environment when it returns.
        if session.lock.acquire(blocking=False):
            try:
                session.server.close()
            finally:
                session.lock.release()
            return None
        line, thread_id = session.line, session.thread_id
        if line is None:
            return None
        where = stuck_at(thread_id)
        at = f", stuck at {where}" if where else ""
        say(f"session {session_id} ended while its {describe_request(line)} was running ({time.monotonic() - session.used:.1f} s in){at}; {GOES_ON}")
        return where

    def session_for(session_id):
        with sessions_lock:
            session = sessions.get(session_id)
        if session is None:
            session = _Session(_Server(make_env(), name, snapshot, snapshot_capacity, batch, make_env))
            with sessions_lock:
                sessions[session_id] = session
        session.used = time.monotonic()
        return session

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # A reply is headers then body: with Nagle's algorithm the body waits for the client's delayed ACK (~40 ms a step).
        disable_nagle_algorithm = True

        def do_GET(self):
            self._answer(200, f"foresight_env {name}\n".encode())

        def do_POST(self):
            session_id = self.headers.get("Foresight-Session")
            length = int(self.headers.get("Content-Length") or 0)
            if not session_id:
                return self._answer(400, b"a Foresight-Session header names the session\n")
            if length > MAX_BODY_BYTES:
                return self._answer(413, b"request line too large\n")
            line = self.rfile.read(length)
            try:
                session = session_for(session_id)
            except Exception as error:
                print(f"foresight_env: cannot build {name} for session {session_id}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
                return self._answer(500, f"cannot build the environment: {error}\n".encode())
            with session.lock:
                session.line, session.thread_id = line, threading.get_ident()
                try:
                    reply = session.server.answer_line(line)
                finally:
                    session.line = None
                if session.ended and not session.server.closed:
                    say(f"the abandoned {describe_request(line)} of session {session_id} returned after {time.monotonic() - session.used:.1f} s")
                    session.server.close()
                closed = session.server.closed
            if closed:
                end(session_id)
            try:
                self._answer(200, reply, ended=closed)
            except (BrokenPipeError, ConnectionResetError):
                pass  # The client gave up on this request (said above when it ended the session).

        def do_DELETE(self):
            # Foresight ends a session this way when it gives up on a request: its error says where that request was.
            where = end(self.headers.get("Foresight-Session"))
            self._answer(200, f"stuck at {where}".encode() if where else b"")

        def _answer(self, status, body, ended=False):
            self.send_response(status)
            if ended:
                # Foresight's side takes this as the end of the session, as a WebSocket's close frame.
                self.send_header("Foresight-Session-Ended", "1")
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass  # A line per request would drown the environment's own output.

    def close_idle():
        while True:
            time.sleep(min(idle_seconds, 30))
            now = time.monotonic()
            with sessions_lock:
                idle = [session_id for session_id, session in sessions.items() if now - session.used > idle_seconds]
            for session_id in idle:
                end(session_id)

    host, _, port = address.rpartition(":")
    httpd = ThreadingHTTPServer((host or "0.0.0.0", int(port)), Handler)
    httpd.daemon_threads = True
    bound = httpd.server_address[1]
    print(f"foresight_env: serving {name} on http://{host or '0.0.0.0'}:{bound}", file=sys.stderr, flush=True)
    if ready is not None:
        ready(bound)
    threading.Thread(target=close_idle, daemon=True).start()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        for session_id in list(sessions):
            end(session_id)
