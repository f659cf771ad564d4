"""A policy withdrawn over the admin API while it is shown (PROTOCOL.md "Withdrawing a policy"):
the viewer page shows no policy any more, and the host console's policy list loses it."""

from __future__ import annotations

from selenium.webdriver.common.by import By

import daigang_browser as db
from test_admin_console import admin_server, api


def test_a_shown_policy_withdrawn_leaves_the_viewer_and_the_host_console(browser, tmp_path):
    server = admin_server(tmp_path).start(port=0)
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    try:
        db.open_viewer(viewer, server)
        db.host_login(host, server)
        db.click(host, db.css(host, '#policy-list button[data-show-policy="policy-apprentice"]'))
        db.attr_is(viewer, "shown-policy", "data-policy-id", "policy-apprentice")

        status, body = api(server, "DELETE", f"/api/admin/sessions/{db.SESSION}/policies/policy-apprentice")
        assert status == 200 and body == {"withdrawn": True}

        db.attr_is(viewer, "shown-policy", "data-policy-id", "")
        db.visible(viewer, "shown-policy-empty")
        db.attr_is(host, "host-shown", "data-policy-id", "")
        db.wait_for(host, lambda d: not d.find_elements(By.CSS_SELECTOR, '#policy-list [data-show-policy="policy-apprentice"]'),
                    message="the withdrawn policy left the host's list")
        assert host.find_elements(By.CSS_SELECTOR, "#policy-list [data-show-policy]"), "the other policies stay"
    finally:
        # Leave the live pages first: a page that sees its server go away logs its reconnects as errors.
        for driver in (viewer, host):
            driver.get("about:blank")
        server.stop()
