"""Weak network: the server goes away under the viewer page and comes back on the same port."""

from __future__ import annotations

from selenium.webdriver.common.by import By

import daigang_browser as db

# Chromium logs every refused WebSocket attempt while the server is down.
SERVER_DOWN = ("WebSocket connection to",)


def restart(server, viewer):
    port = server.port
    server.stop()
    banner = db.visible(viewer, "conn-banner")
    assert banner.get_attribute("data-state") == "reconnecting"
    assert banner.text == "重新连接中…"
    return port


def test_server_restart_under_the_viewer_page(server, browser):
    viewer = browser(360, 640, mobile=True, allow_console=SERVER_DOWN)
    db.open_viewer(viewer, server)

    # A half-filled form survives the drop, and sending it while offline waits for the line.
    db.click_id(viewer, "pinned-apply")
    db.type_into(viewer, "apply-name", "王五")
    db.type_into(viewer, "apply-phone", "150 1234 5678")
    db.click(viewer, viewer.find_element(By.ID, "apply-consent"))
    port = restart(server, viewer)
    db.click_id(viewer, "apply-submit")
    status = db.visible(viewer, "apply-status")
    assert "自动提交" in status.text
    assert viewer.find_element(By.ID, "apply-name").get_attribute("value") == "王五"
    assert viewer.find_element(By.ID, "apply-phone").get_attribute("value") == "150 1234 5678"

    server.start(port=port)
    db.hidden(viewer, "conn-banner", timeout=30)
    db.attr_is(viewer, "apply-panel", "data-state", "done", timeout=20)
    db.text_contains(viewer, "applications-count", "1")

    # In line, then another restart: the ticket comes back with the resumed identity.
    db.click_id(viewer, "queue-join")
    db.attr_is(viewer, "queue-ticket", "data-ticket", "1")
    port = restart(server, viewer)
    server.start(port=port)
    db.hidden(viewer, "conn-banner", timeout=30)
    db.attr_is(viewer, "queue-panel", "data-state", "waiting")
    db.attr_is(viewer, "queue-ticket", "data-ticket", "1")

    # And the page follows the current state of the restarted server.
    with db.HostSocket(server) as host:
        host.command({"type": "pin_job", "jobId": "job-lx-coldchain-driver"})
        host.command({"type": "announce", "text": "服务器已恢复，继续直播"})
    db.attr_is(viewer, "pinned-job", "data-job-id", "job-lx-coldchain-driver")
    db.text_contains(viewer, "announcements", "服务器已恢复")
