"""Helpers for the interview-line tests (PROTOCOL.md "# The interview line", CONFIG.md ``queue.*``).

Built on ``daigang_client`` and ``leads_support`` (imported, not changed); nothing here sleeps to
synchronise: every wait is for a condition, bounded.

* ``queue_config``: the lead test config with apply and per-address line limits out of the way (every
  test viewer comes from 127.0.0.1) and the ``queue.*`` / ``resumeGraceSeconds`` knobs.
* ``Applicant``: a viewer connection that applied to a job (its ``leadId``, phone, name, resume
  token) and, once in line, its ticket. ``new_applicant`` / ``new_applicants`` make them.
* Requests whose direct reply is not ``ok``/``error`` (``queue_ticket``): ``request`` / ``join`` /
  ``joined``; ``expect_error`` for a refused command.
* State the server pushes at most once a second (``queue_position``, the hosts' ``queue``,
  ``counters``) is read from ``Client.received`` — "the latest one seen" — and waited for with
  ``wait_state`` (bounded), which keeps every other message buffered for later ``expect``s.
* ``tick_barrier``: makes the server send one more ``counters`` to everyone and waits for it, so
  anything the server sent before that tick has been read.

Test modules import the fixture explicitly: ``from queue_support import lead_server  # noqa``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL
from leads_support import (  # noqa: F401 - lead_server is a fixture, re-exported for the tests
    applied,
    apply_message,
    fresh_phone,
    lead_server,
    leads_config,
)

# How long the server may take to push a state change: it sends queue_position, queue and
# counters on a once-a-second tick, and a durable write (fdatasync) may come first.
PUSH_TIMEOUT = 5.0
REPLY_TIMEOUT = 10.0  # a queue command's reply waits for the disk
REPLY_TYPES = ("queue_ticket", "applied", *dc.REPLY_TYPES)
STATE_TYPES = ("queue_position", "queue_ticket", "queue", "counters", "welcome")


def queue_config(
    tmp_dir: Path,
    *,
    max_length: Optional[int] = None,
    call_timeout: Optional[int] = None,
    grace: Optional[int] = None,
) -> dict:
    """The lead test config (session ``s1``, live) with high apply/message limits and queue knobs."""
    config = leads_config(tmp_dir, applies_per_minute=1000, applies_per_address=100000, messages_per_second=1000)
    # One address may otherwise hold only a quarter of the line and join at 20 a minute (CONFIG.md).
    config["limits"].update(queueJoinsPerMinutePerAddress=1_000_000, ticketsPerAddress=10_000)
    queue: dict[str, int] = {}
    if max_length is not None:
        queue["maxLength"] = max_length
    if call_timeout is not None:
        queue["callTimeoutSeconds"] = call_timeout
    if queue:
        config["queue"] = queue
    if grace is not None:
        config["resumeGraceSeconds"] = grace
    return config


# --- Applicants -----------------------------------------------------------------------------------


@dataclass
class Applicant:
    """A viewer connection that applied: what the test knows about it."""

    client: dc.Client
    lead_id: str
    name: str
    phone: str
    job: str
    resume: str  # the token from its first welcome
    ticket: Optional[int] = None

    def __repr__(self) -> str:
        return f"<Applicant {self.name} lead={self.lead_id} ticket={self.ticket}>"


async def new_applicant(server, name: str = "张三", job: str = JOB_FULL, phone: Optional[str] = None) -> Applicant:
    """A new viewer connection that applied to ``job`` with a fresh phone number."""
    client = await dc.viewer(server)
    phone = fresh_phone() if phone is None else phone
    answer = await applied(client, apply_message(job, phone=phone, name=name))
    assert answer["duplicate"] is False, f"a fresh phone was taken as a duplicate: {answer!r}"
    return Applicant(client=client, lead_id=answer["leadId"], name=name, phone=phone, job=job, resume=client.welcome["resume"])


async def new_applicants(server, n: int, prefix: str = "应聘者", job: str = JOB_FULL) -> list[Applicant]:
    """``n`` applicants (distinct connections and phones), applying concurrently."""
    return list(await asyncio.gather(*(new_applicant(server, name=f"{prefix}{i + 1}", job=job) for i in range(n))))


async def reconnect(server, resume: Optional[str]) -> dc.Client:
    """A new viewer connection saying ``hello`` with ``resume``; its welcome is ``client.welcome``."""
    client = await dc.connect(server.ws_url)
    await client.hello("viewer", resume=resume)
    return client


# --- Requests -------------------------------------------------------------------------------------


async def reply(client: dc.Client, ref: Any, timeout: float = REPLY_TIMEOUT) -> dict:
    """The direct reply (queue_ticket/applied/welcome/ok/error) echoing ``ref``; others stay buffered."""
    return await client.wait_for(
        lambda m: m["type"] in REPLY_TYPES and "ref" in m and m["ref"] == ref and type(m["ref"]) is type(ref),
        timeout,
        f"the reply with ref {ref!r}",
    )


async def request(client: dc.Client, message: dict, timeout: float = REPLY_TIMEOUT) -> dict:
    """Send ``message`` (a ref is added) and return its direct reply, whatever its type."""
    message = dict(message)
    message.setdefault("ref", client.next_ref())
    await client.send(message)
    return await reply(client, message["ref"], timeout)


async def command(client: dc.Client, message: dict) -> dict:
    """A command that must succeed with ``ok``."""
    answer = await request(client, message)
    assert answer["type"] == "ok", f"{message} → expected ok, got {answer!r}"
    return answer


async def expect_error(client: dc.Client, message: dict, code: "str | tuple[str, ...]", names: Optional[str] = None) -> dict:
    """``message`` must be refused with ``error`` ``code`` (or one of several codes, where the
    protocol leaves it open), whose text names ``names`` if given."""
    codes = (code,) if isinstance(code, str) else tuple(code)
    answer = await request(client, message)
    assert answer["type"] == "error", f"{message} → expected error {code!r}, got {answer!r}"
    assert answer["code"] in codes, f"{message} → expected error {code!r}, got {answer!r}"
    assert isinstance(answer.get("message"), str) and answer["message"], answer
    if names is not None:
        assert names in answer["message"], f"{message} → the error should name {names!r}: {answer!r}"
    return answer


async def join(applicant: Applicant, lead_id: Optional[str] = None) -> dict:
    """``queue_join`` with the applicant's own lead (or ``lead_id``); the reply."""
    return await request(applicant.client, {"type": "queue_join", "leadId": applicant.lead_id if lead_id is None else lead_id})


