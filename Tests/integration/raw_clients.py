"""Raw-socket clients for the availability and conformance tests: what a broken phone or an
attacker sends, byte for byte, without a WebSocket library smoothing it over.

* ``RawPeer``: a WebSocket client on a plain socket, from any 127/8 source address, with a
  chosen receive buffer, masked or unmasked frames, fragments and raw close payloads.
* ``raw_http``: one HTTP request written by hand, its status line and headers read back.
* ``healthz_seconds``: how long ``/healthz`` takes to answer (None when it does not).
* ``connection_count``: the server's own count of WebSocket connections.

Every wait is bounded; nothing here sleeps to synchronise.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import time
import urllib.request
from typing import Optional

SUBPROTOCOL = "daigang.v1"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def frame(opcode: int, payload: bytes = b"", *, fin: bool = True, masked: bool = True, rsv: int = 0) -> bytes:
    """One WebSocket frame as a client sends it (masked unless told otherwise)."""
    header = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    n = len(payload)
    mask_bit = 0x80 if masked else 0
    if n < 126:
        header += bytes([mask_bit | n])
    elif n < 65536:
        header += bytes([mask_bit | 126]) + struct.pack("!H", n)
    else:
        header += bytes([mask_bit | 127]) + struct.pack("!Q", n)
    if not masked:
        return header + payload
    mask = os.urandom(4)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def text_frame(message) -> bytes:
    data = message if isinstance(message, str) else json.dumps(message, ensure_ascii=False)
    return frame(OP_TEXT, data.encode("utf-8"))


class RawPeer:
    """A WebSocket client on a bare socket.

    ``source`` picks the client address (any 127.0.0.x reaches a server on 127.0.0.1), so a test
    can be "another address"; ``rcvbuf`` set before connecting makes a phone with a tiny window.
    """

    def __init__(self, port: int, *, source: str = "127.0.0.1", rcvbuf: Optional[int] = None,
                 origin: Optional[str] = None, path: str = "/ws", timeout: float = 5, upgrade: bool = True):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.bind((source, 0))
        self.sock.connect(("127.0.0.1", port))
        self.port = port
        self.buf = b""
        self.status = None
        self.head = b""
        if upgrade:
            self.status = self.upgrade(path=path, origin=origin)

    def upgrade(self, path: str = "/ws", origin: Optional[str] = None, upgrade_name: str = "websocket") -> int:
        """Sends the upgrade request; returns the HTTP status of the answer (101 when accepted)."""
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Upgrade: {upgrade_name}",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            f"Sec-WebSocket-Protocol: {SUBPROTOCOL}",
        ]
        if origin:
            lines.append(f"Origin: {origin}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("closed during the upgrade")
            self.buf += chunk
        self.head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        return int(self.head.split(b" ", 2)[1])

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_json(self, message) -> None:
        self.sock.sendall(text_frame(message))

    def _read_exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_frame(self, timeout: float = 5) -> tuple[int, bytes]:
        """(opcode, payload) of the next frame; EOFError when the server closed the socket."""
        self.sock.settimeout(timeout)
        b0, b1 = self._read_exact(2)
        length = b1 & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read_exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read_exact(8))
        return b0 & 0x0F, self._read_exact(length)

    def read_json(self, timeout: float = 5) -> dict:
        """The next text message, answering pings on the way."""
        deadline = time.monotonic() + timeout
        while True:
            opcode, payload = self.read_frame(max(0.05, deadline - time.monotonic()))
            if opcode == OP_PING:
                self.send(frame(OP_PONG, payload))
            elif opcode == OP_TEXT:
                return json.loads(payload)
            elif opcode == OP_CLOSE:
                raise EOFError(f"close frame {payload!r}")

    def close_code(self, timeout: float = 5) -> int:
        """Reads until the server's close frame; returns its status code (skipping other frames)."""
        deadline = time.monotonic() + timeout
        while True:
            opcode, payload = self.read_frame(max(0.05, deadline - time.monotonic()))
            if opcode == OP_CLOSE:
                return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005

    def wait_eof(self, timeout: float) -> float:
        """Reads (and answers pings) until the server closes the TCP connection; returns the seconds it took.

        Raises AssertionError when the socket is still open after ``timeout``.
        """
        start = time.monotonic()
        deadline = start + timeout
        while time.monotonic() < deadline:
            try:
                opcode, payload = self.read_frame(max(0.05, deadline - time.monotonic()))
            except EOFError:
                return time.monotonic() - start
            except ConnectionResetError:
                return time.monotonic() - start
            except socket.timeout:
                break
            if opcode == OP_PING:
                try:
                    self.send(frame(OP_PONG, payload))
                except OSError:
                    return time.monotonic() - start
        raise AssertionError(f"the server left the socket open for more than {timeout} s")

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def raw_http(port: int, request: bytes, *, source: str = "127.0.0.1", timeout: float = 5) -> tuple[int, bytes, bytes]:
    """Sends ``request`` as is; returns (status, head, whatever body arrived before the server stopped)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is not None and not request.startswith(b"HEAD "):
            while len(body) < length:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                body += chunk
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        return status, head, body


def healthz_seconds(port: int, timeout: float = 1.0) -> Optional[float]:
    """Seconds until /healthz answered 200, or None if it did not within ``timeout``."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as response:
            if response.status != 200:
                return None
    except OSError:
        return None
    return time.monotonic() - start


def connection_count(port: int, timeout: float = 2.0) -> int:
    """The server's count of open WebSocket connections, from /healthz."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as response:
        return json.loads(response.read())["connections"]
