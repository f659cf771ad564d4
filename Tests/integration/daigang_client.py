"""Helpers for the Daigang integration tests.

* a test config builder (``make_config``) that tests can tweak before starting a server,
* ``start_server`` / ``ServerHandle``: run the real ``daigang serve`` on 127.0.0.1:0 and
  parse the ``listening ... port=NNNN`` line from its stdout,
* ``Client``: a small ``daigang.v1`` WebSocket client on top of the ``websockets`` library
  (only the asyncio client API shared by websockets 10.4 and 14+ is used),
* ``async_test``: runs an ``async def`` test body with ``asyncio.run`` under a timeout,
* plain HTTP(S) helpers, a raw WebSocket socket for ping/idle tests, and TLS helpers.

Nothing here sleeps to synchronise: every wait is for a condition with a bounded timeout.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import copy
import functools
import http.client
import inspect
import json
import os
import queue
import re
import signal
import socket
import ssl
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / ".build/debug/daigang"
WEB_ROOT = REPO_ROOT / "web-static"
DEMO_CONFIG = REPO_ROOT / "config/daigang.json"

SUBPROTOCOL = "daigang.v1"
HOST_TOKEN = "test-host-token-123"
SESSION_ID = "s1"
MAX_FRAME = 64 * 1024

# Tunables; conftest.py overrides them from pytest.ini (daigang_test_timeout, ...).
TEST_TIMEOUT = 30.0  # whole async test body
STARTUP_TIMEOUT = 15.0  # until the "listening ... port=" line
RECV_TIMEOUT = 5.0  # one expected message
STOP_TIMEOUT = 10.0  # SIGTERM until exit, then SIGKILL

REPLY_TYPES = ("welcome", "ok", "error")
BROADCAST_TYPES = (
    "job_pinned",
    "policy_shown",
    "announcement",
    "session_status",
    "job_updated",
    "policy_updated",
)


def daigang_bin() -> Path:
    return Path(os.environ.get("DAIGANG_BIN", str(DEFAULT_BIN)))


def child_env(extra: Optional[dict] = None) -> dict:
    """The environment for a daigang process: ours minus DAIGANG_* overrides, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAIGANG_")}
    env.update(extra or {})
    return env


# --------------------------------------------------------------------------------------
# Test configuration
# --------------------------------------------------------------------------------------

EMPLOYERS = [
    {"id": "hx-electronics", "name": "华星电子", "hrToken": "hr-token-hx-0001"},
    {"id": "sd-logistics", "name": "顺达物流", "hrToken": "hr-token-sd-0002"},
]
EMPLOYER_NAMES = {e["id"]: e["name"] for e in EMPLOYERS}

JOB_FULL = "job-hx-assembler"
JOB_MID = "job-sd-sorter"
JOB_MIN = "job-hx-qc"
POLICY_FULL = "policy-bus"
POLICY_MIN = "policy-training"


def _jobs() -> list[dict]:
    return [
        {
            "id": JOB_FULL,
            "title": "电子厂普工",
            "employerId": "hx-electronics",
            "category": "manufacturing",
            "pay": {"min": 5500, "max": 7500, "unit": "month", "note": "计件，多劳多得"},
            "shift": "两班倒",
            "location": {"city": "苏州", "district": "吴中区", "address": "木渎镇金枫路1号"},
            "headcount": 50,
            "housing": {"dorm": True, "coupleRooms": True, "note": "4人间，空调热水"},
            "meals": "包吃，餐补15元/天",
            "socialInsurance": "五险一金",
            "ageRange": {"min": 18, "max": 45},
            "requirements": ["能适应夜班", "视力良好"],
            "benefits": ["满勤奖200元"],
            "verified": True,
            "tags": ["包吃住", "长期工"],
        },
        {
            "id": JOB_MID,
            "title": "快递分拣员",
            "employerId": "sd-logistics",
            "pay": {"min": 180, "max": 260, "unit": "day"},
            "shift": "夜班",
            "location": {"city": "昆山"},
            "headcount": 20,
            "verified": False,
        },
        {
            "id": JOB_MIN,
            "title": "品检员",
            "employerId": "hx-electronics",
            "pay": {"min": 22, "max": 22, "unit": "hour"},
            "location": {"city": "苏州"},
        },
    ]


