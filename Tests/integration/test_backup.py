"""Online backup (issue 14; STORE.md "Backup and restore"): ``daigang store backup DIR`` beside a
server under load gives a copy that ``store verify`` accepts and a server starts from, holding every
lead acknowledged before the backup began; bad targets are refused and nothing is written."""

from __future__ import annotations

import asyncio
import os

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, async_test, in_thread, wait_until
from leads_support import (  # noqa: F401 - lead_server is a fixture
    LeadServer,
    all_leads,
    applied,
    cli,
    fresh_phone,
    high_limits_config,
    lead_server,
    output_of,
    snapshots,
)


def stored_leads(server) -> dict:
    """Lead id → lead, over every employer."""
    return {lead["id"]: lead for leads in all_leads(server).values() for lead in leads}


@async_test(timeout=180)
async def test_backup_under_load_keeps_every_lead_acknowledged_before_it_began(request, lead_server, tmp_path):
    # Small journals: compactions (which delete files) keep happening while the backup copies.
    server = lead_server(high_limits_config(tmp_path / "cfg", compact_after_bytes=16 * 1024))
    viewers = [await dc.viewer(server) for _ in range(4)]
    acked: list[tuple[str, str]] = []
    stop = asyncio.Event()

    async def load(viewer, job: str) -> None:
        while not stop.is_set():
            phone = fresh_phone()
            answer = await applied(viewer, job=job, phone=phone)
            acked.append((answer["leadId"], phone))

    tasks = [asyncio.create_task(load(v, job)) for v, job in zip(viewers, [JOB_FULL, JOB_MID, JOB_MIN, JOB_FULL])]
    try:
        await wait_until(lambda: len(acked) >= 200 and snapshots(server.data_dir), 90, "200 leads and a compaction")
        restore = tmp_path / "restore"
        restore.mkdir()
        target = restore / "data"
        before = list(acked)  # acknowledged before the backup began
        result = await in_thread(cli, "store", "backup", str(target), "--data-dir", str(server.data_dir), timeout=60)
        during = len(acked) - len(before)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    assert result.returncode == 0, output_of(result)
    assert result.stdout.startswith("backup ok: "), result.stdout
    assert during > 0, "the load went on while the backup ran (the server was not stalled)"
    assert (os.stat(target).st_mode & 0o777) == 0o700

    verify = await in_thread(cli, "store", "verify", "--data-dir", str(target))
    assert verify.returncode == 0, output_of(verify)

    copy = LeadServer(server.config, restore, None, request.node._daigang_servers).start()
    leads = await in_thread(stored_leads, copy)
    missing = [lead_id for lead_id, _ in before if lead_id not in leads]
    assert not missing, f"{len(missing)} acknowledged lead(s) missing from the backup, e.g. {missing[:5]}"
    for lead_id, phone in before:
        assert leads[lead_id]["phone"] == phone
    # The live server lost nothing either.
    live = await in_thread(stored_leads, server)
    assert all(lead_id in live for lead_id, _ in acked)


def test_backup_refuses_a_non_empty_target_and_one_inside_the_data_dir(lead_server, tmp_path):
    server = lead_server()
    data = server.data_dir
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine")
    result = cli("store", "backup", str(occupied), "--data-dir", str(data))
    assert result.returncode == 1
    assert "backup refused" in result.stderr and "not empty" in result.stderr, output_of(result)
    assert sorted(p.name for p in occupied.iterdir()) == ["keep.txt"]

    for inside in (data / "backup", data, data / "." / "nested"):
        before = sorted(p.name for p in data.iterdir())
        result = cli("store", "backup", str(inside), "--data-dir", str(data))
        assert result.returncode == 1, f"{inside}: {output_of(result)}"
        assert "inside the data directory" in result.stderr, output_of(result)
        assert sorted(p.name for p in data.iterdir()) == before, "nothing was created"

    missing_parent = tmp_path / "no" / "such" / "dir"
    result = cli("store", "backup", str(missing_parent), "--data-dir", str(data))
    assert result.returncode == 1 and "does not exist" in result.stderr, output_of(result)
