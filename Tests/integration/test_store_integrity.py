"""Store integrity (issue 10, STORE.md): one writer per data directory, lead ids never reused
after a lost tail, snapshots written while acknowledgements keep flowing."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import zlib
from pathlib import Path

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, async_test, in_thread
from leads_support import (  # noqa: F401 - lead_server is a fixture
    EMP_HX,
    HR_HX,
    LeadServer,
    all_leads,
    apply_all,
    apply_message,
    applied,
    cli,
    high_limits_config,
    journals,
    lead_server,
    list_leads,
    newest_journal,
    output_of,
    parse_record_line,
    serve_expecting_failure,
    snapshots,
    split_lines,
)


def lead_number(lead_id: str) -> int:
    return int(lead_id[1:])


# --- One writer per data directory ----------------------------------------------------------------


def test_a_second_server_on_the_same_data_dir_exits_naming_the_holder(lead_server):
    first = lead_server()
    (before,) = apply_all(first, [apply_message(JOB_FULL)])
    files_before = {p.name: p.read_bytes() for p in first.data_dir.iterdir() if p.name != "LOCK"}

    result = serve_expecting_failure(first, timeout=20)
    assert result.returncode != 0, output_of(result)
    assert "listening" not in result.stdout, output_of(result)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got:\n{output_of(result)}"
    assert str(first.data_dir) in lines[0], lines[0]
    assert re.search(rf"\bpid {first.proc.pid}\b", lines[0]), lines[0]
    assert {p.name: p.read_bytes() for p in first.data_dir.iterdir() if p.name != "LOCK"} == files_before, \
        "the refused server changed the data directory"
    assert (first.data_dir / "LOCK").read_text().strip() == str(first.proc.pid)

    # An offline writer is refused the same way; readers work beside the server.
    repair = cli("store", "repair", "--data-dir", str(first.data_dir))
    assert repair.returncode != 0 and f"pid {first.proc.pid}" in output_of(repair), output_of(repair)
    export = cli("leads", "export", "--employer", EMP_HX, "--format", "jsonl", "--data-dir", str(first.data_dir))
    assert export.returncode == 0, output_of(export)
    assert before["leadId"] in export.stdout

    # The first server never noticed.
    (after,) = apply_all(first, [apply_message(JOB_MIN)])
    assert {before["leadId"], after["leadId"]} <= {lead["id"] for lead in list_leads(first, HR_HX)}
    assert first.stop() == 0
    assert (first.data_dir / "LOCK").read_text() == "", "the pid stays in LOCK after a clean stop"
    # Released on exit: the directory opens again (and after kill -9 too).
    first.start()
    first.kill9()
    first.start()
    assert {before["leadId"], after["leadId"]} <= {lead["id"] for lead in list_leads(first, HR_HX)}


# --- Ids never reused -------------------------------------------------------------------------------


def drop_last_lead_lines(journal: Path, count: int) -> list[str]:
    """Cut the journal before its last ``count`` lead records (and whatever follows them): what a
    power cut that lost acknowledged writes leaves. The ids of the leads cut."""
    raw = journal.read_bytes()
    leads = [(offset, parse_record_line(line)) for offset, line in split_lines(raw)]
    leads = [(offset, data["lead"]["id"]) for offset, data in leads if data["kind"] == "lead"]
    assert len(leads) >= count, f"{journal.name} holds only {len(leads)} leads"
    cut_at, _ = leads[-count]
    journal.write_bytes(raw[:cut_at])
    return [lead_id for _, lead_id in leads[-count:]]


def test_ids_of_lost_acknowledged_leads_are_never_given_to_anyone_else(lead_server, tmp_path):
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    handed_out: set[str] = set()
    for round_no in range(3):
        replies = apply_all(server, [apply_message((JOB_FULL, JOB_MID, JOB_MIN)[i % 3]) for i in range(8)], per_connection=8)
        ids = [r["leadId"] for r in replies]
        assert not handed_out & set(ids), f"round {round_no}: ids handed out again: {sorted(handed_out & set(ids))}"
        assert min(map(lead_number, ids)) > max(map(lead_number, handed_out), default=0), (round_no, ids)
        handed_out |= set(ids)
        server.kill9()
        lost = drop_last_lead_lines(newest_journal(server.data_dir), 3)
        assert set(lost) <= set(ids)
        server.start()
        stored = {lead["id"] for leads in all_leads(server).values() for lead in leads}
        assert not set(lost) & stored, "the simulated loss did not happen"
    (last,) = apply_all(server, [apply_message(JOB_FULL)])
    assert lead_number(last["leadId"]) > max(map(lead_number, handed_out)), last


# --- Compaction during load -------------------------------------------------------------------------


def record_line(data: dict) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return b'{"len":%d,"crc":"%08x","data":%s}\n' % (len(raw), zlib.crc32(raw) & 0xFFFFFFFF, raw)


def preload(data_dir: Path, count: int) -> int:
    """A journal of ``count`` leads (L000001…) plus their id reservation; its size in bytes."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lines = [record_line({"kind": "ids_reserved", "upTo": count + 1000})]
    for n in range(1, count + 1):
        job = (JOB_FULL, JOB_MID, JOB_MIN)[n % 3]
        lines.append(record_line({"kind": "lead", "lead": {
            "id": f"L{n:06d}", "session": dc.SESSION_ID, "jobId": job, "jobTitle": "预置", "employerId": "hx-electronics",
            "name": f"预置{n}", "phone": f"186{n:08d}", "createdAt": 1_700_000_000_000 + n, "viewerId": f"preload-{n}",
        }}))
    journal = data_dir / "journal-000001.log"
    journal.write_bytes(b"".join(lines))
    return journal.stat().st_size


