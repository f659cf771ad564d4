"""The admin API for a session's jobs (PROTOCOL.md "# Admin API: sessions and jobs"): the sign-in
and scope matrix, creating, replacing and withdrawing jobs (viewers told), the job-sheet import over
HTTP (.xlsx/.csv, dry run, all or nothing, hostile files), the template, and a restart keeping it all.
Fixtures are made here with openpyxl and zipfile."""

from __future__ import annotations

import asyncio
import http.client
import io
import json
import socket
import threading
import zipfile
from pathlib import Path
from typing import Optional

import openpyxl
import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, SESSION_ID
from hostile_sheets import with_part_replaced
from leads_support import applied, apply_message, lead_server  # noqa: F401 - lead_server is a fixture

ORGANIZER = "test-organizer-token-0123456789abcdef"
HEADER = ["岗位名称", "企业名称", "工资下限", "工资上限", "计薪方式", "城市", "包住宿", "招聘人数"]
NEW_JOB = {"id": "job-admin-1", "title": "叉车司机", "employerId": "sd-logistics",
           "pay": {"min": 6000, "max": 8000, "unit": "month"}, "location": {"city": "澄州"}}


def call(server, method: str, path: str, body: bytes | dict | None = None, token: Optional[str] = ORGANIZER,
         content_type: str = "application/json", timeout: float = 30) -> dc.Response:
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if isinstance(body, dict):
        body = json.dumps(body, ensure_ascii=False).encode()
    if body is not None:
        headers["Content-Type"] = content_type
    conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return dc.Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def jobs_of(server, session: str = SESSION_ID) -> list[dict]:
    return dc.http_get(server, f"/api/sessions/{session}").json()["jobs"]


def workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows(n: int) -> list[list]:
    return [[f"普工{i}", "华星电子", 5000, 6500, "月", "澄州", "是", 30] for i in range(1, n + 1)]


@pytest.fixture
def admin_config(tmp_path: Path) -> dict:
    return dc.make_config(tmp_path, organizerToken=ORGANIZER)


@pytest.fixture
def admin_server(start_daigang, admin_config):
    return start_daigang(admin_config)


# --- Sign-in and scope ---------------------------------------------------------------------------

ROUTES = [
    ("GET", "/api/admin/sessions", None),
    ("GET", f"/api/admin/sessions/{SESSION_ID}", None),
    ("POST", f"/api/admin/sessions/{SESSION_ID}/jobs", NEW_JOB),
    ("PUT", f"/api/admin/sessions/{SESSION_ID}/jobs/{JOB_FULL}", {k: v for k, v in NEW_JOB.items() if k != "id"}),
    ("DELETE", f"/api/admin/sessions/{SESSION_ID}/jobs/{JOB_FULL}", None),
    ("POST", f"/api/admin/sessions/{SESSION_ID}/jobs/import?dryRun=1", "sheet"),
    ("GET", "/api/admin/jobs-template.xlsx", None),
]


# An HR token signs in (it is an account) but HR may not use the admin API: 403, not 401.
@pytest.mark.parametrize(("token", "expected"), [(ORGANIZER, "ok"), (HOST_TOKEN, "ok"), (None, 401), ("wrong-token-xyz", 401),
                                                  ("hr-token-hx-0001", 403)])
@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_authorization_matrix(admin_server, method, path, body, token, expected):
    payload = workbook([HEADER, *good_rows(2)]) if body == "sheet" else body
    before = jobs_of(admin_server)
    resp = call(admin_server, method, path, payload, token=token,
                content_type="application/octet-stream" if body == "sheet" else "application/json")
    if expected == "ok":
        assert 200 <= resp.status < 300, (resp.status, resp.body[:300])
    else:
        assert resp.status == expected, resp.body
        assert resp.json()["error"] == ("unauthorized" if expected == 401 else "forbidden")
        if expected == 401:
            assert resp.headers.get("WWW-Authenticate") == 'Bearer realm="daigang"'
        assert jobs_of(admin_server) == before


def test_an_unknown_admin_path_and_a_wrong_method_are_answered_after_the_sign_in(admin_server):
    assert call(admin_server, "GET", "/api/admin/nothing", token=None).status == 401
    assert call(admin_server, "GET", "/api/admin/nothing").status == 404
    resp = call(admin_server, "DELETE", "/api/admin/sessions")
    assert resp.status == 405 and resp.headers.get("Allow") == "GET, POST, HEAD"
    assert call(admin_server, "GET", "/api/admin/sessions/no-such-session").status == 404


