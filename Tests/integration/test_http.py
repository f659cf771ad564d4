"""Plain HTTP endpoints and security headers (PROTOCOL.md: HTTP)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, http_get


def test_healthz_reports_ok(daigang):
    resp = http_get(daigang, "/healthz")
    assert resp.status == 200
    assert resp.content_type.startswith("application/json"), resp.content_type
    body = resp.json()
    assert body["status"] == "ok"
    assert body["sessions"] == 1
    assert isinstance(body["connections"], int) and body["connections"] >= 0


def test_api_session_returns_the_snapshot(daigang):
    resp = http_get(daigang, "/api/sessions/s1")
    assert resp.status == 200
    assert resp.content_type.startswith("application/json"), resp.content_type
    snapshot = resp.json()
    assert snapshot["id"] == "s1"
    assert snapshot["status"] == "live"
    assert [j["id"] for j in snapshot["jobs"]] == [JOB_FULL, JOB_MID, JOB_MIN]
    assert snapshot["jobs"][0]["employerName"] == "华星电子"
    assert snapshot["pinnedJobId"] is None and snapshot["shownPolicyId"] is None
    assert isinstance(snapshot["seq"], int)
    assert set(snapshot["counters"]) >= {"online", "applications", "queue"}


def test_api_snapshot_never_leaks_tokens(daigang):
    body = http_get(daigang, "/api/sessions/s1").body.decode("utf-8")
    assert dc.HOST_TOKEN not in body
    for employer in dc.EMPLOYERS:
        assert employer["hrToken"] not in body
    assert "hrToken" not in body


def test_api_unknown_session_is_404(daigang):
    resp = http_get(daigang, "/api/sessions/nope")
    assert resp.status == 404


@pytest.mark.parametrize("path", ["/no/such/path", "/api/sessions/", "/api/nope", "/healthz/extra"])
def test_unknown_path_is_404_json(daigang, path):
    resp = http_get(daigang, path)
    assert resp.status == 404
    body = resp.json()
    assert body["error"] == "not_found"
    assert set(body) <= {"error", "message"}, body


def get_page(server, path, **kwargs):
    """GET a page, following at most one redirect that stays on this site and this path
    (e.g. `/` -> `/?session=s1`, which is how a server may pick the default session)."""
    resp = http_get(server, path, **kwargs)
    if resp.status in (301, 302, 303, 307, 308):
        location = resp.headers.get("Location") or ""
        if location.startswith(server.http_url):
            location = location[len(server.http_url):]
        assert location.startswith("/") and not location.startswith("//"), f"{path}: off-site redirect {location!r}"
        assert urlsplit(location).path == urlsplit(path).path, f"{path}: redirected to {location!r}"
        resp = http_get(server, location, **kwargs)
    return resp


@pytest.mark.parametrize("path", ["/", "/?session=s1", "/host", "/hr", "/admin"])
def test_pages_are_served_as_html(daigang, path):
    resp = get_page(daigang, path)
    assert resp.status == 200, f"{path}: {resp.status}"
    assert resp.content_type.startswith("text/html"), resp.content_type
    assert b"<" in resp.body


@pytest.mark.parametrize("path", ["/", "/host", "/admin", "/healthz", "/api/sessions/s1", "/no/such/path"])
def test_responses_carry_security_headers(daigang, path):
    dc.check_security_headers(http_get(daigang, path), path)


@pytest.mark.parametrize(
    "path",
    [
        "/../config/daigang.json",
        "/..%2fconfig%2fdaigang.json",
        "/%2e%2e/config/daigang.json",
        "/js/../../config/daigang.json",
        "/js/%2e%2e/%2e%2e/config/daigang.json",
        "/../../../../../../etc/passwd",
    ],
)
def test_path_traversal_does_not_escape_the_web_root(daigang, path):
    resp = http_get(daigang, path)
    assert resp.status in (400, 403, 404), f"{path}: {resp.status}"
    assert b"hostToken" not in resp.body and b"root:" not in resp.body


def test_relative_web_root_is_resolved_against_the_config_directory(start_daigang, tmp_path):
    workdir = tmp_path / "server0"  # start_daigang writes the first config here
    config = dc.make_config(workdir)
    config["server"]["webRoot"] = os.path.relpath(dc.WEB_ROOT, workdir)
    server = start_daigang(config)
    resp = get_page(server, "/")
    assert resp.status == 200
    assert resp.content_type.startswith("text/html")
