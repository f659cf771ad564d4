"""The interview line survives a crash (PROTOCOL.md "# The interview line": "The line survives a
server restart: tickets, order, states and resume tokens come back, and the grace period starts
again at the restart")."""

from __future__ import annotations

import daigang_client as dc
from daigang_client import async_test, in_thread
from queue_support import (  # noqa: F401 - lead_server is a fixture
    call,
    called,
    check_ticket_view,
    command,
    expect_error,
    host,
    join,
    join_in_order,
    lead_server,
    new_applicants,
    notice,
    queue_config,
    reconnect,
    wait_connected,
    wait_counters,
    wait_position,
    wait_queue,
)

ENTRY_FIELDS = ("ticket", "leadId", "name", "phoneMasked", "jobTitle", "waitingSince", "state", "calledAt")


def durable_part(view: dict) -> list[dict]:
    """The host's queue entries minus ``connected`` (which is about this process's sockets)."""
    return [{k: e.get(k) for k in ENTRY_FIELDS} for e in view["entries"]]


@async_test
async def test_the_line_comes_back_after_kill_9_with_tickets_order_states_and_resume_tokens(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q"))  # default grace (120 s) and call time-out (60 s)
    boss = await host(server)
    here, called_one, left, c, d = await new_applicants(server, 5)
    await join_in_order([here, called_one, left, c, d])

    # First one called and confirmed (here), the second called only, the third left, two waiting.
    await call(boss, message="请准备连麦")
    await called(here)
    await command(here.client, {"type": "queue_here", "ticket": here.ticket})
    await notice(boss, here, "here")
    await call(boss, message="下一位请准备")
    await called(called_one, "下一位请准备")
    await command(left.client, {"type": "queue_leave", "ticket": left.ticket})
    expected_states = [(here.ticket, "here"), (called_one.ticket, "called"), (c.ticket, "waiting"), (d.ticket, "waiting")]
    before = await wait_queue(boss, expected_states)
    await wait_position(c, 1)
    await wait_position(d, 2)
    assert all(e["connected"] is True for e in before["entries"]), before
    assert isinstance(before["entries"][1].get("calledAt"), int), before

    server.kill9()
    server.start()

    # The host's view after the restart: the same tickets, order, states and details; nobody is
    # connected yet.
    boss = await host(server)
    after = await wait_queue(boss, expected_states)
    assert durable_part(after) == durable_part(before), (durable_part(before), durable_part(after))
    assert all(e["connected"] is False for e in after["entries"]), after
    assert after["paused"] is False, after

    # Only the waiting count as queue: a fresh viewer's snapshot, the HTTP snapshot.
    watcher = await dc.viewer(server)
    assert watcher.welcome["snapshot"]["counters"]["queue"] == 2, watcher.welcome["snapshot"]["counters"]
    assert (await in_thread(dc.snapshot_http, server))["counters"]["queue"] == 2

    # A waiting viewer resumes with its token: its ticket and place, and its lead is still its own.
    c_again = await reconnect(server, c.resume)
    welcome = c_again.welcome
    assert welcome["resumed"] is True and welcome["viewerId"] == c.client.welcome["viewerId"], welcome
    assert isinstance(welcome.get("ticket"), dict), f"welcome after a restart must carry the ticket: {welcome!r}"
    check_ticket_view(welcome["ticket"], "welcome.ticket after restart")
    assert (welcome["ticket"]["ticket"], welcome["ticket"]["state"], welcome["ticket"]["position"], welcome["ticket"]["ahead"]) == (
        c.ticket, "waiting", 1, 0
    ), welcome["ticket"]
    c.client = c_again
    again = await join(c)
    assert again["type"] == "queue_ticket" and again["ticket"] == c.ticket and again["position"] == 1, again
    await wait_connected(boss, c.ticket, True)

    # The called viewer resumes: still called, with the host's instructions, and can confirm.
    b_again = await reconnect(server, called_one.resume)
    ticket = b_again.welcome.get("ticket")
    assert b_again.welcome["resumed"] is True and isinstance(ticket, dict), b_again.welcome
    check_ticket_view(ticket, "welcome.ticket of a called viewer")
    assert ticket["ticket"] == called_one.ticket and ticket["state"] == "called", ticket
    assert ticket.get("message") == "下一位请准备", f"a called ticket carries the host's message: {ticket!r}"
    called_one.client = b_again
    await command(b_again, {"type": "queue_here", "ticket": called_one.ticket})
    await notice(boss, called_one, "here")

    # The viewer who left stays out; the waiting count is still right.
    left_again = await reconnect(server, left.resume)
    assert not left_again.welcome.get("ticket"), left_again.welcome
    await expect_error(left_again, {"type": "queue_here", "ticket": left.ticket}, ("not_found", "conflict"))
    await wait_queue(boss, [(here.ticket, "here"), (called_one.ticket, "here"), (c.ticket, "waiting"), (d.ticket, "waiting")])
    await wait_counters(watcher, queue=2)
    await wait_counters(c_again, queue=2)