# --- Jobs ----------------------------------------------------------------------------------------


def test_sessions_list_and_detail(admin_server):
    listed = call(admin_server, "GET", "/api/admin/sessions").json()["sessions"]
    assert [s["id"] for s in listed] == [SESSION_ID]
    assert listed[0]["jobs"] == len(jobs_of(admin_server))
    detail = call(admin_server, "GET", f"/api/admin/sessions/{SESSION_ID}").json()["session"]
    assert {j["id"] for j in detail["jobs"]} == {j["id"] for j in jobs_of(admin_server)}


def test_a_created_job_reaches_viewers_and_takes_applications(admin_server):
    async def run():
        viewer = await dc.viewer(admin_server)
        try:
            resp = call(admin_server, "POST", f"/api/admin/sessions/{SESSION_ID}/jobs", NEW_JOB)
            assert resp.status == 201, resp.body
            assert resp.json()["job"]["employerName"] == "顺达物流"
            update = await viewer.wait_for(lambda m: m["type"] == "job_updated" and m["job"]["id"] == NEW_JOB["id"], 10, "job_updated")
            assert update["job"]["title"] == "叉车司机"
            await applied(viewer, apply_message(NEW_JOB["id"]))
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    assert call(admin_server, "POST", f"/api/admin/sessions/{SESSION_ID}/jobs", NEW_JOB).status == 409


@pytest.mark.parametrize(("change", "field"), [
    ({"title": ""}, "title"),
    ({"title": "x" * 101}, "title"),
    ({"employerId": "nobody"}, "employerId"),
    ({"pay": {"min": 1, "max": 2, "unit": "year"}}, "pay.unit"),
    ({"location": None}, "location"),
    ({"id": "bad id!"}, "id"),
    ({"headcount": "many"}, "headcount"),
    ({"surprise": 1}, "surprise"),
])
def test_a_bad_job_names_its_field_and_changes_nothing(admin_server, change, field):
    job = {**NEW_JOB, **change}
    job = {k: v for k, v in job.items() if v is not None}
    before = jobs_of(admin_server)
    resp = call(admin_server, "POST", f"/api/admin/sessions/{SESSION_ID}/jobs", job)
    assert resp.status == 400, resp.body
    assert resp.json()["error"] == "bad_request"
    assert resp.json()["field"] == field, resp.json()
    assert jobs_of(admin_server) == before


def test_bad_bodies_are_refused_clearly(admin_server):
    path = f"/api/admin/sessions/{SESSION_ID}/jobs"
    assert call(admin_server, "POST", path, b"{not json").json()["error"] == "bad_request"
    assert call(admin_server, "POST", path, b"[1,2]").status == 400
    resp = call(admin_server, "PUT", f"{path}/{JOB_FULL}", {**NEW_JOB, "id": "other"})
    assert resp.status == 400 and resp.json()["field"] == "id"
    assert call(admin_server, "PUT", f"{path}/no-such-job", NEW_JOB).status == 404
    assert call(admin_server, "DELETE", f"{path}/no-such-job").status == 404


def test_put_replaces_and_delete_withdraws_with_broadcasts(admin_server):
    async def run():
        viewer = await dc.viewer(admin_server)
        try:
            replaced = {k: v for k, v in NEW_JOB.items() if k != "id"}
            resp = call(admin_server, "PUT", f"/api/admin/sessions/{SESSION_ID}/jobs/{JOB_FULL}", replaced)
            assert resp.status == 200, resp.body
            await viewer.wait_for(lambda m: m["type"] == "job_updated" and m["job"]["id"] == JOB_FULL and m["job"]["title"] == "叉车司机", 10)
            assert call(admin_server, "DELETE", f"/api/admin/sessions/{SESSION_ID}/jobs/{JOB_FULL}").status == 200
            await viewer.wait_for(lambda m: m["type"] == "job_withdrawn" and m["jobId"] == JOB_FULL, 10)
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    assert JOB_FULL not in {j["id"] for j in jobs_of(admin_server)}


