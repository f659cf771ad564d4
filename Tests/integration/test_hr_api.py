"""The HR HTTP API: auth, listing and filters, paging, follow-ups, CSV export
(PROTOCOL.md "# Leads": HR HTTP API)."""

from __future__ import annotations

import csv
import io
import urllib.parse
from dataclasses import dataclass
from typing import Callable

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, JOB_MID, JOB_MIN
from leads_support import (  # noqa: F401 - lead_server is a fixture
    EMP_HX,
    HR_HX,
    HR_SD,
    JOB_S2,
    STATUSES,
    api,
    apply_all,
    apply_message,
    bearer,
    error_code,
    get_lead,
    lead_detail,
    lead_server,
    leads_config,
    leads_page,
    list_leads,
    post_followup,
)

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def seed(server) -> dict:
    """Two hx leads and one sd lead; returns their applied replies by name."""
    a1, a2, b1 = apply_all(
        server,
        [
            apply_message(JOB_FULL, "13812345678", name="张三", hometown="河南周口", note="可以马上到岗"),
            apply_message(JOB_MIN, "13900001111", name="李四"),
            apply_message(JOB_MID, "15012345678", name="王五"),
        ],
    )
    return {"a1": a1["leadId"], "a2": a2["leadId"], "b1": b1["leadId"]}


# --- Auth ---------------------------------------------------------------------------------------


@dataclass
class Auth:
    id: str
    request: Callable[[dict], tuple]  # ids -> (method, path, headers)
    status: int

    def __str__(self) -> str:
        return self.id


AUTH = [
    Auth("list-no-header", lambda ids: ("GET", "/api/leads", {}), 401),
    Auth("list-wrong-token", lambda ids: ("GET", "/api/leads", bearer("not-a-real-token-0000")), 401),
    Auth("list-token-without-bearer", lambda ids: ("GET", "/api/leads", {"Authorization": HR_HX}), 401),
    Auth("list-token-in-query", lambda ids: ("GET", f"/api/leads?token={HR_HX}", {}), 401),
    Auth("list-access-token-in-query", lambda ids: ("GET", f"/api/leads?access_token={HR_HX}", {}), 401),
    # A valid token of another role is known but not allowed here: 403 (PROTOCOL.md "# Accounts and roles").
    Auth("list-host-token", lambda ids: ("GET", "/api/leads", bearer(HOST_TOKEN)), 403),
    Auth("lead-no-header", lambda ids: ("GET", f"/api/leads/{ids['a1']}", {}), 401),
    Auth("lead-token-in-query", lambda ids: ("GET", f"/api/leads/{ids['a1']}?token={HR_HX}", {}), 401),
    Auth("lead-host-token", lambda ids: ("GET", f"/api/leads/{ids['a1']}", bearer(HOST_TOKEN)), 403),
    Auth("csv-no-header", lambda ids: ("GET", "/api/leads.csv", {}), 401),
    Auth("csv-token-in-query", lambda ids: ("GET", f"/api/leads.csv?token={HR_HX}", {}), 401),
    Auth("followup-no-header", lambda ids: ("POST", f"/api/leads/{ids['a1']}/followups", {}), 401),
    Auth("other-employers-lead", lambda ids: ("GET", f"/api/leads/{ids['b1']}", bearer(HR_HX)), 404),
    Auth("missing-lead", lambda ids: ("GET", "/api/leads/L999999", bearer(HR_HX)), 404),
    Auth("own-lead", lambda ids: ("GET", f"/api/leads/{ids['a1']}", bearer(HR_HX)), 200),
    Auth("own-list", lambda ids: ("GET", "/api/leads", bearer(HR_SD)), 200),
]


@pytest.mark.parametrize("case", AUTH, ids=str)
def test_auth_matrix(lead_server, case):
    server = lead_server()
    ids = seed(server)
    method, path, headers = case.request(ids)
    body = {"status": "contacted"} if method == "POST" else None
    resp = api(server, method, path, headers=headers, body=body)
    assert resp.status == case.status, f"{case.id}: {resp.status} {resp.body[:300]!r}"
    text = resp.body.decode("utf-8", errors="replace")
    if case.status == 401:
        assert error_code(resp) == "unauthorized", text
    if case.status == 404:
        assert error_code(resp) == "not_found", text
    if case.status != 200:
        for phone in ("13812345678", "13900001111", "15012345678"):
            assert phone not in text, f"{case.id}: a refused request leaks a phone: {text[:300]}"
    if case.id == "own-lead":
        lead = resp.json()["lead"]
        assert lead["id"] == ids["a1"] and lead["phone"] == "13812345678"
    if case.id == "own-list":
        assert [lead["id"] for lead in resp.json()["leads"]] == [ids["b1"]]
    if method == "POST":  # a refused follow-up changed nothing
        assert lead_detail(server, HR_HX, ids["a1"])["status"] == "new"


