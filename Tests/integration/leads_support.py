"""Helpers for the lead tests (PROTOCOL.md "# Leads", STORE.md).

Built on ``daigang_client`` and ``conftest``; nothing here sleeps to synchronise.

* ``leads_config``: the default test config plus apply limits, store settings and an optional
  second session ``s2`` (one hx job) for session filters.
* ``lead_server`` fixture: a factory for a ``LeadServer``, a ``daigang serve`` that can be
  stopped, SIGKILLed and started again **on the same data directory** (``dc.start_server``
  always uses ``WORKDIR/data``, so a restart reuses the workdir). Every process it starts is
  registered with conftest's ``start_daigang`` list, so it is stopped after the test (also on
  failure) and its output is attached to the failure report.
* WebSocket: ``apply`` (send an ``apply`` and wait for its ``applied``/``error`` reply; the
  shared ``Client.reply_to`` only knows welcome/ok/error), ``hr`` (hello as HR),
  ``wait_applications`` (counters).
* HR HTTP API: ``api`` (any method, Bearer token, JSON or raw body, tolerant of a server that
  answers 413 before reading the whole body), ``list_leads`` (walks every page), ``get_lead``.
* Store files: journal/snapshot names, the documented record line format, CLI runner.

Test modules import the fixture explicitly: ``from leads_support import lead_server  # noqa``.
"""

from __future__ import annotations

import asyncio
import http.client
import itertools
import json
import os
import re
import signal
import subprocess
import urllib.parse
import zlib
from pathlib import Path
from typing import Any, Iterable, Optional

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, SESSION_ID

# --- Test data -----------------------------------------------------------------------------------

EMP_HX = "hx-electronics"
EMP_SD = "sd-logistics"
HR_TOKENS = {e["id"]: e["hrToken"] for e in dc.EMPLOYERS}
HR_HX = HR_TOKENS[EMP_HX]
HR_SD = HR_TOKENS[EMP_SD]
# Which employer owns which job of the default config (session s1), and its title.
JOB_EMPLOYER = {JOB_FULL: EMP_HX, JOB_MID: EMP_SD, JOB_MIN: EMP_HX}
JOB_TITLE = {JOB_FULL: "电子厂普工", JOB_MID: "快递分拣员", JOB_MIN: "品检员"}
# The second session (``leads_config(second_session=True)``): one hx job.
SESSION_2 = "s2"
JOB_S2 = "job-s2-hx-packer"
JOB_EMPLOYER[JOB_S2] = EMP_HX
JOB_TITLE[JOB_S2] = "包装工"

STATUSES = ("new", "contacted", "interview_scheduled", "hired", "rejected", "unreachable")
APPLY_TIMEOUT = 10.0  # an `applied` waits for fdatasync
DROP = object()  # a field value meaning "leave the field out"

_phones = itertools.count(1)


def fresh_phone(prefix: str = "139") -> str:
    """A valid, process-wide unique mainland mobile number (11 digits)."""
    n = next(_phones)
    assert len(prefix) == 3 and prefix[0] == "1" and prefix[1] in "3456789"
    return f"{prefix}{n:08d}"


def masked(phone: str) -> str:
    """``13812345678`` → ``138****5678`` (PROTOCOL.md: HR connections)."""
    return f"{phone[:3]}****{phone[-4:]}"


def leaks_phone(text: str, phone: str) -> bool:
    """Whether ``text`` contains the full number or more of it than the masked form shows
    (any 5 consecutive digits of its hidden middle plus the visible end)."""
    return phone in text or phone[3:] in text or phone[4:] in text


def leads_config(
    tmp_dir: Path,
    *,
    applies_per_minute: Optional[int] = None,
    applies_per_address: Optional[int] = None,
    messages_per_second: Optional[int] = None,
    compact_after_bytes: Optional[int] = None,
    second_session: bool = False,
) -> dict:
    config = dc.make_config(Path(tmp_dir))
    limits = {}
    if applies_per_minute is not None:
        limits["appliesPerMinute"] = applies_per_minute
    if applies_per_address is not None:
        limits["appliesPerMinutePerAddress"] = applies_per_address
    if messages_per_second is not None:
        limits["messagesPerSecond"] = messages_per_second
    if limits:
        config["limits"] = limits
    if compact_after_bytes is not None:
        config["store"] = {"compactAfterBytes": compact_after_bytes}
    if second_session:
        config["sessions"].append(
            dc.make_session(
                SESSION_2,
                title="第二场（测试）",
                jobs=[dc.new_job(JOB_S2, title=JOB_TITLE[JOB_S2], employerId=EMP_HX)],
            )
        )
    return config


