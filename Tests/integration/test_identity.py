"""An application belongs to the identity that made it (issue 9, finding 4; PROTOCOL.md
"Applications belong to their identity").

Knowing someone's phone number and the job they applied to used to be enough to get their lead id
back (``duplicate: true``) and take their lead into the interview line. Now another identity that
applies with the same phone and job gets exactly what a first application gets: a new lead of its
own. Each test here failed against the old behaviour.
"""

from __future__ import annotations

import asyncio
import json

import daigang_client as dc
from daigang_client import JOB_FULL, async_test, in_thread
from leads_support import HR_HX, applied, apply_message, fresh_phone, lead_detail, list_leads
from queue_support import (  # noqa: F401 - lead_server is a fixture
    expect_error,
    host,
    joined,
    lead_server,
    reconnect,
    request,
    wait_queue,
    Applicant,
)


async def apply_as(server, phone: str, name: str) -> tuple[dc.Client, dict]:
    """A new viewer (a new identity) that applies to JOB_FULL with ``phone``; the client and its reply."""
    client = await dc.viewer(server)
    return client, await applied(client, apply_message(JOB_FULL, phone=phone, name=name))


def mentions(client: dc.Client, text: str) -> bool:
    return any(text in json.dumps(msg, ensure_ascii=False) for msg in client.received)


@async_test
async def test_another_identity_with_the_same_phone_gets_its_own_lead_and_cannot_take_the_victims_place(lead_server):
    server = lead_server()  # default limits: a few applies and joins from 127.0.0.1
    boss = await host(server)
    phone = fresh_phone("138")
    victim, mine = await apply_as(server, phone, "受害人")
    attacker, theirs = await apply_as(server, phone, "冒名者")

    # Exactly the answer of a first application: a new, durable lead; no hint of the other one.
    assert theirs["duplicate"] is False, theirs
    assert theirs["leadId"] != mine["leadId"], theirs
    assert set(theirs) == set(mine), (mine, theirs)
    assert not mentions(attacker, mine["leadId"]), "the attacker learnt the victim's lead id"

    # The attacker cannot take the victim's lead into the line ...
    await expect_error(attacker, {"type": "queue_join", "leadId": mine["leadId"]}, "not_found")
    # ... the victim can, and then the attacker cannot change that ticket.
    owner = Applicant(client=victim, lead_id=mine["leadId"], name="受害人", phone=phone, job=JOB_FULL, resume=victim.welcome["resume"])
    await joined(owner, position=1)
    for message in ({"type": "queue_leave", "ticket": owner.ticket}, {"type": "queue_here", "ticket": owner.ticket}):
        await expect_error(attacker, message, "not_found")
    await expect_error(attacker, {"type": "queue_join", "leadId": mine["leadId"]}, "not_found")
    view = await wait_queue(boss, [(owner.ticket, "waiting")])
    assert [entry["leadId"] for entry in view["entries"]] == [mine["leadId"]], view

    # HR sees both applications, each as its applicant wrote it.
    leads = {lead["id"]: lead for lead in await in_thread(list_leads, server, HR_HX)}
    assert set(leads) == {mine["leadId"], theirs["leadId"]}, leads
    assert (leads[mine["leadId"]]["name"], leads[theirs["leadId"]]["name"]) == ("受害人", "冒名者")
    assert leads[mine["leadId"]]["phone"] == leads[theirs["leadId"]]["phone"] == phone


@async_test
async def test_a_second_identity_applying_while_the_first_write_is_pending_gets_its_own_lead(lead_server):
    server = lead_server()  # default limits: a few applies and joins from 127.0.0.1
    phone = fresh_phone("138")
    first, second = await dc.viewer(server), await dc.viewer(server)
    a, b = await asyncio.gather(
        applied(first, apply_message(JOB_FULL, phone=phone, name="甲")),
        applied(second, apply_message(JOB_FULL, phone=phone, name="乙")),
    )
    assert a["duplicate"] is False and b["duplicate"] is False, (a, b)
    assert a["leadId"] != b["leadId"], (a, b)
    assert {lead["id"] for lead in await in_thread(list_leads, server, HR_HX)} == {a["leadId"], b["leadId"]}


@async_test
async def test_only_the_same_identity_gets_a_duplicate_also_after_a_resume_and_a_restart(lead_server):
    server = lead_server()  # default limits: a few applies and joins from 127.0.0.1
    phone = fresh_phone("138")
    victim, mine = await apply_as(server, phone, "本人")
    owner = Applicant(client=victim, lead_id=mine["leadId"], name="本人", phone=phone, job=JOB_FULL, resume=victim.welcome["resume"])
    await joined(owner, position=1)  # in line, so the identity also survives a restart

    # Back on a new connection with the resume token: the same identity, its own lead as a duplicate.
    await victim.close()
    back = await reconnect(server, owner.resume)
    assert back.welcome["resumed"] is True, back.welcome
    again = await applied(back, apply_message(JOB_FULL, phone=phone, name="本人"))
    assert (again["leadId"], again["duplicate"]) == (mine["leadId"], True), again
    await back.close()

    # After a restart the duplicate index is rebuilt from the store, keyed by identity too.
    await in_thread(server.restart)
    _, stranger = await apply_as(server, phone, "别人")
    assert stranger["duplicate"] is False and stranger["leadId"] != mine["leadId"], stranger
    returned = await reconnect(server, owner.resume)
    assert returned.welcome["resumed"] is True, returned.welcome
    again = await applied(returned, apply_message(JOB_FULL, phone=phone, name="本人"))
    assert (again["leadId"], again["duplicate"]) == (mine["leadId"], True), again
    ticket = await request(returned, {"type": "queue_join", "leadId": mine["leadId"]})
    assert ticket["type"] == "queue_ticket" and ticket["ticket"] == owner.ticket, ticket
    assert (await in_thread(lead_detail, server, HR_HX, stranger["leadId"]))["name"] == "别人"
