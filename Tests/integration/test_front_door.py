"""The public front door: ``GET /api/sessions`` and the page at ``/``
(PROTOCOL.md "The front door")."""

from __future__ import annotations

import asyncio
import gzip

import daigang_client as dc
from daigang_client import SESSION_ID

EMP_HX = "hx-electronics"


def front_config(tmp_path, **server):
    """s1 live (3 jobs, 2 employers), up1 scheduled (1 job), old ended, shut closed."""
    config = dc.make_config(tmp_path)
    config["server"].update(server)
    config["sessions"] += [
        dc.make_session("up1", title="下周专场", status="scheduled", host="就业科 李科长",
                        jobs=[dc.new_job("job-up1-welder", employerId=EMP_HX)]),
        dc.make_session("old", title="上月专场", status="ended"),
        dc.make_session("shut", title="已关闭专场", status="closed"),
    ]
    return config


def sessions(server, **headers) -> dc.Response:
    return dc.http_get(server, "/api/sessions", headers=headers)


def test_lists_live_then_upcoming_with_counts_and_links(start_daigang, tmp_path):
    server = start_daigang(front_config(tmp_path))
    resp = sessions(server)
    assert resp.status == 200, resp.body[:300]
    assert resp.content_type.startswith("application/json"), resp.content_type
    dc.check_security_headers(resp, "/api/sessions")
    listed = resp.json()["sessions"]
    assert [s["id"] for s in listed] == [SESSION_ID, "up1"], listed  # ended and closed are not listed
    live, upcoming = listed
    assert live["status"] == "live" and upcoming["status"] == "scheduled"
    assert live["title"] == "春风行动 直播带岗（测试）"
    assert live["hostName"] == "就业科 王科长" and upcoming["hostName"] == "就业科 李科长"
    assert (live["jobs"], live["employers"]) == (3, 2)
    assert (upcoming["jobs"], upcoming["employers"]) == (1, 1)
    assert live["link"] == f"http://127.0.0.1:{server.port}/?session={SESSION_ID}"
    assert "startsAt" not in live  # no session of this config has a start time
    assert set(live) <= {"id", "title", "status", "startsAt", "hostName", "employers", "jobs", "link"}, live


def test_links_use_the_public_url(start_daigang, tmp_path):
    server = start_daigang(front_config(tmp_path, publicURL="https://jobs.example.cn"))
    listed = sessions(server, Host="evil.example").json()["sessions"]
    assert [s["link"] for s in listed] == ["https://jobs.example.cn/?session=s1", "https://jobs.example.cn/?session=up1"]


def test_validated_cacheable_gzip_and_head(start_daigang, tmp_path):
    server = start_daigang(front_config(tmp_path))
    first = sessions(server)
    etag = first.headers.get("ETag")
    assert etag and etag.startswith('W/"d-'), etag
    assert first.headers.get("Cache-Control") == "public, max-age=5"
    assert "Accept-Encoding" in (first.headers.get("Vary") or "")

    again = sessions(server, **{"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers.get("ETag") == etag
    assert sessions(server, **{"If-None-Match": etag.removeprefix("W/")}).status == 304
    assert sessions(server, **{"If-None-Match": 'W/"d-0000000000000000"'}).status == 200

    zipped = sessions(server, **{"Accept-Encoding": "gzip"})
    assert zipped.status == 200 and zipped.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped.body) == first.body

    head = dc.http_get(server, "/api/sessions", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers.get("ETag") == etag
    assert int(head.headers.get("Content-Length")) == len(first.body)

    post = dc.http_get(server, "/api/sessions", method="POST")
    assert post.status == 405 and "GET" in (post.headers.get("Allow") or "")


def test_the_list_changes_with_a_session_status(start_daigang, tmp_path):
    """The host ends s1: it leaves the list and the ETag changes."""
    server = start_daigang(front_config(tmp_path))
    before = sessions(server)

    async def end_session():
        host = await dc.host(server)
        try:
            await host.command({"type": "session_status", "status": "ended"})
        finally:
            await host.abort()

    asyncio.run(asyncio.wait_for(end_session(), 30))
    after = sessions(server)
    assert [s["id"] for s in after.json()["sessions"]] == ["up1"]
    assert after.headers.get("ETag") != before.headers.get("ETag")
    assert sessions(server, **{"If-None-Match": before.headers.get("ETag")}).status == 200


def test_root_is_the_front_door_and_session_links_the_viewer(start_daigang, tmp_path):
    server = start_daigang(front_config(tmp_path))
    front = dc.http_get(server, "/")
    assert front.status == 200 and front.content_type.startswith("text/html")
    assert b"/js/home.js" in front.body
    assert front.headers.get("ETag") and front.headers.get("Last-Modified")
    assert dc.http_get(server, "/", headers={"If-None-Match": front.headers["ETag"]}).status == 304
    assert b"/js/home.js" in dc.http_get(server, "/?lang=en").body

    viewer = dc.http_get(server, f"/?session={SESSION_ID}")
    assert viewer.status == 200 and b"/js/viewer.js" in viewer.body and b"/js/home.js" not in viewer.body
    # The host console still sends a bare link to the first session.
    host = dc.http_get(server, "/host")
    assert host.status == 302 and host.headers["Location"].endswith(f"/host?session={SESSION_ID}")
