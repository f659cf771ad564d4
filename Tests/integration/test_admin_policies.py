"""The policy library shared across sessions (PROTOCOL.md "Policy library (added with issue
11)"): organizers keep it, any staff account lists it, a library policy is added to a session
(viewers told) and a restart (SIGTERM, kill -9) keeps the library."""

from __future__ import annotations

import asyncio

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, SESSION_ID
from leads_support import lead_server  # noqa: F401 - lead_server is a fixture
from test_admin_jobs import ORGANIZER, call

LIB = {"id": "lib-social-insurance", "title": "社保补贴", "summary": "招用就业困难人员的企业可申请", "keyPoints": ["最长三年"],
       "issuer": "澄州市人社局"}


@pytest.fixture
def server(start_daigang, tmp_path):
    return start_daigang(dc.make_config(tmp_path, organizerToken=ORGANIZER))


@pytest.mark.parametrize(("token", "create", "listing"), [(ORGANIZER, 201, 200), (HOST_TOKEN, 403, 200), (None, 401, 401),
                                                          ("wrong-token-xyz", 401, 401)])
def test_organizers_keep_the_library_and_staff_read_it(server, token, create, listing):
    assert call(server, "POST", "/api/admin/policies", LIB, token=token).status == create
    assert call(server, "GET", "/api/admin/policies", token=token).status == listing


def test_create_replace_and_field_errors(server):
    assert call(server, "POST", "/api/admin/policies", LIB).status == 201
    assert call(server, "POST", "/api/admin/policies", LIB).status == 409
    bad = call(server, "POST", "/api/admin/policies", {**LIB, "id": "other", "title": ""})
    assert bad.status == 400 and bad.json()["field"] == "title"
    unknown = call(server, "POST", "/api/admin/policies", {**LIB, "id": "other", "colour": "red"})
    assert unknown.status == 400 and unknown.json()["field"] == "colour"
    replaced = call(server, "PUT", f"/api/admin/policies/{LIB['id']}", {**LIB, "title": "社保补贴（2027）", "id": None} | {"id": LIB["id"]})
    assert replaced.status == 200 and replaced.json()["policy"]["title"] == "社保补贴（2027）"
    assert call(server, "PUT", "/api/admin/policies/nope", LIB).status in (400, 404)
    assert [p["title"] for p in call(server, "GET", "/api/admin/policies").json()["policies"]] == ["社保补贴（2027）"]


def test_a_library_policy_is_added_to_a_session_and_viewers_are_told(server):
    assert call(server, "POST", "/api/admin/policies", LIB).status == 201

    async def run():
        viewer = await dc.viewer(server)
        try:
            resp = await asyncio.to_thread(call, server, "POST", f"/api/admin/sessions/{SESSION_ID}/library-policies",
                                           {"policyId": LIB["id"]}, HOST_TOKEN)
            assert resp.status == 201, resp.body
            update = await viewer.wait_for(lambda m: m["type"] == "policy_updated", 30, "policy_updated")
            assert update["policy"]["id"] == LIB["id"] and update["policy"]["issuer"] == "澄州市人社局"
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    assert LIB["id"] in [p["id"] for p in dc.http_get(server, f"/api/sessions/{SESSION_ID}").json()["policies"]]
    missing = call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/library-policies", {"policyId": "nope"})
    assert missing.status == 404 and missing.json()["field"] == "policyId"
    assert call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/library-policies", {"policyId": LIB["id"]}).status == 200


@pytest.mark.parametrize("how", ["sigterm", "kill9"])
def test_a_restart_keeps_the_library(lead_server, tmp_path, how):
    server = lead_server(dc.make_config(tmp_path, organizerToken=ORGANIZER))
    assert call(server, "POST", "/api/admin/policies", LIB).status == 201
    assert call(server, "PUT", f"/api/admin/policies/{LIB['id']}", {**LIB, "summary": "改过"}).status == 200
    before = call(server, "GET", "/api/admin/policies").json()
    if how == "sigterm":
        server.restart()
    else:
        server.kill9()
        server.start()
    assert call(server, "GET", "/api/admin/policies").json() == before
    assert before["policies"][0]["summary"] == "改过"
