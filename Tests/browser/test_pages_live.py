"""The viewer follows the host console live: pinned job, shown policy, edits; languages."""

from __future__ import annotations

from selenium.webdriver.common.by import By

import daigang_browser as db


def test_host_pins_job_and_shows_policy_and_the_mobile_viewer_follows(server, browser):
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(viewer, server)
    db.host_login(host, server)

    # Pin another job from the host console.
    db.click(host, db.css(host, '#job-list button[data-pin-job="job-kyt-sorter"]'))
    db.attr_is(host, "host-pinned", "data-job-id", "job-kyt-sorter")
    db.attr_is(viewer, "pinned-job", "data-job-id", "job-kyt-sorter")
    assert viewer.find_element(By.ID, "pinned-job-title").text == "快递分拣员"
    pay = viewer.find_element(By.ID, "pinned-job-pay")
    assert pay.is_displayed() and "22–26" in pay.text and "元/小时" in pay.text
    card = viewer.find_element(By.ID, "pinned-job-body")
    assert "人社认证" in card.find_element(By.CSS_SELECTOR, ".badge--verified").text
    assert "日结" in [tag.text for tag in card.find_elements(By.CSS_SELECTOR, ".tag")]
    assert card.find_element(By.CSS_SELECTOR, '[data-field="shift"]').text
    apply_button = viewer.find_element(By.ID, "pinned-apply")
    assert apply_button.is_displayed() and apply_button.get_attribute("data-apply-job") == "job-kyt-sorter"
    # Fits a 360 px phone: nothing wider than the viewport.
    assert viewer.execute_script("return document.documentElement.scrollWidth") <= 360

    # Show a policy: summary first, key points behind a <details>.
    db.click(host, db.css(host, '#policy-list button[data-show-policy="policy-apprentice"]'))
    db.attr_is(viewer, "shown-policy", "data-policy-id", "policy-apprentice")
    assert viewer.find_element(By.ID, "shown-policy-title").text
    assert viewer.find_element(By.ID, "shown-policy-summary").is_displayed()
    points = viewer.find_element(By.CSS_SELECTOR, '#shown-policy-body details[data-field="keyPoints"]')
    assert points.get_attribute("open") is None
    db.click(viewer, points.find_element(By.TAG_NAME, "summary"))
    db.wait_for(viewer, lambda d: points.find_element(By.CSS_SELECTOR, "ol li").is_displayed())

    # Edit the pinned job during the session: viewers see the new title and pay at once.
    db.click(host, db.css(host, '#job-list button[data-edit-job="job-kyt-sorter"]'))
    db.visible(host, "job-editor")
    db.type_into(host, "job-edit-title", "快递分拣员（夜班）")
    db.type_into(host, "job-edit-pay-max", "28")
    db.type_into(host, "job-edit-tags", "日结，夜班，包夜宵")
    db.click_id(host, "job-editor-save")
    db.hidden(host, "job-editor")
    db.text_contains(viewer, "pinned-job-title", "快递分拣员（夜班）")
    db.text_contains(viewer, "pinned-job-pay", "22–28")
    assert "包夜宵" in [tag.text for tag in viewer.find_elements(By.CSS_SELECTOR, "#pinned-job-body .tag")]

    # A bad edit is refused next to its field and changes nothing.
    db.click(host, db.css(host, '#job-list button[data-edit-job="job-kyt-sorter"]'))
    db.type_into(host, "job-edit-pay-min", "99")
    db.type_into(host, "job-edit-pay-max", "30")
    db.click_id(host, "job-editor-save")
    db.visible(host, "job-edit-pay-min-error")
    db.click_id(host, "job-editor-cancel")
    db.hidden(host, "job-editor")

    # Edit the shown policy.
    db.click(host, db.css(host, '#policy-list button[data-edit-policy="policy-apprentice"]'))
    db.type_into(host, "policy-edit-summary", "新的摘要：学徒制培训补贴按人发放。")
    db.click_id(host, "policy-editor-save")
    db.hidden(host, "policy-editor")
    db.text_contains(viewer, "shown-policy-summary", "新的摘要")

    # Unpin and hide.
    db.click_id(host, "unpin-job")
    db.attr_is(viewer, "pinned-job", "data-job-id", "")
    db.visible(viewer, "pinned-job-empty")
    db.click_id(host, "hide-policy")
    db.attr_is(viewer, "shown-policy", "data-policy-id", "")
    db.visible(viewer, "shown-policy-empty")

    # The host's token is in the tab's sessionStorage and never in the address bar.
    assert "demo-host-token" not in host.current_url
    assert host.execute_script("return sessionStorage.getItem('daigang.hostToken')") == "demo-host-token"
    assert host.find_element(By.ID, "viewer-qr").get_attribute("src").endswith("/qr.svg?session=demo")
    assert host.execute_script("return document.getElementById('viewer-qr').naturalWidth") > 0