def test_policies_are_created_and_replaced_with_broadcasts(admin_server):
    policy = {"id": "policy-admin-1", "title": "技能补贴", "summary": "培训合格可领", "keyPoints": ["最高1500元"]}
    path = f"/api/admin/sessions/{SESSION_ID}/policies"

    async def run():
        viewer = await dc.viewer(admin_server)
        try:
            assert call(admin_server, "POST", path, policy).status == 201
            await viewer.wait_for(lambda m: m["type"] == "policy_updated" and m["policy"]["id"] == policy["id"], 10)
            resp = call(admin_server, "PUT", f"{path}/{policy['id']}", {**policy, "title": "技能补贴（新）"})
            assert resp.status == 200, resp.body
            await viewer.wait_for(lambda m: m["type"] == "policy_updated" and m["policy"]["title"] == "技能补贴（新）", 10)
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    bad = call(admin_server, "POST", path, {**policy, "id": "p-2", "keyPoints": "not a list"})
    assert bad.status == 400 and bad.json()["field"] == "keyPoints"
    assert call(admin_server, "PUT", f"{path}/no-such-policy", policy).status == 404
    assert call(admin_server, "POST", path, policy, token=None).status == 401


# --- Import --------------------------------------------------------------------------------------

IMPORT = f"/api/admin/sessions/{SESSION_ID}/jobs/import"


