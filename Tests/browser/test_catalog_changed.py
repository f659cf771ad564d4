"""A large job-sheet import during a live stream (issue 11): the viewer page, which holds the
catalog over HTTP, gets one `catalog_changed` and shows the new jobs without a reload."""

from __future__ import annotations

import http.client

import pytest

import daigang_browser as db

ORGANIZER = "browser-organizer-token-0123456789"
HEADER = "岗位名称,企业名称,工资下限,工资上限,计薪方式,城市,包住宿,招聘人数"
ROWS = 150


@pytest.fixture
def organizer_server(request, tmp_path):
    config = db.demo_config()
    config["organizerToken"] = ORGANIZER
    handle = db.DaigangServer(tmp_path / "server", config)
    request.node._daigang_server = handle
    handle.start(port=0)
    try:
        yield handle, len(config["sessions"][0]["jobs"])
    finally:
        handle.stop()


def import_sheet(server, rows: int) -> int:
    lines = [HEADER] + [f"装配工{i},澄州星河电子有限公司,5000,6500,月,澄州,是,10" for i in range(1, rows + 1)]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        conn.request("POST", f"/api/admin/sessions/{db.SESSION}/jobs/import", body="\r\n".join(lines).encode(),
                     headers={"Authorization": f"Bearer {ORGANIZER}", "Content-Type": "text/csv"})
        return conn.getresponse().status
    finally:
        conn.close()


def test_the_viewer_page_refetches_the_catalog_after_a_large_import(organizer_server, browser):
    server, before = organizer_server
    phone = browser(390, 844, mobile=True)
    phone.get(server.url(f"/?session={db.SESSION}"))
    db.attr_is(phone, "job-finder-count", "data-count", str(before), 60)
    phone.execute_script("window.__stillTheSamePage = true;")
    assert import_sheet(server, ROWS) == 200
    db.attr_is(phone, "job-finder-count", "data-count", str(before + ROWS), 60)
    assert phone.execute_script("return window.__stillTheSamePage === true;"), "the page reloaded instead of refetching"
