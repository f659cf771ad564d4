"""Many WebSocket clients at once, on asyncio streams: from any 127/8 source address, over TLS
or not, each upgrading by hand (so a refusal's HTTP status can be read) and optionally saying
``hello``. For tests that need thousands of viewers or a chosen client address behind a proxy.

Every read is bounded by the caller's timeout; nothing sleeps to synchronise.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import ssl
import struct
from dataclasses import dataclass
from typing import Optional

from config_builder import SESSION_ID
from raw_clients import OP_CLOSE, OP_PING, OP_PONG, OP_TEXT, SUBPROTOCOL, frame, text_frame


@dataclass
class AsyncViewer:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    status: int

    async def read_message(self) -> dict:
        """The next text message (answering pings); EOFError when the server closes."""
        while True:
            b0, b1 = await self.reader.readexactly(2)
            length = b1 & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
            payload = await self.reader.readexactly(length)
            opcode = b0 & 0x0F
            if opcode == OP_PING:
                self.writer.write(frame(OP_PONG, payload))
            elif opcode == OP_CLOSE:
                raise EOFError(f"closed by the server: {payload!r}")
            elif opcode == OP_TEXT:
                return json.loads(payload)

    async def expect(self, type_: str) -> dict:
        """The next message of ``type_``, skipping live counters."""
        while True:
            message = await self.read_message()
            if message.get("type") == type_:
                return message
            assert message.get("type") == "counters", f"expected {type_}, got {message!r:.300}"

    async def hello(self, session: str = SESSION_ID) -> dict:
        self.writer.write(text_frame({"type": "hello", "ref": "hello", "session": session, "role": "viewer"}))
        return await self.expect("welcome")

    def close(self) -> None:
        self.writer.close()


async def open_viewer(
    port: int,
    *,
    source: str = "127.0.0.1",
    host_header: Optional[str] = None,
    origin: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    server_hostname: Optional[str] = None,
    extra_headers: tuple[str, ...] = (),
) -> AsyncViewer:
    """Connects from ``source`` and asks for the upgrade; ``status`` is 101 when accepted."""
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, local_addr=(source, 0), ssl=ssl_context,
        server_hostname=server_hostname if ssl_context else None, limit=1 << 20,
    )
    lines = [
        "GET /ws HTTP/1.1",
        f"Host: {host_header or f'127.0.0.1:{port}'}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        f"Sec-WebSocket-Protocol: {SUBPROTOCOL}",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    lines += extra_headers
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return AsyncViewer(reader, writer, status)
