"""A raw WebSocket on a plain socket, for watching pings and going silent (which the
``websockets`` library does not allow): `raw_clients.RawPeer` with the old names the ping and
slow-viewer tests use."""

from __future__ import annotations

import raw_clients as rc


class RawWebSocket(rc.RawPeer):
    OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = rc.OP_TEXT, rc.OP_BINARY, rc.OP_CLOSE, rc.OP_PING, rc.OP_PONG

    def __init__(self, port: int, path: str = "/ws", timeout: float = 5):
        super().__init__(port, path=path, timeout=timeout)
        assert self.status == 101, f"upgrade refused: {self.head[:300]!r}"

    def send_frame(self, opcode: int, payload: bytes = b"") -> None:
        self.send(rc.frame(opcode, payload))

    def send_text(self, text: str) -> None:
        self.send_frame(self.OP_TEXT, text.encode("utf-8"))
