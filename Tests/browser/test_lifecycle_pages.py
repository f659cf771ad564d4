"""The session's life on the pages (issue 10): live → ended → closed, and withdrawing a job.

* The host ends the stream (after a confirmation): the viewer says "直播已结束，仍可报名", hides
  the pinned job and the line's join button, and still takes applications.
* The host closes the session: the viewer's apply buttons are disabled with the closed message;
  the console turns read-only, and a command the server refuses is explained, not just coded.
* The host withdraws the pinned job: the viewer's card and pin disappear (no job_pinned follows),
  and an open apply form for it can no longer be sent.
* A host edit refused by the server (`unavailable`) keeps the editor open with the error; the
  console and the viewer keep the old value.
* A scheduled session says "尚未开始", and the line opens when the host goes live.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from selenium.webdriver.common.by import By

import daigang_browser as db

PINNED = "job-xh-assembler"  # pinned in the demo config
OTHER = "job-yq-housekeeping"


def confirm(host, action: str, expect_text: str, *, accept: bool = True) -> None:
    """Answers the host's "are you sure?" dialog for `action`."""
    db.attr_is(host, "confirm-dialog", "data-action", action)
    dialog = db.visible(host, "confirm-dialog")
    assert expect_text in dialog.find_element(By.ID, "confirm-dialog-text").text
    db.click_id(host, "confirm-dialog-ok" if accept else "confirm-dialog-cancel")
    db.hidden(host, "confirm-dialog")


def status_button(host, status: str):
    return host.find_element(By.CSS_SELECTOR, f'#host-controls button[data-status="{status}"]')


def apply_buttons(viewer) -> list:
    return viewer.find_elements(By.CSS_SELECTOR, "#job-list button[data-apply-job]")


def force_click(driver, element) -> None:
    """Clicks a control the page has disabled (to send what a stale page could still send)."""
    driver.execute_script("arguments[0].closest('fieldset').disabled = false; arguments[0].disabled = false;"
                          " arguments[0].click();", element)


