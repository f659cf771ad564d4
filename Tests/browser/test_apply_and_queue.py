"""Applying (viewer → HR) and the live interview line (viewer ↔ host)."""

from __future__ import annotations

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By

import daigang_browser as db


def test_viewer_applies_and_hr_of_that_employer_sees_the_full_phone(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    lead_id = db.viewer_apply_with_form(viewer, "job-xh-assembler", "张三", "138 1234 5678", pinned=True)
    assert lead_id
    assert viewer.find_element(By.ID, "apply-done-title").text == "报名成功"
    assert "电子厂普工" in viewer.find_element(By.ID, "apply-done-text").text
    db.attr_is(viewer, "pinned-apply", "data-applied", "true")
    assert viewer.find_element(By.ID, "pinned-apply").text == "已报名 ✓"
    db.text_contains(viewer, "applications-count", "1")

    # Remembered on the device: the next application takes one tap.
    db.visible(viewer, "profile")
    assert "138****5678" in viewer.find_element(By.ID, "profile-summary").text
    assert viewer.execute_script("return JSON.parse(localStorage.getItem('daigang.applicant')).phone") == "13812345678"
    quick = db.css(viewer, '#job-list button[data-apply-job="job-yq-housekeeping"]')
    assert quick.text == "一键报名"
    db.click(viewer, quick)
    # A second application asks first (apply-confirm.js), naming the job and the employer.
    db.attr_is(viewer, "confirm-dialog", "data-action", "apply-again")
    assert "酒店客房服务员" in db.visible(viewer, "confirm-dialog-text").text
    db.click_id(viewer, "confirm-dialog-ok")
    db.wait_for(viewer, lambda d: d.find_element(By.ID, "apply-panel").get_attribute("data-state") == "done"
                and d.find_element(By.ID, "apply-panel").get_attribute("data-job-id") == "job-yq-housekeeping")
    assert not viewer.find_element(By.ID, "apply-form").is_displayed()
    db.text_contains(viewer, "applications-count", "2")

    # HR of the employer of that job sees the lead with the phone number in full.
    hr = browser(1280, 800)
    db.hr_login(hr, server, "xinghe-electronics")
    row = db.css(hr, f'#leads-body tr[data-lead-id="{lead_id}"]')
    assert "张三" in row.text
    phone = row.find_element(By.CSS_SELECTOR, '[data-phone="full"]')
    assert phone.text.replace(" ", "") == "13812345678"
    # … and only its own: the hotel's lead is not there.
    assert len(hr.find_elements(By.CSS_SELECTOR, "#leads-body tr[data-lead-id]")) == 1

    # Forget me: name and phone leave the device; the next apply opens the form again.
    db.click_id(viewer, "forget-me")
    db.visible(viewer, "profile-forgotten")
    db.hidden(viewer, "profile")
    assert viewer.execute_script("return localStorage.getItem('daigang.applicant')") is None
    assert db.css(viewer, '#job-list button[data-apply-job="job-hc-operator"]').text == "我要报名"


def test_viewer_joins_the_line_host_calls_viewer_confirms(server, browser):
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(viewer, server)
    db.host_login(host, server)
    db.viewer_apply_with_form(viewer, "job-xh-assembler", "李四", "13912345678", pinned=True)

    db.click_id(viewer, "queue-join")
    db.attr_is(viewer, "queue-panel", "data-state", "waiting")
    db.attr_is(viewer, "queue-ticket", "data-ticket", "1")
    assert viewer.find_element(By.ID, "queue-position").text == "1 位"
    assert viewer.find_element(By.ID, "queue-ahead").text == "0 人"
    assert viewer.find_element(By.ID, "queue-eta").text
    db.visible(viewer, "queue-leave")

    # The host sees the entry, masked.
    # The host's list is redrawn as the line changes: read the entry afresh until it shows it.
    def shows_the_masked_applicant(driver):
        try:
            entry = driver.find_element(By.CSS_SELECTOR, '#queue-list li[data-ticket="1"]')
            text = entry.text
            return entry.get_attribute("data-state") == "waiting" and all(part in text for part in ("李四", "139****5678", "电子厂普工"))
        except (StaleElementReferenceException, NoSuchElementException):
            return False

    db.wait_for(host, shows_the_masked_applicant)
    assert "13912345678" not in host.find_element(By.ID, "queue-panel").text

    # Call with a message: the viewer's turn.
    db.type_into(host, "queue-call-message", "请打开视频，准备连麦")
    db.click(host, db.css(host, '#queue-list button[data-queue-action="call"][data-ticket="1"]'))
    db.visible(viewer, "queue-turn")
    db.attr_is(viewer, "queue-panel", "data-state", "called")
    assert viewer.find_element(By.ID, "queue-turn-title").text == "轮到您了！"
    assert viewer.find_element(By.ID, "queue-turn-message").text == "请打开视频，准备连麦"
    # The hint says how long there is (the call window, queue.callTimeoutSeconds: 60 by default).
    assert "60 秒内" in viewer.find_element(By.ID, "queue-turn-hint").text
    db.wait_for(viewer, lambda d: d.title.startswith("【轮到您了】"))
    db.css(host, '#queue-list li[data-ticket="1"][data-state="called"]')

    # "I'm here" → the host sees the state and a notice.
    db.click_id(viewer, "queue-here")
    db.hidden(viewer, "queue-turn")
    db.attr_is(viewer, "queue-panel", "data-state", "here")
    db.css(host, '#queue-list li[data-ticket="1"][data-state="here"]')
    toast = db.visible(host, "queue-toast")
    assert toast.get_attribute("data-event") == "here" and "李四" in toast.text
    db.css(host, '#queue-log li[data-event="here"][data-ticket="1"]')

    # Done (interviewed): the viewer sees the outcome; the line is empty.
    db.click(host, db.css(host, '#queue-list button[data-queue-action="interviewed"][data-ticket="1"]'))
    db.attr_is(viewer, "queue-panel", "data-state", "ended")
    db.attr_is(viewer, "queue-outcome", "data-reason", "interviewed")
    db.visible(host, "queue-empty")

    # Pause: the viewer is told and cannot join.
    db.click_id(host, "queue-pause")
    db.visible(host, "queue-resume")
    db.visible(viewer, "queue-paused")
    assert not viewer.find_element(By.ID, "queue-join").is_enabled()
    db.click_id(host, "queue-resume")
    db.hidden(viewer, "queue-paused")

    # Join again, then leave.
    db.click_id(viewer, "queue-join")
    db.attr_is(viewer, "queue-panel", "data-state", "waiting")
    db.click_id(viewer, "queue-leave")
    db.attr_is(viewer, "queue-outcome", "data-reason", "left")
    db.css(host, '#queue-log li[data-event="left"]')
