"""Accounts and roles (PROTOCOL.md "# Accounts and roles"): the accounts API, who may use which
route and WebSocket role, expiry, revocation closing WebSockets, accounts surviving a restart."""

from __future__ import annotations

import asyncio
import time

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, JOB_MID
from leads_support import (  # noqa: F401 - lead_server is a fixture
    EMP_HX,
    EMP_SD,
    HR_HX,
    SESSION_2,
    api,
    apply_all,
    apply_message,
    error_code,
    lead_server,
    leads_config,
)

ORGANIZER = "organizer-bootstrap-token-0123456789abcdef"
ACCOUNTS = "/api/admin/accounts"
POLL = 30.0  # seconds a condition may take to show on a loaded machine


def accounts_server(lead_server, tmp_path, **env):
    """A server with two sessions and a bootstrap organizer."""
    config = leads_config(tmp_path, second_session=True)
    config["organizerToken"] = ORGANIZER
    return lead_server(config, env=env or None)


def create(server, body: dict, token: str = ORGANIZER) -> dict:
    resp = api(server, "POST", ACCOUNTS, token=token, body=body)
    assert resp.status == 201, f"{body}: {resp.status} {resp.body[:300]!r}"
    created = resp.json()
    assert len(created["token"]) >= 32 and "tokenHash" not in created["account"]
    return created


def wait_for(predicate, what: str, timeout: float = POLL):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout}s waiting for {what}"
        time.sleep(0.1)


async def signs_in(server, role: str, token: str, session: str = "s1") -> dict:
    """The first answer to a hello (a welcome, or the error before the close)."""
    client = await dc.connect(server.ws_url)
    await client.send({"type": "hello", "ref": "h", "session": session, "role": role, "token": token})
    reply = await client.next()
    if reply["type"] != "welcome":
        assert await client.expect_close() == 1008
    await client.abort()
    return reply


def test_authorization_matrix(lead_server, tmp_path):
    server = accounts_server(lead_server, tmp_path)
    apply_all(server, [apply_message(JOB_FULL, "13812345678"), apply_message(JOB_MID, "13900001111")])
    org = create(server, {"name": "局里老张", "role": "organizer"})["token"]
    host_s2 = create(server, {"name": "二场主播", "role": "host", "sessions": [SESSION_2]})["token"]
    hr_hx = create(server, {"name": "星河 HR 小李", "role": "hr", "employerId": EMP_HX})["token"]
    revoked = create(server, {"name": "离职", "role": "organizer"})
    assert api(server, "DELETE", f"{ACCOUNTS}/{revoked['account']['id']}", token=ORGANIZER).status == 200
    tokens = {
        "none": None, "wrong": "not-a-token-0123456789abcdef0123456789", "bootstrap-organizer": ORGANIZER, "organizer": org,
        "bootstrap-host": HOST_TOKEN, "host-s2": host_s2, "bootstrap-hr": HR_HX, "hr-hx": hr_hx, "revoked": revoked["token"],
    }
    expected = {
        # who: (GET accounts, GET /api/leads)
        "none": (401, 401), "wrong": (401, 401), "bootstrap-organizer": (200, 403), "organizer": (200, 403),
        "bootstrap-host": (403, 403), "host-s2": (403, 403), "bootstrap-hr": (403, 200), "hr-hx": (403, 200), "revoked": (401, 401),
    }
    for who, token in tokens.items():
        got = (api(server, "GET", ACCOUNTS, token=token).status, api(server, "GET", "/api/leads", token=token).status)
        assert got == expected[who], f"{who}: {got} != {expected[who]}"
        if 401 in got:
            assert api(server, "GET", ACCOUNTS, token=token).headers.get("WWW-Authenticate") == 'Bearer realm="daigang"'
    # HR accounts see their employer's leads only, like the employer's bootstrap token.
    leads = api(server, "GET", "/api/leads", token=hr_hx).json()["leads"]
    assert [lead["jobId"] for lead in leads] == [JOB_FULL]
    # WebSocket sign-ins: host in and out of scope, organizer, HR by account, the config's tokens.
    ws = {
        ("host", host_s2, "s1"): "forbidden", ("host", host_s2, SESSION_2): "welcome", ("host", org, "s1"): "welcome",
        ("host", HOST_TOKEN, SESSION_2): "welcome", ("host", hr_hx, "s1"): "forbidden", ("hr", hr_hx, "s1"): "welcome",
        ("hr", host_s2, "s1"): "forbidden", ("hr", HR_HX, "s1"): "welcome", ("host", revoked["token"], "s1"): "unauthorized",
    }

    async def run():
        for (role, token, session), outcome in ws.items():
            reply = await signs_in(server, role, token, session)
            got = reply["type"] if reply["type"] == "welcome" else reply.get("code")
            assert got == outcome, f"{role} in {session}: {reply}"
            if role == "hr" and outcome == "welcome":
                assert reply["employerId"] == EMP_HX

    asyncio.run(run())