def check_ticket_view(view: dict, what: str) -> None:
    """The fields every ticket view has (queue_ticket, queue_position, welcome.ticket)."""
    for key in ("ticket", "state", "position", "ahead", "etaSeconds"):
        assert key in view, f"{what}: no {key!r} in {view!r}"
    assert isinstance(view["ticket"], int) and not isinstance(view["ticket"], bool), f"{what}: ticket {view!r}"
    assert view["state"] in ("waiting", "called", "here"), f"{what}: state {view!r}"
    if view["state"] == "waiting":
        assert isinstance(view["position"], int) and view["position"] >= 1, f"{what}: position {view!r}"
        assert view["ahead"] == view["position"] - 1, f"{what}: ahead must be position - 1: {view!r}"
    eta = view["etaSeconds"]
    assert eta is None or (isinstance(eta, int) and not isinstance(eta, bool) and eta >= 0), f"{what}: etaSeconds {view!r}"


async def joined(applicant: Applicant, position: Optional[int] = None) -> dict:
    """A ``queue_join`` that must give a waiting ticket (at ``position``, if given)."""
    answer = await join(applicant)
    assert answer["type"] == "queue_ticket", f"{applicant}: queue_join → expected queue_ticket, got {answer!r}"
    check_ticket_view(answer, f"{applicant} queue_ticket")
    assert answer["state"] == "waiting", answer
    if position is not None:
        assert answer["position"] == position and answer["ahead"] == position - 1, (
            f"{applicant}: expected position {position}, got {answer!r}"
        )
    applicant.ticket = answer["ticket"]
    return answer


async def join_in_order(applicants: Iterable[Applicant], first_position: int = 1) -> list[int]:
    """Join one after the other; each must get the next position. The tickets."""
    tickets = []
    for i, applicant in enumerate(applicants):
        answer = await joined(applicant, position=first_position + i)
        tickets.append(answer["ticket"])
    assert len(set(tickets)) == len(tickets), f"tickets repeat: {tickets}"
    return tickets