def test_host_ends_then_closes_and_the_viewer_follows(server, browser):
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(viewer, server)
    db.host_login(host, server)
    db.attr_is(viewer, "session-status", "data-session-status", "live")
    assert not viewer.find_element(By.ID, "session-notice").is_displayed()
    assert viewer.find_element(By.ID, "pinned-job").is_displayed()
    # Going back to "not started" is not offered once live.
    assert not status_button(host, "scheduled").is_enabled()

    # Ending asks first; "cancel" changes nothing.
    db.click(host, status_button(host, "ended"))
    confirm(host, "status-ended", "结束直播后排队将关闭，报名仍开放", accept=False)
    assert server.get_json("/api/sessions/demo")["status"] == "live"
    db.click(host, status_button(host, "ended"))
    confirm(host, "status-ended", "结束直播后排队将关闭，报名仍开放")
    db.attr_is(host, "session-status", "data-session-status", "ended")

    # The viewer: the ended notice, no "on air" job, applications still open.
    db.attr_is(viewer, "session-status", "data-session-status", "ended")
    assert viewer.find_element(By.ID, "session-status").text == "已结束"
    notice = db.visible(viewer, "session-notice")
    assert notice.text == "直播已结束，仍可报名" and notice.get_attribute("data-status") == "ended"
    db.hidden(viewer, "pinned-job")
    assert not viewer.find_elements(By.CSS_SELECTOR, "#job-list .badge--live")
    lead_id = db.viewer_apply_with_form(viewer, PINNED, "王五", "137 1234 5678")
    assert lead_id
    db.attr_is(viewer, "applications-count", "textContent", "1")
    # … but the interview line is closed, and says why.
    db.visible(viewer, "queue-panel")
    closed_line = db.visible(viewer, "queue-closed")
    assert "直播已结束" in closed_line.text and closed_line.get_attribute("data-status") == "ended"
    assert not viewer.find_element(By.ID, "queue-join").is_displayed()
    assert viewer.execute_script("return document.documentElement.scrollWidth") <= 360
    shots = os.environ.get("DAIGANG_SHOTS")
    if shots:
        viewer.execute_script("window.scrollTo(0, 0)")
        viewer.save_screenshot(str(Path(shots) / "viewer-ended.png"))

    # The same in English.
    db.click_id(viewer, "lang-switch")
    db.text_contains(viewer, "session-notice", "The live stream has ended — you can still apply")
    db.click_id(viewer, "lang-switch")
    db.text_contains(viewer, "session-notice", "直播已结束")

    # A change the lifecycle forbids, sent by a page that still offers it, is explained.
    force_click(host, status_button(host, "scheduled"))
    message = db.visible(host, "host-message")
    db.attr_is(host, "host-message", "data-kind", "error")
    assert "不能改成这个状态" in message.text and "status_order" in message.text
    assert server.get_json("/api/sessions/demo")["status"] == "ended"

    # Closing asks first, then the session is read-only.
    db.click(host, status_button(host, "closed"))
    confirm(host, "status-closed", "关闭后本场只读，不再接受报名")
    db.attr_is(viewer, "session-status", "data-session-status", "closed")
    assert viewer.find_element(By.ID, "session-status").text == "已关闭"
    notice = db.visible(viewer, "session-notice")
    assert notice.text == "本场已关闭，不再接受报名"
    db.hidden(viewer, "pinned-job")
    assert not viewer.find_element(By.ID, "queue-join").is_displayed()
    db.text_contains(viewer, "queue-closed", "本场已关闭")
    db.wait_for(viewer, lambda d: all(not button.is_enabled() for button in apply_buttons(d)),
                message="apply buttons stay enabled in a closed session")
    for button in apply_buttons(viewer):
        job_id = button.get_attribute("data-apply-job")
        if job_id == PINNED:  # applied before: stays "applied"
            assert button.get_attribute("data-applied") == "true"
        else:
            assert button.get_attribute("data-closed") == "true" and button.text == "已停止报名"
            assert button.get_attribute("aria-describedby") == "session-notice"
    # Tapping a disabled button opens nothing.
    db.click(viewer, db.css(viewer, f'#job-list button[data-apply-job="{OTHER}"]'))
    assert viewer.find_element(By.ID, "apply-panel").get_attribute("data-state") in ("closed", "done")
    assert not viewer.find_element(By.ID, "apply-form").is_displayed()

    # The console: read-only, and a command a stale page still sends is refused with the reason.
    db.visible(host, "host-closed-notice")
    # (is_enabled() does not look at a <fieldset>: ask the DOM)
    db.wait_for(host, lambda d: d.execute_script("return document.getElementById('host-controls').disabled"),
                message="the host controls stay enabled in a closed session")
    assert not status_button(host, "live").is_enabled()
    assert status_button(host, "closed").get_attribute("aria-pressed") == "true"
    host.execute_script("document.getElementById('host-controls').disabled = false;"
                        "document.getElementById('announce-text').value = '还有人吗？';")
    db.click_id(host, "announce-button")
    db.wait_for(host, lambda d: "本场已关闭" in d.find_element(By.ID, "host-message").text,
                message="session_closed is not explained")
    assert "session_closed" in host.find_element(By.ID, "host-message").text
    assert server.get_json("/api/sessions/demo")["announcements"] == []

    # A viewer who arrives now sees the closed session as it is.
    late = browser(360, 640, mobile=True)
    db.open_viewer(late, server)
    db.attr_is(late, "session-notice", "data-status", "closed")
    assert not late.find_element(By.ID, "pinned-job").is_displayed()
    assert all(not button.is_enabled() for button in apply_buttons(late))


def test_host_withdraws_the_pinned_job_and_the_viewer_card_and_pin_disappear(server, browser):
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(viewer, server)
    db.host_login(host, server)
    db.attr_is(viewer, "pinned-job", "data-job-id", PINNED)
    # The viewer has the pinned job's form open when it is withdrawn.
    db.click_id(viewer, "pinned-apply")
    db.attr_is(viewer, "apply-panel", "data-state", "form")
    db.type_into(viewer, "apply-name", "赵六")

    withdraw = db.css(host, f'#job-list button[data-withdraw-job="{PINNED}"]')
    assert withdraw.text == "下架"
    db.click(host, withdraw)
    # The dialog names the job and says the pin goes too.
    db.attr_is(host, "confirm-dialog", "data-action", "withdraw-job")
    assert "电子厂普工" in host.find_element(By.ID, "confirm-dialog-text").text
    assert "置顶" in db.visible(host, "confirm-dialog-note").text
    confirm(host, "withdraw-job", "观众不能再报名这个岗位")
    db.text_contains(host, "host-message", "已下架")
    db.attr_is(host, "host-pinned", "data-job-id", "")
    assert not host.find_elements(By.CSS_SELECTOR, f'#job-list li[data-job-id="{PINNED}"]')

    # The viewer: no pin, no card, and the open form cannot be sent for it.
    db.attr_is(viewer, "pinned-job", "data-job-id", "")
    db.visible(viewer, "pinned-job-empty")
    db.wait_for(viewer, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#job-list li[data-job-id="{PINNED}"]'),
                message="the withdrawn job's card stayed")
    assert viewer.find_elements(By.CSS_SELECTOR, f'#job-list li[data-job-id="{OTHER}"]')
    error = db.visible(viewer, "apply-form-error")
    assert "下架" in error.text
    assert not viewer.find_element(By.ID, "apply-submit").is_enabled()
    assert viewer.find_element(By.ID, "apply-name").get_attribute("value") == "赵六"  # what was typed stays
    db.click_id(viewer, "apply-cancel")
    db.hidden(viewer, "apply-panel")

    snapshot = server.get_json("/api/sessions/demo")
    assert snapshot["pinnedJobId"] is None
    assert PINNED not in [job["id"] for job in snapshot["jobs"]]

    # After a reload it stays gone.
    viewer.refresh()
    db.hidden(viewer, "conn-banner")
    db.css(viewer, f'#job-list li[data-job-id="{OTHER}"]')
    assert not viewer.find_elements(By.CSS_SELECTOR, f'#job-list li[data-job-id="{PINNED}"]')
    assert viewer.find_element(By.ID, "pinned-job").get_attribute("data-job-id") == ""