def high_limits_config(tmp_dir: Path, **kwargs) -> dict:
    """Limits out of the way, for load tests (applies, messages)."""
    kwargs.setdefault("applies_per_minute", 1000)
    kwargs.setdefault("applies_per_address", 100000)
    kwargs.setdefault("messages_per_second", 1000)
    return leads_config(tmp_dir, **kwargs)


# --- Restartable server ------------------------------------------------------------------------


class LeadServer:
    """A ``daigang serve`` on a fixed workdir (hence a fixed data dir ``WORKDIR/data``).

    Attribute access falls through to the current ``ServerHandle`` (``ws_url``, ``port``,
    ``proc``…), so ``dc.viewer(server)`` and ``dc.http_get(server, …)`` work on it.
    """

    def __init__(self, config: dict, workdir: Path, env: Optional[dict], registry: list):
        self.config = config
        self.workdir = workdir
        self.env = env
        self.registry = registry
        self.handle: Optional[dc.ServerHandle] = None
        self.starts = 0

    def __getattr__(self, name: str) -> Any:
        handle = self.__dict__.get("handle")
        if handle is None:
            raise AttributeError(name)
        return getattr(handle, name)

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    def start(self) -> "LeadServer":
        assert self.handle is None or self.handle.proc.poll() is not None, "server still running"
        log = self.workdir / "daigang.stderr.log"
        if self.handle is not None and log.exists():
            # Keep the previous run's stderr for the failure report.
            kept = self.workdir / f"daigang.stderr.{self.starts}.log"
            log.rename(kept)
            self.handle.stderr_path = kept
        self.starts += 1
        self.handle = dc.start_server(self.config, self.workdir, env=self.env)
        self.registry.append(self.handle)
        return self

    def stop(self) -> Optional[int]:
        """SIGTERM (then SIGKILL after the stop timeout); the exit status."""
        return self.handle.stop()

    def kill9(self) -> None:
        """SIGKILL: a crash, no chance to flush anything."""
        try:
            os.kill(self.handle.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.handle.proc.wait(timeout=10)

    def restart(self) -> "LeadServer":
        status = self.stop()
        assert status == 0, f"server exited with {status} on SIGTERM"
        return self.start()


@pytest.fixture
def lead_server(request, start_daigang, tmp_path):
    """``lead_server(config=None, *, env=None) -> LeadServer`` (started)."""
    registry = request.node._daigang_servers  # set up by conftest's start_daigang
    counter = itertools.count()

    def make(config: Optional[dict] = None, *, env: Optional[dict] = None) -> LeadServer:
        workdir = tmp_path / f"leads{next(counter)}"
        workdir.mkdir()
        if config is None:
            config = leads_config(workdir)
        return LeadServer(config, workdir, env, registry).start()

    return make


# --- WebSocket ---------------------------------------------------------------------------------


def apply_message(job: str = JOB_FULL, phone: Optional[str] = None, name: str = "张三", **extra: Any) -> dict:
    """An ``apply`` (consent true); ``extra`` adds or replaces fields, ``DROP`` removes one."""
    message: dict[str, Any] = {
        "type": "apply",
        "jobId": job,
        "name": name,
        "phone": fresh_phone() if phone is None else phone,
        "consent": True,
    }
    message.update(extra)
    return {k: v for k, v in message.items() if v is not DROP}


async def reply(client: dc.Client, ref: Any, timeout: float = APPLY_TIMEOUT) -> dict:
    """The direct reply (applied/welcome/ok/error) echoing ``ref``; other messages stay buffered."""
    return await client.wait_for(
        lambda m: m["type"] in ("applied", *dc.REPLY_TYPES) and "ref" in m and m["ref"] == ref and type(m["ref"]) is type(ref),
        timeout,
        f"the reply with ref {ref!r}",
    )


async def apply(client: dc.Client, message: Optional[dict] = None, timeout: float = APPLY_TIMEOUT, **fields: Any) -> dict:
    """Send an ``apply`` (``message`` or ``apply_message(**fields)``) and return its reply."""
    message = dict(message if message is not None else apply_message(**fields))
    message.setdefault("ref", client.next_ref())
    await client.send(message)
    return await reply(client, message["ref"], timeout)


async def applied(client: dc.Client, message: Optional[dict] = None, **fields: Any) -> dict:
    """An ``apply`` that must succeed; the ``applied`` reply."""
    answer = await apply(client, message, **fields)
    assert answer["type"] == "applied", f"apply failed: {answer!r}"
    assert isinstance(answer.get("leadId"), str) and answer["leadId"], answer
    assert isinstance(answer.get("duplicate"), bool), answer
    return answer


def apply_all(server, messages: Iterable[dict], per_connection: int = 5, session: str = SESSION_ID) -> list[dict]:
    """Synchronously apply each message in order (a fresh viewer every ``per_connection`` applies,
    to stay under the default apply limit); the ``applied`` replies."""

    async def run() -> list[dict]:
        out: list[dict] = []
        client: Optional[dc.Client] = None
        try:
            for i, message in enumerate(messages):
                if i % per_connection == 0:
                    if client is not None:
                        await client.abort()
                    client = await dc.viewer(server, session=session)
                out.append(await applied(client, dict(message)))
            return out
        finally:
            if client is not None:
                await client.abort()

    return asyncio.run(asyncio.wait_for(run(), 60))


async def hr(server, employer: str = EMP_HX, session: str = SESSION_ID, token: Optional[str] = None) -> dc.Client:
    """Connect and say hello as HR of ``employer``."""
    client = await dc.connect(server.ws_url)
    await client.hello("hr", session=session, token=HR_TOKENS[employer] if token is None else token)
    return client


def applications_now(client: dc.Client) -> Optional[int]:
    """The latest ``counters.applications`` the client has seen (counters or welcome snapshot)."""
    if client.counters:
        return client.counters[-1].get("applications")
    if client.welcome and "snapshot" in client.welcome:
        return client.welcome["snapshot"]["counters"]["applications"]
    return None


async def wait_applications(client: dc.Client, n: int, timeout: float = 5) -> None:
    if applications_now(client) == n:
        return
    await client.wait_for(
        lambda m: m["type"] == "counters" and m.get("applications") == n,
        timeout,
        f"counters.applications == {n} (last seen {applications_now(client)})",
    )


def snapshot_applications(server, session: str = SESSION_ID) -> int:
    return dc.snapshot_http(server, session)["counters"]["applications"]


# --- HR HTTP API ---------------------------------------------------------------------------------


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def api(
    server,
    method: str,
    path: str,
    *,
    token: Optional[str] = None,
    body: Any = None,
    headers: Optional[dict] = None,
    timeout: float = 10,
) -> dc.Response:
    """One HTTP request. ``body``: a dict/list (sent as JSON), ``str`` or ``bytes`` (raw)."""
    all_headers = dict(bearer(token)) if token is not None else {}
    data: Optional[bytes] = None
    if body is not None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = bytes(body)
        all_headers.setdefault("Content-Type", "application/json")
    all_headers.update(headers or {})
    conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        try:
            conn.request(method, path, body=data, headers=all_headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (413) and close before reading the whole body
        try:
            resp = conn.getresponse()
            return dc.Response(resp.status, resp.headers, resp.read())
        except ConnectionResetError:
            raise AssertionError(f"{method} {path}: the server reset the connection instead of answering") from None
    finally:
        conn.close()


def query(path: str, **params: Any) -> str:
    params = {k: v for k, v in params.items() if v is not None}
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def leads_page(server, token: str, **params: Any) -> dict:
    resp = api(server, "GET", query("/api/leads", **params), token=token)
    assert resp.status == 200, f"GET /api/leads {params}: {resp.status} {resp.body[:300]!r}"
    assert resp.content_type.startswith("application/json"), resp.content_type
    page = resp.json()
    assert isinstance(page.get("leads"), list), page
    assert "nextCursor" in page, page
    return page


def list_leads(server, token: str, limit: int = 200, **filters: Any) -> list[dict]:
    """Every lead the token sees (all pages, newest first)."""
    out: list[dict] = []
    cursor = None
    for _ in range(10_000):
        page = leads_page(server, token, limit=limit, cursor=cursor, **filters)
        out.extend(page["leads"])
        cursor = page["nextCursor"]
        if cursor is None:
            return out
        assert isinstance(cursor, str) and cursor, page
    raise AssertionError("paging never ended")


def all_leads(server) -> dict[str, list[dict]]:
    """employerId → that employer's leads."""
    return {employer: list_leads(server, token) for employer, token in HR_TOKENS.items()}


def lead_count(server) -> int:
    return sum(len(v) for v in all_leads(server).values())


def get_lead(server, token: str, lead_id: str) -> dc.Response:
    return api(server, "GET", f"/api/leads/{urllib.parse.quote(lead_id, safe='')}", token=token)


def lead_detail(server, token: str, lead_id: str) -> dict:
    resp = get_lead(server, token, lead_id)
    assert resp.status == 200, f"GET /api/leads/{lead_id}: {resp.status} {resp.body[:300]!r}"
    body = resp.json()
    assert isinstance(body.get("lead"), dict), body
    return body["lead"]


def post_followup(server, token: str, lead_id: str, body: Any, **kwargs) -> dc.Response:
    return api(server, "POST", f"/api/leads/{urllib.parse.quote(lead_id, safe='')}/followups", token=token, body=body, **kwargs)


def error_code(resp: dc.Response) -> Optional[str]:
    try:
        body = resp.json()
    except (ValueError, UnicodeDecodeError):
        return None
    return body.get("error") if isinstance(body, dict) else None


def check_leads_unique(leads: Iterable[dict]) -> None:
    """No lead id twice, no (session, job, phone) twice."""
    leads = list(leads)
    ids = [lead["id"] for lead in leads]
    assert len(ids) == len(set(ids)), f"a lead id appears twice: {sorted(i for i in ids if ids.count(i) > 1)}"
    keys = [(lead["session"], lead["jobId"], lead["phone"]) for lead in leads]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"the same (session, job, phone) is stored as more than one lead: {dupes}"


# --- Store files ----------------------------------------------------------------------------------

JOURNAL_RE = re.compile(r"journal-(\d{6,})\.log")
SNAPSHOT_RE = re.compile(r"snapshot-(\d{6,})\.jsonl")


def journals(data_dir: Path) -> list[Path]:
    """``journal-N.log`` files, oldest first."""
    found = [(int(m.group(1)), p) for p in Path(data_dir).iterdir() if (m := JOURNAL_RE.fullmatch(p.name))]
    return [p for _, p in sorted(found)]


def snapshots(data_dir: Path) -> list[Path]:
    found = [(int(m.group(1)), p) for p in Path(data_dir).iterdir() if (m := SNAPSHOT_RE.fullmatch(p.name))]
    return [p for _, p in sorted(found)]


def file_number(path: Path) -> int:
    return int(re.search(r"-(\d+)\.", path.name).group(1))


def newest_journal(data_dir: Path) -> Path:
    found = journals(data_dir)
    assert found, f"no journal-NNNNNN.log in {data_dir}: {sorted(p.name for p in Path(data_dir).iterdir())}"
    return found[-1]


def split_lines(raw: bytes) -> list[tuple[int, bytes]]:
    """(offset, line without its newline) for each newline-terminated line; a torn tail is left out."""
    out = []
    offset = 0
    while True:
        end = raw.find(b"\n", offset)
        if end < 0:
            return out
        out.append((offset, raw[offset:end]))
        offset = end + 1


def parse_record_line(line: bytes) -> dict:
    """Check one record line against STORE.md: ``{"len":N,"crc":"hex8","data":{…}}``; the data."""
    outer = json.loads(line)
    assert isinstance(outer, dict) and set(outer) == {"len", "crc", "data"}, f"not a record line: {line[:200]!r}"
    assert isinstance(outer["len"], int) and re.fullmatch(r"[0-9a-f]{8}", outer["crc"]), line[:200]
    key = line.find(b'"data":')
    assert key >= 0, line[:200]
    start = key + len(b'"data":')
    data = line[start:start + outer["len"]]
    assert json.loads(data) == outer["data"], f"len {outer['len']} does not cover the data value: {line[:200]!r}"
    assert f"{zlib.crc32(data) & 0xFFFFFFFF:08x}" == outer["crc"], f"crc mismatch: {line[:200]!r}"
    return outer["data"]


def make_record_line(data: dict) -> bytes:
    """A record line as STORE.md describes it (for building a well-formed but wrong line)."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b'{"len":%d,"crc":"%08x","data":%s}\n' % (len(raw), zlib.crc32(raw) & 0xFFFFFFFF, raw)


def cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """``daigang ARGS`` (no DAIGANG_* env), bounded."""
    return dc.run_cli(*args, timeout=timeout)


def cli_bytes(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """``daigang ARGS`` with stdout/stderr as bytes (no newline translation), bounded."""
    return subprocess.run(
        [str(dc.daigang_bin()), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        cwd=str(dc.REPO_ROOT),
        env=dc.child_env(),
    )


def serve_expecting_failure(server: "LeadServer", timeout: float = 20) -> subprocess.CompletedProcess:
    """Run ``daigang serve`` on the server's config and data dir; it must exit by itself."""
    command = dc.server_command(server.workdir / "daigang-test.json", server.data_dir)
    try:
        return subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            cwd=str(server.workdir),
            env=dc.child_env(server.env),
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed it
        raise AssertionError(f"daigang serve was still running after {timeout}s; stdout: {exc.stdout!r:.500}") from None


def output_of(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or "") + (result.stderr or "")