@async_test(timeout=120)
async def test_acks_keep_flowing_while_a_snapshot_of_many_leads_is_written(request, start_daigang, tmp_path):
    preloaded = 40_000
    workdir = tmp_path / "preloaded"
    size = preload(workdir / "data", preloaded)
    # The first acknowledged write takes the journal past the threshold: journal 2 starts and the
    # loop hands its state (40,000 leads) to the compactor.
    config = high_limits_config(tmp_path / "cfg", compact_after_bytes=size)
    server = await in_thread(LeadServer(config, workdir, None, request.node._daigang_servers).start)
    tmp_seen = threading.Event()
    stop = threading.Event()

    def watch() -> None:  # is snapshot-000001.jsonl.tmp there (being written) right now?
        while not stop.is_set():
            if (server.data_dir / "snapshot-000001.jsonl.tmp").exists():
                tmp_seen.set()
            time.sleep(0.001)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    acked: list[dict] = []
    during: list[str] = []
    try:
        async def client_loop(no: int) -> None:
            client = await dc.viewer(server)
            i = 0
            while not (server.data_dir / "snapshot-000001.jsonl").exists() and i < 20_000:
                if i and i % 500 == 0:  # a connection may apply 1,000 times a minute
                    await client.abort()
                    client = await dc.viewer(server)
                phone = f"135{no:02d}{i:06d}"
                answer = await applied(client, apply_message(JOB_FULL, phone))
                acked.append({"id": answer["leadId"], "phone": phone})
                if (server.data_dir / "snapshot-000001.jsonl.tmp").exists():
                    during.append(answer["leadId"])
                i += 1
            await client.abort()

        await asyncio.gather(*(client_loop(no) for no in range(4)))
    finally:
        stop.set()
        watcher.join(5)
    assert snapshots(server.data_dir), "no snapshot was written"
    assert tmp_seen.is_set(), "never saw the snapshot being written"
    assert during, "no apply was acknowledged while the snapshot was being written"
    assert server.stop() == 0
    assert [p.name for p in journals(server.data_dir)] == ["journal-000002.log"]

    export = await in_thread(cli, "leads", "export", "--employer", EMP_HX, "--format", "jsonl", "--data-dir", str(server.data_dir))
    assert export.returncode == 0, output_of(export)
    stored = {lead["id"]: lead for lead in map(json.loads, export.stdout.splitlines())}
    assert len(stored) == preloaded + len(acked)
    for a in acked:
        assert stored[a["id"]]["phone"] == a["phone"], a
    assert min(lead_number(a["id"]) for a in acked) > preloaded