async def host(server) -> dc.Client:
    client = await dc.connect(server.ws_url)
    await client.hello("host", token=HOST_TOKEN)
    return client


async def call(host_client: dc.Client, ticket: Optional[int] = None, message: Optional[str] = None) -> None:
    body: dict[str, Any] = {"type": "queue_call"}
    if ticket is not None:
        body["ticket"] = ticket
    if message is not None:
        body["message"] = message
    await command(host_client, body)


async def done(host_client: dc.Client, ticket: int, outcome: str) -> None:
    await command(host_client, {"type": "queue_done", "ticket": ticket, "outcome": outcome})


async def called(applicant: Applicant, message: Optional[str] = None, timeout: float = PUSH_TIMEOUT) -> dict:
    """Wait for the applicant's ``queue_called`` (with the host's ``message``, if given)."""
    msg = await applicant.client.wait_for(
        lambda m: m["type"] == "queue_called", timeout, f"queue_called for {applicant}"
    )
    assert msg.get("ticket") == applicant.ticket, f"{applicant}: queue_called for another ticket: {msg!r}"
    assert isinstance(msg.get("message"), str) and msg["message"].strip(), f"queue_called without a message: {msg!r}"
    if message is not None:
        assert msg["message"] == message, f"queue_called should carry the host's message {message!r}: {msg!r}"
    return msg


async def ended(applicant: Applicant, reason: str, timeout: float = PUSH_TIMEOUT) -> dict:
    msg = await applicant.client.wait_for(lambda m: m["type"] == "queue_ended", timeout, f"queue_ended for {applicant}")
    assert msg.get("ticket") == applicant.ticket and msg.get("reason") == reason, (
        f"{applicant}: expected queue_ended {reason!r} for ticket {applicant.ticket}, got {msg!r}"
    )
    return msg


async def notice(host_client: dc.Client, applicant: Applicant, event: str, timeout: float = PUSH_TIMEOUT) -> dict:
    """Wait for the host's ``queue_notice`` about the applicant's ticket; it must be ``event``."""
    msg = await host_client.wait_for(
        lambda m: m["type"] == "queue_notice" and m.get("ticket") == applicant.ticket,
        timeout,
        f"queue_notice {event!r} for {applicant}",
    )
    assert msg.get("event") == event and msg.get("name") == applicant.name, (
        f"expected queue_notice {event!r} for {applicant}, got {msg!r}"
    )
    return msg


async def serve(host_client: dc.Client, applicant: Applicant, message: Optional[str] = None) -> None:
    """Call next (it must be ``applicant``), the viewer confirms, the host marks it interviewed."""
    await call(host_client, message=message)
    await called(applicant, message)
    await command(applicant.client, {"type": "queue_here", "ticket": applicant.ticket})
    await notice(host_client, applicant, "here")
    await done(host_client, applicant.ticket, "interviewed")
    await ended(applicant, "interviewed")


# --- Pushed state ---------------------------------------------------------------------------------


def latest_view(client: dc.Client, ticket: int) -> Optional[dict]:
    """The latest ticket view this connection was told about ``ticket``: its last queue_position,
    or the queue_ticket reply / welcome.ticket if no position update came after it."""
    for msg in reversed(client.received):
        if msg["type"] in ("queue_position", "queue_ticket") and msg.get("ticket") == ticket:
            return msg
        if msg["type"] == "welcome" and isinstance(msg.get("ticket"), dict) and msg["ticket"].get("ticket") == ticket:
            return msg["ticket"]
    return None


def latest_position(client: dc.Client, ticket: int) -> Optional[int]:
    view = latest_view(client, ticket)
    return None if view is None else view.get("position")


def latest_queue(host_client: dc.Client) -> Optional[dict]:
    """The host's latest ``queue`` message."""
    for msg in reversed(host_client.received):
        if msg["type"] == "queue":
            return msg
    return None


