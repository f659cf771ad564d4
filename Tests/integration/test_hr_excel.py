"""HR's follow-up outcomes, the .xlsx export that opens right, the CSV for Excel, and the
retention purge (PROTOCOL.md "Outcomes, the workbook and retention"; docs/PRIVACY.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.parse
from pathlib import Path

import openpyxl
import pytest

from daigang_client import JOB_FULL, JOB_MID, JOB_MIN
from leads_support import (  # noqa: F401 - lead_server is a fixture
    EMP_HX,
    HR_HX,
    api,
    apply_all,
    apply_message,
    lead_server,
    list_leads,
    post_followup,
)
from office_render import render_first_page
from server_process import run_cli

BEIJING = dt.timezone(dt.timedelta(hours=8))


def seed(server) -> dict:
    """Two hx leads (one with a hometown and a note) and one of the other employer."""
    a1, a2, b1 = apply_all(
        server,
        [
            apply_message(JOB_FULL, "13812345678", name="张三", hometown="河南周口", note="可以马上到岗"),
            apply_message(JOB_MIN, "13900001111", name="李四"),
            apply_message(JOB_MID, "15012345678", name="王五"),
        ],
    )
    return {"a1": a1["leadId"], "a2": a2["leadId"], "b1": b1["leadId"]}


def beijing_today() -> dt.date:
    return dt.datetime.now(BEIJING).date()


def follow(server, lead_id: str, body: dict) -> dict:
    resp = post_followup(server, HR_HX, lead_id, body)
    assert resp.status == 201, f"{body}: {resp.status} {resp.body[:300]!r}"
    return resp.json()["lead"]


def get(server, path: str, **params) -> bytes:
    if params:
        path += "?" + urllib.parse.urlencode(params)
    resp = api(server, "GET", path, token=HR_HX)
    assert resp.status == 200, f"{path}: {resp.status} {resp.body[:300]!r}"
    return resp


def test_outcomes_agreed_hired_with_start_date_and_retained(lead_server):
    server = lead_server()
    ids = seed(server)
    assert follow(server, ids["a1"], {"status": "agreed"})["statusLabel"] == "初步达成意向"
    start = beijing_today() - dt.timedelta(days=8)
    lead = follow(server, ids["a1"], {"status": "hired", "startDate": start.isoformat()})
    assert lead["startDate"] == start.isoformat()
    assert lead["retentionAskDate"] == (start + dt.timedelta(days=7)).isoformat()
    lead = follow(server, ids["a1"], {"status": "hired", "retained_7d": True})
    assert lead["retained_7d"] is True
    # Too early, malformed, or on the wrong status: refused, nothing recorded.
    too_soon = beijing_today() - dt.timedelta(days=2)
    follow(server, ids["a2"], {"status": "hired", "startDate": too_soon.isoformat()})
    for body in ({"status": "hired", "retained_7d": True}, {"status": "hired", "startDate": "2026-02-30"},
                 {"status": "agreed", "startDate": start.isoformat()}):
        resp = post_followup(server, HR_HX, ids["a2"], body)
        assert resp.status == 400, (body, resp.status, resp.body)
    detail = api(server, "GET", f"/api/leads/{ids['a2']}", token=HR_HX).json()["lead"]
    assert len(detail["followups"]) == 1
    # Durable: the outcome survives a restart.
    server.restart()
    again = api(server, "GET", f"/api/leads/{ids['a1']}", token=HR_HX).json()["lead"]
    assert again["startDate"] == start.isoformat() and again["retained_7d"] is True and again["status"] == "hired"


def export_workbook(server, tmp_path: Path, **params) -> Path:
    resp = get(server, "/api/leads.xlsx", **params)
    assert resp.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", resp.content_type
    assert "filename*=UTF-8''" in (resp.headers.get("Content-Disposition") or "")
    path = tmp_path / "leads.xlsx"
    path.write_bytes(resp.body)
    return path


def test_the_workbook_opens_with_text_phones_beijing_times_and_chinese_labels(lead_server, tmp_path):
    server = lead_server()
    ids = seed(server)
    follow(server, ids["a1"], {"status": "contacted", "note": "下午回电"})
    start = beijing_today() - dt.timedelta(days=3)
    follow(server, ids["a1"], {"status": "hired", "startDate": start.isoformat(), "note": "周一到岗"})
    created = {lead["id"]: lead["createdAt"] for lead in list_leads(server, HR_HX)}

    book = openpyxl.load_workbook(export_workbook(server, tmp_path))
    assert book.sheetnames == ["报名", "跟进记录"]
    leads, history = book["报名"], book["跟进记录"]
    header = [cell.value for cell in leads[1]]
    assert header[:4] == ["线索编号", "报名时间", "姓名", "手机"], header
    assert leads.freeze_panes == "A2" and history.freeze_panes == "A2"
    for letter in "ABCDJ":
        assert leads.column_dimensions[letter].width and leads.column_dimensions[letter].width > 8, letter
    rows = {row[0].value: row for row in leads.iter_rows(min_row=2)}
    assert set(rows) == {ids["a1"], ids["a2"]}, "only the employer's leads"
    a1 = rows[ids["a1"]]
    col = {name: index for index, name in enumerate(header)}
    phone, lead_id, when = a1[col["手机"]], a1[col["线索编号"]], a1[col["报名时间"]]
    assert phone.value == "13812345678" and phone.data_type == "s", (phone.value, phone.data_type)
    assert isinstance(lead_id.value, str) and lead_id.data_type == "s"
    assert isinstance(when.value, dt.datetime), when.value
    expected = dt.datetime.fromtimestamp(created[ids["a1"]] / 1000, BEIJING).replace(tzinfo=None)
    assert abs((when.value - expected).total_seconds()) < 1, (when.value, expected)
    assert "yy" in when.number_format and "h" in when.number_format, when.number_format
    assert a1[col["状态"]].value == "已录用"
    assert a1[col["到岗日期"]].value == start.isoformat()
    assert a1[col["最新备注"]].value == "周一到岗"
    assert rows[ids["a2"]][col["状态"]].value == "新线索"
    assert "家乡" not in header, "hometown is for aggregates, not a column HR sorts people by"

    h_header = [cell.value for cell in history[1]]
    assert h_header[:4] == ["线索编号", "时间", "状态", "备注"], h_header
    steps = [[cell.value for cell in row] for row in history.iter_rows(min_row=2)]
    assert [(s[0], s[2], s[3]) for s in steps] == [(ids["a1"], "已联系", "下午回电"), (ids["a1"], "已录用", "周一到岗")]
    assert all(isinstance(s[1], dt.datetime) for s in steps)
    assert steps[0][4] == f"bootstrap-hr-{EMP_HX}"  # the account (here the config token's)

    # Audited like the CSV.
    audit = run_cli("audit", "--employer", EMP_HX, "--data-dir", str(server.data_dir))
    assert audit.returncode == 0, audit.stderr
    assert any("\texport\t" in line and ids["a1"] in line for line in audit.stdout.splitlines()), audit.stdout


def test_libreoffice_renders_the_workbook(lead_server, tmp_path):
    server = lead_server()
    ids = seed(server)
    follow(server, ids["a1"], {"status": "agreed", "note": "薪资已谈妥"})
    path = export_workbook(server, tmp_path)
    # For a person to look at (docs/screenshots/hr-leads-xlsx.png was made this way: DAIGANG_SAVE_XLSX_PNG).
    render_first_page(path, tmp_path)


def test_csv_with_chinese_labels_and_a_bom(lead_server):
    server = lead_server()
    ids = seed(server)
    follow(server, ids["a1"], {"status": "agreed"})
    for labels, expected in (("zh", "初步达成意向"), (None, "agreed")):
        body = get(server, "/api/leads.csv", **({"labels": labels} if labels else {})).body
        assert body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        status = rows[0].index("状态 Status")
        by_id = {row[0]: row for row in rows[1:]}
        assert by_id[ids["a1"]][status] == expected
        assert by_id[ids["a1"]][rows[0].index("手机 Phone")] == "13812345678"
    resp = api(server, "GET", "/api/leads.csv?labels=fr", token=HR_HX)
    assert resp.status == 400 and "labels" in resp.json()["message"]


@pytest.mark.parametrize("path", ["/api/leads", "/api/leads.csv", "/api/leads.xlsx"])
def test_hometown_is_never_a_filter(lead_server, path):
    server = lead_server()
    seed(server)
    for query in (f"hometown={urllib.parse.quote('河南')}", "hometownCode=411600"):
        resp = api(server, "GET", f"{path}?{query}", token=HR_HX)
        assert resp.status == 400, (query, resp.status)
        assert resp.json()["error"] == "bad_request"
        assert "hometown" in resp.json()["message"]


def test_purge_erases_personal_data_and_keeps_the_counts(lead_server):
    server = lead_server()
    ids = seed(server)
    follow(server, ids["a1"], {"status": "hired", "startDate": beijing_today().isoformat(), "note": "电话里说好了"})
    before = {lead["id"]: lead for lead in list_leads(server, HR_HX)}
    tomorrow = (beijing_today() + dt.timedelta(days=1)).isoformat()
    data = str(server.data_dir)

    # While the server holds the data directory, the CLI refuses and changes nothing.
    refused = run_cli("leads", "purge", "--before", tomorrow, "--data-dir", data)
    assert refused.returncode != 0 and "in use by another daigang process" in refused.stderr, refused.stderr
    assert run_cli("leads", "purge", "--before", "2026-13-01", "--data-dir", data).returncode != 0
    assert list_leads(server, HR_HX)[0].get("name"), "nothing was erased"

    assert server.stop() == 0
    done = run_cli("leads", "purge", "--before", tomorrow, "--data-dir", data)
    assert done.returncode == 0, done.stderr
    assert "purged 3 lead(s)" in done.stdout, done.stdout
    again = run_cli("leads", "purge", "--before", tomorrow, "--data-dir", data)
    assert again.returncode == 0 and "nothing to purge" in again.stdout, again.stdout
    audit = run_cli("audit", "--employer", EMP_HX, "--data-dir", data)
    assert any("retention_erase" in line and f"before {tomorrow}" in line for line in audit.stdout.splitlines()), audit.stdout

    server.start()
    after = {lead["id"]: lead for lead in list_leads(server, HR_HX)}
    assert set(after) == set(before), "every lead still counts"
    for lead_id, lead in after.items():
        for field in ("name", "phone", "phoneMasked", "hometown", "note"):
            assert field not in lead, (field, lead)
        assert lead["erasedAt"] > 0
        for field in ("status", "jobId", "session", "createdAt", "employerId"):
            assert lead[field] == before[lead_id][field], field
    detail = api(server, "GET", f"/api/leads/{ids['a1']}", token=HR_HX).json()["lead"]
    assert detail["startDate"] == beijing_today().isoformat()
    assert all("note" not in step for step in detail["followups"])
    body = get(server, "/api/leads.csv").body.decode("utf-8-sig")
    assert "13812345678" not in body and "张三" not in body and "电话里说好了" not in body
    # And after the next start, from the journal (or the snapshot compaction wrote).
    server.restart()
    assert all("name" not in lead for lead in list_leads(server, HR_HX))