def _policies() -> list[dict]:
    return [
        {
            "id": POLICY_FULL,
            "title": "返岗包车补贴",
            "summary": "春节后返岗务工人员可免费乘坐包车。",
            "keyPoints": ["免费乘车", "需提前登记"],
            "eligibility": "本区户籍务工人员",
            "howToClaim": "在社区服务中心登记",
            "issuer": "区人社局",
            "link": "https://example.org/policy/bus",
        },
        {
            "id": POLICY_MIN,
            "title": "职业技能培训补贴",
            "summary": "参加指定培训并取得证书可领补贴。",
            "keyPoints": ["按证书等级补贴"],
        },
    ]


def make_session(session_id: str = SESSION_ID, **changes: Any) -> dict:
    session = {
        "id": session_id,
        "title": "春风行动 直播带岗（测试）",
        "host": "就业科 王科长",
        "description": "集成测试用的场次。",
        "status": "live",
        "jobs": _jobs(),
        "policies": _policies(),
    }
    session.update(changes)
    return session


def make_config(tmp_dir: Path, **changes: Any) -> dict:
    """A valid config for one live session ``s1`` with 3 jobs and 2 policies.

    Keyword arguments replace top-level keys; tests can also mutate the returned dict.
    """
    config = {
        "server": {
            "host": "127.0.0.1",
            "port": 0,
            "webRoot": str(WEB_ROOT),
        },
        "dataDir": str(Path(tmp_dir) / "data"),
        "hostToken": HOST_TOKEN,
        "employers": copy.deepcopy(EMPLOYERS),
        "sessions": [make_session()],
    }
    config.update(changes)
    return config


def expected_job(job: dict) -> dict:
    """A config job as the server should send it (employerName filled in)."""
    out = copy.deepcopy(job)
    out["employerName"] = EMPLOYER_NAMES[job["employerId"]]
    return out


def config_job(job_id: str) -> dict:
    return next(j for j in _jobs() if j["id"] == job_id)


def config_policy(policy_id: str) -> dict:
    return next(p for p in _policies() if p["id"] == policy_id)


def new_job(job_id: str = "job-new-welder", **changes: Any) -> dict:
    job = {
        "id": job_id,
        "title": "焊工",
        "employerId": "sd-logistics",
        "pay": {"min": 7000, "max": 9000, "unit": "month"},
        "location": {"city": "无锡", "district": "新吴区"},
        "headcount": 5,
        "requirements": ["持焊工证"],
    }
    job.update(changes)
    return job


def new_policy(policy_id: str = "policy-new-rent", **changes: Any) -> dict:
    policy = {
        "id": policy_id,
        "title": "租房补贴",
        "summary": "新就业人员每月租房补贴500元。",
        "keyPoints": ["每月500元", "最长12个月"],
        "issuer": "市住建局",
    }
    policy.update(changes)
    return policy


def write_config(config: dict, path: Path) -> Path:
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Server process
# --------------------------------------------------------------------------------------

PORT_LINE = re.compile(r"\bport=(\d+)")


@dataclass
class ServerHandle:
    proc: subprocess.Popen
    port: int
    workdir: Path
    config_path: Path
    data_dir: Path
    stderr_path: Path
    tls: bool = False
    stdout_lines: list = field(default_factory=list)

    host = "127.0.0.1"

    @property
    def http_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.host}:{self.port}/ws"

    @property
    def origin(self) -> str:
        """The origin of the pages this server serves (what a browser would send)."""
        return self.http_url

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr_text(self) -> str:
        try:
            return self.stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def wait_exit(self, timeout: float) -> Optional[int]:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout: float = None) -> Optional[int]:
        """SIGTERM, wait (bounded), then SIGKILL. Returns the exit status."""
        timeout = STOP_TIMEOUT if timeout is None else timeout
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            if self.wait_exit(timeout) is None:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc.stdout:
            try:
                self.proc.stdout.close()
            except OSError:
                pass
        return self.proc.returncode


class ServerStartError(RuntimeError):
    pass