def _normalised(resp: dc.Response, lead_id: str) -> tuple:
    return resp.status, resp.content_type, resp.body.decode("utf-8").replace(lead_id, "<ID>")


def test_another_employers_lead_looks_exactly_like_a_missing_one(lead_server):
    server = lead_server()
    ids = seed(server)
    missing = "L999999"
    foreign = get_lead(server, HR_HX, ids["b1"])
    absent = get_lead(server, HR_HX, missing)
    assert foreign.status == 404
    assert _normalised(foreign, ids["b1"]) == _normalised(absent, missing)

    foreign = post_followup(server, HR_HX, ids["b1"], {"status": "contacted", "note": "不是我的"})
    absent = post_followup(server, HR_HX, missing, {"status": "contacted", "note": "不是我的"})
    assert foreign.status == 404
    assert _normalised(foreign, ids["b1"]) == _normalised(absent, missing)
    lead = lead_detail(server, HR_SD, ids["b1"])
    assert lead["status"] == "new" and lead["followups"] == [], "a foreign follow-up changed the lead"


def test_hr_token_from_environment_overrides_the_config(lead_server):
    server = lead_server(env={"DAIGANG_HR_TOKEN_HX_ELECTRONICS": "env-hr-token-hx-777"})
    ids = seed(server)
    assert api(server, "GET", "/api/leads", token=HR_HX).status == 401
    leads = list_leads(server, "env-hr-token-hx-777")
    assert sorted(lead["id"] for lead in leads) == sorted([ids["a1"], ids["a2"]])
    assert len(list_leads(server, HR_SD)) == 1, "the other employer's token is unaffected"


@pytest.mark.parametrize("where", ["list", "lead"])
def test_method_not_allowed(lead_server, where):
    server = lead_server()
    ids = seed(server)
    path = "/api/leads" if where == "list" else f"/api/leads/{ids['a1']}"
    resp = api(server, "POST", path, token=HR_HX, body={"status": "contacted"})
    assert resp.status == 405, f"POST {path}: {resp.status} {resp.body[:200]!r}"
    assert error_code(resp) == "method_not_allowed"
    lead = lead_detail(server, HR_HX, ids["a1"])
    assert lead["status"] == "new" and lead["followups"] == []


ALLOW_CASES = [
    ("POST", "/api/leads", "GET, HEAD"),
    ("PUT", "/api/leads", "GET, HEAD"),
    ("POST", "/api/leads.csv", "GET, HEAD"),
    ("POST", "/api/leads/{a1}", "GET, HEAD"),
    ("DELETE", "/api/leads/{a1}", "GET, HEAD"),
    ("GET", "/api/leads/{a1}/followups", "POST"),
    ("PUT", "/api/leads/{a1}/followups", "POST"),
    ("POST", "/healthz", "GET, HEAD"),
    ("POST", "/api/sessions/s1", "GET, HEAD"),
    ("POST", "/", "GET, HEAD"),
]


@pytest.mark.parametrize("method, path, allow", ALLOW_CASES, ids=[f"{m} {p}" for m, p, _ in ALLOW_CASES])
def test_method_not_allowed_names_the_methods_the_path_takes(lead_server, method, path, allow):
    """RFC 9110 §15.5.6: a 405 carries ``Allow``; HEAD is answered wherever GET is."""
    server = lead_server()
    ids = seed(server)
    path = path.format(**ids)
    resp = api(server, method, path, token=HR_HX)
    assert resp.status == 405, f"{method} {path}: {resp.status} {resp.body[:200]!r}"
    assert error_code(resp) == "method_not_allowed"
    assert resp.headers.get_all("Allow") == [allow], f"{method} {path}: {resp.headers.get_all('Allow')!r}"
    if path.startswith("/api/leads"):
        # The API answers nothing, not even which methods it takes, before the sign-in.
        refused = api(server, method, path)
        assert refused.status == 401 and refused.headers.get("Allow") is None
        assert refused.headers.get("WWW-Authenticate") == 'Bearer realm="daigang"'


