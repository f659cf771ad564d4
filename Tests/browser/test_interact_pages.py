"""Questions between the viewer page and the host console, the attention banner, per-job counts,
the confirmation before a second application and withdrawing one (issue 12, interact)."""

from __future__ import annotations

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By

import daigang_browser as db

PINNED = "job-xh-assembler"


def fresh(driver, selector: str, test) -> bool:
    """``test(element)`` on a freshly found element (lists are redrawn as the state changes)."""
    try:
        return bool(test(driver.find_element(By.CSS_SELECTOR, selector)))
    except (StaleElementReferenceException, NoSuchElementException):
        return False


def ask(viewer, text: str, *, about_pinned: bool = False) -> None:
    db.type_into(viewer, "qa-text", text)
    if about_pinned:
        db.click_id(viewer, "qa-about-pinned")
    db.click_id(viewer, "qa-submit")
    db.attr_is(viewer, "qa-status", "data-kind", "ok")


def test_questions_flow_from_viewers_to_the_host_and_back(server, browser):
    alice = browser(360, 640, mobile=True)
    bob = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(alice, server)
    db.open_viewer(bob, server)
    db.host_login(host, server)

    db.visible(alice, "qa-empty")
    ask(alice, "有夫妻房吗？", about_pinned=True)
    db.wait_for(bob, lambda d: fresh(d, '#qa-list li[data-question-id="1"]', lambda e: "有夫妻房吗？" in e.text))
    ask(bob, "加微信领红包")

    # The host sees both, and the per-job count of questions next to the pinned job.
    db.wait_for(host, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#host-qa-list li[data-question-id]")) == 2)
    db.wait_for(host, lambda d: fresh(d, f'#job-list li[data-job-id="{PINNED}"] [data-count="questions"]', lambda e: e.text.startswith("1")))

    # Bob upvotes Alice's question: once (the button turns into 已赞); the host sees the vote.
    db.click(bob, db.css(bob, '#qa-list button[data-upvote="1"]'))
    db.wait_for(bob, lambda d: fresh(d, '#qa-list button[data-upvote="1"]', lambda e: e.get_attribute("data-voted") == "true" and not e.is_enabled()))
    db.wait_for(host, lambda d: fresh(d, '#host-qa-list li[data-question-id="1"]', lambda e: "1 赞" in e.text))

    # The host hides the spam: it vanishes for viewers.
    db.click(host, db.css(host, '#host-qa-list button[data-qa-hide="2"]'))
    db.wait_for(alice, lambda d: not d.find_elements(By.CSS_SELECTOR, '#qa-list li[data-question-id="2"]'))
    db.wait_for(host, lambda d: fresh(d, '#host-qa-list li[data-question-id="2"]', lambda e: e.get_attribute("data-hidden") == "true"))

    # The host answers Alice's question: every viewer gets the banner and 正在回答.
    db.click(host, db.css(host, '#host-qa-list button[data-qa-answering="1"]'))
    banner = db.visible(bob, "attention-banner")
    assert banner.get_attribute("data-kind") == "answering"
    assert "有夫妻房吗？" in bob.find_element(By.ID, "attention-text").text
    db.attr_is(alice, "qa-answering", "data-question-id", "1")
    db.text_contains(alice, "qa-answering-text", "有夫妻房吗？")
    db.click_id(bob, "attention-close")
    db.hidden(bob, "attention-banner")

    # An announcement is a banner too; it is also in the list below.
    db.type_into(host, "announce-text", "下午两点抽奖")
    db.click_id(host, "announce-button")
    db.attr_is(alice, "attention-banner", "data-kind", "announcement")
    db.text_contains(alice, "attention-text", "下午两点抽奖")
    db.wait_for(alice, lambda d: "下午两点抽奖" in d.find_element(By.ID, "announcements").text)

    # Marked answered: the viewer's list says so and nothing is being answered any more.
    db.click(host, db.css(host, '#host-qa-list button[data-qa-answered="1"]'))
    db.wait_for(alice, lambda d: fresh(d, '#qa-list li[data-question-id="1"]', lambda e: e.get_attribute("data-answered") == "true"))
    db.hidden(alice, "qa-answering")

    # Asking again at once is refused with words, not silently.
    db.type_into(alice, "qa-text", "再问一个")
    db.click_id(alice, "qa-submit")
    db.attr_is(alice, "qa-status", "data-kind", "error")
    assert "太快" in alice.find_element(By.ID, "qa-status").text


def test_a_second_application_asks_first_and_an_application_can_be_withdrawn(server, browser):
    viewer = browser(360, 640, mobile=True)
    host = browser(1280, 900)
    db.open_viewer(viewer, server)
    db.host_login(host, server)
    db.viewer_apply_with_form(viewer, PINNED, "孙八", "135 1234 5678", pinned=True)
    db.visible(viewer, "my-applications")

    # A second application: the dialog names the job and employer; "not now" sends nothing.
    other = '#job-list button[data-apply-job="job-hc-operator"]'
    db.click(viewer, db.css(viewer, other))
    db.attr_is(viewer, "confirm-dialog", "data-action", "apply-again")
    text = db.visible(viewer, "confirm-dialog-text").text
    assert "汽车零部件操作工" in text and "恒驰" in text, text
    db.click_id(viewer, "confirm-dialog-cancel")
    db.hidden(viewer, "confirm-dialog")
    assert db.css(viewer, other).get_attribute("data-applied") == "false"
    db.click(viewer, db.css(viewer, other))
    db.click_id(viewer, "confirm-dialog-ok")
    db.wait_for(viewer, lambda d: fresh(d, other, lambda e: e.get_attribute("data-applied") == "true"))
    db.wait_for(viewer, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#my-applications-list li")) == 2)
    db.wait_for(host, lambda d: fresh(d, f'#job-list li[data-job-id="{PINNED}"] [data-count="applied"]', lambda e: e.text.startswith("1")))

    # Withdraw the first one: asked first, then gone from the list; its button offers applying again.
    lead_id = db.css(viewer, f'#my-applications-list li[data-job-id="{PINNED}"]').get_attribute("data-lead-id")
    db.click(viewer, db.css(viewer, f'#my-applications-list button[data-withdraw-lead="{lead_id}"]'))
    db.attr_is(viewer, "confirm-dialog", "data-action", "withdraw-application")
    assert "电子厂普工" in db.visible(viewer, "confirm-dialog-text").text
    db.click_id(viewer, "confirm-dialog-ok")
    db.attr_is(viewer, "my-applications-status", "data-kind", "ok")
    db.wait_for(viewer, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#my-applications-list li")) == 1)
    db.attr_is(viewer, "pinned-apply", "data-applied", "false")
    # The host's count follows (withdrawn applications do not count).
    db.wait_for(host, lambda d: fresh(d, f'#job-list li[data-job-id="{PINNED}"] [data-count="applied"]', lambda e: e.text.startswith("0")))
