"""The /admin console at a season's size: the sessions list and the employers table each have a
search box (a season has ~50 sessions and 300 employers; bench/admin_bench.py measures that size).
Typing narrows the list to what matches (name, status, district…), the count line says how many
are shown of how many, and clearing the box shows them all again."""

from __future__ import annotations

import daigang_browser as db
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_admin_console import LAPTOP, ORGANIZER, admin_server, api, sign_in


def rows(driver, selector: str) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, selector))


def search(driver, element_id: str, text: str) -> None:
    box = driver.find_element(By.ID, element_id)
    # As a clerk would: select what is there and type over it (an empty text just deletes it).
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text or Keys.BACKSPACE)


def test_search_narrows_the_sessions_list_and_the_employers_table(browser, tmp_path):
    server = admin_server(tmp_path).start(port=0)
    try:
        for n in range(1, 13):
            status, _ = api(server, "POST", "/api/admin/employers", {"id": f"emp-{n:02d}", "name": f"澄州第{n}号制造有限公司",
                                                                    "district": "高新区" if n % 3 == 0 else "澄东区"})
            assert status == 201
        for n in range(1, 7):
            assert api(server, "POST", "/api/admin/sessions", {"title": f"春风行动第{n}场"})[0] == 201
        total_employers = len(api(server, "GET", "/api/admin/employers")[1]["employers"])
        total_sessions = len(api(server, "GET", "/api/admin/sessions")[1]["sessions"])

        clerk = browser(*LAPTOP)
        sign_in(clerk, server, ORGANIZER)
        db.wait_for(clerk, lambda d: rows(d, "#sessions-list li") == total_sessions, message="all sessions listed")
        assert f"共 {total_sessions} 个" in clerk.find_element(By.ID, "sessions-count").text
        search(clerk, "sessions-search", "第3场")
        db.wait_for(clerk, lambda d: rows(d, "#sessions-list li") == 1, message="one session matches 第3场")
        assert "春风行动第3场" in clerk.find_element(By.ID, "sessions-list").text
        assert clerk.find_element(By.ID, "sessions-count").text.startswith("显示 1 个")
        search(clerk, "sessions-search", "没有这一场")
        db.wait_for(clerk, lambda d: rows(d, "#sessions-list li") == 0, message="nothing matches")
        assert "没有找到" in clerk.find_element(By.ID, "sessions-count").text

        db.click(clerk, db.css(clerk, ".admin-tab[data-tab=employers]"))
        db.wait_for(clerk, lambda d: rows(d, "#employers-table tbody tr") == total_employers, message="all employers listed")
        search(clerk, "employers-search", "高新区")
        db.wait_for(clerk, lambda d: rows(d, "#employers-table tbody tr") == 4, message="the 4 employers in 高新区")
        assert all("高新区" in row.text for row in clerk.find_elements(By.CSS_SELECTOR, "#employers-table tbody tr"))
        search(clerk, "employers-search", "第12号")
        db.wait_for(clerk, lambda d: rows(d, "#employers-table tbody tr") == 1, message="one employer by name")
        search(clerk, "employers-search", "")
        db.wait_for(clerk, lambda d: rows(d, "#employers-table tbody tr") == total_employers, message="all again")
    finally:
        server.stop()
