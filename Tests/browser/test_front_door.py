"""The front door at `/` and the HR page across sessions, in headless Chromium on a phone viewport."""

from __future__ import annotations

import copy
import json

from selenium.webdriver.common.by import By

import daigang_browser as db

EMPLOYER = "xinghe-electronics"
JOB = "job-xh-assembler"


def two_session_server(tmp_path, *, second_status: str = "live") -> db.DaigangServer:
    """The demo session plus `spring2` (a copy with one xinghe job and its own title)."""
    config = db.demo_config()
    second = copy.deepcopy(config["sessions"][0])
    second.update(id="spring2", title="第二场 · 返岗专场", status=second_status, host="就业科 李科长")
    second["jobs"] = [job for job in second["jobs"] if job["id"] == JOB]
    second.pop("pinnedJobId", None)
    second.pop("shownPolicyId", None)
    config["sessions"].append(second)
    server = db.DaigangServer(tmp_path / "server", config)
    return server.start(port=0)


def leave_then_stop(server: db.DaigangServer, *drivers) -> None:
    """Pages leave before the server goes: a live page's reconnect would log to the console."""
    for driver in drivers:
        driver.get("about:blank")
    server.stop()


def apply_in(browser, server, session: str, name: str, phone: str) -> str:
    viewer = browser(360, 640, mobile=True)
    viewer.get(server.url(f"/?session={session}"))
    db.hidden(viewer, "conn-banner")
    lead = db.viewer_apply_with_form(viewer, JOB, name, phone)
    viewer.get("about:blank")
    return lead


def test_front_door_lists_live_then_upcoming_and_enter_opens_the_viewer(tmp_path, browser):
    server = two_session_server(tmp_path, second_status="scheduled")
    phone = browser(360, 640, mobile=True)
    try:
        phone.get(server.url("/"))
        db.attr_is(phone, "home-sessions", "data-state", "ready")
        live = phone.find_elements(By.CSS_SELECTOR, "#home-live li.home-card")
        upcoming = phone.find_elements(By.CSS_SELECTOR, "#home-upcoming li.home-card")
        assert [card.get_attribute("data-session-id") for card in live] == [db.SESSION]
        assert [card.get_attribute("data-session-id") for card in upcoming] == ["spring2"]
        assert live[0].find_element(By.CSS_SELECTOR, ".home-card__badge").text == "直播中"
        assert "第二场 · 返岗专场" in upcoming[0].text and "李科长" in upcoming[0].text
        counts = live[0].find_element(By.CSS_SELECTOR, ".home-card__counts").text
        assert "6 家企业" in counts and "8 个岗位" in counts, counts
        enter = live[0].find_element(By.CSS_SELECTOR, "a.home-card__enter")
        assert enter.text == "进入" and enter.size["height"] >= 44  # a big tap target
        db.click(phone, enter)
        db.wait_for(phone, lambda d: f"?session={db.SESSION}" in d.current_url, message="进入 did not open the viewer")
        db.hidden(phone, "conn-banner")
        db.wait_for(phone, lambda d: d.find_element(By.ID, "session-title").text.strip() != "", message="no session title")
    finally:
        leave_then_stop(server, phone)


def test_front_door_says_when_nothing_is_on(tmp_path, browser):
    config = db.demo_config()
    config["sessions"][0]["status"] = "ended"
    server = db.DaigangServer(tmp_path / "server", config).start(port=0)
    try:
        phone = browser(360, 640, mobile=True)
        phone.get(server.url("/"))
        db.attr_is(phone, "home-sessions", "data-state", "empty")
        assert db.visible(phone, "home-empty").text == "暂无直播，敬请关注"
    finally:
        server.stop()


def test_hr_sees_two_sessions_filters_by_session_and_finds_by_phone(tmp_path, browser):
    server = two_session_server(tmp_path)
    hr = browser(360, 740, mobile=True)
    try:
        first = apply_in(browser, server, db.SESSION, "张三", "138 1234 5678")
        second = apply_in(browser, server, "spring2", "李四", "139 8765 4321")

        db.hr_login(hr, server, EMPLOYER)

        def shown(d):
            # Read in one script: the table is re-rendered while the filters load.
            return set(d.execute_script(
                "return [...document.querySelectorAll('#leads-body tr[data-lead-id]')].map((row) => row.dataset.leadId)"))

        # `?session=` preselects its session.
        db.wait_for(hr, lambda d: shown(d) == {first}, message="the URL's session is not preselected")
        select = hr.find_element(By.ID, "filter-session")
        options = "return [...document.querySelectorAll('#filter-session option')].map((o) => o.textContent)"
        db.wait_for(hr, lambda d: len(d.execute_script(options)) == 3, message="no session options")
        titles = hr.execute_script(options)
        assert titles[0] == "全部场次" and "第二场 · 返岗专场" in titles, titles

        # All sessions: both leads, each naming its session.
        hr.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('change'))", select)
        db.wait_for(hr, lambda d: shown(d) == {first, second}, message="all sessions do not show both leads")
        assert "第二场 · 返岗专场" in hr.find_element(By.CSS_SELECTOR, f'tr[data-lead-id="{second}"]').text

        # One session.
        hr.execute_script("arguments[0].value = 'spring2'; arguments[0].dispatchEvent(new Event('change'))", select)
        db.wait_for(hr, lambda d: shown(d) == {second}, message="the session filter does not filter")

        # Search by phone digits across all sessions.
        hr.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('change'))", select)
        db.wait_for(hr, lambda d: shown(d) == {first, second})
        db.type_into(hr, "filter-q", "1234")
        db.wait_for(hr, lambda d: shown(d) == {first}, message="the search by phone digits does not find the lead")
    finally:
        leave_then_stop(server, hr)