def test_two_hundred_good_rows_import_and_viewers_can_apply(admin_server):
    before = len(jobs_of(admin_server))
    resp = call(admin_server, "POST", IMPORT, workbook([HEADER, *good_rows(200)]), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert resp.status == 200, resp.body[:500]
    assert resp.json()["added"] == 200 and resp.json()["dryRun"] is False
    jobs = jobs_of(admin_server)
    assert len(jobs) == before + 200
    imported = next(j for j in jobs if j["title"] == "普工7")
    assert imported["employerName"] == "华星电子" and imported["housing"]["dorm"] is True

    async def run():
        viewer = await dc.viewer(admin_server)
        try:
            await applied(viewer, apply_message(imported["id"]))
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    # The same sheet again replaces the same ids (row numbers): nothing is doubled.
    again = call(admin_server, "POST", IMPORT, workbook([HEADER, *good_rows(200)]))
    assert again.json()["replaced"] == 200 and len(jobs_of(admin_server)) == before + 200


def test_a_csv_imports_too(admin_server):
    text = "\r\n".join(",".join(str(c) for c in row) for row in [HEADER, *good_rows(3)])
    resp = call(admin_server, "POST", IMPORT, text.encode("gb18030"), content_type="text/csv")
    assert resp.status == 200, resp.body
    assert resp.json()["rows"] == 3


def test_dry_run_previews_and_changes_nothing(admin_server):
    before = jobs_of(admin_server)
    resp = call(admin_server, "POST", IMPORT + "?dryRun=1", workbook([HEADER, *good_rows(5)]))
    assert resp.status == 200
    assert resp.json()["dryRun"] is True and resp.json()["rows"] == 5 and len(resp.json()["jobs"]) == 5
    assert jobs_of(admin_server) == before


BAD_CELLS = {  # column -> a value that column refuses
    "岗位名称": "", "企业名称": "没有的公司", "统一社会信用代码": "123", "工种类别": "类" * 41, "工资下限": "六千",
    "工资上限": "很多", "计薪方式": "周", "工资说明": "说" * 101, "班次": "班" * 41, "城市": "", "区县": "区" * 41,
    "详细地址": "址" * 201, "招聘人数": "许多", "包住宿": "也许", "夫妻房": "也许", "住宿说明": "住" * 201, "餐食": "餐" * 201,
    "社保": "保" * 201, "最低年龄": "十八", "最高年龄": "老", "岗位要求": "要" * 201, "福利": "福" * 201, "标签": "标" * 21,
    "岗位编号": "bad id!",
}


def test_a_bad_value_in_every_column_is_reported_with_row_and_header_and_nothing_changes(admin_server):
    header = list(BAD_CELLS)
    good = {"岗位名称": "普工", "企业名称": "华星电子", "工资下限": 5000, "计薪方式": "月", "城市": "澄州", "最低年龄": 18, "最高年龄": 45}
    rows = [header]
    for column, bad in BAD_CELLS.items():
        row = {**good, column: bad}
        rows.append([row.get(name) if row.get(name) != "" else None for name in header])
    rows.extend(good_rows(3))  # good rows in the same sheet are not taken either (wrong shape is fine: header decides)
    before = jobs_of(admin_server)
    resp = call(admin_server, "POST", IMPORT, workbook(rows))
    assert resp.status == 400, resp.body[:500]
    body = resp.json()
    assert body["error"] == "bad_request" and body["reason"] == "rows" and "没有导入" in body["message"]
    reported = {(e["row"], e["column"]) for e in body["errors"]}
    for index, column in enumerate(BAD_CELLS, start=2):
        assert (index, column) in reported, (column, body["errors"])
    assert all(e["reason"] and not e["reason"].isascii() for e in body["errors"])  # in Chinese
    assert jobs_of(admin_server) == before


def test_one_bad_row_among_good_ones_imports_nothing(admin_server):
    before = jobs_of(admin_server)
    rows = [HEADER, *good_rows(150), ["焊工", "华星电子", "五千", 6500, "月", "澄州"], *good_rows(3)]
    resp = call(admin_server, "POST", IMPORT, workbook(rows))
    assert resp.status == 400
    assert [(e["row"], e["column"]) for e in resp.json()["errors"]][0] == (152, "工资下限")
    assert jobs_of(admin_server) == before


def part_replaced(name: str, content: bytes | None = None, zeros: int = 0) -> bytes:
    return with_part_replaced(workbook([HEADER, *good_rows(1)]), name, content, zeros=zeros)


def billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    xml = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + entities + "]>"
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return part_replaced("xl/worksheets/sheet1.xml", xml.encode())


@pytest.mark.parametrize(("make", "reason", "message"), [
    (lambda: part_replaced("xl/worksheets/sheet1.xml", zeros=1 << 28), "inflatedTooLarge", "内容太多"),
    (billion_laughs, "xmlDeclaration", "损坏"),
    (lambda: b"\x89PNG\r\n\x1a\n" + bytes(4096), "image", "这是图片"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "legacyOrEncrypted", "旧版 .xls"),
    (lambda: b"PK\x03\x04 not really a zip", "notAWorkbook", "不是 Excel 表格"),
], ids=["zip-bomb", "billion-laughs", "png", "xls", "broken-zip"])
def test_hostile_files_are_refused_clearly_and_the_server_carries_on(admin_server, make, reason, message):
    before = jobs_of(admin_server)
    resp = call(admin_server, "POST", IMPORT, make())
    assert resp.status == 400, resp.body[:300]
    assert resp.json()["reason"] == reason and message in resp.json()["message"]
    assert jobs_of(admin_server) == before
    assert dc.http_get(admin_server, "/healthz").status == 200


def test_a_50_mb_upload_gets_413_without_being_read(admin_server):
    with socket.create_connection((admin_server.host, admin_server.port), timeout=10) as sock:
        sock.sendall((f"POST {IMPORT} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ORGANIZER}\r\n"
                      f"Content-Type: application/octet-stream\r\nContent-Length: {50 << 20}\r\n\r\n").encode())
        sock.sendall(b"PK\x03\x04" + bytes(60_000))
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert dc.http_get(admin_server, "/healthz").status == 200
    # The 64 KiB cap still holds for every other route.
    big = call(admin_server, "POST", f"/api/admin/sessions/{SESSION_ID}/jobs", b"{" + b" " * (70 << 10) + b"}")
    assert big.status == 413


def test_the_template_is_a_workbook_that_imports_its_own_example(admin_server, tmp_path):
    resp = call(admin_server, "GET", "/api/admin/jobs-template.xlsx")
    assert resp.status == 200
    assert resp.content_type.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(resp.body))
    assert "岗位名称" in "".join(str(c.value) for c in book.worksheets[0][1])