# Answers the next `upsert_job` as a refused write would (`unavailable`) instead of sending it,
# so the page has to show the error and keep the old value.
REFUSE_UPSERT = """
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  let message = null;
  try { message = JSON.parse(data); } catch (error) { /* not JSON */ }
  if (message && message.type === 'upsert_job') {
    const reply = { type: 'error', code: 'unavailable', ref: message.ref,
      message: 'the change could not be saved, so nothing changed; please try again' };
    setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(reply) })), 50);
    return undefined;
  }
  return send.call(this, data);
};
"""


def test_a_refused_edit_is_not_called_saved_and_the_old_value_stays(server, browser):
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(viewer, server)
    db.host_login(host, server)
    old_title = db.demo_job(OTHER)["title"]
    host.execute_script(REFUSE_UPSERT)

    db.click(host, db.css(host, f'#job-list button[data-edit-job="{OTHER}"]'))
    db.visible(host, "job-editor")
    db.type_into(host, "job-edit-title", "不会保存的标题")
    db.click_id(host, "job-editor-save")
    error = db.visible(host, "job-editor-error")
    assert "没有生效" in error.text and "unavailable" in error.text
    assert host.find_element(By.ID, "job-editor").is_displayed()  # still open, edits kept
    assert host.find_element(By.ID, "job-edit-title").get_attribute("value") == "不会保存的标题"
    assert "已保存" not in host.find_element(By.ID, "host-message").text
    item = host.find_element(By.CSS_SELECTOR, f'#job-list li[data-job-id="{OTHER}"]')
    assert old_title in item.text and "不会保存的标题" not in item.text
    db.click_id(host, "job-editor-cancel")
    assert [job["title"] for job in server.get_json("/api/sessions/demo")["jobs"] if job["id"] == OTHER] == [old_title]
    assert old_title in viewer.find_element(By.CSS_SELECTOR, f'#job-list li[data-job-id="{OTHER}"]').text


def test_a_scheduled_session_says_not_started_and_the_line_waits_for_the_stream(tmp_path, browser):
    server = db.DaigangServer(tmp_path / "server")
    config = json.loads(server.config_path.read_text(encoding="utf-8"))
    config["sessions"][0]["status"] = "scheduled"
    server.config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    server.start(port=0)
    try:
        viewer = browser(360, 640, mobile=True)
        db.open_viewer(viewer, server)
        db.attr_is(viewer, "session-status", "data-session-status", "scheduled")
        assert "尚未开始" in db.visible(viewer, "session-notice").text
        assert viewer.find_element(By.ID, "pinned-job").is_displayed()
        db.viewer_apply_with_form(viewer, PINNED, "钱七", "136 1234 5678", pinned=True)
        db.text_contains(viewer, "queue-closed", "直播开始后")
        assert not viewer.find_element(By.ID, "queue-join").is_displayed()

        # Going live opens the line.
        with db.HostSocket(server) as host:
            host.command({"type": "session_status", "status": "live"})
        db.hidden(viewer, "session-notice")
        db.hidden(viewer, "queue-closed")
        db.click_id(viewer, "queue-join")
        db.attr_is(viewer, "queue-panel", "data-state", "waiting")
    finally:
        server.stop()