def test_accounts_api_answers_errors_naming_the_field(lead_server, tmp_path):
    server = accounts_server(lead_server, tmp_path)
    bad = [
        ({"name": "x", "role": "boss"}, "'role'"),
        ({"name": "", "role": "host"}, "'name'"),
        ({"name": "长" * 81, "role": "host"}, "'name'"),
        ({"name": "x", "role": "host", "sessions": ["nope"]}, "'sessions[0]'"),
        ({"name": "x", "role": "hr", "employerId": "nobody"}, "'employerId'"),
        ({"name": "x", "role": "hr"}, "'employerId'"),
        ({"name": "x", "role": "organizer", "expiresAt": int(time.time() * 1000) - 1000}, "'expiresAt'"),
    ]
    for body, field in bad:
        resp = api(server, "POST", ACCOUNTS, token=ORGANIZER, body=body)
        assert resp.status == 400 and error_code(resp) == "bad_request", f"{body}: {resp.status}"
        assert field in resp.json()["message"], resp.json()
    assert api(server, "GET", ACCOUNTS, token=ORGANIZER).json()["accounts"] == [], "a refused create changed something"
    put = api(server, "PUT", ACCOUNTS, token=ORGANIZER, body={})
    assert put.status == 405 and put.headers.get("Allow") == "GET, HEAD, POST"
    assert api(server, "GET", f"{ACCOUNTS}/a-1", token=ORGANIZER).headers.get("Allow") == "DELETE"
    head = api(server, "HEAD", ACCOUNTS, token=ORGANIZER)
    assert head.status == 200 and head.body == b""
    assert api(server, "DELETE", f"{ACCOUNTS}/a-unknown", token=ORGANIZER).status == 404
    assert api(server, "DELETE", f"{ACCOUNTS}/bootstrap-host", token=ORGANIZER).status == 409
    assert api(server, "PUT", ACCOUNTS, body={}).status == 401, "nothing is said before the sign-in"


def test_revoking_closes_the_accounts_websockets(lead_server, tmp_path):
    server = accounts_server(lead_server, tmp_path)
    hr = create(server, {"name": "HR 小王", "role": "hr", "employerId": EMP_SD})
    host = create(server, {"name": "主播", "role": "host"})

    async def run():
        hr_ws = await dc.connect(server.ws_url)
        await hr_ws.hello("hr", token=hr["token"])
        host_ws = await dc.connect(server.ws_url)
        await host_ws.hello("host", token=host["token"])
        bootstrap_ws = await dc.host(server)
        resp = await asyncio.to_thread(api, server, "DELETE", f"{ACCOUNTS}/{hr['account']['id']}", token=ORGANIZER)
        assert resp.status == 200 and resp.json()["account"]["status"] == "revoked"
        assert await hr_ws.expect_close(timeout=POLL) == 4401
        # The others stay signed in: the host still gets answers.
        await host_ws.command({"type": "announce", "text": "还在"})
        await bootstrap_ws.command({"type": "announce", "text": "也在"})

    asyncio.run(run())
    assert api(server, "GET", "/api/leads", token=hr["token"]).status == 401


def test_an_expired_token_is_refused_and_its_websocket_closed(lead_server, tmp_path):
    server = accounts_server(lead_server, tmp_path)
    expires = int(time.time() * 1000) + 3000
    hr = create(server, {"name": "临时 HR", "role": "hr", "employerId": EMP_HX, "expiresAt": expires})
    assert hr["account"]["expiresAt"] == expires

    async def run():
        ws = await dc.connect(server.ws_url)
        await ws.hello("hr", token=hr["token"])
        assert await ws.expect_close(timeout=POLL) == 4401

    asyncio.run(run())
    wait_for(lambda: api(server, "GET", "/api/leads", token=hr["token"]).status == 401, "the expired token to be refused")
    listed = api(server, "GET", ACCOUNTS, token=ORGANIZER).json()["accounts"]
    assert [a["status"] for a in listed] == ["expired"]