def server_command(config_path: Path, data_dir: Path, port: int = 0) -> list[str]:
    return [
        str(daigang_bin()),
        "serve",
        "--config",
        str(config_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
    ]


def start_server(
    config: dict,
    workdir: Path,
    *,
    env: Optional[dict] = None,
    timeout: float = None,
) -> ServerHandle:
    """Write ``config`` into ``workdir`` and start ``daigang serve`` on 127.0.0.1:0.

    Waits (bounded) for the stdout line containing ``listening`` and ``port=N``.
    On any failure the process is killed before raising.
    """
    timeout = STARTUP_TIMEOUT if timeout is None else timeout
    workdir.mkdir(parents=True, exist_ok=True)
    config_path = write_config(config, workdir / "daigang-test.json")
    data_dir = workdir / "data"
    data_dir.mkdir(exist_ok=True)
    stderr_path = workdir / "daigang.stderr.log"
    tls = bool(config.get("server", {}).get("tls"))

    full_env = child_env(env)
    with open(stderr_path, "wb") as stderr_file:
        proc = subprocess.Popen(
            server_command(config_path, data_dir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            cwd=str(workdir),
            env=full_env,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )

    lines: list[str] = []
    found: "queue.Queue[Optional[int]]" = queue.Queue()

    def pump_stdout() -> None:
        reported = False
        for line in proc.stdout:  # keeps draining so the pipe never fills up
            lines.append(line.rstrip("\n"))
            if not reported and "listening" in line:
                m = PORT_LINE.search(line)
                if m:
                    found.put(int(m.group(1)))
                    reported = True
        if not reported:
            found.put(None)

    threading.Thread(target=pump_stdout, name="daigang-stdout", daemon=True).start()

    handle = ServerHandle(
        proc=proc,
        port=0,
        workdir=workdir,
        config_path=config_path,
        data_dir=data_dir,
        stderr_path=stderr_path,
        tls=tls,
        stdout_lines=lines,
    )
    try:
        port = found.get(timeout=timeout)
    except queue.Empty:
        port = None
        why = f"no 'listening ... port=N' line on stdout within {timeout}s (is stdout flushed?)"
    else:
        why = "the server exited before printing 'listening ... port=N'"
    if port is None:
        handle.stop(timeout=2)
        raise ServerStartError(
            f"{why}\nexit status: {proc.returncode}\nstdout:\n"
            + "\n".join(lines[-20:])
            + "\nstderr:\n"
            + handle.stderr_text()[-4000:]
        )
    handle.port = port
    return handle


def run_cli(*args: str, timeout: float = 20, cwd: Path = REPO_ROOT, env: Optional[dict] = None):
    """Run ``daigang ARGS`` to completion (bounded). Returns CompletedProcess (text)."""
    full_env = child_env(env)
    return subprocess.run(
        [str(daigang_bin()), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        cwd=str(cwd),
        env=full_env,
    )


# --------------------------------------------------------------------------------------
# Async test runner
# --------------------------------------------------------------------------------------

_open_clients: list["Client"] = []


def async_test(fn: Callable = None, *, timeout: float = None):
    """Turn ``async def test_x(fixtures...)`` into a sync test run by ``asyncio.run``.

    The body runs under ``asyncio.wait_for(TEST_TIMEOUT)`` (or ``timeout``); every client
    opened with ``connect`` is closed afterwards, also on failure.
    """

    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            limit = TEST_TIMEOUT if timeout is None else timeout

            async def main():
                _open_clients.clear()
                try:
                    return await asyncio.wait_for(f(*args, **kwargs), limit)
                finally:
                    clients = list(_open_clients)
                    _open_clients.clear()
                    for c in clients:
                        await c.abort()

            asyncio.run(main())

        return wrapper

    return decorate(fn) if fn is not None else decorate


async def in_thread(fn: Callable, *args, **kwargs):
    """Run blocking I/O (HTTP, subprocess waits) without blocking the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def wait_until(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.05):
    """Poll ``predicate`` (sync) until truthy; bounded."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(interval)


# --------------------------------------------------------------------------------------
# WebSocket client
# --------------------------------------------------------------------------------------

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
        timeout = RECV_TIMEOUT if timeout is None else timeout
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
        timeout = RECV_TIMEOUT if timeout is None else timeout
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
        timeout = RECV_TIMEOUT if timeout is None else timeout
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
        timeout = RECV_TIMEOUT if timeout is None else timeout
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


# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: Any  # http.client.HTTPMessage: case-insensitive .get()
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").lower()


def http_get(
    server: ServerHandle,
    path: str,
    *,
    ssl_context: Optional[ssl.SSLContext] = None,
    headers: Optional[dict] = None,
    timeout: float = 5,
) -> Response:
    """GET ``path`` (sent verbatim) on the server. No proxies involved."""
    if server.tls:
        conn = http.client.HTTPSConnection(server.host, server.port, timeout=timeout, context=ssl_context)
    else:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def check_security_headers(resp: Response, what: str = "") -> None:
    """PROTOCOL.md: CSP `default-src 'self'` (a stricter 'none' is accepted), X-Frame-Options
    DENY, X-Content-Type-Options nosniff, Referrer-Policy no-referrer; each header once."""
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        values = resp.headers.get_all(name) or []
        assert len(values) == 1, f"{what}: {name} sent {len(values)} times: {values!r}"
    csp = resp.headers.get("Content-Security-Policy")
    directives = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    assert directives.get("default-src") in (["'self'"], ["'none'"]), f"{what}: CSP {csp!r}"
    for name in ("default-src", "script-src", "style-src", "img-src", "font-src"):
        for source in directives.get(name, []):
            assert source in ("'self'", "'none'", "data:") and "*" not in source, f"{what}: CSP {name} allows {source}"
    assert resp.headers.get("X-Content-Type-Options").lower() == "nosniff"
    assert resp.headers.get("X-Frame-Options").upper() == "DENY"
    assert resp.headers.get("Referrer-Policy").lower() == "no-referrer"


def snapshot_http(server: ServerHandle, session: str = SESSION_ID, ssl_context=None) -> dict:
    resp = http_get(server, f"/api/sessions/{session}", ssl_context=ssl_context)
    assert resp.status == 200, f"/api/sessions/{session}: {resp.status} {resp.body[:200]!r}"
    return resp.json()


def without_counters(snapshot: dict) -> dict:
    """A snapshot minus the live ``counters`` (which move as clients come and go)."""
    return {k: v for k, v in snapshot.items() if k != "counters"}


# --------------------------------------------------------------------------------------
# TLS
# --------------------------------------------------------------------------------------


def make_self_signed_cert(directory: Path) -> tuple[Path, Path]:
    cert = directory / "cert.pem"
    key = directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def client_ssl_context(cert: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(cert))
    return ctx


# --------------------------------------------------------------------------------------
# Raw WebSocket (for watching pings and going silent, which websockets does not allow)
# --------------------------------------------------------------------------------------


class RawWebSocket:
    OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x2, 0x8, 0x9, 0xA

    def __init__(self, port: int, path: str = "/ws", timeout: float = 5):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Protocol: {SUBPROTOCOL}\r\n"
            "\r\n"
        )
        self.sock.sendall(request.encode())
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError("connection closed during the WebSocket handshake")
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status_line = head.split(b"\r\n", 1)[0]
        assert b" 101 " in status_line + b" ", f"upgrade refused: {head[:300]!r}"

    def _read_exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_frame(self, timeout: float) -> tuple[int, bytes]:
        """(opcode, payload) of the next frame; EOFError if the peer closed the socket."""
        self.sock.settimeout(timeout)
        b0, b1 = self._read_exact(2)
        opcode = b0 & 0x0F
        length = b1 & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read_exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read_exact(8))
        mask = self._read_exact(4) if b1 & 0x80 else None
        payload = self._read_exact(length)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return opcode, payload

    def send_frame(self, opcode: int, payload: bytes = b"") -> None:
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text: str) -> None:
        self.send_frame(self.OP_TEXT, text.encode("utf-8"))

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


# --------------------------------------------------------------------------------------
# Sockets of a process (for the loopback-only check)
# --------------------------------------------------------------------------------------


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.fullmatch(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(m.group(1))
    return inodes


def _decode_addr(hex_addr: str) -> str:
    ip_hex, port_hex = hex_addr.split(":")
    raw = bytes.fromhex(ip_hex)
    if len(raw) == 4:
        ip = socket.inet_ntop(socket.AF_INET, raw[::-1])
    else:  # /proc/net/tcp6: four little-endian 32-bit words
        words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
        ip = socket.inet_ntop(socket.AF_INET6, b"".join(words))
    return f"{ip}:{int(port_hex, 16)}"


def listening_sockets() -> list[tuple[str, str, int, str]]:
    """(family, ip, port, inode) of every TCP socket in LISTEN state in this namespace."""
    out = []
    for family, path in (("ipv4", "/proc/net/tcp"), ("ipv6", "/proc/net/tcp6")):
        try:
            lines = Path(path).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) < 10 or parts[3] != "0A":  # 0A = LISTEN
                continue
            addr = _decode_addr(parts[1])
            ip, port = addr.rsplit(":", 1)
            out.append((family, ip, int(port), parts[9]))
    return out
