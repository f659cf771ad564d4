"""The interview line over real sockets (PROTOCOL.md "# The interview line"; CONFIG.md ``queue.*``,
``resumeGraceSeconds``): tickets and live positions, calls, confirmations, time-outs, outcomes that
reach HR, pause, a full line, the ETA, the resume grace period and ``counters.queue``."""

from __future__ import annotations

import time

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, async_test, in_thread
from leads_support import HR_HX, HR_SD, JOB_TITLE, get_lead, lead_detail, masked
from queue_support import (  # noqa: F401 - lead_server is a fixture
    call,
    called,
    check_ticket_view,
    command,
    done,
    ended,
    expect_error,
    host,
    join,
    join_in_order,
    joined,
    latest_position,
    latest_queue,
    latest_view,
    lead_server,
    new_applicant,
    new_applicants,
    notice,
    queue_config,
    reconnect,
    serve,
    tick_barrier,
    wait_connected,
    wait_counters,
    wait_position,
    wait_queue,
    wait_state,
)

CALL_TIMEOUT = 2  # seconds (queue.callTimeoutSeconds) where a test waits for a no-show


def waiting(tickets: list[int]) -> list[tuple[int, str]]:
    return [(t, "waiting") for t in tickets]


def followups_by_host(server, token: str, lead_id: str) -> list[dict]:
    return [f for f in lead_detail(server, token, lead_id).get("followups", []) if f.get("by") == "host"]


# --- 1. A line of twenty ----------------------------------------------------------------------------


