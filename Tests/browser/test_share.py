"""Sharing on the viewer page (share.js): a shared job's link opens that job, and 分享 shares it."""

from __future__ import annotations

from selenium.webdriver.common.by import By

import daigang_browser as db

LAST_JOB = "job-ky-hospital-aide"  # the last of the demo's eight: far down the list
LAST_TITLE = "医院护工"


def in_viewport(driver, element) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", element)


def test_a_shared_link_opens_and_highlights_its_job_on_a_phone(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server, f"&job={LAST_JOB}")
    db.attr_is(viewer, "shared-job", "data-job-id", LAST_JOB)
    panel = db.visible(viewer, "shared-job")
    assert viewer.find_element(By.ID, "shared-job-title").text == LAST_TITLE
    assert in_viewport(viewer, panel)
    apply = viewer.find_element(By.CSS_SELECTOR, f'#shared-job-actions button[data-apply-job="{LAST_JOB}"]')
    assert apply.is_displayed()
    assert viewer.find_element(By.CSS_SELECTOR, f'#shared-job-actions button[data-share-job="{LAST_JOB}"]').is_displayed()
    # Its entry in the list is expanded and marked too; the others are not.
    item = viewer.find_element(By.CSS_SELECTOR, f'#job-list li[data-job-id="{LAST_JOB}"]')
    assert "is-shared" in item.get_attribute("class")
    assert item.find_element(By.TAG_NAME, "details").get_attribute("open") is not None
    assert len(viewer.find_elements(By.CSS_SELECTOR, "#job-list li.is-shared")) == 1
    assert not viewer.find_element(By.ID, "shared-job-missing").is_displayed()
    assert viewer.execute_script("return document.documentElement.scrollWidth") <= 360
    # The page's head names the job for link previews.
    assert viewer.find_element(By.CSS_SELECTOR, 'meta[property="og:title"]').get_attribute("content").startswith(LAST_TITLE)


def test_a_link_to_a_job_that_is_gone_says_so(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server, "&job=job-withdrawn-long-ago")
    note = db.visible(viewer, "shared-job-missing")
    assert "已下架" in note.text
    assert not viewer.find_element(By.ID, "shared-job").is_displayed()


def test_share_uses_the_share_sheet_or_copies_the_link_with_a_toast(server, browser):
    viewer = browser(360, 640, mobile=True)
    db.open_viewer(viewer, server)
    link = f"http://127.0.0.1:{server.port}/?session=demo&job=job-kyt-sorter"
    button = db.css(viewer, '#job-list button[data-share-job="job-kyt-sorter"]')
    assert button.text == "分享"

    # Where the Web Share API exists, the share sheet gets the job's link.
    viewer.execute_script("navigator.share = async (data) => { window.sharedWith = data; };")
    db.click(viewer, button)
    db.wait_for(viewer, lambda d: d.execute_script("return window.sharedWith"), message="navigator.share not called")
    shared = viewer.execute_script("return window.sharedWith")
    assert shared["url"] == link and shared["title"] == "快递分拣员"
    assert not viewer.find_element(By.ID, "share-toast").is_displayed()

    # Without it, the link is copied and a toast says so.
    viewer.execute_script(
        "navigator.share = undefined;"
        "navigator.clipboard.writeText = async (text) => { window.copied = text; };")
    db.click(viewer, button)
    toast = db.visible(viewer, "share-toast")
    assert toast.get_attribute("data-kind") == "copied" and "已复制" in toast.text
    assert viewer.execute_script("return window.copied") == link


def test_inside_wechat_share_points_to_the_menu(server, browser):
    viewer = browser(360, 640, mobile=True)
    viewer.execute_cdp_cmd("Emulation.setUserAgentOverride", {
        "userAgent": "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.40"})
    db.open_viewer(viewer, server)
    db.click(viewer, db.css(viewer, '#job-list button[data-share-job="job-xh-assembler"]'))
    toast = db.visible(viewer, "share-toast")
    assert toast.get_attribute("data-kind") == "wechat" and "···" in toast.text


def test_the_host_console_links_the_session_poster(server, browser):
    host = browser(1280, 900)
    db.host_login(host, server)
    link = db.visible(host, "session-poster")
    assert link.text == "直播海报"
    assert link.get_attribute("href") == server.url("/api/sessions/demo/poster.png")
    size = host.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const img = new Image(); img.onload = () => done([img.naturalWidth, img.naturalHeight]);"
        "img.onerror = () => done(null); img.src = arguments[0];", link.get_attribute("href"))
    assert size == [720, 960]
    # The pinned job's poster too (the demo pins 电子厂普工), gone once nothing is pinned.
    pinned = db.visible(host, "pinned-poster")
    assert pinned.get_attribute("href") == server.url("/api/sessions/demo/jobs/job-xh-assembler/poster.png")
    db.click_id(host, "unpin-job")
    db.hidden(host, "pinned-poster")
