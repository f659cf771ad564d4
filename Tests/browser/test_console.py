"""No page writes an error to the browser console, in either language."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

import daigang_browser as db


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_load_without_console_errors(server, browser, lang):
    query = f"&lang={lang}"
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server, query)
    assert db.severe_entries(viewer.get_log("browser")) == []

    host = browser(1280, 900)
    host.get(server.url(f"/host?session=demo{query}"))
    db.visible(host, "login-section")
    db.host_login(host, server)
    db.css(host, '#job-list li[data-job-id]')
    assert db.severe_entries(host.get_log("browser")) == []

    hr = browser(1280, 800)
    hr.get(server.url(f"/hr?session=demo{query}"))
    db.visible(hr, "hr-login-section")
    db.hr_login(hr, server, "yunqi-hotel")
    db.wait_for(hr, lambda d: d.find_element(By.ID, "leads-empty").is_displayed()
                or d.find_elements(By.CSS_SELECTOR, "#leads-body tr"))
    assert db.severe_entries(hr.get_log("browser")) == []
