"""I/O errors in the lead store, injected with DAIGANG_FAULT_FILE: the batch is refused with
`unavailable`, nothing is recorded, broadcasts go on, and once the fault is gone everything
acknowledged is still there (STORE.md: Writing, Fault injection; PROTOCOL.md: Applying)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, async_test, in_thread
from leads_support import (  # noqa: F401 - lead_server is a fixture
    HR_HX,
    all_leads,
    applied,
    apply,
    check_leads_unique,
    cli,
    error_code,
    fresh_phone,
    high_limits_config,
    lead_detail,
    lead_server,
    output_of,
    post_followup,
    snapshot_applications,
)


def set_fault(path: Path, what: str) -> None:
    """Replace the fault file's content atomically (the store reads it before each batch)."""
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(what)
    os.replace(tmp, path)


def stored(server) -> dict:
    """(jobId, phone) → list of lead ids, over every employer."""
    out: dict = {}
    for leads in all_leads(server).values():
        for lead in leads:
            out.setdefault((lead["jobId"], lead["phone"]), []).append(lead["id"])
    return out


def check_exactly(server, acked: list[dict], refused: list[tuple]) -> None:
    leads = [lead for leads in all_leads(server).values() for lead in leads]
    check_leads_unique(leads)
    by_id = {lead["id"]: lead for lead in leads}
    for a in acked:
        assert a["id"] in by_id, f"acknowledged lead {a['id']} is gone"
        assert (by_id[a["id"]]["jobId"], by_id[a["id"]]["phone"]) == (a["job"], a["phone"])
    assert len(by_id) == len(acked), f"{len(by_id)} leads stored, {len(acked)} acknowledged"
    keys = {(lead["jobId"], lead["phone"]) for lead in leads}
    for key in refused:
        assert key not in keys, f"an apply answered `unavailable` was recorded: {key}"


@pytest.mark.parametrize("fault", ["write", "fsync"])
@async_test(timeout=45)
async def test_store_fault_answers_unavailable_and_loses_nothing(lead_server, tmp_path, fault):
    fault_file = tmp_path / "fault"
    set_fault(fault_file, "")
    server = lead_server(high_limits_config(tmp_path / "cfg"), env={"DAIGANG_FAULT_FILE": str(fault_file)})
    host = await dc.host(server)
    viewer = await dc.viewer(server)
    acked: list[dict] = []

    async def ok(job: str, phone: str) -> None:
        answer = await applied(viewer, job=job, phone=phone)
        assert answer["duplicate"] is False, answer
        acked.append({"id": answer["leadId"], "job": job, "phone": phone})

    for job in (JOB_FULL, JOB_MID):
        await ok(job, fresh_phone())
    assert await in_thread(snapshot_applications, server) == 2

    # The disk fails.
    set_fault(fault_file, fault)
    failed = (JOB_MIN, fresh_phone())
    answer = await apply(viewer, job=failed[0], phone=failed[1], ref="under-fault")
    assert answer["type"] == "error" and answer["code"] == "unavailable", answer
    assert answer["ref"] == "under-fault"
    assert failed not in await in_thread(stored, server), "nothing may be recorded"
    assert await in_thread(snapshot_applications, server) == 2

    # A host's change is journaled before it is broadcast (issue 10): while the disk fails it is
    # refused the same way and nothing changes; the connections stay up.
    before = (await in_thread(dc.snapshot_http, server))["pinnedJobId"]
    refused = await host.request({"type": "pin_job", "jobId": JOB_MIN})
    assert refused["type"] == "error" and refused["code"] == "unavailable", refused
    assert (await in_thread(dc.snapshot_http, server))["pinnedJobId"] == before

    # Reading still works; a follow-up (a store write) is refused the same way.
    resp = await in_thread(post_followup, server, HR_HX, acked[0]["id"], {"status": "contacted"})
    assert resp.status == 503 and error_code(resp) == "unavailable", f"{resp.status} {resp.body[:200]!r}"

    # While the fault lasts, every batch is refused.
    never_retried = (JOB_FULL, fresh_phone())
    answer = await apply(viewer, job=never_retried[0], phone=never_retried[1])
    assert answer["type"] == "error" and answer["code"] == "unavailable", answer
    assert viewer.close_code is None

    # The disk recovers: trying again is safe, and nothing acknowledged was lost.
    set_fault(fault_file, "")
    await host.command({"type": "pin_job", "jobId": JOB_MIN})
    pinned = await viewer.wait_type("job_pinned", timeout=5)
    assert pinned["job"]["id"] == JOB_MIN
    retry = await applied(viewer, job=failed[0], phone=failed[1])
    assert retry["duplicate"] is False, f"the refused apply had been recorded after all: {retry!r}"
    acked.append({"id": retry["leadId"], "job": failed[0], "phone": failed[1]})
    await ok(JOB_MID, fresh_phone())
    await in_thread(check_exactly, server, acked, [never_retried])
    assert await in_thread(snapshot_applications, server) == len(acked)
    lead = await in_thread(lead_detail, server, HR_HX, acked[0]["id"])
    assert lead["status"] == "new" and lead["followups"] == [], "the refused follow-up was recorded"
    resp = await in_thread(post_followup, server, HR_HX, acked[0]["id"], {"status": "contacted"})
    assert resp.status == 201, resp

    # After a restart, exactly the acknowledged leads exist.
    await in_thread(server.restart)
    await in_thread(check_exactly, server, acked, [never_retried])
    assert (await in_thread(lead_detail, server, HR_HX, acked[0]["id"]))["status"] == "contacted"
    assert await in_thread(snapshot_applications, server) == len(acked)

    # The journal was cut back: the refused record's bytes are gone and the store verifies clean.
    status = await in_thread(server.stop)
    assert status == 0
    raw = b"".join(p.read_bytes() for p in server.data_dir.iterdir() if p.is_file())
    assert never_retried[1].encode() not in raw, "the refused record is still in the journal"
    result = await in_thread(cli, "store", "verify", "--data-dir", str(server.data_dir))
    assert result.returncode == 0, output_of(result)


@async_test(timeout=45)
async def test_every_apply_in_a_failing_batch_is_refused(lead_server, tmp_path):
    fault_file = tmp_path / "fault"
    server = lead_server(high_limits_config(tmp_path / "cfg"), env={"DAIGANG_FAULT_FILE": str(fault_file)})
    viewers = [await dc.viewer(server) for _ in range(4)]
    first = await applied(viewers[0], job=JOB_FULL)  # no fault file at all: works

    set_fault(fault_file, "fsync")
    phones = [fresh_phone() for _ in viewers]
    answers = await asyncio.gather(*(apply(v, job=JOB_MID, phone=p) for v, p in zip(viewers, phones)))
    assert [a.get("code") for a in answers] == ["unavailable"] * 4, answers
    keys = await in_thread(stored, server)
    assert list(keys.values()) == [[first["leadId"]]], keys

    set_fault(fault_file, "something else")  # anything but write/fsync injects nothing
    answers = await asyncio.gather(*(apply(v, job=JOB_MID, phone=p) for v, p in zip(viewers, phones)))
    assert [(a["type"], a.get("duplicate")) for a in answers] == [("applied", False)] * 4, answers
    assert len(await in_thread(stored, server)) == 5