@async_test
async def test_twenty_in_line_calls_confirmations_a_no_show_and_everyone_moves_up(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q", call_timeout=CALL_TIMEOUT))
    boss = await host(server)
    people = await new_applicants(server, 20)
    tickets = await join_in_order(people)

    # The host sees the whole line, in order, with the applicants' details (phones masked).
    view = await wait_queue(boss, waiting(tickets))
    assert view["paused"] is False, view
    for entry, person in zip(view["entries"], people):
        assert entry["leadId"] == person.lead_id and entry["name"] == person.name, entry
        assert entry["phoneMasked"] == masked(person.phone) and person.phone not in str(entry), entry
        assert entry["jobTitle"] == JOB_TITLE[JOB_FULL], entry
        assert entry["connected"] is True, entry
        assert isinstance(entry["waitingSince"], int) and entry["waitingSince"] > 1_600_000_000_000, entry

    # The tenth leaves by itself.
    leaver = people[9]
    await command(leaver.client, {"type": "queue_leave", "ticket": leaver.ticket})
    await notice(boss, leaver, "left")

    # Three are called in turn (call next), confirm, and are interviewed.
    await serve(boss, people[0], message="请准备连麦，1号")
    await serve(boss, people[1])  # the server's default instructions
    await serve(boss, people[2], message="请打开摄像头")

    # The fourth is called and never confirms; meanwhile the fifth is called and interviewed.
    no_show = people[3]
    await call(boss)
    called_at = time.monotonic()
    await called(no_show)
    await serve(boss, people[4])
    await notice(boss, no_show, "no_show", timeout=CALL_TIMEOUT + 5)
    assert time.monotonic() - called_at >= CALL_TIMEOUT - 0.5, "the call timed out before queue.callTimeoutSeconds"
    await ended(no_show, "no_show")
    # Too late: the ticket is gone (PROTOCOL.md does not say which code; it must be refused).
    await expect_error(no_show.client, {"type": "queue_here", "ticket": no_show.ticket}, ("not_found", "conflict"))

    # Everyone still waiting moved up to their true place.
    remaining = [p for i, p in enumerate(people) if i >= 5 and p is not leaver]
    assert len(remaining) == 14
    for place, person in enumerate(remaining, start=1):
        await wait_position(person, place)
    await wait_queue(boss, waiting([p.ticket for p in remaining]))

    # After one more server tick nothing has moved: every last word agrees with the true order.
    await tick_barrier(server, [p.client for p in people] + [boss])
    for place, person in enumerate(remaining, start=1):
        view = latest_view(person.client, person.ticket)
        check_ticket_view(view, f"{person} latest")
        assert view["state"] == "waiting" and view["position"] == place and view["ahead"] == place - 1, (
            f"{person}: last position message {view!r}, expected position {place}"
        )
    assert [(e["ticket"], e["state"]) for e in latest_queue(boss)["entries"]] == waiting([p.ticket for p in remaining])
    # Those whose ticket ended hear nothing more about it.
    for person in people[:5] + [leaver]:
        msgs = person.client.received
        end = max(i for i, m in enumerate(msgs) if m["type"] in ("queue_ended", "ok"))
        late = [m for m in msgs[end:] if m["type"] == "queue_position" and m.get("ticket") == person.ticket]
        assert not late, f"{person}: queue_position after its ticket ended: {late!r}"

    # The call that timed out is recorded for HR as a line no-show (nobody phoned), by the host.
    followups = await in_thread(followups_by_host, server, HR_HX, no_show.lead_id)
    assert [f["status"] for f in followups] == ["line_no_show"], followups


# --- 2. Refusals ---------------------------------------------------------------------------------------


@async_test
async def test_queue_commands_are_refused_with_the_documented_codes(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q"))
    boss = await host(server)
    alice, bob = await new_applicants(server, 2)

    # Nobody waits yet: "call next" conflicts.
    await expect_error(boss, {"type": "queue_call"}, "conflict")

    first = await joined(alice, position=1)
    # Joining again returns the same ticket, and the place did not change.
    again = await join(alice)
    assert again["type"] == "queue_ticket", again
    assert again["ticket"] == first["ticket"] and again["position"] == 1 and again["state"] == "waiting", (first, again)

    # Someone else's lead, or a lead that does not exist.
    await expect_error(bob.client, {"type": "queue_join", "leadId": alice.lead_id}, "not_found")
    await expect_error(bob.client, {"type": "queue_join", "leadId": "L999999"}, "not_found")
    # A viewer who has not applied at all.
    stranger = await dc.viewer(server)
    await expect_error(stranger, {"type": "queue_join", "leadId": alice.lead_id}, "not_found")

    # Roles.
    await expect_error(boss, {"type": "queue_join", "leadId": alice.lead_id}, "forbidden")
    await expect_error(alice.client, {"type": "queue_call"}, "forbidden")
    await expect_error(alice.client, {"type": "queue_call", "ticket": alice.ticket}, "forbidden")
    await expect_error(alice.client, {"type": "queue_done", "ticket": alice.ticket, "outcome": "interviewed"}, "forbidden")
    await expect_error(alice.client, {"type": "queue_pause"}, "forbidden")

    # Confirming before being called.
    await expect_error(alice.client, {"type": "queue_here", "ticket": alice.ticket}, "conflict")

    # Unknown tickets.
    unknown = alice.ticket + 1000
    await expect_error(boss, {"type": "queue_done", "ticket": unknown, "outcome": "interviewed"}, "not_found")
    await expect_error(boss, {"type": "queue_call", "ticket": unknown}, "not_found")

    # Malformed outcome / ticket: bad_request naming the field; nothing changes.
    await expect_error(boss, {"type": "queue_done", "ticket": alice.ticket, "outcome": "hired"}, "bad_request", names="outcome")
    await expect_error(boss, {"type": "queue_done", "ticket": alice.ticket}, "bad_request", names="outcome")
    await expect_error(boss, {"type": "queue_done", "ticket": str(alice.ticket), "outcome": "skipped"}, "bad_request", names="ticket")
    # Instructions longer than 500 characters are refused, naming the field.
    # (quoted as in PROTOCOL.md's "field 'jobId' …", since the bare word could be about the frame)
    await expect_error(boss, {"type": "queue_call", "message": "x" * 501}, ("bad_request", "too_large"), names="'message'")
    still = await join(alice)
    assert still["type"] == "queue_ticket" and still["ticket"] == alice.ticket and still["state"] == "waiting", still

    # Calling a ticket that is already called conflicts; so does "call next" with nobody else waiting.
    await call(boss, alice.ticket)
    await called(alice)
    await expect_error(boss, {"type": "queue_call", "ticket": alice.ticket}, "conflict")
    await expect_error(boss, {"type": "queue_call"}, "conflict")


# --- 3. Pause ------------------------------------------------------------------------------------------


@async_test
async def test_a_paused_line_takes_no_new_joins_until_resumed(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q"))
    boss = await host(server)
    early, late = await new_applicants(server, 2)
    await joined(early, position=1)
    seq0 = late.client.welcome["snapshot"]["seq"]
    assert late.client.welcome["snapshot"].get("queuePaused") is False, late.client.welcome["snapshot"]

    await command(boss, {"type": "queue_pause"})
    for who in (early.client, late.client, boss):
        status = await who.wait_type("queue_status")
        assert status["paused"] is True, status
        assert status["seq"] == seq0 + 1, f"queue_status is a broadcast with the next seq ({seq0 + 1}): {status!r}"
    assert (await in_thread(dc.snapshot_http, server)).get("queuePaused") is True
    await wait_queue(boss, waiting([early.ticket]), paused=True)

    await expect_error(late.client, {"type": "queue_join", "leadId": late.lead_id}, "conflict")
    # The one already in line keeps the ticket; asking again while paused returns it.
    again = await join(early)
    assert again["type"] == "queue_ticket" and again["ticket"] == early.ticket, again

    await command(boss, {"type": "queue_resume"})
    for who in (early.client, late.client, boss):
        status = await who.wait_type("queue_status")
        assert status["paused"] is False and status["seq"] == seq0 + 2, status
    assert (await in_thread(dc.snapshot_http, server)).get("queuePaused") is False
    await joined(late, position=2)
    await wait_queue(boss, waiting([early.ticket, late.ticket]), paused=False)


# --- 4. A full line ------------------------------------------------------------------------------------


@async_test
async def test_a_full_line_refuses_the_next_join(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q", max_length=3))
    boss = await host(server)
    people = await new_applicants(server, 5)
    tickets = await join_in_order(people[:3])
    await expect_error(people[3].client, {"type": "queue_join", "leadId": people[3].lead_id}, "conflict")
    await wait_queue(boss, waiting(tickets))

    # A place frees up when someone leaves the line.
    await command(people[0].client, {"type": "queue_leave", "ticket": people[0].ticket})
    await joined(people[3], position=3)
    await expect_error(people[4].client, {"type": "queue_join", "leadId": people[4].lead_id}, "conflict")


# --- 5. ETA --------------------------------------------------------------------------------------------


@async_test
async def test_eta_is_null_until_three_were_served_then_a_number(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q", call_timeout=CALL_TIMEOUT))
    boss = await host(server)
    people = await new_applicants(server, 6)
    await join_in_order(people)
    for person in people:
        assert latest_view(person.client, person.ticket)["etaSeconds"] is None

    await serve(boss, people[0])  # 1 served
    await call(boss)  # 2: a no-show by time-out (a service time of about callTimeoutSeconds)
    await called(people[1])
    await notice(boss, people[1], "no_show", timeout=CALL_TIMEOUT + 5)
    rest = people[2:]
    for place, person in enumerate(rest, start=1):
        await wait_position(person, place)
    await tick_barrier(server, [p.client for p in rest])  # anything sent after the no-show has arrived
    for person in rest:
        view = latest_view(person.client, person.ticket)
        assert view["etaSeconds"] is None, f"two served: etaSeconds must still be null: {view!r}"

    await serve(boss, people[2])  # 3 served
    rest = people[3:]

    for place, person in enumerate(rest, start=1):
        await wait_state(
            person.client,
            lambda p=person, i=place: (v := latest_view(p.client, p.ticket)) is not None and v.get("position") == i and v.get("etaSeconds") is not None,
            f"{person}: position {place} with a number as etaSeconds",
            show=lambda p=person: latest_view(p.client, p.ticket),
        )
    etas = [latest_view(p.client, p.ticket)["etaSeconds"] for p in rest]
    for view in (latest_view(p.client, p.ticket) for p in rest):
        check_ticket_view(view, "after three served")
    # ahead × the average service time: 0 for the first; the no-show took >= CALL_TIMEOUT s of three.
    assert etas[0] == 0, etas
    assert etas == sorted(etas), f"etaSeconds must grow with the place in line: {etas}"
    assert etas[2] >= 1, f"two ahead × an average of at least {CALL_TIMEOUT}/3 s: {etas}"
    assert etas[2] <= 2 * (CALL_TIMEOUT + 3), f"implausibly long: {etas}"

    # A ticket taken now carries a number at once.
    newcomer = await new_applicant(server, name="新来的")
    answer = await joined(newcomer, position=4)
    assert isinstance(answer["etaSeconds"], int) and answer["etaSeconds"] >= etas[2], answer


# --- 6. Resume grace ----------------------------------------------------------------------------------


@async_test
async def test_a_place_is_kept_for_the_grace_period_and_dropped_after_it(lead_server, tmp_path):
    grace = 2
    server = lead_server(queue_config(tmp_path / "q", grace=grace))
    boss = await host(server)
    a, b, c, d = await new_applicants(server, 4)
    await join_in_order([a, b, c, d])
    await wait_queue(boss, waiting([a.ticket, b.ticket, c.ticket, d.ticket]))

    # b and c lose their connections; the host sees them away.
    await b.client.close()
    await c.client.close()
    await wait_connected(boss, b.ticket, False)
    await wait_connected(boss, c.ticket, False)

    # b is back within the grace period: same identity, same ticket and place.
    b_again = await reconnect(server, b.resume)
    welcome = b_again.welcome
    assert welcome["resumed"] is True and welcome["viewerId"] == b.client.welcome["viewerId"], welcome
    assert isinstance(welcome.get("ticket"), dict), f"a resumed viewer in line gets welcome.ticket: {welcome!r}"
    check_ticket_view(welcome["ticket"], "welcome.ticket")
    assert welcome["ticket"]["ticket"] == b.ticket and welcome["ticket"]["state"] == "waiting", welcome["ticket"]
    assert welcome["ticket"]["position"] == 2 and welcome["ticket"]["ahead"] == 1, welcome["ticket"]
    await wait_connected(boss, b.ticket, True)
    b.client = b_again

    # c stays away past the grace period: dropped, and the host is told.
    await notice(boss, c, "dropped", timeout=grace + 5)
    await wait_queue(boss, waiting([a.ticket, b.ticket, d.ticket]))
    c_again = await reconnect(server, c.resume)
    assert c_again.welcome["resumed"] is False, c_again.welcome
    assert "ticket" not in c_again.welcome or c_again.welcome["ticket"] is None, c_again.welcome

    # d moved up; b (back in time) kept its place; a is still first.
    await wait_position(d, 3)
    await tick_barrier(server, [a.client, b.client, d.client, boss])
    assert latest_position(a.client, a.ticket) == 1
    assert latest_position(b.client, b.ticket) == 2
    assert latest_position(d.client, d.ticket) == 3
    assert all(e["connected"] is True for e in latest_queue(boss)["entries"]), latest_queue(boss)

    # b's ticket is b's again: it can confirm a call.
    await call(boss, b.ticket)
    await called(b)
    await command(b.client, {"type": "queue_here", "ticket": b.ticket})
    await notice(boss, b, "here")


# --- 7. Outcomes reach HR ------------------------------------------------------------------------------


@async_test
async def test_interviewed_and_no_show_outcomes_are_follow_ups_for_hr(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q"))
    boss = await host(server)
    hx = await new_applicant(server, name="李四", job=JOB_FULL)
    sd = await new_applicant(server, name="王五", job=JOB_MID)
    skip = await new_applicant(server, name="赵六", job=JOB_FULL)
    await join_in_order([hx, sd, skip])

    await serve(boss, hx)
    await call(boss, sd.ticket)
    await called(sd)
    await done(boss, sd.ticket, "no_show")
    await ended(sd, "no_show")
    await done(boss, skip.ticket, "skipped")
    await ended(skip, "skipped")
    await wait_queue(boss, [])

    lead = await in_thread(lead_detail, server, HR_HX, hx.lead_id)
    assert lead["status"] == "contacted", lead
    assert [(f["status"], f["by"]) for f in lead["followups"]] == [("contacted", "host")], lead["followups"]
    assert isinstance(lead["followups"][0]["at"], int), lead["followups"]

    lead = await in_thread(lead_detail, server, HR_SD, sd.lead_id)
    assert lead["status"] == "line_no_show", lead
    assert [(f["status"], f["by"]) for f in lead["followups"]] == [("line_no_show", "host")], lead["followups"]

    # Skipping is not an outcome for HR; and each employer sees only its own lead.
    lead = await in_thread(lead_detail, server, HR_HX, skip.lead_id)
    assert lead["status"] == "new" and lead.get("followups") == [], lead
    assert (await in_thread(get_lead, server, HR_SD, hx.lead_id)).status == 404
    assert (await in_thread(get_lead, server, HR_HX, sd.lead_id)).status == 404


# --- 8. counters.queue ---------------------------------------------------------------------------------


@async_test
async def test_counters_queue_is_the_number_waiting(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "q"))
    boss = await host(server)
    watcher = await dc.viewer(server)
    assert watcher.welcome["snapshot"]["counters"]["queue"] == 0
    people = await new_applicants(server, 4)
    await join_in_order(people)
    await wait_counters(watcher, queue=4)
    await wait_counters(boss, queue=4)

    await call(boss)  # called is no longer waiting
    await called(people[0])
    await wait_counters(watcher, queue=3)
    await command(people[0].client, {"type": "queue_here", "ticket": people[0].ticket})
    await command(people[2].client, {"type": "queue_leave", "ticket": people[2].ticket})
    await wait_counters(watcher, queue=2)
    assert (await in_thread(dc.snapshot_http, server))["counters"]["queue"] == 2

    await command(boss, {"type": "queue_requeue", "ticket": people[0].ticket, "to": "back"})
    await wait_counters(watcher, queue=3)
    await wait_queue(boss, waiting([people[1].ticket, people[3].ticket, people[0].ticket]))
    await wait_position(people[0], 3)
    await done(boss, people[1].ticket, "skipped")
    await wait_counters(watcher, queue=2)
    await wait_counters(boss, queue=2)
