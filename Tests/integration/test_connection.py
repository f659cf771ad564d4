"""Origin checks, resume, and the `counters` broadcast (PROTOCOL.md: Transport, Hello,
Broadcasts)."""

from __future__ import annotations

import re
import time

import pytest
from websockets.exceptions import InvalidHandshake

import daigang_client as dc
from daigang_client import async_test, in_thread


# --- Origin ----------------------------------------------------------------------------------


async def assert_refused(server: dc.ServerHandle, origin: str) -> None:
    with pytest.raises(InvalidHandshake) as info:
        await dc.connect(server.ws_url, origin=origin)
    status = dc.handshake_status(info.value)
    if status is not None:
        assert status == 403, f"origin {origin!r} refused with HTTP {status}, expected 403"


async def assert_accepted(server: dc.ServerHandle, origin) -> None:
    client = await dc.connect(server.ws_url, origin=origin)
    assert client.ws.subprotocol == dc.SUBPROTOCOL
    welcome = await client.hello("viewer")
    assert welcome["snapshot"]["id"] == "s1"


@async_test
async def test_foreign_origin_is_refused(daigang):
    await assert_refused(daigang, "http://evil.example")


@async_test
async def test_same_origin_is_accepted(daigang):
    await assert_accepted(daigang, f"http://127.0.0.1:{daigang.port}")


@async_test
async def test_same_host_on_another_port_is_a_foreign_origin(daigang):
    await assert_refused(daigang, f"http://127.0.0.1:{daigang.port + 1 if daigang.port < 65535 else 1}")


@async_test
async def test_same_host_over_https_is_a_foreign_origin_for_a_plain_server(daigang):
    await assert_refused(daigang, f"https://127.0.0.1:{daigang.port}")


@async_test
async def test_null_origin_is_refused(daigang):
    await assert_refused(daigang, "null")


@async_test
async def test_client_without_origin_is_accepted(daigang):
    await assert_accepted(daigang, None)


@async_test
async def test_origin_listed_in_allowed_origins_is_accepted(start_daigang, config_factory):
    config = config_factory()
    config["server"]["allowedOrigins"] = ["https://live.example.org", "http://partner.example:8081"]
    server = start_daigang(config)
    await assert_accepted(server, "https://live.example.org")
    await assert_accepted(server, "http://partner.example:8081")
    await assert_accepted(server, f"http://127.0.0.1:{server.port}")
    await assert_refused(server, "http://evil.example")
    await assert_refused(server, "https://live.example.org.evil.example")
    await assert_refused(server, "http://live.example.org")


@async_test
async def test_wildcard_allowed_origins_accepts_any_origin(start_daigang, config_factory):
    config = config_factory()
    config["server"]["allowedOrigins"] = ["*"]
    server = start_daigang(config)
    await assert_accepted(server, "http://evil.example")
    await assert_accepted(server, "https://anything.example:444")


# --- Resume -------------------------------------------------------------------------------


@async_test
async def test_viewer_welcome_carries_viewer_id_and_resume_token(daigang):
    v = await dc.viewer(daigang)
    welcome = v.welcome
    assert welcome["role"] == "viewer"
    assert isinstance(welcome["viewerId"], str) and welcome["viewerId"]
    assert re.fullmatch(r"[0-9a-f]{32}", welcome["resume"]), welcome["resume"]
    assert welcome["resumed"] is False


@async_test
async def test_resume_restores_the_viewer_id(daigang):
    first = await dc.viewer(daigang)
    viewer_id, token = first.welcome["viewerId"], first.welcome["resume"]
    await first.close()

    again = await dc.connect(daigang.ws_url)
    welcome = await again.hello("viewer", resume=token)
    assert welcome["resumed"] is True
    assert welcome["viewerId"] == viewer_id
    assert welcome["snapshot"]["id"] == "s1"

    # The token handed out on resume works the next time too.
    token2 = welcome["resume"]
    await again.close()
    third = await dc.connect(daigang.ws_url)
    welcome3 = await third.hello("viewer", resume=token2)
    assert welcome3["resumed"] is True
    assert welcome3["viewerId"] == viewer_id


