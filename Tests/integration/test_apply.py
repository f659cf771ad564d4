"""Viewers applying over the WebSocket, duplicates, apply limits, counters and the HR live channel
(PROTOCOL.md "# Leads": Applying, HR connections)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, JOB_MID, JOB_MIN, async_test, in_thread
from queue_support import reconnect, request
from leads_support import (  # noqa: F401 - lead_server is a fixture
    DROP,
    EMP_HX,
    EMP_SD,
    HR_HX,
    HR_SD,
    JOB_S2,
    JOB_TITLE,
    applied,
    apply,
    apply_message,
    fresh_phone,
    hr,
    lead_count,
    lead_server,
    leads_config,
    leaks_phone,
    list_leads,
    masked,
    reply,
    snapshot_applications,
    wait_applications,
)


async def sync_viewer(host: dc.Client, viewer: dc.Client, text: str) -> None:
    """A barrier: once the viewer has this announcement, it has everything sent to it before."""
    await host.command({"type": "announce", "text": text})
    await viewer.wait_for(lambda m: m["type"] == "announcement" and m.get("text") == text, 5, f"announcement {text!r}")


# --- A valid apply --------------------------------------------------------------------------------


@async_test
async def test_valid_apply_is_acknowledged_and_reaches_the_employer_api(lead_server):
    server = lead_server()
    viewer = await dc.viewer(server)
    ref = "apply-1"
    await viewer.send(apply_message(JOB_FULL, phone="138 1234 5678", name="张三", hometown="河南周口", note="可以马上到岗", ref=ref))
    answer = await reply(viewer, ref)
    assert answer["type"] == "applied", answer
    assert answer["ref"] == ref
    assert isinstance(answer["leadId"], str) and answer["leadId"], answer
    assert answer["duplicate"] is False

    leads = await in_thread(list_leads, server, HR_HX)
    assert [lead["id"] for lead in leads] == [answer["leadId"]]
    lead = leads[0]
    assert lead["phone"] == "13812345678", "the full phone, normalised to 11 digits"
    assert lead["phoneMasked"] == "138****5678"
    assert lead["name"] == "张三"
    assert lead["note"] == "可以马上到岗" and "hometown" not in lead  # hometown: aggregates only (docs/PRIVACY.md)
    assert lead["session"] == "s1" and lead["jobId"] == JOB_FULL
    assert lead["jobTitle"] == JOB_TITLE[JOB_FULL] and lead["employerId"] == EMP_HX
    assert lead["status"] == "new"
    assert isinstance(lead["createdAt"], int) and lead["createdAt"] > 1_600_000_000_000
    assert isinstance(lead["updatedAt"], int) and lead["updatedAt"] >= lead["createdAt"]
    assert await in_thread(list_leads, server, HR_SD) == [], "another employer does not see it"


@async_test
async def test_applied_echoes_a_numeric_ref(lead_server):
    server = lead_server()
    viewer = await dc.viewer(server)
    await viewer.send(apply_message(JOB_MIN, ref=77))
    answer = await reply(viewer, 77)
    assert answer["type"] == "applied" and answer["ref"] == 77, answer


# --- Validation ---------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    fields: dict  # changes to apply_message(JOB_FULL, "13812345678")
    code: Optional[str] = "bad_request"  # None: accepted
    field: Optional[str] = None  # must be named in `message`

    def __str__(self) -> str:
        return self.id


CASES = [
    # name: 1-40 characters after trimming
    Case("name-empty", {"name": ""}, field="name"),
    Case("name-whitespace", {"name": "   \t "}, field="name"),
    Case("name-41-chars", {"name": "张" * 41}, field="name"),
    Case("name-41-ascii", {"name": "a" * 41}, field="name"),
    Case("name-missing", {"name": DROP}, field="name"),
    Case("name-number", {"name": 123}, field="name"),
    Case("name-null", {"name": None}, field="name"),
    Case("name-40-chars-ok", {"name": "张" * 40}, code=None),
    Case("name-40-chars-padded-ok", {"name": "  " + "李" * 40 + "  "}, code=None),
    # phone: 11 digits 1[3-9]…, spaces/dashes, +86/86 prefix
    Case("phone-10-digits", {"phone": "1381234567"}, field="phone"),
    Case("phone-12-digits", {"phone": "138123456789"}, field="phone"),
    Case("phone-starts-12", {"phone": "12812345678"}, field="phone"),
    Case("phone-starts-10", {"phone": "10812345678"}, field="phone"),
    Case("phone-letters", {"phone": "138abcd5678"}, field="phone"),
    Case("phone-letter-at-end", {"phone": "1381234567x"}, field="phone"),
    Case("phone-empty", {"phone": ""}, field="phone"),
    Case("phone-missing", {"phone": DROP}, field="phone"),
    Case("phone-number", {"phone": 13812345678}, field="phone"),
    Case("phone-other-country", {"phone": "+85 13812345678"}, field="phone"),
    Case("phone-spaces-ok", {"phone": "138 1234 5678"}, code=None),
    Case("phone-dashes-ok", {"phone": "138-1234-5678"}, code=None),
    Case("phone-plus86-ok", {"phone": "+86 13812345678"}, code=None),
    Case("phone-86-ok", {"phone": "8613812345678"}, code=None),
    # consent must be true
    Case("consent-false", {"consent": False}, field="consent"),
    Case("consent-missing", {"consent": DROP}, field="consent"),
    Case("consent-string", {"consent": "true"}, field="consent"),
    Case("consent-one", {"consent": 1}, field="consent"),
    # jobId: a job of the session
    Case("job-unknown", {"jobId": "job-does-not-exist"}, code="not_found"),
    Case("job-of-another-session", {"jobId": JOB_S2}, code="not_found"),
    Case("job-missing", {"jobId": DROP}, field="jobId"),
    Case("job-number", {"jobId": 42}, field="jobId"),
    # optional fields
    Case("hometown-41-chars", {"hometown": "周" * 41}, field="hometown"),
    Case("hometown-number", {"hometown": 5}, field="hometown"),
    Case("hometown-40-chars-ok", {"hometown": "周" * 40}, code=None),
    # hometownCode: a province's or prefecture's code from web-static/data/divisions.json
    Case("hometown-code-unknown", {"hometownCode": "419999"}, field="hometownCode"),
    Case("hometown-code-text", {"hometownCode": "周口"}, field="hometownCode"),
    Case("hometown-code-number", {"hometownCode": 411600}, field="hometownCode"),
    Case("hometown-code-prefecture-ok", {"hometownCode": "411600"}, code=None),
    Case("hometown-code-province-ok", {"hometownCode": "110000"}, code=None),
    Case("hometown-code-with-old-text-ok", {"hometownCode": "411600", "hometown": "河南周口"}, code=None),
    Case("note-501-chars", {"note": "好" * 501}, field="note"),
    Case("note-list", {"note": ["x"]}, field="note"),
    Case("note-500-chars-ok", {"note": "好" * 500}, code=None),
]


@pytest.mark.parametrize("case", CASES, ids=str)
@async_test
async def test_apply_validation(lead_server, tmp_path, case):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    viewer = await dc.viewer(server)
    message = apply_message(JOB_FULL, "13812345678", ref="v1")
    message.update(case.fields)
    message = {k: v for k, v in message.items() if v is not DROP}
    await viewer.send(message)
    answer = await reply(viewer, "v1")

    if case.code is None:
        assert answer["type"] == "applied", f"{case.id}: {answer!r}"
        leads = await in_thread(list_leads, server, HR_HX)
        assert [lead["id"] for lead in leads] == [answer["leadId"]]
        assert leads[0]["phone"] == "13812345678", f"{case.id}: phone not normalised"
        return

    assert answer["type"] == "error" and answer["code"] == case.code, f"{case.id}: {answer!r}"
    assert answer["ref"] == "v1"
    if case.field:
        assert case.field in answer.get("message", ""), f"{case.id}: message does not name {case.field!r}: {answer!r}"
    # Nothing changed.
    assert await in_thread(lead_count, server) == 0
    assert await in_thread(snapshot_applications, server) == 0
    # The connection is still usable: a valid apply goes through and is the only lead.
    ok = await applied(viewer, job=JOB_FULL, phone="13987654321")
    assert ok["duplicate"] is False
    assert await in_thread(lead_count, server) == 1
    assert viewer.close_code is None


@async_test
async def test_apply_to_a_job_added_by_the_host_goes_to_its_employer(lead_server):
    server = lead_server()
    host = await dc.host(server)
    job = dc.new_job("job-new-driver", title="叉车司机", employerId=EMP_SD)
    await host.command({"type": "upsert_job", "job": job})
    viewer = await dc.viewer(server)
    answer = await applied(viewer, job="job-new-driver")
    leads = await in_thread(list_leads, server, HR_SD)
    assert [(lead["id"], lead["jobId"], lead["jobTitle"]) for lead in leads] == [(answer["leadId"], "job-new-driver", "叉车司机")]


# --- Duplicates ---------------------------------------------------------------------------------


@async_test
async def test_same_identity_same_phone_same_job_is_one_lead_across_formats_resumes_and_restarts(lead_server):
    # This test used to have a second connection (another identity) get the first one's lead back
    # as a duplicate, before and after a restart: that was the lead takeover of issue 9. Now an
    # application belongs to the identity that made it (PROTOCOL.md "Applications belong to their
    # identity"): only that identity's re-applies are duplicates; another identity gets its own lead.
    server = lead_server()
    first = await dc.viewer(server)
    original = await applied(first, job=JOB_FULL, phone="13812345678")
    assert original["duplicate"] is False
    lead_id = original["leadId"]

    again = await applied(first, job=JOB_FULL, phone="13812345678", name="张三再次")
    assert (again["leadId"], again["duplicate"]) == (lead_id, True), again
    for form in ("138 1234 5678", "+86 138-1234-5678", "8613812345678"):
        answer = await applied(first, job=JOB_FULL, phone=form)
        assert (answer["leadId"], answer["duplicate"]) == (lead_id, True), f"{form}: {answer!r}"

    other = await dc.viewer(server)
    own = await applied(other, job=JOB_FULL, phone="138 1234 5678")
    assert own["duplicate"] is False and own["leadId"] != lead_id, own
    repeat = await applied(other, job=JOB_FULL, phone="8613812345678")
    assert (repeat["leadId"], repeat["duplicate"]) == (own["leadId"], True), repeat

    assert await in_thread(lead_count, server) == 2
    assert await in_thread(snapshot_applications, server) == 2

    # The identity outlives its connection (resume) and, while it holds a ticket, a restart.
    joined = await request(first, {"type": "queue_join", "leadId": lead_id})
    assert joined["type"] == "queue_ticket", joined
    await first.close()
    await in_thread(server.restart)
    after = await reconnect(server, first.welcome["resume"])
    assert after.welcome["resumed"] is True, after.welcome
    answer = await applied(after, job=JOB_FULL, phone="138-1234-5678")
    assert (answer["leadId"], answer["duplicate"]) == (lead_id, True), f"after restart: {answer!r}"
    leads = await in_thread(list_leads, server, HR_HX)
    assert sorted(lead["id"] for lead in leads) == sorted([lead_id, own["leadId"]])


@async_test
async def test_same_phone_other_job_is_a_new_lead(lead_server):
    server = lead_server()
    viewer = await dc.viewer(server)
    a = await applied(viewer, job=JOB_FULL, phone="13812345678")
    b = await applied(viewer, job=JOB_MIN, phone="13812345678")  # same employer, other job
    c = await applied(viewer, job=JOB_MID, phone="13812345678")  # other employer
    assert [a["duplicate"], b["duplicate"], c["duplicate"]] == [False, False, False]
    assert len({a["leadId"], b["leadId"], c["leadId"]}) == 3
    hx = await in_thread(list_leads, server, HR_HX)
    sd = await in_thread(list_leads, server, HR_SD)
    assert sorted(lead["id"] for lead in hx) == sorted([a["leadId"], b["leadId"]])
    assert [lead["id"] for lead in sd] == [c["leadId"]]


# --- Who may apply ------------------------------------------------------------------------------


@async_test
async def test_host_may_not_apply(lead_server):
    server = lead_server()
    host = await dc.host(server)
    answer = await apply(host, job=JOB_FULL, ref="h1")
    assert answer["type"] == "error" and answer["code"] == "forbidden", answer
    assert await in_thread(lead_count, server) == 0
    await host.command({"type": "pin_job", "jobId": JOB_FULL})  # still usable


@async_test
async def test_hr_may_not_apply(lead_server):
    server = lead_server()
    hr_client = await hr(server, EMP_HX)
    answer = await apply(hr_client, job=JOB_FULL)
    assert answer["type"] == "error" and answer["code"] == "forbidden", answer
    assert await in_thread(lead_count, server) == 0


@async_test
async def test_apply_before_hello_is_a_bad_request(lead_server):
    server = lead_server()
    client = await dc.connect(server.ws_url)
    answer = await apply(client, job=JOB_FULL, ref="early")
    assert answer["type"] == "error" and answer["code"] == "bad_request", answer
    assert await in_thread(lead_count, server) == 0
    await client.hello("viewer")  # the connection is still usable
    await applied(client, job=JOB_FULL)


# --- Rate limits --------------------------------------------------------------------------------


@async_test
async def test_apply_limit_per_connection(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", applies_per_minute=3))
    viewer = await dc.viewer(server)
    for _ in range(3):
        await applied(viewer, job=JOB_FULL)
    phone = fresh_phone()
    answer = await apply(viewer, job=JOB_FULL, phone=phone)
    assert answer["type"] == "error" and answer["code"] == "rate_limited", answer
    leads = await in_thread(list_leads, server, HR_HX)
    assert len(leads) == 3 and phone not in {lead["phone"] for lead in leads}
    # Another connection has its own allowance.
    other = await dc.viewer(server)
    await applied(other, job=JOB_FULL, phone=phone)
    assert viewer.close_code is None


@async_test
async def test_apply_limit_per_address(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", applies_per_minute=100, applies_per_address=4))
    connections = [await dc.viewer(server) for _ in range(3)]
    for client in connections[:2]:
        for _ in range(2):
            await applied(client, job=JOB_MID)
    answer = await apply(connections[2], job=JOB_MID)
    assert answer["type"] == "error" and answer["code"] == "rate_limited", answer
    assert await in_thread(lead_count, server) == 4


# --- Counters -----------------------------------------------------------------------------------


@async_test
async def test_counters_applications_counts_the_sessions_leads(lead_server):
    server = lead_server()
    watcher = await dc.viewer(server)
    assert watcher.welcome["snapshot"]["counters"]["applications"] == 0
    applicant = await dc.viewer(server)
    phones = [fresh_phone() for _ in range(3)]
    for phone, job in zip(phones, (JOB_FULL, JOB_MID, JOB_MIN)):
        await applied(applicant, job=job, phone=phone)
    await wait_applications(watcher, 3)
    await wait_applications(applicant, 3)

    # A duplicate does not count.
    dup = await applied(applicant, job=JOB_FULL, phone=phones[0])
    assert dup["duplicate"] is True
    assert await in_thread(snapshot_applications, server) == 3

    await in_thread(server.restart)
    late = await dc.viewer(server)
    assert late.welcome["snapshot"]["counters"]["applications"] == 3, "the count survives a restart"


# --- HR live channel -----------------------------------------------------------------------------


def lead_new_for(lead_id: str):
    return lambda m: m["type"] == "lead_new" and m.get("lead", {}).get("id") == lead_id


def is_lead_new(m: dict) -> bool:
    return m["type"] == "lead_new"


@async_test
async def test_hr_hello_gets_welcome_with_employer_id(lead_server):
    server = lead_server()
    client = await dc.connect(server.ws_url)
    welcome = await client.hello("hr", token=HR_SD)
    assert welcome["employerId"] == EMP_SD


@pytest.mark.parametrize(
    "token",
    ["wrong-hr-token-9999", HOST_TOKEN, None, ""],
    ids=["wrong", "host-token", "missing", "empty"],
)
@async_test
async def test_hr_hello_with_a_bad_token_is_unauthorized(lead_server, token):
    server = lead_server()
    client = await dc.connect(server.ws_url)
    message = {"type": "hello", "ref": "h", "session": "s1", "role": "hr"}
    if token is not None:
        message["token"] = token
    await client.send(message)
    answer = await reply(client, "h")
    # The host token is valid but not an HR one: forbidden (PROTOCOL.md "# Accounts and roles").
    expected = "forbidden" if token == HOST_TOKEN else "unauthorized"
    assert answer["type"] == "error" and answer["code"] == expected, answer
    # A failed sign-in closes the connection (issue 9: it cannot carry the next guess); this used
    # to say hello again on the same connection. A new connection with the right token works.
    assert await client.expect_close() == 1008
    await hr(server, EMP_HX)


@async_test
async def test_hr_receives_masked_lead_new_for_its_own_employer_only(lead_server):
    server = lead_server()
    hr_hx = await hr(server, EMP_HX)
    hr_sd = await hr(server, EMP_SD)
    viewer = await dc.viewer(server)

    # 1. hx job: only hx HR is told.
    phone1 = "13812345678"
    a = await applied(viewer, job=JOB_FULL, phone="138 1234 5678", name="张三", hometown="河南周口", note="可以马上到岗")
    msg = await hr_hx.wait_for(lead_new_for(a["leadId"]), 5, "lead_new for the hx lead")
    assert "seq" not in msg, "lead_new is not a session broadcast"
    lead = msg["lead"]
    assert lead["phoneMasked"] == masked(phone1) == "138****5678"
    assert "phone" not in lead
    assert not leaks_phone(json.dumps(msg, ensure_ascii=False), phone1), f"full phone on the HR channel: {msg!r}"
    assert lead["session"] == "s1" and lead["jobId"] == JOB_FULL and lead["jobTitle"] == JOB_TITLE[JOB_FULL]
    assert lead["employerId"] == EMP_HX and lead["name"] == "张三"
    assert lead["note"] == "可以马上到岗" and "hometown" not in lead  # hometown: aggregates only (docs/PRIVACY.md)
    assert lead["status"] == "new" and isinstance(lead["createdAt"], int)

    # 2. sd job: sd HR's first lead_new must be this one (had it been sent the hx lead, that
    #    would have been queued before it on the same connection).
    phone2 = fresh_phone("150")
    b = await applied(viewer, job=JOB_MID, phone=phone2)
    first_sd = await hr_sd.wait_for(is_lead_new, 5, "sd HR's first lead_new")
    assert first_sd["lead"]["id"] == b["leadId"], f"sd HR got someone else's lead: {first_sd!r}"
    assert first_sd["lead"]["phoneMasked"] == masked(phone2)

    # 3. hx again: hx HR's next lead_new is this one, not the sd lead.
    c = await applied(viewer, job=JOB_MIN, phone=fresh_phone("177"))
    next_hx = await hr_hx.wait_for(is_lead_new, 5, "hx HR's next lead_new")
    assert next_hx["lead"]["id"] == c["leadId"], f"hx HR got someone else's lead: {next_hx!r}"

    # 4. sd HR's next one is a later sd lead, not c.
    d = await applied(viewer, job=JOB_MID, phone=fresh_phone("186"))
    next_sd = await hr_sd.wait_for(is_lead_new, 5, "sd HR's next lead_new")
    assert next_sd["lead"]["id"] == d["leadId"], f"sd HR got someone else's lead: {next_sd!r}"


@async_test
async def test_hr_of_another_session_is_not_told(lead_server, tmp_path):
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    hr_s2 = await hr(server, EMP_HX, session="s2")
    viewer_s1 = await dc.viewer(server)
    viewer_s2 = await dc.viewer(server, session="s2")
    await applied(viewer_s1, job=JOB_FULL)
    b = await applied(viewer_s2, job=JOB_S2)
    first = await hr_s2.wait_for(is_lead_new, 5, "s2 HR's first lead_new")
    assert first["lead"]["id"] == b["leadId"] and first["lead"]["session"] == "s2", first


@async_test
async def test_duplicate_apply_sends_no_second_lead_new(lead_server):
    server = lead_server()
    hr_hx = await hr(server, EMP_HX)
    viewer = await dc.viewer(server)
    a = await applied(viewer, job=JOB_FULL, phone="13812345678")
    await hr_hx.wait_for(lead_new_for(a["leadId"]), 5, "lead_new")
    dup = await applied(viewer, job=JOB_FULL, phone="13812345678")
    assert dup["duplicate"] is True
    c = await applied(viewer, job=JOB_MIN, phone="13812345678")
    nxt = await hr_hx.wait_for(is_lead_new, 5, "the next lead_new")
    assert nxt["lead"]["id"] == c["leadId"], f"a duplicate produced a lead_new: {nxt!r}"


@async_test
async def test_hr_is_not_counted_online_and_may_not_send_host_commands(lead_server):
    server = lead_server()
    hr_hx = await hr(server, EMP_HX)
    snapshot = await in_thread(dc.snapshot_http, server)
    assert snapshot["counters"]["online"] == 0, "HR connections are not counted in online"
    answer = await hr_hx.request({"type": "pin_job", "jobId": JOB_FULL})
    assert answer["type"] == "error" and answer["code"] == "forbidden", answer
    answer = await hr_hx.request({"type": "announce", "text": "HR 不能发公告"})
    assert answer["type"] == "error" and answer["code"] == "forbidden", answer
    snapshot = await in_thread(dc.snapshot_http, server)
    assert snapshot["pinnedJobId"] is None and snapshot["announcements"] == []


@async_test
async def test_viewers_never_receive_a_phone_number(lead_server):
    server = lead_server()
    host = await dc.host(server)
    bystander = await dc.viewer(server)
    applicants = [await dc.viewer(server) for _ in range(2)]
    phones = []
    for i, job in enumerate((JOB_FULL, JOB_MID, JOB_MIN, JOB_FULL)):
        phone = fresh_phone("136")
        phones.append(phone)
        await applied(applicants[i % 2], job=job, phone=phone)
    await applied(applicants[0], job=JOB_FULL, phone=phones[0])  # a duplicate too
    await wait_applications(bystander, 4)
    for v in [bystander, *applicants]:
        await sync_viewer(host, v, f"barrier-{id(v)}")
    for v in [bystander, *applicants]:
        assert v.received, "the viewer received nothing at all"
        for msg in v.received:
            text = json.dumps(msg, ensure_ascii=False)
            assert msg["type"] != "lead_new", f"a viewer got lead_new: {msg!r}"
            for phone in phones:
                assert not leaks_phone(text, phone), f"a viewer received phone {phone}: {msg!r}"