def test_host_token_in_the_link_is_taken_and_removed_from_the_url(server, browser):
    host = browser(1280, 900)
    host.get(server.url("/host?session=demo#token=demo-host-token"))
    db.visible(host, "host-panel")
    db.wait_for(host, lambda d: "token" not in d.current_url, message="the token stayed in the URL")


def test_language_switch_is_remembered_and_lang_parameter_works(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    assert viewer.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert viewer.find_element(By.ID, "pinned-job-heading").text == "正在讲解的岗位"
    assert viewer.find_element(By.ID, "pinned-apply").text == "我要报名"
    assert viewer.find_element(By.ID, "lang-switch").text == "English"

    db.click_id(viewer, "lang-switch")
    db.attr_is(viewer, "lang-switch", "textContent", "中文")
    assert viewer.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert viewer.find_element(By.ID, "pinned-job-heading").text == "Job on air"
    assert viewer.find_element(By.ID, "pinned-apply").text == "Apply"
    assert "/ month" in viewer.find_element(By.ID, "pinned-job-pay").text

    viewer.refresh()
    db.hidden(viewer, "conn-banner")
    db.attr_is(viewer, "pinned-job-heading", "textContent", "Job on air")

    other = browser(360, 640, mobile=True)
    db.open_viewer(other, server, "&lang=en")
    assert other.find_element(By.ID, "pinned-job-heading").text == "Job on air"
    db.click_id(other, "lang-switch")
    db.attr_is(other, "pinned-job-heading", "textContent", "正在讲解的岗位")
    assert "lang=zh" in other.current_url


def test_bad_phone_is_refused_in_the_form_without_sending(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    db.click_id(viewer, "pinned-apply")
    db.attr_is(viewer, "apply-panel", "data-state", "form")
    notice = viewer.find_element(By.ID, "apply-consent-notice").text
    assert "HR" in notice and "澄州星河电子有限公司" in notice

    db.type_into(viewer, "apply-name", "张三")
    db.type_into(viewer, "apply-phone", "12345678901")
    db.click(viewer, viewer.find_element(By.ID, "apply-consent"))
    db.click_id(viewer, "apply-submit")
    error = db.visible(viewer, "apply-phone-error")
    assert "11位手机号" in error.text
    assert viewer.find_element(By.ID, "apply-phone").get_attribute("aria-invalid") == "true"
    assert viewer.find_element(By.ID, "apply-panel").get_attribute("data-state") == "form"
    assert not viewer.find_element(By.ID, "apply-name-error").is_displayed()

    # Nothing was sent: the server counts no application.
    assert server.get_json("/api/sessions/demo")["counters"]["applications"] == 0

    # Typing clears the error; a missing consent is caught as well.
    db.type_into(viewer, "apply-phone", "+86 139-1234-5678")
    db.hidden(viewer, "apply-phone-error")
    db.click(viewer, viewer.find_element(By.ID, "apply-consent"))  # untick
    db.click_id(viewer, "apply-submit")
    db.visible(viewer, "apply-consent-error")
    assert server.get_json("/api/sessions/demo")["counters"]["applications"] == 0


# Rewrites the phone of outgoing `apply` messages, so the form's own check passes and the
# server's refusal is what the page has to show.
CORRUPT_APPLY_PHONE = """
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  try {
    const message = JSON.parse(data);
    if (message.type === 'apply') data = JSON.stringify({ ...message, phone: '12345' });
  } catch (error) { /* not JSON: send as is */ }
  return send.call(this, data);
};
"""


def test_server_field_error_is_shown_next_to_its_field(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    viewer.execute_script(CORRUPT_APPLY_PHONE)
    db.click_id(viewer, "pinned-apply")
    db.type_into(viewer, "apply-name", "张三")
    db.type_into(viewer, "apply-phone", "138 1234 5678")
    db.click(viewer, viewer.find_element(By.ID, "apply-consent"))
    db.click_id(viewer, "apply-submit")
    error = db.visible(viewer, "apply-phone-error")
    assert "11位手机号" in error.text
    assert viewer.find_element(By.ID, "apply-panel").get_attribute("data-state") == "form"
    assert not viewer.find_element(By.ID, "apply-form-error").is_displayed()
    assert viewer.find_element(By.ID, "apply-phone").get_attribute("value") == "138 1234 5678"
    assert server.get_json("/api/sessions/demo")["counters"]["applications"] == 0
