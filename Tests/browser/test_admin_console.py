"""The organizer console /admin (issue 11) in real headless Chromium at a laptop's 1366×768.

A clerk signs in with the organizer token (a wrong one is refused next to the field), opens a
session, imports a 200-row .xlsx made here with openpyxl (dry run preview, then 确认导入), sees a
bad sheet's row errors (row, column, reason) with nothing imported, withdraws a job after a
confirmation; a viewer applies over the WebSocket; the employer's HR sees the lead; a restart
keeps all of it. The campaign test (a session, employers and accounts made from nothing) runs
once the server has those routes (branches `directory` / `accounts`); until then it is skipped
and says which route is missing.

Set DAIGANG_SCREENSHOTS=DIR to save a screenshot of each section there (docs/screenshots/).
"""

from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

import openpyxl
import pytest
from selenium.webdriver.common.by import By

import daigang_browser as db

ORGANIZER = "console-test-organizer-token-0123456789abcdef"
LAPTOP = (1366, 768)
EMPLOYER = ("xinghe-electronics", "澄州星河电子有限公司")
OTHER_EMPLOYER = ("hengchi-auto", "澄州恒驰汽车部件有限公司")
HEADER = ["岗位名称*", "企业名称*", "工资下限*", "工资上限", "计薪方式*", "城市*", "区县", "招聘人数"]


PUBLIC_URL = "https://jobs.example.gov.cn"


def admin_server(tmp_path: Path, public_url: Optional[str] = None) -> db.DaigangServer:
    config = db.demo_config()
    config["organizerToken"] = ORGANIZER
    if public_url:
        config.setdefault("server", {})["publicURL"] = public_url
    return db.DaigangServer(tmp_path / "server", config=config)


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_sheet(n: int) -> bytes:
    employers = [EMPLOYER[1], OTHER_EMPLOYER[1]]
    return xlsx([HEADER] + [[f"装配工 {i}", employers[i % 2], 5000 + i, 6500 + i, "月", "澄州", "高新区", 10]
                            for i in range(1, n + 1)])


def bad_sheet() -> bytes:
    return xlsx([HEADER,
                 ["焊工", EMPLOYER[1], 6000, 7000, "月", "澄州", "", 5],
                 ["叉车司机", "没有这家公司", 6000, 7000, "月", "澄州", "", 5],
                 ["质检员", EMPLOYER[1], 6000, 7000, "每周", "澄州", "", 5]])


