"""The compact welcome and the job catalog over HTTP (PROTOCOL.md: Catalog over HTTP), and
validated, gzip'd pages. Byte counts are what a weak phone has to download (issue 12)."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import sys

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, async_test, expected_job, http_get, new_job
from repo_paths import DEMO_CONFIG, REPO_ROOT, WEB_ROOT
from ws_client import connect

sys.path.insert(0, str(REPO_ROOT / "Tests/fixtures"))
import fair_session  # noqa: E402

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def demo_config(tmp_path, jobs: int | None = None) -> dict:
    config = json.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    if jobs is not None:
        config = fair_session.fair_config(config, jobs=jobs, employers=300)
    config["server"] = {"host": "127.0.0.1", "port": 0, "webRoot": str(WEB_ROOT)}
    config["dataDir"] = str(tmp_path / "data")
    return config


async def raw_welcome(server, session: str, **fields) -> tuple[int, dict]:
    """Say hello with ``fields``; the welcome's size on the wire (its UTF-8 bytes) and its content."""
    client = await connect(server.ws_url)
    await client.send({"type": "hello", "ref": "h", "session": session, "role": "viewer", **fields})
    while True:
        raw = await client.ws.recv()
        message = json.loads(raw)
        if message["type"] in ("welcome", "error"):
            return len(raw.encode("utf-8")), message


def request(server, method: str, path: str, headers: dict | None = None) -> dc.Response:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return dc.Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def catalog(server, session: str = "s1", headers: dict | None = None) -> dc.Response:
    return http_get(server, f"/api/sessions/{session}/jobs", headers=headers, timeout=30)


@async_test
async def test_compact_welcome_of_the_demo_session_fits_in_4_kib(start_daigang, tmp_path):
    server = start_daigang(demo_config(tmp_path))
    size, welcome = await raw_welcome(server, "demo", catalog="http")
    snapshot = welcome["snapshot"]
    assert size <= 4096, f"compact welcome is {size} bytes"
    assert "jobs" not in snapshot and "policies" not in snapshot
    assert snapshot["pinnedJobId"] == "job-xh-assembler"
    assert snapshot["pinnedJob"]["id"] == "job-xh-assembler" and snapshot["pinnedJob"]["employerName"]
    assert snapshot["shownPolicy"]["id"] == snapshot["shownPolicyId"] == "policy-bus"
    assert snapshot["catalogURL"] == "/api/sessions/demo/jobs"
    assert snapshot["jobCount"] == 8
    assert set(snapshot["counters"]) == {"online", "applications", "queue"}
    body = catalog(server, "demo").json()
    assert snapshot["catalogETag"] == body["etag"]
    assert snapshot["pinnedJob"] == next(job for job in body["jobs"] if job["id"] == "job-xh-assembler")
    full_size, _ = await raw_welcome(server, "demo")
    print(f"demo welcome: compact {size} B, full {full_size} B")


@async_test(timeout=120)
async def test_compact_welcome_of_3500_jobs_fits_in_8_kib_and_old_hello_gets_everything(start_daigang, tmp_path):
    # Importing 3,500 jobs into a fresh data dir takes seconds, many on a loaded machine.
    server = start_daigang(demo_config(tmp_path, jobs=3500), timeout=120)
    size, welcome = await raw_welcome(server, "demo", catalog="http")
    assert size <= 8192, f"compact welcome is {size} bytes"
    assert welcome["snapshot"]["jobCount"] == 3500
    assert welcome["snapshot"]["pinnedJob"]["id"] == "job-xh-assembler"
    # A client that does not ask gets today's full snapshot (old pages keep working).
    full_size, full = await raw_welcome(server, "demo")
    assert len(full["snapshot"]["jobs"]) == 3500
    assert "catalogETag" not in full["snapshot"]
    plain = catalog(server, "demo")
    packed = catalog(server, "demo", GZIP)
    assert packed.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(packed.body) == plain.body
    assert [job["id"] for job in plain.json()["jobs"]] == [job["id"] for job in full["snapshot"]["jobs"]]
    print(f"3,500 jobs: compact welcome {size} B, full welcome {full_size} B, catalog {len(plain.body)} B, gzip'd {len(packed.body)} B")


@async_test
async def test_hello_with_an_unknown_catalog_mode_is_refused(daigang):
    _, reply = await raw_welcome(daigang, "s1", catalog="websocket")
    assert reply["type"] == "error" and reply["code"] == "bad_request", reply
    assert "catalog" in reply["message"], reply