@pytest.mark.parametrize("how", ["sigterm", "kill9"])
def test_a_restart_keeps_created_replaced_withdrawn_and_imported_jobs(lead_server, tmp_path, how):
    server = lead_server(dc.make_config(tmp_path, organizerToken=ORGANIZER))
    assert call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/jobs", NEW_JOB).status == 201
    assert call(server, "DELETE", f"/api/admin/sessions/{SESSION_ID}/jobs/{JOB_FULL}").status == 200
    assert call(server, "POST", IMPORT, workbook([HEADER, *good_rows(20)])).status == 200
    # A second sheet without 岗位编号 has the same row ids: its rows replace the first's (the answer says so).
    second = call(server, "POST", IMPORT, workbook([HEADER, *[[f"焊工{i}", "顺达物流", 7000, 9000, "月", "澄州"] for i in range(1, 151)]]))
    assert (second.status, second.json()["replaced"], second.json()["added"]) == (200, 20, 130)
    before = jobs_of(server)
    assert len(before) == 2 + 1 + 150
    if how == "sigterm":
        server.restart()
    else:
        server.kill9()  # everything answered 2xx was durable before its answer
        server.start()
    assert jobs_of(server) == before
    assert NEW_JOB["id"] in {j["id"] for j in before} and JOB_FULL not in {j["id"] for j in before}


# --- Sheets are read off the service thread ----------------------------------------------------

async def catalog_viewer(server) -> dc.Client:
    """A viewer that asks for the compact welcome (hello catalog "http"), as the viewer page does."""
    client = await dc.connect(server.ws_url)
    await client.send({"type": "hello", "ref": "hello", "session": SESSION_ID, "role": "viewer", "catalog": "http"})
    welcome = await client.expect("welcome")
    assert "catalogETag" in welcome["snapshot"], welcome
    return client


def test_a_large_import_is_one_catalog_changed_naming_the_new_catalog(admin_server):
    async def run():
        viewer = await catalog_viewer(admin_server)
        try:
            resp = await asyncio.to_thread(call, admin_server, "POST", IMPORT, workbook([HEADER, *good_rows(150)]))
            assert resp.status == 200, resp.body[:300]
            changed = await viewer.wait_for(lambda m: m["type"] in ("catalog_changed", "job_updated"), 30, "catalog_changed")
            assert changed["type"] == "catalog_changed", changed
            catalog = dc.http_get(admin_server, changed["catalogURL"])
            assert catalog.headers["ETag"] == changed["catalogETag"]
            assert changed["jobCount"] == len(catalog.json()["jobs"]) == len(jobs_of(admin_server))
            # Nothing job by job follows: the next thing after it is the answer to our next message.
            await viewer.send({"type": "no_such_type", "ref": "after"})
            after = await viewer.wait_for(lambda m: m["type"] not in ("counters",), 30, "the answer")
            assert after.get("ref") == "after", after
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 120))


def test_a_second_sheet_while_one_is_read_gets_503_with_retry_after_and_the_stream_carries_on(admin_server):
    """A 3,500-row sheet is read on its own thread: while it is (a second upload gets 503, so we
    know it is), the host's pin reaches a viewer before the import is answered."""
    big = workbook([HEADER, *good_rows(3500)])
    answered = threading.Event()
    result: dict = {}

    def import_big():
        result["resp"] = call(admin_server, "POST", IMPORT + "?dryRun=1", big, timeout=300)
        answered.set()

    async def run():
        viewer = await catalog_viewer(admin_server)
        host = await dc.host(admin_server)
        worker = threading.Thread(target=import_big)
        worker.start()
        try:
            busy = None
            while busy is None and not answered.is_set():
                probe = await asyncio.to_thread(call, admin_server, "POST", IMPORT, b"")
                if probe.status == 503:
                    busy = probe
                else:
                    assert probe.status == 400 and probe.json()["reason"] == "empty", probe.body
            assert busy is not None, "never saw the sheet being read while the server answered others"
            assert busy.headers["Retry-After"].isdigit() and busy.json()["error"] == "unavailable"
            await host.command({"type": "pin_job", "jobId": JOB_FULL})
            pinned = await viewer.wait_for(lambda m: m["type"] == "job_pinned", 60, "job_pinned")
            assert pinned["job"]["id"] == JOB_FULL
            assert not answered.is_set(), "the import was answered before the pin came through"
        finally:
            await asyncio.to_thread(worker.join, 300)
            await viewer.abort()
            await host.abort()

    asyncio.run(asyncio.wait_for(run(), 400))
    resp = result["resp"]
    assert resp.status == 200 and resp.json()["rows"] == 3500 and resp.json()["dryRun"] is True
    # The worker is free again: the next sheet is read.
    again = call(admin_server, "POST", IMPORT + "?dryRun=1", workbook([HEADER, *good_rows(2)]))
    assert again.status == 200 and again.json()["rows"] == 2