def test_accounts_survive_a_restart_and_record_who_acted(lead_server, tmp_path):
    server = accounts_server(lead_server, tmp_path)
    (lead,) = apply_all(server, [apply_message(JOB_FULL, "13812345678")])
    kept = create(server, {"name": "HR 小李", "role": "hr", "employerId": EMP_HX})
    gone = create(server, {"name": "HR 小赵", "role": "hr", "employerId": EMP_HX})
    assert api(server, "DELETE", f"{ACCOUNTS}/{gone['account']['id']}", token=ORGANIZER).status == 200
    follow = api(server, "POST", f"/api/leads/{lead['leadId']}/followups", token=kept["token"], body={"status": "contacted"})
    assert follow.status == 201
    assert follow.json()["lead"]["followups"][-1]["by"] == kept["account"]["id"]
    server.restart()
    assert api(server, "GET", "/api/leads", token=kept["token"]).status == 200
    assert api(server, "GET", "/api/leads", token=gone["token"]).status == 401
    listed = {a["id"]: a for a in api(server, "GET", ACCOUNTS, token=ORGANIZER).json()["accounts"]}
    assert listed[gone["account"]["id"]]["revokedBy"] == "bootstrap-organizer"
    assert listed[kept["account"]["id"]]["status"] == "active"
    journal = "".join(p.read_text("utf-8") for p in server.data_dir.glob("journal-*.log"))
    assert kept["token"] not in journal and gone["token"] not in journal, "a token reached the disk"


def test_the_environment_organizer_token_wins(lead_server, tmp_path):
    server = accounts_server(lead_server, tmp_path, DAIGANG_ORGANIZER_TOKEN="environment-organizer-0123456789abcdef")
    assert api(server, "GET", ACCOUNTS, token=ORGANIZER).status == 401
    assert api(server, "GET", ACCOUNTS, token="environment-organizer-0123456789abcdef").status == 200


def test_answers_match_the_openapi_fragment(lead_server, tmp_path):
    import jsonschema  # scripts/ensure-deps.sh --test installs both
    import yaml

    fragment = yaml.safe_load((dc.REPO_ROOT / "docs" / "openapi-fragments" / "accounts.yaml").read_text("utf-8"))

    def check(name: str, value) -> None:
        schema = {"$ref": f"#/components/schemas/{name}", "components": fragment["components"]}
        jsonschema.Draft202012Validator(schema).validate(value)

    server = accounts_server(lead_server, tmp_path)
    created = create(server, {"name": "主播", "role": "host", "sessions": ["s1", SESSION_2], "expiresAt": int(time.time() * 1000) + 60_000})
    check("CreatedAccount", created)
    hr = create(server, {"name": "HR", "role": "hr", "employerId": EMP_HX})
    revoked = api(server, "DELETE", f"{ACCOUNTS}/{hr['account']['id']}", token=ORGANIZER).json()
    check("Account", revoked["account"])
    for account in api(server, "GET", ACCOUNTS, token=ORGANIZER).json()["accounts"]:
        check("Account", account)
    check("AccountsError", api(server, "POST", ACCOUNTS, token=ORGANIZER, body={"name": "x", "role": "boss"}).json())


def test_an_account_token_passes_an_address_throttled_for_failed_sign_ins(lead_server, tmp_path):
    config = leads_config(tmp_path)
    config["organizerToken"] = ORGANIZER
    config["limits"] = {"authFailuresPerMinutePerAddress": 2}
    server = lead_server(config)
    hr = create(server, {"name": "HR", "role": "hr", "employerId": EMP_HX})
    statuses = [api(server, "GET", "/api/leads", token=f"guess-{i}").status for i in range(4)]
    assert statuses[-1] == 429, statuses
    assert api(server, "GET", "/api/leads", token=HR_HX).status == 429, "a short bootstrap token waits like a guess"
    assert api(server, "GET", "/api/leads", token=hr["token"]).status == 200

    async def run():
        ws = await dc.connect(server.ws_url)
        await ws.hello("hr", token=hr["token"])
        await ws.abort()

    asyncio.run(run())
