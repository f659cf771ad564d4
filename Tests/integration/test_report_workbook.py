"""GET /api/report.xlsx (PROTOCOL.md "# Reports"): the campaign report as a workbook that opens
right — Chinese sheet names and headers, figures as numbers, ids as text, the same figures as
/api/report — and that LibreOffice renders."""

from __future__ import annotations

import io
import json
import math

import openpyxl
import pytest

from daigang_client import HOST_TOKEN
from leads_support import api, lead_server  # noqa: F401 - lead_server is a fixture
from office_render import render_first_page
from season import SESSIONS, TOKENS, play_season, season_config, season_jobs

SEED = 17
LEADS_PER_SESSION = 12
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def season(lead_server, tmp_path):  # noqa: F811
    jobs = season_jobs(SEED)
    server = lead_server(season_config(tmp_path / "cfg", jobs))
    played = play_season(server, jobs, leads_per_session=LEADS_PER_SESSION, seed=SEED)
    return server, played


def workbook(server) -> tuple[bytes, openpyxl.Workbook]:
    resp = api(server, "GET", "/api/report.xlsx", token=HOST_TOKEN)
    assert resp.status == 200, resp.text()
    assert resp.content_type == XLSX, resp.content_type
    assert "filename*=UTF-8''" in (resp.headers.get("Content-Disposition") or "")
    return resp.body, openpyxl.load_workbook(io.BytesIO(resp.body))


def rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_report_workbook_has_the_reports_figures(season):
    server, played = season
    report = json.loads(api(server, "GET", "/api/report", token=HOST_TOKEN).body)
    _, book = workbook(server)
    assert book.sheetnames == ["汇总", "场次", "企业", "岗位", "行业", "区县", "来源"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.bold, sheet.title
        assert sheet.column_dimensions["A"].width >= 6, sheet.title

    summary = rows(book["汇总"])
    assert summary[0][:7] == ["场次数", "参会企业", "招聘人数", "求职人数", "报名人次", "达成意向", "录用"]
    h = report["headline"]
    assert summary[1] == [h["fairs"], h["employers"], h["openings"], h["applicants"], h["applications"],
                          h["agreements"], h["hires"], h["peakViewers"], h["uniqueViewers"]]
    assert all(isinstance(v, int) for v in summary[1]), "figures are numbers"

    sessions = rows(book["场次"])
    assert [r[0] for r in sessions[1:]] == [s["id"] for s in report["sessions"]] + ["合计"]
    for got, row in zip(sessions[1:], report["sessions"]):
        assert got[2:4] == [row["peakViewers"], row["uniqueViewers"]]
        assert got[4] == row["tally"]["openings"] and got[5] == row["tally"]["applications"]
        # apply_all uses a fresh viewer every 5 applications, one after the other.
        assert row["uniqueViewers"] == math.ceil(LEADS_PER_SESSION / 5)
    for cell in book["场次"]["A"][1:]:
        assert cell.data_type == "s", "ids are text"

    employers = rows(book["企业"])
    by_id = {r[0]: r for r in employers[1:]}
    for row in report["employers"]:
        got = by_id[row["id"]]
        assert got[4] == row["tally"]["openings"] and got[9] == row["tally"]["hired"], row["id"]
        assert got[-1] == {"red": "缺工", "yellow": "偏紧", "green": "充足", None: "未填人数"}[row.get("colour")]

    jobs = rows(book["岗位"])
    assert {r[0] for r in jobs[1:]} == set(SESSIONS), "every session's jobs"
    assert sum(r[5] for r in jobs[1:]) == len(played.leads), "every application under its job"
    for cell in book["岗位"]["B"][1:]:
        assert cell.data_type == "s"

    assert sum(r[1] for r in rows(book["行业"])[1:]) == h["openings"]
    assert sum(r[1] for r in rows(book["区县"])[1:]) == h["openings"]
    origins = rows(book["来源"])
    assert origins[0] == ["场次", "来源地", "人数", "层级"]
    assert {r[3] for r in origins[1:]} <= {"省", "地市"}
    assert {r[2] for r in origins[1:] if isinstance(r[2], str)} <= {"<5", "*"}
    shown_small = [r for r in origins[1:] if isinstance(r[2], int) and r[2] < 5 and r[1] not in ("其他", "未填")]
    assert not shown_small, f"a place under 5 shown as a number: {shown_small}"


def test_who_may_download_the_report_workbook(season):
    server, _ = season
    hr = api(server, "GET", "/api/report.xlsx", token=next(iter(TOKENS.values())))
    assert hr.status == 403, hr.status
    assert api(server, "GET", "/api/report.xlsx", token=None).status == 401
    assert api(server, "POST", "/api/report.xlsx", token=HOST_TOKEN).status == 405


def test_libreoffice_renders_the_report_workbook(season, tmp_path):
    server, _ = season
    body, _ = workbook(server)
    path = tmp_path / "report.xlsx"
    path.write_bytes(body)
    render_first_page(path, tmp_path, save_env="DAIGANG_SAVE_REPORT_XLSX_PNG")