def queue_tickets(host_client: dc.Client) -> Optional[list[tuple[int, str]]]:
    """(ticket, state) of the host's latest ``queue``, in line order."""
    view = latest_queue(host_client)
    return None if view is None else [(e.get("ticket"), e.get("state")) for e in view.get("entries", [])]


def latest_counters(client: dc.Client) -> Optional[dict]:
    if client.counters:
        return client.counters[-1]
    if client.welcome and "snapshot" in client.welcome:
        return client.welcome["snapshot"]["counters"]
    return None


async def wait_state(client: dc.Client, condition: Callable[[], Any], what: str, timeout: float = PUSH_TIMEOUT, show: Callable[[], Any] = None) -> None:
    """Wait (bounded) until ``condition()`` — computed from ``client.received`` — holds.

    Only a pushed state message can make it true, so only such a message is consumed; every
    other message stays buffered for later ``wait_for``/``expect``.
    """
    if condition():
        return
    try:
        await client.wait_for(lambda m: m["type"] in STATE_TYPES and bool(condition()), timeout, what)
    except AssertionError:
        now = show() if show is not None else None
        raise AssertionError(f"timed out after {timeout}s waiting for {what}; now: {now!r:.1500}") from None


async def wait_position(applicant: Applicant, position: int, timeout: float = PUSH_TIMEOUT) -> dict:
    """Until the applicant's latest view of its ticket shows ``position`` (waiting)."""
    await wait_state(
        applicant.client,
        lambda: latest_position(applicant.client, applicant.ticket) == position,
        f"{applicant} at position {position}",
        timeout,
        show=lambda: latest_view(applicant.client, applicant.ticket),
    )
    view = latest_view(applicant.client, applicant.ticket)
    check_ticket_view(view, f"{applicant} latest view")
    assert view["state"] == "waiting", view
    return view


async def wait_queue(host_client: dc.Client, expected: list[tuple[int, str]], timeout: float = PUSH_TIMEOUT, **conditions: Any) -> dict:
    """Until the host's latest ``queue`` lists exactly ``expected`` (ticket, state), in order,
    and its top-level fields equal ``conditions`` (e.g. ``paused=True``)."""

    def ok() -> bool:
        view = latest_queue(host_client)
        return (
            view is not None
            and queue_tickets(host_client) == expected
            and all(view.get(k) == v for k, v in conditions.items())
        )

    await wait_state(host_client, ok, f"the host's queue to be {expected} {conditions or ''}", timeout, show=lambda: latest_queue(host_client))
    return latest_queue(host_client)


async def wait_connected(host_client: dc.Client, ticket: int, connected: bool, timeout: float = PUSH_TIMEOUT) -> dict:
    """Until the host's latest ``queue`` shows ``ticket`` with ``connected``."""

    def entry() -> Optional[dict]:
        view = latest_queue(host_client)
        return next((e for e in (view or {}).get("entries", []) if e.get("ticket") == ticket), None)

    await wait_state(
        host_client,
        lambda: (e := entry()) is not None and e.get("connected") is connected,
        f"ticket {ticket} connected={connected} in the host's queue",
        timeout,
        show=lambda: latest_queue(host_client),
    )
    return entry()


async def wait_counters(client: dc.Client, timeout: float = PUSH_TIMEOUT, **values: int) -> dict:
    """Until the connection's latest counters (or welcome snapshot counters) have ``values``."""
    await wait_state(
        client,
        lambda: (c := latest_counters(client)) is not None and all(c.get(k) == v for k, v in values.items()),
        f"counters {values}",
        timeout,
        show=lambda: latest_counters(client),
    )
    return latest_counters(client)


async def tick_barrier(server, clients: Iterable[dc.Client], timeout: float = PUSH_TIMEOUT) -> None:
    """Connect one more viewer and wait until every client got a ``counters`` with the new
    ``online`` count: by then each has read what the server pushed before that tick."""
    clients = list(clients)
    before = [len(c.counters) for c in clients]
    extra = await dc.viewer(server)
    online = extra.welcome["snapshot"]["counters"]["online"]
    for client, seen in zip(clients, before):
        await client.wait_for(
            lambda m, c=client, s=seen: m["type"] == "counters" and m.get("online") == online and len(c.counters) > s,
            timeout,
            f"counters with online={online}",
        )
    await extra.close()
