"""HTTP manners (issue 14), over raw sockets: every 401 carries ``WWW-Authenticate: Bearer
realm="daigang"``, every 405 an ``Allow`` header, and HEAD is answered wherever GET is, with
GET's status and headers (Content-Length included) and no body (RFC 9110 §9.3.2, §11.6.1, §15.5.6)."""

from __future__ import annotations

import pytest

import raw_clients as rc
from leads_support import HR_HX, apply_all, apply_message, lead_server  # noqa: F401 - lead_server is a fixture
from daigang_client import JOB_FULL

CHALLENGE = 'Bearer realm="daigang"'


def request(port: int, method: str, path: str, *, token: str | None = None, body: bytes = b"", source: str = "127.0.0.1"):
    """(status, headers as {lower-case name: [values]}, body) of one request on a socket of its own."""
    lines = [f"{method} {path} HTTP/1.1", "Host: test", "Connection: close"]
    if token is not None:
        lines.append(f"Authorization: Bearer {token}")
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    status, head, received = rc.raw_http(port, ("\r\n".join(lines) + "\r\n\r\n").encode() + body, source=source)
    headers: dict[str, list[str]] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers, received


@pytest.fixture
def seeded(lead_server):
    server = lead_server()
    (lead,) = apply_all(server, [apply_message(JOB_FULL, "13812345678", name="张三")])
    return server, lead["leadId"]


LEAD_PATHS = ["/api/leads", "/api/leads.csv", "/api/leads/{lead}", "/api/leads/{lead}/followups"]


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
@pytest.mark.parametrize("token", [None, "wrong-token-0123456789abcdef"], ids=["no token", "wrong token"])
def test_every_401_carries_the_bearer_challenge(seeded, method, token):
    server, lead = seeded
    for index, template in enumerate(LEAD_PATHS):
        path = template.format(lead=lead)
        body = b'{"status":"contacted"}' if method == "POST" else b""
        # A source address per request: wrong tokens are counted per address (429 after 10).
        status, headers, received = request(server.port, method, path, token=token, body=body, source=f"127.0.1.{index + 1}")
        assert status == 401, f"{method} {path}: {status}"
        assert headers.get("www-authenticate") == [CHALLENGE], f"{method} {path}: {headers}"
        if method == "HEAD":
            assert received == b""


@pytest.mark.parametrize("method, path, allow", [
    ("POST", "/readyz", "GET, HEAD"),
    ("DELETE", "/version", "GET, HEAD"),
    ("PUT", "/healthz", "GET, HEAD"),
    ("POST", "/api/leads", "GET, HEAD"),
    ("PATCH", "/api/leads/{lead}", "GET, HEAD"),
    ("GET", "/api/leads/{lead}/followups", "POST"),
])
def test_every_405_names_the_allowed_methods(seeded, method, path, allow):
    server, lead = seeded
    token = HR_HX if path.startswith("/api/leads") else None
    status, headers, _ = request(server.port, method, path.format(lead=lead), token=token)
    assert status == 405, f"{method} {path}: {status}"
    assert headers.get("allow") == [allow], headers


HEAD_PATHS = [
    "/", "/?session=s1", "/host.html?session=s1", "/js/connection.js", "/css/", "/healthz", "/readyz", "/version",
    "/api/sessions/s1", "/api/sessions/nope", "/qr.svg?session=s1", "/no-such-page",
    "/api/leads", "/api/leads.csv", "/api/leads/{lead}", "/api/leads/L999999",
]


@pytest.mark.parametrize("path", HEAD_PATHS)
def test_head_answers_like_get_without_the_body(seeded, path):
    server, lead = seeded
    path = path.format(lead=lead)
    token = HR_HX if path.startswith("/api/leads") else None
    get_status, get_headers, get_body = request(server.port, "GET", path, token=token)
    head_status, head_headers, head_body = request(server.port, "HEAD", path, token=token)
    assert head_status == get_status, path
    assert head_body == b"", f"HEAD {path} sent a body"
    assert get_headers.get("content-length") == [str(len(get_body))], f"GET {path}: {get_headers}"
    ignored = {"date"}
    assert {k: v for k, v in head_headers.items() if k not in ignored} == \
        {k: v for k, v in get_headers.items() if k not in ignored}, f"HEAD {path} headers differ from GET's"