def test_catalog_is_validated_and_gzipped(daigang):
    plain = catalog(daigang)
    assert plain.status == 200 and plain.content_type.startswith("application/json")
    body = plain.json()
    assert [job["id"] for job in body["jobs"]] == [dc.JOB_FULL, dc.JOB_MID, dc.JOB_MIN]
    assert body["jobs"][0] == expected_job(dc.config_job(JOB_FULL))
    etag = plain.headers.get("ETag")
    assert etag == body["etag"] and etag.startswith('W/"')
    assert "must-revalidate" in plain.headers.get("Cache-Control")
    assert "Accept-Encoding" in plain.headers.get("Vary")
    assert plain.headers.get("Content-Encoding") is None
    dc.check_security_headers(plain, "catalog")

    packed = catalog(daigang, headers=GZIP)
    assert packed.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(packed.body) == plain.body
    assert packed.headers.get("ETag") == etag

    refused = catalog(daigang, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert refused.headers.get("Content-Encoding") is None and refused.body == plain.body

    for headers in ({"If-None-Match": etag}, {"If-None-Match": f'"other", {etag}', **GZIP}, {"If-None-Match": etag.removeprefix("W/")}):
        revalidated = catalog(daigang, headers=headers)
        assert revalidated.status == 304, headers
        assert revalidated.body == b""
        assert revalidated.headers.get("ETag") == etag
    assert catalog(daigang, headers={"If-None-Match": '"stale"'}).status == 200

    head = request(daigang, "HEAD", "/api/sessions/s1/jobs", GZIP)
    assert head.status == 200 and head.body == b""
    assert head.headers.get("Content-Length") == str(len(packed.body))
    assert head.headers.get("ETag") == etag


def test_one_job_by_id_and_404s(daigang):
    job = http_get(daigang, f"/api/sessions/s1/jobs/{JOB_FULL}")
    assert job.status == 200 and job.json() == expected_job(dc.config_job(JOB_FULL))
    assert request(daigang, "HEAD", f"/api/sessions/s1/jobs/{JOB_FULL}").status == 200
    for path in ("/api/sessions/s1/jobs/nope", "/api/sessions/nope/jobs", f"/api/sessions/nope/jobs/{JOB_FULL}"):
        resp = http_get(daigang, path)
        assert resp.status == 404 and resp.json()["error"] == "not_found", path
    assert request(daigang, "POST", "/api/sessions/s1/jobs").status == 405


@async_test
async def test_catalog_etag_changes_with_a_job_event(daigang):
    before = catalog(daigang).json()["etag"]
    host = await dc.host(daigang)
    await host.command({"type": "upsert_job", "job": new_job()})
    after = catalog(daigang)
    assert after.json()["etag"] != before
    assert after.json()["jobs"][-1]["id"] == "job-new-welder"
    assert catalog(daigang, headers={"If-None-Match": before}).status == 200
    _, welcome = await raw_welcome(daigang, "s1", catalog="http")
    assert welcome["snapshot"]["catalogETag"] == after.json()["etag"]
    assert welcome["snapshot"]["jobCount"] == 4
    # A pin changes the session, not the catalog: caches stay valid.
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    assert catalog(daigang, headers={"If-None-Match": after.json()["etag"]}).status == 304
    # The ETag is the list's hash: withdrawing the new job brings back the first list and its tag.
    await host.command({"type": "withdraw_job", "jobId": "job-new-welder"})
    assert catalog(daigang, headers={"If-None-Match": after.json()["etag"]}).status == 200
    assert catalog(daigang).json()["etag"] == before


def test_pages_are_gzipped_and_validated(daigang):
    plain = http_get(daigang, "/index.html")
    assert plain.status == 200
    dc.check_security_headers(plain, "index.html")
    packed = http_get(daigang, "/index.html", headers=GZIP)
    assert packed.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(packed.body) == plain.body == (WEB_ROOT / "index.html").read_bytes()
    assert len(packed.body) < len(plain.body)
    assert "Accept-Encoding" in packed.headers.get("Vary")
    dc.check_security_headers(packed, "gzip'd index.html")
    etag, modified = plain.headers.get("ETag"), plain.headers.get("Last-Modified")
    assert etag and modified and packed.headers.get("ETag") == etag
    assert http_get(daigang, "/index.html", headers={"If-None-Match": etag}).status == 304
    assert http_get(daigang, "/index.html", headers={"If-Modified-Since": modified}).status == 304
    not_modified = http_get(daigang, "/js/viewer.js", headers={"If-None-Match": http_get(daigang, "/js/viewer.js").headers.get("ETag"), **GZIP})
    assert not_modified.status == 304 and not_modified.body == b""
    assert http_get(daigang, "/index.html", headers={"If-None-Match": '"x"', "If-Modified-Since": modified}).status == 200
    head = request(daigang, "HEAD", "/index.html", GZIP)
    assert head.status == 200 and head.body == b"" and head.headers.get("Content-Length") == str(len(packed.body))


@pytest.mark.parametrize(
    "page_name, entry, own_tags",
    [
        # viewer.js and early-hello.js have script tags of their own.
        ("index.html", "viewer.js", {"viewer.js", "early-hello.js"}),
        ("home.html", "home.js", {"home.js"}),
    ],
)
def test_a_page_preloads_every_module_it_imports(page_name, entry, own_tags):
    """index.html (and the front door, home.html) ask for all of their entry module's modules at
    once (a weak phone pays a round trip per import level); a module added to or dropped from the
    graph must be added to or dropped from the list."""
    js = WEB_ROOT / "js"
    graph, queue = set(), [entry]
    while queue:
        name = queue.pop()
        if name in graph:
            continue
        graph.add(name)
        queue += re.findall(r"^(?:import|export) [^;]*? from '\./([\w-]+\.js)';", (js / name).read_text(encoding="utf-8"), re.M)
    page = (WEB_ROOT / page_name).read_text(encoding="utf-8")
    preloaded = set(re.findall(r'<link rel="modulepreload" href="/js/([\w-]+\.js)">', page))
    assert preloaded == graph - own_tags
    assert f'<script type="module" src="/js/{entry}"></script>' in page
    if page_name != "index.html":
        return
    assert '<script type="module" async src="/js/early-hello.js"></script>' in page
