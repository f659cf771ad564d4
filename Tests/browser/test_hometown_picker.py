"""The optional hometown picker on the viewer's apply form (province → prefecture, two native
selects; web-static/js/hometown-picker.js): the list is fetched only once the form opens, the
choice reaches the report as an aggregate, and HR's page never shows it.
Screenshot: docs/screenshots/apply-hometown.png."""

from __future__ import annotations

import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import daigang_browser as db


def report(server) -> dict:
    request = urllib.request.Request(server.url("/api/report"), headers={"Authorization": f"Bearer {db.HOST_TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def fetched(driver, fragment: str) -> bool:
    return driver.execute_script(
        "return performance.getEntriesByType('resource').some((e) => e.name.includes(arguments[0]))", fragment)


def test_viewer_picks_henan_then_zhoukou_and_applies(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    assert not fetched(viewer, "/data/divisions.json"), "the list is not part of the first page load"

    db.click_id(viewer, "pinned-apply")
    db.attr_is(viewer, "apply-panel", "data-state", "form")
    # The list arrives once the form is open; the prefecture select waits for a province.
    db.wait_for(viewer, lambda d: len(Select(d.find_element(By.ID, "apply-province")).options) == 35, message="34 provinces")
    assert fetched(viewer, "/data/divisions.json")
    prefecture = viewer.find_element(By.ID, "apply-prefecture")
    assert not prefecture.is_enabled()
    province = viewer.find_element(By.ID, "apply-province")
    assert province.size["height"] >= 44 and prefecture.size["height"] >= 44  # big touch targets
    db.type_into(viewer, "apply-name", "周口老乡")
    db.type_into(viewer, "apply-phone", "137 0000 1616")
    Select(province).select_by_visible_text("河南省")
    db.wait_for(viewer, lambda d: d.find_element(By.ID, "apply-prefecture").is_enabled())
    names = [o.text for o in Select(prefecture).options]
    assert "周口市" in names and "济源市" in names and "成都市" not in names
    Select(prefecture).select_by_visible_text("周口市")
    consent = viewer.find_element(By.ID, "apply-consent")
    db.click(viewer, consent)
    viewer.execute_script("document.querySelector('#apply-form .hometown').scrollIntoView({block: 'center'})")
    viewer.save_screenshot(str(db.REPO_ROOT / "docs/screenshots/apply-hometown.png"))
    db.click_id(viewer, "apply-submit")
    db.attr_is(viewer, "apply-panel", "data-state", "done")
    lead_id = db.visible(viewer, "apply-done-lead").get_attribute("data-lead-id")
    assert lead_id

    # The bureau sees it only counted: 1 from 周口 is "<5", by province and by prefecture.
    figures = report(server)
    cells = {(c.get("province"), c["place"]): c for c in figures["originPrefectures"]["cells"]}
    assert cells[("河南省", "周口市")]["shown"] == "<5" and cells[("河南省", "周口市")]["code"] == "411600"
    assert "count" not in cells[("河南省", "周口市")]
    assert [c["place"] for c in figures["originProvinces"]["cells"]] == ["河南省"]

    # HR of that employer sees the lead, without a hometown anywhere on the page.
    hr = browser(1280, 800)
    db.hr_login(hr, server, "xinghe-electronics")
    row = db.css(hr, f'#leads-body tr[data-lead-id="{lead_id}"]')
    assert "周口老乡" in row.text
    db.click(hr, row.find_element(By.CSS_SELECTOR, "[data-open-lead]"))
    db.wait_for(hr, lambda d: d.find_element(By.ID, "lead-detail").get_attribute("data-state") == "ready")
    page = hr.find_element(By.TAG_NAME, "body").text
    assert "河南" not in page and "家乡" not in page
