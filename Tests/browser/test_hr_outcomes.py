"""HR's outcomes on the HR page: 初步达成意向, 已录用 with a start date, and 还在岗吗 seven days
after it (hr-followup.js, hr-retention.js)."""

from __future__ import annotations

import datetime as dt

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import daigang_browser as db

BEIJING = dt.timezone(dt.timedelta(hours=8))


def set_date(driver, element_id: str, value: str) -> None:
    """A date input's value as the picker would set it (typing into it depends on the locale)."""
    driver.execute_script(
        "const el = document.getElementById(arguments[0]); el.value = arguments[1];"
        "el.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)


def save_followup(hr, status: str, start: str | None = None) -> None:
    Select(hr.find_element(By.ID, "followup-status")).select_by_value(status)
    if start is not None:
        db.visible(hr, "followup-start-field")
        set_date(hr, "followup-start-date", start)
    else:
        assert not hr.find_element(By.ID, "followup-start-field").is_displayed()
    db.click_id(hr, "followup-submit")
    db.wait_for(hr, lambda d: d.find_element(By.ID, "lead-detail-status").get_attribute("data-status") == status,
                message=f"no {status}: " + hr.find_element(By.ID, "hr-message").text)
    db.wait_for(hr, lambda d: d.find_element(By.ID, "followup-fieldset").is_enabled(), message="the form stays disabled")


def test_agreed_then_hired_eight_days_ago_asks_whether_still_at_work(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    lead_id = db.viewer_apply_with_form(viewer, "job-xh-assembler", "张三", "138 1234 5678", pinned=True)

    hr = browser(1280, 900)
    db.hr_login(hr, server, "xinghe-electronics")
    db.click(hr, db.css(hr, f'#leads-body [data-open-lead="{lead_id}"]'))
    db.attr_is(hr, "lead-detail", "data-state", "ready")
    db.hidden(hr, "retention-ask")

    save_followup(hr, "agreed")
    assert hr.find_element(By.ID, "lead-detail-status").text == "初步达成意向"
    row = db.css(hr, f'#leads-body tr[data-lead-id="{lead_id}"]')
    db.wait_for(hr, lambda d: row.get_attribute("data-status") == "agreed", message="the row keeps its old status")

    start = (dt.datetime.now(BEIJING).date() - dt.timedelta(days=8)).isoformat()
    save_followup(hr, "hired", start)
    db.css(hr, '#lead-detail-facts [data-field="startDate"]')
    assert start in hr.find_element(By.CSS_SELECTOR, '#lead-detail-facts [data-field="startDate"]').text
    # Seven days after the start date the page asks, with big buttons.
    box = db.visible(hr, "retention-ask")
    assert "还在岗吗" in box.text and start in box.text
    yes = hr.find_element(By.ID, "retention-yes")
    assert yes.size["height"] >= 44 and yes.text == "还在岗"
    db.click_id(hr, "retention-yes")
    db.hidden(hr, "retention-ask")
    fact = db.css(hr, '#lead-detail-facts [data-field="retained"]')
    assert "是" in fact.text
    # The answer is durable: a reload shows it and does not ask again.
    hr.refresh()
    db.visible(hr, "hr-panel")
    db.click(hr, db.css(hr, f'#leads-body [data-open-lead="{lead_id}"]'))
    db.attr_is(hr, "lead-detail", "data-state", "ready")
    db.css(hr, '#lead-detail-facts [data-field="retained"]')
    assert not hr.find_element(By.ID, "retention-ask").is_displayed()
    assert db.severe_entries(hr.get_log("browser")) == []


def test_a_start_date_only_days_ago_does_not_ask_yet(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    lead_id = db.viewer_apply_with_form(viewer, "job-xh-assembler", "李四", "139 1234 5678", pinned=True)
    hr = browser(1280, 900)
    db.hr_login(hr, server, "xinghe-electronics")
    db.click(hr, db.css(hr, f'#leads-body [data-open-lead="{lead_id}"]'))
    db.attr_is(hr, "lead-detail", "data-state", "ready")
    start = (dt.datetime.now(BEIJING).date() - dt.timedelta(days=3)).isoformat()
    save_followup(hr, "hired", start)
    db.css(hr, '#lead-detail-facts [data-field="startDate"]')
    assert not hr.find_element(By.ID, "retention-ask").is_displayed()
    # The page's Excel export fetches the workbook with the sign-in and names it.
    db.click_id(hr, "xlsx-download")
    db.wait_for(hr, lambda d: ".xlsx" in d.find_element(By.ID, "hr-message").text,
                message="no export: " + hr.find_element(By.ID, "hr-message").text)