def api(server: db.DaigangServer, method: str, path: str, body: Optional[dict] = None,
        token: str = ORGANIZER) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(server.url(path), data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def missing_routes(server: db.DaigangServer) -> list[str]:
    """Routes the campaign test needs that this server does not have (404 "no such admin API")."""
    wanted = [("GET", "/api/admin/employers"), ("GET", "/api/admin/accounts"), ("POST", "/api/admin/sessions")]
    missing = []
    for method, path in wanted:
        status, body = api(server, method, path, {} if method == "POST" else None)
        if status in (404, 405) and ("no such admin API" in body.get("message", "") or status == 405):
            missing.append(f"{method} {path}")
    return missing


def write_upload(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def shot(driver, name: str) -> None:
    folder = os.environ.get("DAIGANG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))


def sign_in(driver, server: db.DaigangServer, token: str = ORGANIZER) -> None:
    driver.get(server.url("/admin"))
    db.type_into(driver, "signin-token", token)
    db.click_id(driver, "signin-submit")
    db.visible(driver, "admin-panel")


def open_session(driver, session_id: str) -> None:
    db.click(driver, db.css(driver, f'#sessions-list button[data-session-id="{session_id}"]'))
    db.attr_is(driver, "session-detail", "data-session-id", session_id)


def job_rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#detail-jobs tbody tr[data-job-id]")


def import_sheet(driver, tmp_path: Path, name: str, data: bytes) -> None:
    db.click_id(driver, "detail-import")
    db.visible(driver, "import-panel")
    driver.find_element(By.ID, "import-file").send_keys(write_upload(tmp_path, name, data))
    db.click_id(driver, "import-check")


def confirm(driver, action: str) -> None:
    db.attr_is(driver, "confirm-dialog", "data-action", action)
    db.click_id(driver, "confirm-dialog-ok")


def viewer_applies(server: db.DaigangServer, session: str, job_id: str, name: str, phone: str) -> str:
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{server.port}/ws", subprotocols=[db.SUBPROTOCOL], open_timeout=5) as ws:
        def request(message: dict, ref: int) -> dict:
            ws.send(json.dumps({**message, "ref": ref}, ensure_ascii=False))
            while True:
                reply = json.loads(ws.recv(timeout=10))
                if reply.get("ref") == ref:
                    assert reply["type"] != "error", reply
                    return reply
        request({"type": "hello", "session": session, "role": "viewer"}, 1)
        applied = request({"type": "apply", "jobId": job_id, "name": name, "phone": phone,
                           "hometown": "河南周口", "consent": True}, 2)
        return applied["leadId"]


def hr_lead_ids(server: db.DaigangServer, token: str) -> set[str]:
    status, body = api(server, "GET", "/api/leads", token=token)
    assert status == 200, body
    return {lead["id"] for lead in body["leads"]}


def test_clerk_imports_a_job_sheet_and_a_viewer_applies(browser, tmp_path):
    server = admin_server(tmp_path, public_url=PUBLIC_URL).start(port=0)
    try:
        # Refusals the test provokes (a wrong token, a bad sheet; and, until they land, the
        # employers and accounts routes) are logged by Chromium as failed loads.
        clerk = browser(*LAPTOP, allow_console=("status of 401", "status of 400", "status of 404"))
        clerk.get(server.url("/admin"))
        # A wrong token is refused next to the field, and the console stays hidden.
        db.type_into(clerk, "signin-token", "not-the-token")
        db.click_id(clerk, "signin-submit")
        db.visible(clerk, "signin-error")
        assert not clerk.find_element(By.ID, "admin-panel").is_displayed()
        assert "token" not in clerk.current_url
        db.type_into(clerk, "signin-token", ORGANIZER)
        db.click_id(clerk, "signin-submit")
        db.visible(clerk, "admin-panel")
        # The token lives in sessionStorage, never in the URL.
        assert clerk.execute_script("return sessionStorage.getItem('daigang.admin.token')") == ORGANIZER
        assert ORGANIZER not in clerk.current_url

        open_session(clerk, db.SESSION)
        before = len(job_rows(clerk))
        # The viewer link the server hands out starts with server.publicURL.
        db.wait_for(clerk, lambda d: d.find_element(By.ID, "detail-link").get_attribute("href")
                    == f"{PUBLIC_URL}/?session={db.SESSION}", message="the viewer link is not the public one")
        assert clerk.find_element(By.ID, "detail-qr").get_attribute("src").endswith(f"/qr.svg?session={db.SESSION}")
        assert clerk.find_element(By.ID, "detail-poster").get_attribute("href").endswith(f"/api/sessions/{db.SESSION}/poster.png")
        shot(clerk, "admin-sessions.png")

        # A bad sheet: every row error shown (row, column, reason), nothing imported.
        import_sheet(clerk, tmp_path, "bad.xlsx", bad_sheet())
        db.attr_is(clerk, "import-panel", "data-state", "rejected")
        errors = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
                  for row in clerk.find_elements(By.CSS_SELECTOR, "#import-errors tbody tr")]
        assert [row[0] for row in errors] == ["3", "4"], errors
        assert errors[0][1].startswith("企业名称") and errors[1][1].startswith("计薪方式"), errors
        assert all(row[2] for row in errors)
        assert not clerk.find_element(By.ID, "import-confirm").is_displayed()
        shot(clerk, "admin-import-errors.png")

        # 200 good rows: a dry-run preview first (nothing changes), then 确认导入.
        clerk.find_element(By.ID, "import-file").clear()
        clerk.find_element(By.ID, "import-file").send_keys(write_upload(tmp_path, "jobs.xlsx", good_sheet(200)))
        db.click_id(clerk, "import-check")
        db.attr_is(clerk, "import-panel", "data-state", "preview")
        assert len(clerk.find_elements(By.CSS_SELECTOR, "#import-preview tbody tr")) == 200
        db.text_contains(clerk, "import-summary", "共 200 个岗位")
        assert len(server.get_json(f"/api/sessions/{db.SESSION}")["jobs"]) == before
        shot(clerk, "admin-import-preview.png")
        db.click_id(clerk, "import-confirm")
        db.attr_is(clerk, "import-panel", "data-state", "imported")
        db.wait_for(clerk, lambda d: len(job_rows(d)) == before + 200, message="the imported jobs never listed")
        assert len(server.get_json(f"/api/sessions/{db.SESSION}")["jobs"]) == before + 200

        # Withdraw one imported job, after a confirmation.
        withdrawn = job_rows(clerk)[-1].get_attribute("data-job-id")
        db.click(clerk, db.css(clerk, f'#detail-jobs button[data-withdraw="{withdrawn}"]'))
        confirm(clerk, "withdraw-job")
        db.wait_for(clerk, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#detail-jobs tr[data-job-id="{withdrawn}"]'),
                    message="the withdrawn job stayed listed")
        kept = job_rows(clerk)[-1].get_attribute("data-job-id")

        # A viewer applies to an imported job; the employer's HR sees the lead.
        kept_job = next(job for job in server.get_json(f"/api/sessions/{db.SESSION}")["jobs"] if job["id"] == kept)
        hr_token = db.hr_token(kept_job["employerId"])
        lead = viewer_applies(server, db.SESSION, kept, "王强", "13700003333")
        assert lead in hr_lead_ids(server, hr_token)

        # A restart keeps the jobs, the withdrawal and the lead; the tab stays signed in.
        server.stop()
        server.start()
        clerk.refresh()
        db.visible(clerk, "admin-panel")
        open_session(clerk, db.SESSION)
        db.wait_for(clerk, lambda d: len(job_rows(d)) == before + 199, message="jobs lost in the restart")
        assert not clerk.find_elements(By.CSS_SELECTOR, f'#detail-jobs tr[data-job-id="{withdrawn}"]')
        assert lead in hr_lead_ids(server, hr_token)

        # The other sections (filled in by the campaign test once their routes exist).
        for tab in ("employers", "accounts"):
            db.click(clerk, db.css(clerk, f'.admin-tab[data-tab="{tab}"]'))
            db.visible(clerk, f"tab-{tab}")
            shot(clerk, f"admin-{tab}.png")

        # Signing out forgets the token.
        db.click_id(clerk, "admin-logout")
        db.visible(clerk, "signin-section")
        assert clerk.execute_script("return sessionStorage.getItem('daigang.admin.token')") is None
    finally:
        server.stop()


def test_clerk_runs_a_campaign_from_nothing(browser, tmp_path):
    server = admin_server(tmp_path).start(port=0)
    try:
        missing = missing_routes(server)
        if missing:
            pytest.skip("blocked: the server has no " + ", ".join(missing) + " yet (branches directory/accounts)")
        clerk = browser(*LAPTOP, allow_console=("status of 400",))
        sign_in(clerk, server)

        # A session from nothing, starting at a Beijing time.
        form = clerk.find_element(By.ID, "session-create")
        form.find_element(By.NAME, "title").send_keys("春风行动 第二场")
        form.find_element(By.NAME, "hostName").send_keys("区人社局 小王")
        form.find_element(By.NAME, "description").send_keys("电子厂、物流岗位专场")
        clerk.execute_script("arguments[0].value = '2026-12-20T14:30'", form.find_element(By.NAME, "startsAt"))
        db.click(clerk, form.find_element(By.CSS_SELECTOR, "[type=submit]"))
        db.text_contains(clerk, "detail-title", "春风行动 第二场")
        session = clerk.find_element(By.ID, "session-detail").get_attribute("data-session-id")
        assert session and session != db.SESSION

        # Two employers; a wrong credit code is refused under its field.
        db.click(clerk, db.css(clerk, '.admin-tab[data-tab="employers"]'))
        employers = clerk.find_element(By.ID, "employer-create")
        for name, code in [("澄州新创电子有限公司", "91330100716105852A"), ("澄州新创电子有限公司", "91330100716105852F"),
                           ("澄州顺达物流有限公司", "")]:
            for field in ("name", "creditCode"):
                employers.find_element(By.NAME, field).clear()
            employers.find_element(By.NAME, "name").send_keys(name)
            employers.find_element(By.NAME, "creditCode").send_keys(code)
            db.click(clerk, employers.find_element(By.CSS_SELECTOR, "[type=submit]"))
            if code.endswith("A"):
                db.css(clerk, '#employer-create .field__error[data-field="creditCode"]')
            else:
                db.wait_for(clerk, lambda d, n=name: any(n in row.text for row in d.find_elements(By.CSS_SELECTOR, "#employers-table tbody tr")))
        new_employer = next(row.get_attribute("data-employer-id") for row in clerk.find_elements(By.CSS_SELECTOR, "#employers-table tbody tr")
                            if "新创" in row.text)
        db.click(clerk, db.css(clerk, f'#employers-table tr[data-employer-id="{new_employer}"] button[data-act="verify"]'))
        db.wait_for(clerk, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#employers-table tr[data-employer-id="{new_employer}"] button[data-act="verify"]'))
        shot(clerk, "admin-employers.png")

        # 200 jobs of the new employer into the new session.
        db.click(clerk, db.css(clerk, '.admin-tab[data-tab="sessions"]'))
        open_session(clerk, session)
        rows = [HEADER] + [[f"普工 {i}", "澄州新创电子有限公司", 5000, 6000, "月", "澄州", "", 5] for i in range(1, 201)]
        import_sheet(clerk, tmp_path, "new.xlsx", xlsx(rows))
        db.attr_is(clerk, "import-panel", "data-state", "preview")
        db.click_id(clerk, "import-confirm")
        db.wait_for(clerk, lambda d: len(job_rows(d)) == 200)

        # An HR account for it: the token is read from the dialog, once.
        db.click(clerk, db.css(clerk, '.admin-tab[data-tab="accounts"]'))
        accounts = clerk.find_element(By.ID, "account-create")
        accounts.find_element(By.NAME, "name").send_keys("新创电子 HR 小李")
        db.wait_for(clerk, lambda d: d.find_elements(By.CSS_SELECTOR, f'#account-create option[value="{new_employer}"]'))
        clerk.execute_script("arguments[0].value = arguments[1]", accounts.find_element(By.NAME, "employerId"), new_employer)
        db.click(clerk, accounts.find_element(By.CSS_SELECTOR, "[type=submit]"))
        token = db.visible(clerk, "token-dialog-token").text
        assert len(token) >= 32
        shot(clerk, "admin-token.png")
        db.click_id(clerk, "token-dialog-close")
        db.css(clerk, "#accounts-table tbody tr[data-status=active]")
        assert token not in clerk.page_source
        shot(clerk, "admin-accounts.png")

        # Open the session; a viewer applies; the HR account sees the lead; a restart keeps it.
        db.click(clerk, db.css(clerk, '.admin-tab[data-tab="sessions"]'))
        open_session(clerk, session)
        db.click(clerk, db.css(clerk, '#detail-actions button[data-status="live"]'))
        confirm(clerk, "status-live")
        db.attr_is(clerk, "session-detail", "data-status", "live")
        job = job_rows(clerk)[0].get_attribute("data-job-id")
        lead = viewer_applies(server, session, job, "刘小梅", "13900002222")
        assert lead in hr_lead_ids(server, token)
        server.stop()
        server.start()
        assert lead in hr_lead_ids(server, token)
        clerk.refresh()
        db.visible(clerk, "admin-panel")
        open_session(clerk, session)
        db.wait_for(clerk, lambda d: len(job_rows(d)) == 200)
    finally:
        server.stop()
