"""Withdrawing a session's policy over the admin API (PROTOCOL.md "Withdrawing a policy"):
`DELETE /api/admin/sessions/{id}/policies/{policyId}` is a durable `policy_withdrawn` before the
200, viewers are told and a shown policy is un-shown, an unknown policy is 404, the sign-in and
scope are those of the other session routes, and a restart (SIGTERM, kill -9) keeps it withdrawn."""

from __future__ import annotations

import asyncio

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, POLICY_FULL, POLICY_MIN, SESSION_ID
from leads_support import lead_server  # noqa: F401 - lead_server is a fixture
from test_admin_jobs import ORGANIZER, call

PATH = f"/api/admin/sessions/{SESSION_ID}/policies"


@pytest.fixture
def server(start_daigang, tmp_path):
    return start_daigang(dc.make_config(tmp_path, organizerToken=ORGANIZER))


def policy_ids(server) -> list[str]:
    return [p["id"] for p in dc.http_get(server, f"/api/sessions/{SESSION_ID}").json()["policies"]]


def host_account(server, sessions: list[str]) -> str:
    resp = call(server, "POST", "/api/admin/accounts", {"name": "区里主播", "role": "host", "sessions": sessions})
    assert resp.status == 201, resp.body
    return resp.json()["token"]


@pytest.mark.parametrize(("who", "expected"), [("organizer", 200), ("bootstrap-host", 200), ("host-s1", 200), ("host-other", 403),
                                               ("hr", 403), ("none", 401), ("wrong", 401)])
def test_authorization_as_for_the_other_session_routes(server, who, expected):
    tokens = {"organizer": ORGANIZER, "bootstrap-host": HOST_TOKEN, "hr": "hr-token-hx-0001", "none": None,
              "wrong": "wrong-token-0123456789abcdef0123456789"}
    if who == "host-s1":
        tokens[who] = host_account(server, [SESSION_ID])
    elif who == "host-other":
        other = call(server, "POST", "/api/admin/sessions", {"title": "第二场"})
        assert other.status == 201, other.body
        tokens[who] = host_account(server, [other.json()["session"]["id"]])
    token = tokens[who]
    resp = call(server, "DELETE", f"{PATH}/{POLICY_MIN}", token=token)
    assert resp.status == expected, resp.body
    if expected == 200:
        assert resp.json() == {"withdrawn": True}
        assert POLICY_MIN not in policy_ids(server)
    else:
        assert POLICY_MIN in policy_ids(server)


def test_unknown_again_and_wrong_method(server):
    assert call(server, "DELETE", f"{PATH}/no-such-policy").status == 404
    assert call(server, "DELETE", f"/api/admin/sessions/no-such-session/policies/{POLICY_MIN}").status == 404
    assert call(server, "DELETE", f"{PATH}/{POLICY_MIN}").status == 200
    again = call(server, "DELETE", f"{PATH}/{POLICY_MIN}")
    assert again.status == 404 and again.json()["error"] == "not_found"
    wrong = call(server, "PATCH", f"{PATH}/{POLICY_FULL}", {})
    assert wrong.status == 405 and wrong.headers.get("Allow", "").replace(" ", "").split(",")[:2] == ["PUT", "DELETE"]
    assert policy_ids(server) == [POLICY_FULL]


def test_a_shown_policy_is_withdrawn_and_un_shown_and_viewers_are_told(server):
    async def run():
        host = await dc.host(server)
        viewer = await dc.viewer(server)
        try:
            await host.command({"type": "show_policy", "policyId": POLICY_FULL})
            await viewer.wait_for(lambda m: m["type"] == "policy_shown" and (m.get("policy") or {}).get("id") == POLICY_FULL, 30)
            resp = await asyncio.to_thread(call, server, "DELETE", f"{PATH}/{POLICY_FULL}")
            assert resp.status == 200, resp.body
            told = await viewer.wait_for(lambda m: m["type"] == "policy_withdrawn", 30, "policy_withdrawn")
            assert told["policyId"] == POLICY_FULL and isinstance(told["seq"], int)
            await host.wait_for(lambda m: m["type"] == "policy_withdrawn" and m["policyId"] == POLICY_FULL, 30, "host told")
            late = await dc.viewer(server)
            try:
                snapshot = late.welcome["snapshot"]
                assert POLICY_FULL not in [p["id"] for p in snapshot.get("policies", [])]
                assert snapshot.get("shownPolicyId") is None
            finally:
                await late.abort()
        finally:
            await viewer.abort()
            await host.abort()

    asyncio.run(asyncio.wait_for(run(), 120))
    assert policy_ids(server) == [POLICY_MIN]
    detail = call(server, "GET", f"/api/admin/sessions/{SESSION_ID}").json()["session"]
    assert [p["id"] for p in detail["policies"]] == [POLICY_MIN] and detail.get("shownPolicyId") is None


@pytest.mark.parametrize("how", ["sigterm", "kill9"])
def test_a_restart_keeps_it_withdrawn(lead_server, tmp_path, how):
    server = lead_server(dc.make_config(tmp_path, organizerToken=ORGANIZER))
    assert call(server, "DELETE", f"{PATH}/{POLICY_FULL}").status == 200
    if how == "sigterm":
        server.restart()
    else:
        server.kill9()
        server.start()
    assert policy_ids(server) == [POLICY_MIN]

    async def run():
        viewer = await dc.viewer(server)
        try:
            assert POLICY_FULL not in [p["id"] for p in viewer.welcome["snapshot"].get("policies", [])]
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 60))
    assert call(server, "DELETE", f"{PATH}/{POLICY_FULL}").status == 404
