"""The shortage board (/board) and the campaign report (/report) in real Chromium: colours with
their words, red first, the headline, and hometowns only as aggregates with "<5" (docs/REPORTS.md).
Screenshots go to docs/screenshots/board.png and report.png."""

from __future__ import annotations

import json
import urllib.request

from selenium.webdriver.common.by import By
from websockets.sync.client import connect

import daigang_browser as db

# (job, employer, applies, follow-up path per lead): lengxian (15 openings) ends green,
# hengchi (40) yellow, xinghe (80) red.
PLAN = [
    ("job-lx-coldchain-driver", "lengxian-supply", 11, ["contacted", "hired"]),
    ("job-hc-operator", "hengchi-auto", 15, ["contacted"]),
    ("job-xh-assembler", "xinghe-electronics", 3, []),
]
HOMETOWNS = ["河南省周口市"] * 6 + ["四川省南充市"] * 5 + ["贵州省毕节市"] * 2


def apply_leads(server) -> list[tuple[str, str, list[str]]]:
    """Applies over the WebSocket, a fresh viewer every 5 (the per-viewer apply limit); returns (lead, employer, path)."""
    leads = []
    n = 0
    for job, employer, count, path in PLAN:
        for _ in range(count):
            if n % 5 == 0:
                if n:
                    ws.close()
                ws = connect(f"ws://127.0.0.1:{server.port}/ws", subprotocols=[db.SUBPROTOCOL], open_timeout=5)
                ws.send(json.dumps({"type": "hello", "session": db.SESSION, "role": "viewer", "ref": 0}))
                while json.loads(ws.recv(timeout=10)).get("ref") != 0:
                    pass
            n += 1
            message = {"type": "apply", "jobId": job, "name": "测试", "phone": f"137{n:08d}", "consent": True, "ref": n}
            if n <= len(HOMETOWNS):
                message["hometown"] = HOMETOWNS[n - 1]
            ws.send(json.dumps(message, ensure_ascii=False))
            while True:
                reply = json.loads(ws.recv(timeout=10))
                if reply.get("ref") == n:
                    assert reply["type"] == "applied", reply
                    leads.append((reply["leadId"], employer, path))
                    break
    ws.close()
    return leads


def follow_up(server, leads) -> None:
    for lead, employer, path in leads:
        for status in path:
            request = urllib.request.Request(
                server.url(f"/api/leads/{lead}/followups"), method="POST",
                data=json.dumps({"status": status}).encode(),
                headers={"Authorization": f"Bearer {db.hr_token(employer)}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 201


def sign_in(driver, server, path: str) -> None:
    driver.get(server.url(path))
    db.visible(driver, "token-form")
    db.type_into(driver, "token-input", db.HOST_TOKEN)
    db.click(driver, driver.find_element(By.CSS_SELECTOR, "#token-form button"))


def test_board_and_report_render(server, browser):
    follow_up(server, apply_leads(server))

    board = browser(1280, 800)
    sign_in(board, server, "/board")
    db.visible(board, "board-main")
    rows = board.find_elements(By.CSS_SELECTOR, "#board-employers tr")
    colours = [row.get_attribute("data-colour") for row in rows]
    assert colours[0] == "red"
    assert "yellow" in colours and "green" in colours
    urgency = {"red": 0, "yellow": 1, "green": 2, "none": 3}
    assert [urgency[c] for c in colours] == sorted(urgency[c] for c in colours)
    by_name = {row.find_element(By.CSS_SELECTOR, "th").text: row for row in rows}
    # Colour plus word, never colour alone.
    assert by_name["澄州冷鲜达供应链有限公司"].find_element(By.CSS_SELECTOR, ".chip").text == "充足"
    assert by_name["澄州星河电子有限公司"].find_element(By.CSS_SELECTOR, ".chip").text == "缺工"
    assert by_name["澄州恒驰汽车部件有限公司"].find_element(By.CSS_SELECTOR, ".chip").text == "偏紧"
    assert "河南" not in board.find_element(By.TAG_NAME, "body").text  # the board shows no hometowns
    board.save_screenshot(str(db.REPO_ROOT / "docs/screenshots/board.png"))

    report = browser(1280, 1600)
    sign_in(report, server, "/report")
    db.visible(report, "report-main")
    headline = report.find_element(By.ID, "report-headline").text
    assert "29" in headline and "11" in headline  # applicants, hires
    # Old free-text hometowns are matched to their prefecture (河南省周口市 → 河南省 | 周口市).
    origins = {tuple(cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td, th")[:2]): row.find_elements(By.TAG_NAME, "td")[-1].text
               for row in report.find_elements(By.CSS_SELECTOR, "#report-origins tr")}
    assert origins[("河南省", "周口市")] == "6"
    assert origins[("贵州省", "毕节市")] == "<5"
    assert origins[("四川省", "南充市")] == "*"  # hidden with 贵州 so the total cannot give 贵州 away
    tiles = report.find_element(By.ID, "report-origin-map").text
    assert "河南" in tiles and "6" in tiles
    report.save_screenshot(str(db.REPO_ROOT / "docs/screenshots/report.png"))
    # 下载 Excel fetches /api/report.xlsx with the same sign-in and names the file.
    db.click_id(report, "report-xlsx")
    db.wait_for(report, lambda d: ".xlsx" in d.find_element(By.ID, "report-xlsx-status").text,
                message="no workbook: " + report.find_element(By.ID, "report-xlsx-status").text)


def test_host_console_lists_red_employers_first_with_a_pin(server, browser):
    follow_up(server, apply_leads(server))
    host = browser(1280, 900)
    host.get(server.url(f"/host?session={db.SESSION}"))
    db.host_login(host, server)
    db.visible(host, "host-board-panel")
    rows = host.find_elements(By.CSS_SELECTOR, "#host-board-list li")
    colours = [row.get_attribute("data-colour") for row in rows]
    assert colours and colours[0] == "red"
    urgency = {"red": 0, "yellow": 1, "green": 2, "none": 3}
    assert [urgency[c] for c in colours] == sorted(urgency[c] for c in colours)
    assert rows[0].find_element(By.CSS_SELECTOR, ".host-board__chip").text == "缺工"
    # Pinning from the panel pins that employer's job for the viewers.
    db.click(host, rows[0].find_element(By.TAG_NAME, "button"))
    db.wait_for(host, lambda d: d.find_element(By.ID, "host-pinned").get_attribute("data-job-id"))
    pinned = host.find_element(By.ID, "host-pinned").get_attribute("data-job-id")
    red_employer_jobs = {job["id"] for job in db.demo_config()["sessions"][0]["jobs"]
                         if job["employerId"] == rows[0].get_attribute("data-employer")}
    assert pinned in red_employer_jobs
