"""A small ``daigang.v1`` WebSocket client on top of the ``websockets`` library (only the
asyncio client API shared by websockets 10.4 and 14+ is used).

``connect`` opens a ``Client`` (closed by ``async_test`` afterwards); ``viewer`` / ``host``
connect and say hello. Every receive is bounded (``tunables.RECV_TIMEOUT`` by default).
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import json
import ssl
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

import tunables
from async_runner import _open_clients
from config_builder import HOST_TOKEN, SESSION_ID
from ws_protocol import REPLY_TYPES, SUBPROTOCOL

if TYPE_CHECKING:
    from server_process import ServerHandle

try:
    _CONNECT_PARAMS = inspect.signature(websockets.connect).parameters
except (TypeError, ValueError):  # pragma: no cover
    _CONNECT_PARAMS = {}


def close_code_of(exc: ConnectionClosed) -> Optional[int]:
    """The close code the server sent (1006 when no close frame was received)."""
    if hasattr(exc, "rcvd"):
        rcvd = exc.rcvd
        return rcvd.code if rcvd is not None else 1006
    return getattr(exc, "code", None)


def handshake_status(exc: InvalidHandshake) -> Optional[int]:
    """HTTP status of a refused upgrade (websockets 10.x and 14+), if known."""
    status = getattr(exc, "status_code", None)
    if status is None:
        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
    return int(status) if status is not None else None


class RecvTimeout(AssertionError):
    """No message arrived in time."""


class Closed(Exception):
    """The connection closed while a message was expected."""

    def __init__(self, code: Optional[int]):
        super().__init__(f"connection closed with code {code}")
        self.code = code


async def connect(
    url: str,
    *,
    origin: Optional[str] = None,
    ssl_context: Optional[ssl.SSLContext] = None,
    subprotocols: Iterable[str] = (SUBPROTOCOL,),
    open_timeout: float = 5,
) -> "Client":
    kwargs: dict[str, Any] = dict(
        subprotocols=list(subprotocols),
        max_size=None,
        compression=None,
        open_timeout=open_timeout,
    )
    if origin is not None:
        kwargs["origin"] = origin
    if ssl_context is not None:
        kwargs["ssl"] = ssl_context
    if "proxy" in _CONNECT_PARAMS:  # websockets >= 15 would honour *_proxy env vars
        kwargs["proxy"] = None
    ws = await websockets.connect(url, **kwargs)
    client = Client(ws)
    _open_clients.append(client)
    return client


class Client:
    def __init__(self, ws):
        self.ws = ws
        self.received: list[dict] = []  # every JSON message, in order of arrival
        self._pending: "collections.deque[dict]" = collections.deque()  # received, not yet consumed
        self.counters: list[dict] = []  # every ``counters`` message, in order
        self.welcome: Optional[dict] = None
        self._ref = 0

    # -- sending ---------------------------------------------------------------------

    def next_ref(self) -> str:
        self._ref += 1
        return f"r{self._ref}"

    async def send(self, message: Any) -> None:
        """Send a dict as JSON text; ``str`` / ``bytes`` / list-of-str fragments raw."""
        if isinstance(message, dict):
            message = json.dumps(message, ensure_ascii=False)
        await self.ws.send(message)

    # -- receiving -------------------------------------------------------------------

    async def recv(self, timeout: float = None) -> dict:
        """The next message of any type, parsed. Raises ``Closed`` if the socket closes."""
        timeout = tunables.RECV_TIMEOUT if timeout is None else timeout
        try:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
        except ConnectionClosed as exc:
            raise Closed(close_code_of(exc)) from exc
        except asyncio.TimeoutError:
            raise RecvTimeout(f"no message within {timeout}s") from None
        assert isinstance(raw, str), f"server sent a binary frame: {raw!r:.200}"
        msg = json.loads(raw)
        assert isinstance(msg, dict), f"server message is not an object: {raw:.200}"
        assert isinstance(msg.get("type"), str), f"server message without type: {raw:.200}"
        self.received.append(msg)
        if msg["type"] == "counters":
            self.counters.append(msg)
        return msg

    async def _take(self, timeout: float) -> dict:
        """The oldest message not yet consumed: buffered first, then from the socket."""
        if self._pending:
            return self._pending.popleft()
        return await self.recv(timeout)

    async def next(self, timeout: float = None, ignore: Iterable[str] = ("counters",)) -> dict:
        """The next unconsumed message whose type is not in ``ignore`` (``counters`` by default)."""
        timeout = tunables.RECV_TIMEOUT if timeout is None else timeout
        deadline = time.monotonic() + timeout
        ignore = tuple(ignore)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 and not self._pending:
                raise RecvTimeout(f"no message (other than {ignore}) within {timeout}s")
            msg = await self._take(remaining)
            if msg["type"] not in ignore:
                return msg

    async def expect(self, type_: str, timeout: float = None, **fields: Any) -> dict:
        """The next non-counters message must have ``type_`` (and the given field values)."""
        msg = await self.next(timeout)
        assert msg["type"] == type_, f"expected {type_!r}, got {msg!r:.500}"
        for key, value in fields.items():
            assert msg.get(key) == value, f"{type_}.{key}: expected {value!r}, got {msg!r:.500}"
        return msg

    async def wait_for(self, predicate: Callable[[dict], bool], timeout: float = None, what: str = "a message") -> dict:
        """The first unconsumed message satisfying ``predicate``; bounded.

        Messages that do not match stay buffered, in order, for later ``next``/``expect``.
        """
        for i, msg in enumerate(self._pending):
            if predicate(msg):
                del self._pending[i]
                return msg
        timeout = tunables.RECV_TIMEOUT if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {self.received[-5:]!r:.800}")
            try:
                msg = await self.recv(remaining)
            except RecvTimeout:
                continue  # the loop reports with context
            if predicate(msg):
                return msg
            self._pending.append(msg)

    async def wait_type(self, type_: str, timeout: float = None) -> dict:
        return await self.wait_for(lambda m: m["type"] == type_, timeout, f"a {type_!r} message")

    async def reply_to(self, ref: Any, timeout: float = None) -> dict:
        """The direct reply (welcome/ok/error) carrying ``ref``; broadcasts are skipped."""
        return await self.wait_for(
            lambda m: m["type"] in REPLY_TYPES and "ref" in m and m["ref"] == ref and type(m["ref"]) is type(ref),
            timeout,
            f"the reply with ref {ref!r}",
        )

    async def request(self, message: dict, timeout: float = None) -> dict:
        """Send ``message`` (a ref is added if missing) and return its direct reply."""
        message = dict(message)
        message.setdefault("ref", self.next_ref())
        await self.send(message)
        return await self.reply_to(message["ref"], timeout)

    async def command(self, message: dict, timeout: float = None) -> dict:
        """A host command that must succeed: returns the ``ok`` reply."""
        reply = await self.request(message, timeout)
        assert reply["type"] == "ok", f"{message['type']} failed: {reply!r}"
        return reply

    async def hello(
        self,
        role: str = "viewer",
        session: str = SESSION_ID,
        token: Optional[str] = None,
        resume: Optional[str] = None,
        ref: Any = "hello",
    ) -> dict:
        message: dict[str, Any] = {"type": "hello", "ref": ref, "session": session, "role": role}
        if token is not None:
            message["token"] = token
        if resume is not None:
            message["resume"] = resume
        await self.send(message)
        reply = await self.next()
        assert reply["type"] == "welcome", f"hello as {role} failed: {reply!r}"
        assert reply.get("ref") == ref, f"welcome does not echo ref {ref!r}: {reply!r}"
        self.welcome = reply
        return reply

    # -- closing ---------------------------------------------------------------------

    @property
    def close_code(self) -> Optional[int]:
        return self.ws.close_code

    async def expect_close(self, timeout: float = None) -> int:
        """Read until the server closes; return the close code it sent."""
        timeout = tunables.RECV_TIMEOUT if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"connection still open after {timeout}s")
            try:
                await self.recv(remaining)
            except Closed as closed:
                return closed.code
            except RecvTimeout:
                continue

    async def close(self, timeout: float = 5) -> None:
        """Close cleanly and wait for the closing handshake (bounded)."""
        await asyncio.wait_for(self.ws.close(), timeout)

    async def abort(self) -> None:
        try:
            await asyncio.wait_for(self.ws.close(), 2)
        except Exception:  # noqa: BLE001 - best effort cleanup
            pass


async def viewer(server: ServerHandle, session: str = SESSION_ID, **kwargs) -> Client:
    """Connect and say hello as a viewer."""
    client = await connect(server.ws_url, ssl_context=kwargs.pop("ssl_context", None), **kwargs)
    await client.hello("viewer", session=session)
    return client


async def host(server: ServerHandle, session: str = SESSION_ID, **kwargs) -> Client:
    """Connect and say hello as the host."""
    client = await connect(server.ws_url, ssl_context=kwargs.pop("ssl_context", None), **kwargs)
    await client.hello("host", session=session, token=HOST_TOKEN)
    return client