def test_an_unknown_resource_under_a_lead_is_not_found(lead_server):
    server = lead_server()
    ids = seed(server)
    for method in ("GET", "POST"):
        resp = api(server, method, f"/api/leads/{ids['a1']}/notes", token=HR_HX, body={"status": "contacted"})
        assert resp.status == 404 and error_code(resp) == "not_found", f"{method}: {resp.status} {resp.body[:200]!r}"
        assert resp.headers.get("Allow") is None


# --- Reading leads --------------------------------------------------------------------------------


def test_get_lead_has_every_field_and_no_followups_yet(lead_server):
    server = lead_server()
    ids = seed(server)
    lead = lead_detail(server, HR_HX, ids["a1"])
    assert lead["id"] == ids["a1"]
    assert lead["session"] == "s1" and lead["jobId"] == JOB_FULL and lead["jobTitle"] == "电子厂普工"
    assert lead["employerId"] == EMP_HX
    assert lead["name"] == "张三" and lead["note"] == "可以马上到岗"
    assert "hometown" not in lead  # shown to the bureau only as aggregates (docs/PRIVACY.md)
    assert lead["phone"] == "13812345678" and lead["phoneMasked"] == "138****5678"
    assert lead["status"] == "new"
    assert isinstance(lead["createdAt"], int) and isinstance(lead["updatedAt"], int)
    assert lead["followups"] == []


def seed_many(server) -> list[dict]:
    """8 leads over 2 sessions and 3 jobs, applied one after another; returns dicts with
    id, job, session, employer in application order."""
    specs = [
        (JOB_FULL, "s1"), (JOB_MIN, "s1"), (JOB_MID, "s1"), (JOB_FULL, "s1"),
        (JOB_MIN, "s1"), (JOB_MID, "s1"), (JOB_FULL, "s1"),
    ]
    out = []
    for i, (job, session) in enumerate(specs):
        (answer,) = apply_all(server, [apply_message(job, f"1380000{i:04d}", name=f"工人{i}")], session=session)
        out.append({"id": answer["leadId"], "job": job, "session": session, "phone": f"1380000{i:04d}"})
    (answer,) = apply_all(server, [apply_message(JOB_S2, "13800009999", name="二场")], session="s2")
    out.append({"id": answer["leadId"], "job": JOB_S2, "session": "s2", "phone": "13800009999"})
    return out


def hx_ids(seeded: list[dict], **where) -> list[str]:
    """hx lead ids matching ``where``, newest first."""
    rows = [s for s in seeded if s["job"] != JOB_MID and all(s[k] == v for k, v in where.items())]
    return [s["id"] for s in reversed(rows)]


