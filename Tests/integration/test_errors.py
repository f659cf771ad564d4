"""Bad input: each gets `error` with the right code, echoes `ref`, changes nothing, and the
connection stays usable (PROTOCOL.md: Envelope, Hello, Host commands, Errors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

import pytest

import daigang_client as dc
from daigang_client import (
    HOST_TOKEN,
    JOB_FULL,
    JOB_MIN,
    POLICY_FULL,
    async_test,
    config_job,
    config_policy,
    in_thread,
    snapshot_http,
    without_counters,
)

NO_REF = object()


@dataclass
class Bad:
    id: str
    role: str  # state of the connection before the bad frame: "none" (no hello), "viewer", "host"
    frame: Union[dict, str, bytes]
    code: Union[str, tuple]
    field: Optional[str] = None  # must appear in `message`

    @property
    def ref(self) -> Any:
        if isinstance(self.frame, dict) and "ref" in self.frame:
            return self.frame["ref"]
        return NO_REF

    @property
    def codes(self) -> tuple:
        return self.code if isinstance(self.code, tuple) else (self.code,)


def job_with(**changes) -> dict:
    job = config_job(JOB_FULL)
    for path, value in changes.items():
        target = job
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[key]
        if value is DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return job


def policy_with(**changes) -> dict:
    policy = config_policy(POLICY_FULL)
    for key, value in changes.items():
        if value is DELETE:
            del policy[key]
        else:
            policy[key] = value
    return policy


DELETE = object()

HELLO_VIEWER = {"type": "hello", "session": "s1", "role": "viewer"}

# Malformed envelopes, and everything that can go wrong before / with `hello`.
ENVELOPE_CASES = [
    Bad("malformed-json", "none", '{"type": "hello", "session": ', "bad_request"),
    Bad("malformed-json-after-hello", "viewer", "{not json}", "bad_request"),
    Bad("not-an-object-array", "none", "[]", "bad_request"),
    Bad("not-an-object-number", "none", "42", "bad_request"),
    Bad("not-an-object-string", "viewer", '"hello"', "bad_request"),
    Bad("not-an-object-null", "host", "null", "bad_request"),
    Bad("missing-type", "none", {"ref": 7, "session": "s1", "role": "viewer"}, "bad_request", "type"),
    Bad("type-not-a-string", "viewer", {"type": 5, "ref": "t5"}, "bad_request", "type"),
    Bad("unknown-type-before-hello", "none", {"type": "dance", "ref": "u0"}, "bad_request"),
    Bad("unknown-type-viewer", "viewer", {"type": "dance", "ref": 9}, "bad_request"),
    Bad("unknown-type-host", "host", {"type": "fly", "ref": "u2"}, "bad_request"),
    Bad("command-before-hello", "none", {"type": "pin_job", "jobId": JOB_FULL, "ref": 3}, "bad_request"),
    Bad("announce-before-hello", "none", {"type": "announce", "text": "hi", "ref": "a0"}, "bad_request"),
    Bad("hello-unknown-session", "none", {**HELLO_VIEWER, "session": "nope", "ref": "h1"}, "not_found"),
    Bad("hello-missing-session", "none", {"type": "hello", "role": "viewer", "ref": "h2"}, "bad_request", "session"),
    Bad("hello-session-mistyped", "none", {**HELLO_VIEWER, "session": 1, "ref": "h3"}, "bad_request", "session"),
    Bad("hello-bad-role", "none", {**HELLO_VIEWER, "role": "admin", "ref": "h4"}, "bad_request", "role"),
    Bad("hello-missing-role", "none", {"type": "hello", "session": "s1", "ref": "h5"}, "bad_request", "role"),
    Bad("hello-role-mistyped", "none", {**HELLO_VIEWER, "role": 1, "ref": "h6"}, "bad_request", "role"),
    Bad("second-hello-viewer", "viewer", {**HELLO_VIEWER, "ref": "again"}, "conflict"),
    Bad("second-hello-host", "host",
        {"type": "hello", "session": "s1", "role": "host", "token": HOST_TOKEN, "ref": 10}, "conflict"),
    Bad("binary-frame-before-hello", "none", b'{"type":"hello","session":"s1","role":"viewer"}', "bad_request"),
    Bad("binary-frame-viewer", "viewer", b"\x00\x01\x02", "bad_request"),
    Bad("binary-frame-host", "host", b'{"type":"announce","text":"x"}', "bad_request"),
]

# A failed sign-in is the one error after which the connection does not stay usable: the server
# closes it (1008) so it cannot carry the next guess (issue 9; PROTOCOL.md "Failed sign-ins").
FAILED_SIGNIN_CASES = [
    Bad("hello-host-wrong-token", "none",
        {"type": "hello", "session": "s1", "role": "host", "token": "wrong-token-xyz", "ref": "h7"}, "unauthorized"),
    Bad("hello-host-missing-token", "none",
        {"type": "hello", "session": "s1", "role": "host", "ref": 8}, "unauthorized"),
    Bad("hello-host-token-wrong-case", "none",
        {"type": "hello", "session": "s1", "role": "host", "token": HOST_TOKEN.upper(), "ref": "h9"}, "unauthorized"),
]

# Every host command is forbidden to a viewer, even when it is otherwise valid.
FORBIDDEN_CASES = [
    Bad(f"viewer-{frame['type']}", "viewer", {**frame, "ref": f"v-{frame['type']}"}, "forbidden")
    for frame in (
        {"type": "pin_job", "jobId": JOB_FULL},
        {"type": "show_policy", "policyId": POLICY_FULL},
        {"type": "announce", "text": "viewer says hi"},
        {"type": "session_status", "status": "ended"},
        {"type": "upsert_job", "job": dc.new_job()},
        {"type": "upsert_policy", "policy": dc.new_policy()},
    )
]

# Host commands with missing, mistyped, invalid or unknown values.
COMMAND_CASES = [
    Bad("pin-missing-jobId", "host", {"type": "pin_job", "ref": 11}, "bad_request", "jobId"),
    Bad("pin-jobId-mistyped", "host", {"type": "pin_job", "jobId": 5, "ref": 12}, "bad_request", "jobId"),
    Bad("pin-unknown-job", "host", {"type": "pin_job", "jobId": "job-nope", "ref": "p3"}, "not_found"),
    Bad("show-missing-policyId", "host", {"type": "show_policy", "ref": 13}, "bad_request", "policyId"),
    Bad("show-policyId-mistyped", "host", {"type": "show_policy", "policyId": ["x"], "ref": 14},
        "bad_request", "policyId"),
    Bad("show-unknown-policy", "host", {"type": "show_policy", "policyId": "policy-nope", "ref": 15}, "not_found"),
    Bad("announce-missing-text", "host", {"type": "announce", "ref": 16}, "bad_request", "text"),
    Bad("announce-text-mistyped", "host", {"type": "announce", "text": 123, "ref": 17}, "bad_request", "text"),
    Bad("announce-empty", "host", {"type": "announce", "text": "", "ref": 18}, "bad_request", "text"),
    Bad("announce-whitespace", "host", {"type": "announce", "text": "  \t\n  ", "ref": 19}, "bad_request", "text"),
    Bad("announce-too-long", "host", {"type": "announce", "text": "长" * 501, "ref": 20},
        ("bad_request", "too_large"), "text"),
    Bad("status-invalid", "host", {"type": "session_status", "status": "paused", "ref": 21}, "bad_request", "status"),
    Bad("status-missing", "host", {"type": "session_status", "ref": 22}, "bad_request", "status"),
    Bad("upsert-job-missing", "host", {"type": "upsert_job", "ref": 23}, "bad_request", "job"),
    Bad("upsert-job-not-object", "host", {"type": "upsert_job", "job": "job-x", "ref": 24}, "bad_request", "job"),
    Bad("upsert-job-pay-min-over-max", "host",
        {"type": "upsert_job", "job": job_with(pay__min=9000, pay__max=5000), "ref": 25}, "bad_request", "pay"),
    Bad("upsert-job-pay-bad-unit", "host",
        {"type": "upsert_job", "job": job_with(pay__unit="week"), "ref": 26}, "bad_request", "unit"),
    Bad("upsert-job-unknown-employer", "host",
        {"type": "upsert_job", "job": job_with(employerId="nobody-inc"), "ref": 27}, "bad_request", "employerId"),
    Bad("upsert-job-bad-id", "host",
        {"type": "upsert_job", "job": job_with(id="bad id!"), "ref": 28}, "bad_request"),
    Bad("upsert-job-id-too-long", "host",
        {"type": "upsert_job", "job": job_with(id="j" * 65), "ref": 29}, ("bad_request", "too_large")),
    Bad("upsert-job-missing-title", "host",
        {"type": "upsert_job", "job": job_with(title=DELETE), "ref": 30}, "bad_request", "title"),
    Bad("upsert-job-missing-city", "host",
        {"type": "upsert_job", "job": job_with(location__city=DELETE), "ref": 31}, "bad_request", "city"),
    Bad("upsert-job-age-under-16", "host",
        {"type": "upsert_job", "job": job_with(ageRange={"min": 15, "max": 40}), "ref": 32}, "bad_request", "ageRange"),
    Bad("upsert-job-headcount-zero", "host",
        {"type": "upsert_job", "job": job_with(headcount=0), "ref": 33}, "bad_request", "headcount"),
    Bad("upsert-job-too-many-tags", "host",
        {"type": "upsert_job", "job": job_with(tags=[f"t{i}" for i in range(11)]), "ref": 34},
        ("bad_request", "too_large"), "tags"),
    Bad("upsert-policy-missing-summary", "host",
        {"type": "upsert_policy", "policy": policy_with(summary=DELETE), "ref": 35}, "bad_request", "summary"),
    Bad("upsert-policy-bad-link", "host",
        {"type": "upsert_policy", "policy": policy_with(link="javascript:alert(1)"), "ref": 36}, "bad_request", "link"),
    Bad("upsert-policy-missing", "host", {"type": "upsert_policy", "ref": 37}, "bad_request", "policy"),
]


def check_error(reply: dict, case: Bad) -> None:
    assert reply["type"] == "error", f"{case.id}: expected an error, got {reply!r}"
    assert reply.get("code") in case.codes, f"{case.id}: expected {case.codes}, got {reply!r}"
    assert isinstance(reply.get("message"), str) and reply["message"].strip(), reply
    if case.ref is NO_REF:
        assert reply.get("ref") is None, f"{case.id}: the request had no ref: {reply!r}"
    else:
        assert "ref" in reply, f"{case.id}: ref {case.ref!r} not echoed: {reply!r}"
        assert reply["ref"] == case.ref and type(reply["ref"]) is type(case.ref), reply
    if case.field:
        assert case.field in reply["message"], f"{case.id}: message should name {case.field!r}: {reply!r}"


async def run_bad_input(server: dc.ServerHandle, case: Bad) -> None:
    watcher = await dc.host(server)
    before = without_counters(await in_thread(snapshot_http, server))

    client = await dc.connect(server.ws_url)
    if case.role == "viewer":
        await client.hello("viewer")
    elif case.role == "host":
        await client.hello("host", token=HOST_TOKEN)

    await client.send(case.frame)
    reply = await client.next()
    check_error(reply, case)

    after = without_counters(await in_thread(snapshot_http, server))
    assert after == before, f"{case.id}: the error changed the session"

    # The connection is still usable.
    if case.role == "none":
        welcome = await client.hello("viewer", ref="after-error")
        assert welcome["snapshot"]["seq"] == before["seq"]
    if case.role == "host":
        await client.command({"type": "pin_job", "jobId": JOB_MIN})
    else:
        await watcher.command({"type": "pin_job", "jobId": JOB_MIN})
    pinned = await client.expect("job_pinned")
    assert pinned["seq"] == before["seq"] + 1, "the error must not have broadcast anything"
    assert pinned["job"]["id"] == JOB_MIN
    assert client.close_code is None


@pytest.mark.parametrize("case", ENVELOPE_CASES, ids=lambda c: c.id)
@async_test
async def test_bad_envelope_or_hello_gets_error_and_changes_nothing(daigang, case):
    await run_bad_input(daigang, case)


@pytest.mark.parametrize("case", FAILED_SIGNIN_CASES, ids=lambda c: c.id)
@async_test
async def test_failed_host_hello_gets_unauthorized_changes_nothing_and_closes_the_connection(daigang, case):
    before = without_counters(await in_thread(snapshot_http, daigang))
    client = await dc.connect(daigang.ws_url)
    await client.send(case.frame)
    check_error(await client.next(), case)
    assert await client.expect_close() == 1008
    assert without_counters(await in_thread(snapshot_http, daigang)) == before, f"{case.id}: the error changed the session"
    # Nothing else is held against the next connection with the right token.
    host = await dc.host(daigang)
    assert host.welcome["role"] == "host"


@pytest.mark.parametrize("case", FORBIDDEN_CASES, ids=lambda c: c.id)
@async_test
async def test_host_command_from_viewer_is_forbidden_and_changes_nothing(daigang, case):
    await run_bad_input(daigang, case)


@pytest.mark.parametrize("case", COMMAND_CASES, ids=lambda c: c.id)
@async_test
async def test_invalid_host_command_gets_error_and_changes_nothing(daigang, case):
    await run_bad_input(daigang, case)


@async_test
async def test_failed_host_hello_does_not_grant_host_rights(daigang):
    client = await dc.connect(daigang.ws_url)
    await client.send({"type": "hello", "session": "s1", "role": "host", "token": "nope-nope", "ref": 1})
    assert (await client.next())["code"] == "unauthorized"
    try:  # the server closes the connection; a command sent before the close arrives is refused
        await client.send({"type": "pin_job", "jobId": JOB_FULL, "ref": 2})
    except dc.ConnectionClosed:
        pass
    assert await client.expect_close() == 1008
    assert not any(m["type"] in ("ok", "job_pinned") for m in client.received), client.received
    assert (await in_thread(snapshot_http, daigang))["pinnedJobId"] is None


@async_test
async def test_several_errors_in_a_row_leave_the_connection_usable(daigang):
    host = await dc.host(daigang)
    for i, frame in enumerate(['{"', "[]", '{"type":"nope"}', b"\x01"]):
        await host.send(frame)
        reply = await host.next()
        assert reply["type"] == "error" and reply["code"] == "bad_request", (i, reply)
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    assert (await host.expect("job_pinned"))["job"]["id"] == JOB_FULL
