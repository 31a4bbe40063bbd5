"""The protocol over WebSocket, for an environment on another machine (standard library only).

    python3 -m foresight_env --listen 0.0.0.0:8765 gymnasium:CartPole-v1

A minimal RFC 6455 server: each text message is one protocol line (a request, or a JSON array of
them), answered by one text message. Every connection gets its own environment (built by the
factory) and is served in its own thread, so parallel Foresight workers can share one server; a
`close` request ends the connection, not the server. No TLS and no authentication: bind to a
trusted network, or put it behind a proxy that adds them.
"""

import base64
import hashlib
import socket
import struct
import sys
import threading

from .abandoned_requests import Watcher, dropped_between_requests
from .server import _Server

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# A request line larger than this is refused (a batch of many large actions stays far below it).
MAX_MESSAGE_BYTES = 64 << 20


class _Closed(Exception):
    """The peer closed the connection (or it broke)."""


def serve_websocket(make_env, address, *, name, snapshot="auto", batch=True, snapshot_capacity=256, ready=None):
    """Serves a fresh `make_env()` to every WebSocket connection on `address` ("host:port") until interrupted.

    `ready(port)` is called once listening (the port is the bound one: "host:0" picks a free one).
    """
    host, _, port = address.rpartition(":")
    listener = socket.create_server((host or "0.0.0.0", int(port)), reuse_port=False)
    bound = listener.getsockname()[1]
    print(f"foresight_env: serving {name} on ws://{host or '0.0.0.0'}:{bound}", file=sys.stderr, flush=True)
    if ready is not None:
        ready(bound)
    watcher = Watcher()
    try:
        while True:
            connection, peer = listener.accept()
            args = (connection, peer, make_env, name, snapshot, batch, snapshot_capacity, watcher)
            threading.Thread(target=_serve_connection, args=args, daemon=True).start()
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()


def _serve_connection(connection, peer, make_env, name, snapshot, batch, snapshot_capacity, watcher):
    server = None
    watch = watcher.watch(connection, peer, lambda reason: _send(connection, 0x8, struct.pack(">H", 1000) + reason.encode()[:123]))
    try:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        stream = connection.makefile("rb")
        if not _handshake(stream, connection):
            return
        try:
            server = _Server(make_env(), name, snapshot, snapshot_capacity, batch, make_env)
        except Exception as error:
            print(f"foresight_env: cannot build {name} for {peer[0]}:{peer[1]}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            _send(connection, 0x8, struct.pack(">H", 1011) + f"cannot build the environment: {error}".encode()[:120])
            return
        while not server.closed:
            line = _receive(stream, connection)
            watch.begin(line)
            try:
                reply = server.answer_line(line)
            finally:
                watch.end()
            _send(connection, 0x1, reply.rstrip(b"\n"))
        _send(connection, 0x8, struct.pack(">H", 1000))
    except (_Closed, OSError):
        if server is not None and not server.closed and not watch.abandoned:
            dropped_between_requests(peer)
    finally:
        watcher.forget(watch)
        if server is not None:
            server.close()
        connection.close()


def _handshake(stream, connection):
    """Reads the HTTP upgrade request and accepts it; False (after a 400) when it is not a WebSocket one."""
    headers = {}
    request_line = stream.readline(8192)
    while True:
        line = stream.readline(8192)
        if line in (b"\r\n", b"\n", b""):
            break
        key, _, value = line.decode("latin-1").partition(":")
        headers[key.strip().lower()] = value.strip()
    key = headers.get("sec-websocket-key")
    if not request_line.startswith(b"GET ") or headers.get("upgrade", "").lower() != "websocket" or not key:
        body = b"foresight_env speaks the environment protocol over WebSocket here (docs/environment-protocol.md)\n"
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        return False
    accept = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
    connection.sendall(f"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n".encode())
    return True


def _read_exactly(stream, count):
    data = stream.read(count)
    if data is None or len(data) < count:
        raise _Closed()
    return data


def _receive(stream, connection):
    """The next text or binary message's bytes (fragments joined); answers pings, raises _Closed on close."""
    parts = []
    size = 0
    while True:
        first, second = _read_exactly(stream, 2)
        fin, opcode = first & 0x80, first & 0x0F
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", _read_exactly(stream, 2))[0]
        elif length == 127:
            length = struct.unpack(">Q", _read_exactly(stream, 8))[0]
        mask = _read_exactly(stream, 4) if second & 0x80 else None
        if size + length > MAX_MESSAGE_BYTES:
            _send(connection, 0x8, struct.pack(">H", 1009))
            raise _Closed()
        payload = _read_exactly(stream, length)
        if mask is not None:
            payload = _unmask(payload, mask)
        if opcode == 0x8:
            _send(connection, 0x8, payload[:2])
            raise _Closed()
        if opcode == 0x9:
            _send(connection, 0xA, payload)
            continue
        if opcode == 0xA:
            continue
        parts.append(payload)
        size += length
        if fin:
            return b"".join(parts)


def _unmask(payload, mask):
    # XOR with the 4-byte mask repeated, done on whole integers (a per-byte loop is slow in Python).
    repeated = (mask * (len(payload) // 4 + 1))[: len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(len(payload), "big")


def _send(connection, opcode, payload):
    """One unfragmented frame (servers do not mask)."""
    length = len(payload)
    if length < 126:
        header = struct.pack(">BB", 0x80 | opcode, length)
    elif length < 1 << 16:
        header = struct.pack(">BBH", 0x80 | opcode, 126, length)
    else:
        header = struct.pack(">BBQ", 0x80 | opcode, 127, length)
    connection.sendall(header + payload)
