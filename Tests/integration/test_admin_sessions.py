"""Sessions at runtime over the admin API (PROTOCOL.md "Sessions at runtime (added with issue
11)"): creating (organizers), editing details and status (lifecycle rules), copying, field errors,
a viewer joining a created session and applying, and a restart (SIGTERM, kill -9) keeping them."""

from __future__ import annotations

import asyncio

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, SESSION_ID
from leads_support import applied, apply_message, lead_server  # noqa: F401 - lead_server is a fixture
from test_admin_jobs import NEW_JOB, ORGANIZER, call

STARTS = 1_800_000_000_000
NEW = {"title": "春风行动·澄州专场", "hostName": "小王", "description": "电子厂、物流岗位", "startsAt": STARTS, "campaign": "春风行动2027"}


@pytest.fixture
def server(start_daigang, tmp_path):
    return start_daigang(dc.make_config(tmp_path, organizerToken=ORGANIZER))


@pytest.mark.parametrize(("token", "expected"), [(ORGANIZER, 201), (HOST_TOKEN, 403), (None, 401), ("wrong-token-xyz", 401)])
def test_only_organizers_create_and_copy_sessions(server, token, expected):
    assert call(server, "POST", "/api/admin/sessions", NEW, token=token).status == expected
    assert call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/copy", {}, token=token).status == expected


def test_a_created_session_is_live_at_once_for_viewers(server):
    resp = call(server, "POST", "/api/admin/sessions", {**NEW, "id": "cz-2027"})
    assert resp.status == 201, resp.body
    made = resp.json()["session"]
    assert (made["id"], made["status"], made["hostName"], made["startsAt"], made["campaign"]) == ("cz-2027", "scheduled", "小王", STARTS, "春风行动2027")
    listed = call(server, "GET", "/api/admin/sessions").json()["sessions"]
    assert [s["id"] for s in listed] == [SESSION_ID, "cz-2027"]
    assert call(server, "POST", "/api/admin/sessions/cz-2027/jobs", NEW_JOB).status == 201
    assert call(server, "POST", "/api/admin/sessions", {**NEW, "id": "cz-2027"}).status == 409

    async def run():
        viewer = await dc.viewer(server, session="cz-2027")
        try:
            snapshot = viewer.welcome["snapshot"]
            assert snapshot["title"] == NEW["title"] and [j["id"] for j in snapshot["jobs"]] == [NEW_JOB["id"]]
            lead = await applied(viewer, apply_message(NEW_JOB["id"]))
            assert lead["duplicate"] is False
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))


@pytest.mark.parametrize(("body", "field"), [
    ({"title": ""}, "title"),
    ({"description": "x" * 2001}, "description"),
    ({"startsAt": 1_800_000_000}, "startsAt"),
    ({"startsAt": "明天"}, "startsAt"),
    ({"id": "bad id!"}, "id"),
    ({"status": "live"}, "status"),
    ({"surprise": 1}, "surprise"),
])
def test_a_bad_session_names_its_field_and_changes_nothing(server, body, field):
    resp = call(server, "POST", "/api/admin/sessions", {**NEW, **body})
    assert resp.status == 400 and resp.json()["field"] == field, resp.body
    assert len(call(server, "GET", "/api/admin/sessions").json()["sessions"]) == 1


def test_patch_changes_details_and_status_by_the_lifecycle(server):
    async def run():
        viewer = await dc.viewer(server)
        try:
            resp = await asyncio.to_thread(call, server, "PATCH", f"/api/admin/sessions/{SESSION_ID}",
                                           {"title": "新标题", "campaign": "春风行动2027", "status": "ended"}, HOST_TOKEN)
            assert resp.status == 200, resp.body
            assert resp.json()["session"]["title"] == "新标题" and resp.json()["session"]["status"] == "ended"
            status = await viewer.wait_for(lambda m: m["type"] == "session_status", 30, "session_status")
            assert status["status"] == "ended"
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    snapshot = dc.http_get(server, f"/api/sessions/{SESSION_ID}").json()
    assert snapshot["title"] == "新标题"
    wrong = call(server, "PATCH", f"/api/admin/sessions/{SESSION_ID}", {"status": "scheduled"})
    assert wrong.status == 409 and wrong.json()["field"] == "status"
    assert call(server, "PATCH", f"/api/admin/sessions/{SESSION_ID}", {"id": "other"}).status == 400
    assert call(server, "PATCH", "/api/admin/sessions/nope", {"title": "x"}).status == 404


def test_a_copy_is_a_new_scheduled_session_with_the_same_jobs_and_policies(server):
    source = call(server, "GET", f"/api/admin/sessions/{SESSION_ID}").json()["session"]
    resp = call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/copy", {"title": "第二场", "startsAt": STARTS})
    assert resp.status == 201, resp.body
    copy = resp.json()["session"]
    assert copy["id"] != SESSION_ID and copy["status"] == "scheduled" and copy["title"] == "第二场"
    assert [j["id"] for j in copy["jobs"]] == [j["id"] for j in source["jobs"]]
    assert copy["policies"] == source["policies"]
    assert call(server, "POST", "/api/admin/sessions/nope/copy", {}).status == 404


@pytest.mark.parametrize("how", ["sigterm", "kill9"])
def test_a_restart_keeps_created_copied_and_edited_sessions(lead_server, tmp_path, how):
    server = lead_server(dc.make_config(tmp_path, organizerToken=ORGANIZER))
    assert call(server, "POST", "/api/admin/sessions", {**NEW, "id": "cz-2027"}).status == 201
    assert call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/copy", {"id": "copy-1"}).status == 201
    assert call(server, "PATCH", "/api/admin/sessions/cz-2027", {"description": "改过", "status": "live"}).status == 200
    before = [call(server, "GET", f"/api/admin/sessions/{i}").json() for i in (SESSION_ID, "cz-2027", "copy-1")]
    if how == "sigterm":
        server.restart()
    else:
        server.kill9()
        server.start()
    after = [call(server, "GET", f"/api/admin/sessions/{i}").json() for i in (SESSION_ID, "cz-2027", "copy-1")]
    assert after == before
    assert after[1]["session"]["description"] == "改过" and after[1]["session"]["status"] == "live"


def test_details_alone_reach_the_next_snapshot_and_welcome(server):
    resp = call(server, "PATCH", f"/api/admin/sessions/{SESSION_ID}", {"title": "只改标题", "startsAt": STARTS, "campaign": "春风行动2027"})
    assert resp.status == 200, resp.body
    snapshot = dc.http_get(server, f"/api/sessions/{SESSION_ID}").json()
    assert (snapshot["title"], snapshot["startsAt"], snapshot["campaign"]) == ("只改标题", STARTS, "春风行动2027")

    async def run():
        viewer = await dc.connect(server.ws_url)
        await viewer.send({"type": "hello", "ref": "h", "session": SESSION_ID, "role": "viewer", "catalog": "http"})
        compact = (await viewer.expect("welcome"))["snapshot"]
        await viewer.abort()
        assert (compact["title"], compact["startsAt"], compact["campaign"]) == ("只改标题", STARTS, "春风行动2027")

    asyncio.run(asyncio.wait_for(run(), 60))