@pytest.mark.parametrize("bogus", ["0" * 32, "f" * 32, "not-a-token", ""])
@async_test
async def test_resume_with_unknown_token_gives_a_new_identity(daigang, bogus):
    first = await dc.viewer(daigang)
    viewer_id = first.welcome["viewerId"]
    await first.close()

    again = await dc.connect(daigang.ws_url)
    welcome = await again.hello("viewer", resume=bogus)  # no error, just a fresh identity
    assert welcome["resumed"] is False
    assert welcome["viewerId"] != viewer_id
    assert re.fullmatch(r"[0-9a-f]{32}", welcome["resume"])
    assert welcome["resume"] != bogus


@async_test
async def test_resume_after_the_grace_period_gives_a_new_identity(start_daigang, config_factory):
    server = start_daigang(config_factory(resumeGraceSeconds=1))
    first = await dc.viewer(server)
    viewer_id, token = first.welcome["viewerId"], first.welcome["resume"]
    await first.close()  # waits for the closing handshake, so the server has seen it
    closed_at = time.monotonic()

    # Let the 1 s grace period run out (this is waiting for time to pass, not for the server).
    await dc.wait_until(lambda: time.monotonic() - closed_at > 2.0, timeout=3, what="2 s to pass")

    again = await dc.connect(server.ws_url)
    welcome = await again.hello("viewer", resume=token)
    assert welcome["resumed"] is False
    assert welcome["viewerId"] != viewer_id


@async_test
async def test_resume_within_a_short_grace_period_still_works(start_daigang, config_factory):
    server = start_daigang(config_factory(resumeGraceSeconds=1))
    first = await dc.viewer(server)
    await first.close()
    again = await dc.connect(server.ws_url)
    welcome = await again.hello("viewer", resume=first.welcome["resume"])
    assert welcome["resumed"] is True
    assert welcome["viewerId"] == first.welcome["viewerId"]


# --- Counters -------------------------------------------------------------------------------


def online_is(n):
    return lambda m: m["type"] == "counters" and m.get("online") == n


@async_test
async def test_counters_report_the_number_of_connected_viewers(daigang):
    host = await dc.host(daigang)  # hosts are not counted as online viewers
    crowd = [await dc.viewer(daigang) for _ in range(3)]

    msg = await host.wait_for(online_is(3), timeout=5, what="counters.online == 3")
    assert "seq" not in msg, "counters carries no seq"
    assert isinstance(msg["applications"], int) and isinstance(msg["queue"], int)

    await crowd.pop().close()
    await host.wait_for(online_is(2), timeout=5, what="counters.online == 2 after a viewer left")

    late = await dc.viewer(daigang)
    online = late.welcome["snapshot"]["counters"]["online"]
    assert online in (2, 3), "the joining viewer may or may not count itself in its snapshot"
    if online == 2:
        await late.wait_for(online_is(3), timeout=5, what="counters.online == 3 for the late viewer")
    await host.wait_for(online_is(3), timeout=5, what="counters.online == 3 after a viewer joined")


@async_test
async def test_counters_are_sent_at_most_once_a_second(daigang):
    host = await dc.host(daigang)
    crowd = [await dc.viewer(daigang) for _ in range(3)]
    await host.wait_for(online_is(3), timeout=5, what="counters.online == 3")
    arrivals = [time.monotonic()]

    for c in crowd:  # three changes in quick succession
        await c.close()
    while True:
        msg = await host.wait_type("counters", timeout=5)
        arrivals.append(time.monotonic())
        if msg["online"] == 0:
            break
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    # 0.5 s rather than 1 s: arrival times are measured on a possibly busy client.
    assert all(g >= 0.5 for g in gaps), f"counters more often than once a second: gaps {gaps}"


@async_test
async def test_healthz_counts_open_connections(daigang):
    crowd = [await dc.viewer(daigang) for _ in range(2)]
    assert crowd
    resp = await in_thread(dc.http_get, daigang, "/healthz")
    body = resp.json()
    assert body["connections"] >= 2
