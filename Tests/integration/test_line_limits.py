"""One address cannot fill the interview line (issue 9, finding 5; PROTOCOL.md "Per-address
limits on the line", CONFIG.md ``limits.queueJoinsPerMinutePerAddress`` / ``ticketsPerAddress``).

Every test viewer comes from 127.0.0.1, which here stands for one public address (a carrier NAT,
or one script). Each test failed against the old behaviour, where a 20-place line could be filled
from one address in a fraction of a second.
"""

from __future__ import annotations

import asyncio
import inspect
import re

import websockets

import daigang_client as dc
from daigang_client import async_test
from leads_support import applied, apply_message
from queue_support import (  # noqa: F401 - lead_server is a fixture
    Applicant,
    command,
    expect_error,
    host,
    join,
    joined,
    lead_server,
    new_applicants,
    queue_config,
    wait_queue,
)

NO_PROXY = {"proxy": None} if "proxy" in inspect.signature(websockets.connect).parameters else {}
OTHER_ADDRESS = "127.0.0.2"  # also loopback on Linux: another client address for the server


async def applicant_from(server, address: str) -> Applicant:
    """A viewer connecting from ``address`` (a local loopback alias) that applied to a job."""
    ws = await websockets.connect(server.ws_url, subprotocols=[dc.SUBPROTOCOL], compression=None, local_addr=(address, 0), **NO_PROXY)
    client = dc.Client(ws)
    dc._open_clients.append(client)  # closed by async_test, like dc.connect's clients
    await client.hello("viewer")
    message = apply_message(name="邻居")
    answer = await applied(client, message)
    return Applicant(client=client, lead_id=answer["leadId"], name=message["name"], phone=message["phone"], job=message["jobId"], resume=client.welcome["resume"])


def line_config(tmp_dir, max_length: int = 20, **limits) -> dict:
    """The queue test config with the per-address line limits back at their defaults, or ``limits``."""
    config = queue_config(tmp_dir, max_length=max_length)
    for key in ("queueJoinsPerMinutePerAddress", "ticketsPerAddress"):
        config["limits"].pop(key, None)
    config["limits"].update(limits)
    return config


@async_test
async def test_one_address_cannot_fill_a_twenty_place_line(lead_server, tmp_path):
    server = lead_server(line_config(tmp_path / "q"))  # defaults: a quarter of the line, bursts of 5
    boss = await host(server)
    people = await new_applicants(server, 20)
    answers = await asyncio.gather(*(join(person) for person in people))
    placed = [(person, answer) for person, answer in zip(people, answers) if answer["type"] == "queue_ticket"]
    refused = [answer for answer in answers if answer["type"] != "queue_ticket"]
    assert len(placed) == 5, f"{len(placed)} places taken from one address: {answers!r:.1500}"
    for answer in refused:
        assert answer["type"] == "error" and answer["code"] == "rate_limited", answer
        assert answer.get("reason") in ("address_tickets", "join_rate") and answer["message"], answer
    expected = sorted((answer["ticket"], "waiting") for _, answer in placed)
    view = await wait_queue(boss, expected)
    assert len(view["entries"]) == 5, view

    # Nothing changed: asking again from this address is still refused, while an applicant from
    # another network takes one of the 15 free places.
    loser = next(person for person, answer in zip(people, answers) if answer["type"] != "queue_ticket")
    again = await join(loser)
    assert again["type"] == "error" and again["code"] == "rate_limited", again
    neighbour = await applicant_from(server, OTHER_ADDRESS)
    await joined(neighbour, position=6)


@async_test
async def test_joins_from_one_address_come_in_a_small_burst_then_at_the_configured_rate(lead_server, tmp_path):
    server = lead_server(line_config(tmp_path / "q", queueJoinsPerMinutePerAddress=30, ticketsPerAddress=100))
    people = await new_applicants(server, 6)
    for person in people[:5]:
        await joined(person)
    answer = await expect_error(people[5].client, {"type": "queue_join", "leadId": people[5].lead_id}, "rate_limited")
    assert answer.get("reason") == "join_rate", answer
    assert re.search(r"try again in \d+ seconds", answer["message"]), answer
    # Asking again for a ticket one holds is never charged.
    again = await join(people[0])
    assert again["type"] == "queue_ticket" and again["ticket"] == people[0].ticket, again

    # One more every 2 s (30 a minute): the sixth gets in by itself soon.
    async def sixth_gets_in() -> bool:
        answer = await join(people[5])
        return answer["type"] == "queue_ticket"

    for _ in range(40):
        if await sixth_gets_in():
            break
        await asyncio.sleep(0.25)
    else:
        raise AssertionError("the join rate never let the sixth applicant in")


@async_test
async def test_a_place_held_from_an_address_frees_up_when_its_holder_leaves(lead_server, tmp_path):
    server = lead_server(line_config(tmp_path / "q", queueJoinsPerMinutePerAddress=1000, ticketsPerAddress=2))
    first, second, third = await new_applicants(server, 3)
    await joined(first, position=1)
    await joined(second, position=2)
    answer = await expect_error(third.client, {"type": "queue_join", "leadId": third.lead_id}, "rate_limited")
    assert answer.get("reason") == "address_tickets", answer
    await command(first.client, {"type": "queue_leave", "ticket": first.ticket})
    await joined(third, position=2)