def test_list_is_newest_first_and_only_the_employers_leads(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seeded = seed_many(server)
    leads = list_leads(server, HR_HX)
    assert [lead["id"] for lead in leads] == hx_ids(seeded), "newest first, hx leads only"
    assert all(lead["employerId"] == EMP_HX for lead in leads)
    created = [lead["createdAt"] for lead in leads]
    assert created == sorted(created, reverse=True)
    sd = list_leads(server, HR_SD)
    assert [lead["id"] for lead in sd] == [s["id"] for s in reversed(seeded) if s["job"] == JOB_MID]
    page = leads_page(server, HR_HX)  # default limit 50 > 6: one page
    assert page["nextCursor"] is None and len(page["leads"]) == len(leads)


def test_filter_by_job(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seeded = seed_many(server)
    assert [lead["id"] for lead in list_leads(server, HR_HX, job=JOB_MIN)] == hx_ids(seeded, job=JOB_MIN)
    assert [lead["id"] for lead in list_leads(server, HR_HX, job=JOB_FULL)] == hx_ids(seeded, job=JOB_FULL)
    assert list_leads(server, HR_HX, job=JOB_MID) == [], "another employer's job shows nothing"


def test_filter_by_session(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seeded = seed_many(server)
    assert [lead["id"] for lead in list_leads(server, HR_HX, session="s2")] == hx_ids(seeded, session="s2")
    assert [lead["id"] for lead in list_leads(server, HR_HX, session="s1")] == hx_ids(seeded, session="s1")


def test_filter_by_status(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seeded = seed_many(server)
    ids = hx_ids(seeded)
    contacted, hired = ids[1], ids[3]
    assert post_followup(server, HR_HX, contacted, {"status": "contacted"}).status == 201
    assert post_followup(server, HR_HX, hired, {"status": "contacted"}).status == 201
    assert post_followup(server, HR_HX, hired, {"status": "hired", "note": "已入职"}).status == 201
    assert [lead["id"] for lead in list_leads(server, HR_HX, status="contacted")] == [contacted]
    assert [lead["id"] for lead in list_leads(server, HR_HX, status="hired")] == [hired]
    assert [lead["id"] for lead in list_leads(server, HR_HX, status="new")] == [i for i in ids if i not in (contacted, hired)]
    assert list_leads(server, HR_HX, status="rejected") == []


def test_filter_since(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seed_many(server)
    leads = list_leads(server, HR_HX)
    times = sorted({lead["createdAt"] for lead in leads})
    for since in (times[0], times[len(times) // 2], times[-1]):
        expected = [lead["id"] for lead in leads if lead["createdAt"] >= since]
        assert [lead["id"] for lead in list_leads(server, HR_HX, since=since)] == expected, f"since={since}"
    assert list_leads(server, HR_HX, since=times[-1] + 1) == []
    assert len(list_leads(server, HR_HX, since=0)) == len(leads)


def test_paging_with_limit_2_walks_every_lead_exactly_once(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seeded = seed_many(server)
    expected = hx_ids(seeded)
    assert len(expected) == 6
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = leads_page(server, HR_HX, limit=2, cursor=cursor)
        pages += 1
        assert len(page["leads"]) <= 2
        seen.extend(lead["id"] for lead in page["leads"])
        cursor = page["nextCursor"]
        if cursor is None:
            break
        assert isinstance(cursor, str) and cursor
        assert pages < 10, "paging does not end"
    assert seen == expected, "every lead exactly once, newest first"
    assert pages in (3, 4), pages  # a last empty page is tolerated
    # Paging combines with a filter.
    walked = []
    cursor = None
    for _ in range(10):
        page = leads_page(server, HR_HX, limit=1, job=JOB_FULL, cursor=cursor)
        walked.extend(lead["id"] for lead in page["leads"])
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert walked == hx_ids(seeded, job=JOB_FULL)


@pytest.mark.parametrize("limit", ["0", "201", "x", "-1", "2.5"])
def test_bad_limit_is_400(lead_server, limit):
    server = lead_server()
    seed(server)
    resp = api(server, "GET", f"/api/leads?limit={urllib.parse.quote(limit)}", token=HR_HX)
    assert resp.status == 400, f"limit={limit}: {resp.status} {resp.body[:200]!r}"
    assert error_code(resp) == "bad_request"


@pytest.mark.parametrize("limit", [1, 200])
def test_limit_bounds_are_accepted(lead_server, limit):
    server = lead_server()
    seed(server)
    page = leads_page(server, HR_HX, limit=limit)
    assert len(page["leads"]) == min(limit, 2)


# --- Follow-ups ---------------------------------------------------------------------------------


def test_followup_sets_status_and_is_listed(lead_server):
    server = lead_server()
    ids = seed(server)
    before = lead_detail(server, HR_HX, ids["a1"])
    resp = post_followup(server, HR_HX, ids["a1"], {"status": "contacted", "note": "电话已联系，明天面试"})
    assert resp.status == 201, f"{resp.status} {resp.body[:300]!r}"
    lead = resp.json()["lead"]
    assert lead["id"] == ids["a1"] and lead["status"] == "contacted"
    assert lead["updatedAt"] >= before["createdAt"]

    detail = lead_detail(server, HR_HX, ids["a1"])
    assert detail["status"] == "contacted"
    assert len(detail["followups"]) == 1
    followup = detail["followups"][0]
    assert followup["status"] == "contacted" and followup["note"] == "电话已联系，明天面试"
    assert isinstance(followup["at"], int) and followup["at"] >= before["createdAt"]
    assert isinstance(followup["by"], str) and followup["by"]
    listed = {lead["id"]: lead for lead in list_leads(server, HR_HX)}
    assert listed[ids["a1"]]["status"] == "contacted"
    assert listed[ids["a2"]]["status"] == "new"

    # Oldest first; the latest sets the status; a note is optional.
    assert post_followup(server, HR_HX, ids["a1"], {"status": "interview_scheduled"}).status == 201
    detail = lead_detail(server, HR_HX, ids["a1"])
    assert [f["status"] for f in detail["followups"]] == ["contacted", "interview_scheduled"]
    assert detail["status"] == "interview_scheduled"


@pytest.mark.parametrize("status", STATUSES)
def test_every_documented_status_is_accepted(lead_server, status):
    server = lead_server()
    ids = seed(server)
    resp = post_followup(server, HR_SD, ids["b1"], {"status": status})
    assert resp.status == 201, f"{status}: {resp.status} {resp.body[:200]!r}"
    assert lead_detail(server, HR_SD, ids["b1"])["status"] == status


def test_followups_survive_a_restart(lead_server):
    server = lead_server()
    ids = seed(server)
    assert post_followup(server, HR_HX, ids["a2"], {"status": "unreachable", "note": "无人接听"}).status == 201
    server.restart()
    detail = lead_detail(server, HR_HX, ids["a2"])
    assert detail["status"] == "unreachable"
    assert [(f["status"], f.get("note")) for f in detail["followups"]] == [("unreachable", "无人接听")]


@dataclass
class BadBody:
    id: str
    body: object
    status: int = 400
    code: str = "bad_request"

    def __str__(self) -> str:
        return self.id


BAD_BODIES = [
    BadBody("unknown-status", {"status": "interviewed"}),
    BadBody("status-uppercase", {"status": "CONTACTED"}),
    BadBody("status-missing", {"note": "没有状态"}),
    BadBody("status-number", {"status": 1}),
    BadBody("note-2001-chars", {"status": "contacted", "note": "记" * 2001}),
    BadBody("note-number", {"status": "contacted", "note": 5}),
    BadBody("invalid-json", b'{"status": "contacted",'),
    BadBody("not-an-object", ["contacted"]),
    BadBody("empty-body", b""),
    BadBody("over-64-kib", {"status": "contacted", "note": "x" * (100 * 1024)}, 413, "too_large"),
    BadBody(
        "one-byte-over-64-kib",
        b'{"status":"contacted","note":"ok"}' + b" " * (64 * 1024 + 1 - len(b'{"status":"contacted","note":"ok"}')),
        413,
        "too_large",
    ),
]


@pytest.mark.parametrize("case", BAD_BODIES, ids=str)
def test_bad_followup_changes_nothing(lead_server, case):
    server = lead_server()
    ids = seed(server)
    resp = post_followup(server, HR_HX, ids["a1"], case.body)
    assert resp.status == case.status, f"{case.id}: {resp.status} {resp.body[:200]!r}"
    assert error_code(resp) == case.code, resp.body[:200]
    lead = lead_detail(server, HR_HX, ids["a1"])
    assert lead["status"] == "new" and lead["followups"] == [], f"{case.id} changed the lead: {lead!r}"
    # The API still works afterwards.
    assert post_followup(server, HR_HX, ids["a1"], {"status": "contacted"}).status == 201


def test_followup_body_of_exactly_64_kib_is_accepted(lead_server):
    server = lead_server()
    ids = seed(server)
    body = b'{"status":"contacted","note":"ok"}'
    body += b" " * (64 * 1024 - len(body))
    assert len(body) == 65536
    resp = post_followup(server, HR_HX, ids["a1"], body)
    assert resp.status == 201, f"{resp.status} {resp.body[:200]!r}"


def test_followup_note_of_2000_chars_is_accepted(lead_server):
    server = lead_server()
    ids = seed(server)
    resp = post_followup(server, HR_HX, ids["a1"], {"status": "rejected", "note": "记" * 2000})
    assert resp.status == 201, f"{resp.status} {resp.body[:200]!r}"
    assert lead_detail(server, HR_HX, ids["a1"])["followups"][0]["note"] == "记" * 2000


def test_followup_on_another_employers_lead_is_404(lead_server):
    server = lead_server()
    ids = seed(server)
    resp = post_followup(server, HR_SD, ids["a1"], {"status": "rejected"})
    assert resp.status == 404 and error_code(resp) == "not_found"
    assert lead_detail(server, HR_HX, ids["a1"])["status"] == "new"


# --- CSV ----------------------------------------------------------------------------------------


def parse_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def get_csv(server, token: str, **params) -> dc.Response:
    path = "/api/leads.csv"
    if params:
        path += "?" + urllib.parse.urlencode(params)
    resp = api(server, "GET", path, token=token)
    assert resp.status == 200, f"{path}: {resp.status} {resp.body[:300]!r}"
    return resp


def test_csv_export_format_and_rows(lead_server):
    server = lead_server()
    ids = seed(server)
    resp = get_csv(server, HR_HX)
    assert resp.content_type.startswith("text/csv"), resp.content_type
    assert "charset=utf-8" in resp.content_type.replace(" ", ""), resp.content_type
    disposition = resp.headers.get("Content-Disposition") or ""
    assert disposition.lower().startswith("attachment"), disposition
    assert "filename*=UTF-8''" in disposition, disposition

    body = resp.body
    assert body.startswith(b"\xef\xbb\xbf"), f"no UTF-8 BOM: {body[:20]!r}"
    assert body.endswith(b"\r\n"), "the last line ends with CRLF"
    assert body.count(b"\n") == body.count(b"\r\n"), "every line ends with CRLF"

    rows = parse_csv(body)
    header, data = rows[0], rows[1:]
    assert header[0].startswith("线索编号 Lead ID"), header
    assert all(len(row) == len(header) for row in data), rows
    by_id = {row[0]: row for row in data}
    assert len(by_id) == len(data), "a lead appears twice"
    api_ids = {lead["id"] for lead in list_leads(server, HR_HX)}
    assert set(by_id) == api_ids == {ids["a1"], ids["a2"]}
    assert "张三" in by_id[ids["a1"]] and "李四" in by_id[ids["a2"]], "Chinese names intact"
    assert "河南周口" not in by_id[ids["a1"]]  # the 家乡 column stays, empty: hometown is aggregates only
    assert "王五" not in body.decode("utf-8-sig") and "15012345678" not in body.decode("utf-8-sig")


def test_csv_export_applies_the_filters(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    seeded = seed_many(server)
    rows = parse_csv(get_csv(server, HR_HX, job=JOB_MIN).body)[1:]
    assert sorted(row[0] for row in rows) == sorted(hx_ids(seeded, job=JOB_MIN))
    rows = parse_csv(get_csv(server, HR_HX, session="s2").body)[1:]
    assert [row[0] for row in rows] == hx_ids(seeded, session="s2")
    rows = parse_csv(get_csv(server, HR_SD).body)[1:]
    assert sorted(row[0] for row in rows) == sorted(s["id"] for s in seeded if s["job"] == JOB_MID)


def test_csv_cells_that_look_like_formulas_get_an_apostrophe(lead_server):
    server = lead_server()
    x, y, z = apply_all(
        server,
        [
            apply_message(JOB_FULL, "13811112222", name="=1+1", note="+1 可加班"),
            apply_message(JOB_FULL, "13811113333", name="-王五", hometown="@河南", note="=HYPERLINK(\"http://x\")"),
            apply_message(JOB_MIN, "13811114444", name="赵六", note="普通备注"),
        ],
    )
    # The JSON API keeps the values as entered.
    assert lead_detail(server, HR_HX, x["leadId"])["name"] == "=1+1"

    rows = parse_csv(get_csv(server, HR_HX).body)
    by_id = {row[0]: row for row in rows[1:]}
    assert "'=1+1" in by_id[x["leadId"]] and "'+1 可加班" in by_id[x["leadId"]], by_id[x["leadId"]]
    assert "'-王五" in by_id[y["leadId"]] and "@河南" not in by_id[y["leadId"]], by_id[y["leadId"]]
    assert "'=HYPERLINK(\"http://x\")" in by_id[y["leadId"]], by_id[y["leadId"]]
    assert "赵六" in by_id[z["leadId"]] and "普通备注" in by_id[z["leadId"]], "ordinary cells are untouched"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(CSV_FORMULA_STARTS), f"unescaped formula cell {cell!r} in {row!r}"
