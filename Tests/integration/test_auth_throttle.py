"""Failed sign-ins cost the guesser time (issue 9, finding 6; PROTOCOL.md "Failed sign-ins",
CONFIG.md ``limits.authFailuresPerMinutePerAddress``).

Failed host/HR tokens are counted per client address over the WebSocket ``hello`` and the HR
HTTP API together; once an address has used up its budget, every sign-in from it (right token or
wrong) is refused until the budget refills. A failed ``hello`` also closes its connection, and
every failure is logged as a security event without the token. Each test here failed against the
old behaviour (unlimited 401s, a failed ``hello`` left the connection open for the next guess).
"""

from __future__ import annotations

import re
import time

import daigang_client as dc
from daigang_client import HOST_TOKEN, async_test, in_thread
from leads_support import HR_HX, api, error_code, hr, lead_server, leads_config  # noqa: F401 - lead_server is a fixture

GUESSES = [f"guess-token-{i:04d}" for i in range(1, 12)]


def security_events(server, kind: str) -> list[str]:
    """The server's log lines for security events of ``kind``."""
    return [line for line in server.stderr_text().splitlines() if "security event" in line and f"event={kind}" in line]


def throttled_count(server, channel: str, address: str) -> int:
    """Throttled sign-ins the server has logged (one tally line a second) for this door and address."""
    total = 0
    for line in server.stderr_text().splitlines():
        if "refused in the last second" in line and f"{channel} sign-in throttled from {address}" in line:
            total += int(re.search(r"count=(\d+)", line).group(1))
    return total


def check_no_secret_logged(server, secrets) -> None:
    log = server.stderr_text()
    for secret in secrets:
        assert secret not in log, f"the log carries a token: {secret!r}"


async def hello_frames(server, role: str, token: str) -> tuple[dict, int]:
    """Sign in with ``token`` on a fresh connection: the reply and the close code that follows."""
    client = await dc.connect(server.ws_url)
    await client.send({"type": "hello", "ref": "h", "session": "s1", "role": role, "token": token})
    answer = await client.next()
    return answer, await client.expect_close()


def test_the_eleventh_wrong_hr_token_is_429_and_then_even_the_right_token_until_the_budget_refills(lead_server):
    server = lead_server()  # default limits: 10 failed sign-ins per address per minute
    for guess in GUESSES[:10]:
        resp = api(server, "GET", "/api/leads", token=guess)
        assert resp.status == 401 and error_code(resp) == "unauthorized", (guess, resp.status, resp.body[:200])
        assert (resp.headers.get("WWW-Authenticate") or "").startswith("Bearer"), dict(resp.headers)

    resp = api(server, "GET", "/api/leads", token=GUESSES[10])
    assert resp.status == 429, (resp.status, resp.body[:200])
    assert error_code(resp) == "rate_limited" and resp.content_type.startswith("application/json"), resp.body[:200]
    retry_after = int(resp.headers.get("Retry-After"))
    assert 1 <= retry_after <= 6, retry_after  # one failure's worth of budget: 60 s / 10

    right = api(server, "GET", "/api/leads", token=HR_HX)
    assert right.status == 429 and right.headers.get("Retry-After"), (right.status, right.body[:200])

    # The log names the address and the door, never a token.
    assert len(security_events(server, "auth_failed")) == 10
    # Throttled attempts are counted and logged as one line a second (a flood is not a line each).
    deadline = time.monotonic() + 5
    while throttled_count(server, "http_hr", "127.0.0.1") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert throttled_count(server, "http_hr", "127.0.0.1") == 2, server.stderr_text()[-2000:]
    check_no_secret_logged(server, [*GUESSES, HR_HX])

    # The budget refills by itself: after about Retry-After seconds the right token works again.
    deadline = time.monotonic() + retry_after + 5
    while (status := api(server, "GET", "/api/leads", token=HR_HX).status) == 429 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 200, status


@async_test
async def test_the_budget_is_shared_with_the_websocket(lead_server, tmp_path):
    config = leads_config(tmp_path / "cfg")
    config["limits"] = {"authFailuresPerMinutePerAddress": 2}  # one more try every 30 s
    server = lead_server(config)
    assert (await in_thread(api, server, "GET", "/api/leads", token=GUESSES[0])).status == 401
    answer, code = await hello_frames(server, "hr", GUESSES[1])
    assert answer["type"] == "error" and answer["code"] == "unauthorized" and code == 1008, (answer, code)

    # Out of budget: the right host token over the WebSocket is refused too, saying when to retry.
    answer, code = await hello_frames(server, "host", HOST_TOKEN)
    assert answer["type"] == "error" and answer["code"] == "rate_limited", answer
    assert re.search(r"try again in \d+ seconds", answer["message"]), answer
    assert code == 1008
    resp = await in_thread(api, server, "GET", "/api/leads", token=HR_HX)
    assert resp.status == 429, resp.status
    check_no_secret_logged(server, [*GUESSES[:2], HR_HX, HOST_TOKEN])

    # Viewers carry no token and are never held back by it.
    await dc.viewer(server)


@async_test
async def test_a_wrong_host_hello_is_unauthorized_the_socket_closed_and_the_event_logged(lead_server):
    server = lead_server()
    answer, code = await hello_frames(server, "host", GUESSES[0])
    assert answer["type"] == "error" and answer["code"] == "unauthorized" and answer["ref"] == "h", answer
    assert code == 1008, f"the connection stayed open for the next guess (close code {code})"
    await dc.wait_until(lambda: security_events(server, "auth_failed"), 5, "the auth_failed log line")
    (line,) = security_events(server, "auth_failed")
    assert "client.address=127.0.0.1" in line and "channel=ws_host" in line, line
    check_no_secret_logged(server, [GUESSES[0], HOST_TOKEN])

    # Below the budget, the right token still works on a new connection.
    boss = await dc.host(server)
    assert boss.welcome["role"] == "host"


@async_test
async def test_a_wrong_hr_hello_is_unauthorized_and_the_socket_closed(lead_server):
    server = lead_server()
    answer, code = await hello_frames(server, "hr", GUESSES[0])
    assert answer["type"] == "error" and answer["code"] == "unauthorized", answer
    assert code == 1008
    await dc.wait_until(lambda: security_events(server, "auth_failed"), 5, "the auth_failed log line")
    assert "channel=ws_hr" in security_events(server, "auth_failed")[0]
    await hr(server)
