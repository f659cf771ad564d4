"""Plain HTTP(S) against a test server: ``http_get`` (no proxies), the security-header check,
and the session snapshot from ``/api/sessions/<id>``."""

from __future__ import annotations

import http.client
import json
import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from config_builder import SESSION_ID

if TYPE_CHECKING:
    from server_process import ServerHandle


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
    method: str = "GET",
    source: Optional[str] = None,
) -> Response:
    """GET (or ``method``, e.g. HEAD) ``path`` (sent verbatim) on the server. No proxies involved.
    ``source``: the local address to connect from (another loopback address, e.g. ``127.0.0.2``)."""
    source_address = (source, 0) if source else None
    if server.tls:
        conn = http.client.HTTPSConnection(server.host, server.port, timeout=timeout, context=ssl_context, source_address=source_address)
    else:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout, source_address=source_address)
    try:
        conn.request(method, path, headers=headers or {})
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
