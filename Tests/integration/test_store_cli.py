"""The store on disk and its commands: record format, torn tails, mid-file corruption,
compaction, `daigang store verify|repair`, `daigang leads export`, `daigang audit` (STORE.md)."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from daigang_client import JOB_FULL, JOB_MID, JOB_MIN
from leads_support import (  # noqa: F401 - lead_server is a fixture
    EMP_HX,
    EMP_SD,
    HR_HX,
    all_leads,
    api,
    apply_all,
    apply_message,
    check_leads_unique,
    cli,
    cli_bytes,
    file_number,
    high_limits_config,
    journals,
    lead_detail,
    lead_server,
    list_leads,
    make_record_line,
    newest_journal,
    output_of,
    parse_record_line,
    post_followup,
    serve_expecting_failure,
    snapshots,
    split_lines,
)


@dataclass
class Store:
    server: object  # LeadServer, stopped
    hx: list = field(default_factory=list)  # applied replies
    sd: list = field(default_factory=list)
    phones: dict = field(default_factory=dict)  # lead id -> phone
    viewed: str = ""  # the hx lead HR opened (audited)

    @property
    def data_dir(self) -> Path:
        return self.server.data_dir

    def ids(self, employer: str) -> set:
        return {a["leadId"] for a in (self.hx if employer == EMP_HX else self.sd)}


def populate(lead_server, config=None) -> Store:
    """A store with 3 hx and 1 sd leads, a follow-up, an audited view and an audited CSV
    export; the server is stopped cleanly afterwards."""
    server = lead_server(config)
    messages = [
        apply_message(JOB_FULL, "13812345678", name="张三", hometown="河南周口", note="可以马上到岗"),
        apply_message(JOB_MID, "15012345678", name="王五"),
        apply_message(JOB_MIN, "13900001111", name="李四"),
        apply_message(JOB_FULL, "17712340000", name="赵六"),
    ]
    replies = apply_all(server, messages)
    store = Store(server)
    for message, answer in zip(messages, replies):
        store.phones[answer["leadId"]] = message["phone"]
        (store.sd if message["jobId"] == JOB_MID else store.hx).append(answer)
    store.viewed = store.hx[0]["leadId"]
    assert post_followup(server, HR_HX, store.hx[1]["leadId"], {"status": "contacted", "note": "已电话"}).status == 201
    assert lead_detail(server, HR_HX, store.viewed)["id"] == store.viewed  # audited: view_lead
    resp = api(server, "GET", "/api/leads.csv", token=HR_HX)  # audited: export
    assert resp.status == 200, resp
    assert server.stop() == 0
    return store


def verify(data_dir: Path):
    return cli("store", "verify", "--data-dir", str(data_dir))


def check_leads_intact(server, store: Store) -> None:
    leads = all_leads(server)
    assert {lead["id"] for lead in leads[EMP_HX]} == store.ids(EMP_HX)
    assert {lead["id"] for lead in leads[EMP_SD]} == store.ids(EMP_SD)
    for lead in leads[EMP_HX] + leads[EMP_SD]:
        assert lead["phone"] == store.phones[lead["id"]]
    check_leads_unique(leads[EMP_HX] + leads[EMP_SD])
    assert lead_detail(server, HR_HX, store.hx[1]["leadId"])["status"] == "contacted"


def files_snapshot(data_dir: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir()) if p.is_file()}


# --- Format ---------------------------------------------------------------------------------------


def test_journal_lines_follow_the_documented_format(lead_server):
    store = populate(lead_server)
    lines = []
    for path in journals(store.data_dir):
        raw = path.read_bytes()
        assert raw.endswith(b"\n"), f"{path.name} does not end with a newline"
        lines += [parse_record_line(line) for _, line in split_lines(raw)]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.name} mode {oct(path.stat().st_mode)}"
    kinds = [r["kind"] for r in lines]
    assert kinds.count("lead") == 4, kinds
    assert "followup" in kinds and "audit" in kinds, kinds

    for record in lines:
        if record["kind"] == "lead":
            lead = record["lead"]
            assert {"id", "session", "jobId", "jobTitle", "employerId", "name", "phone", "createdAt", "viewerId"} <= set(lead), lead
            assert re.fullmatch(r"1[3-9]\d{9}", lead["phone"]), lead
            assert lead["phone"] == store.phones[lead["id"]]
        elif record["kind"] == "followup":
            assert record["leadId"] == store.hx[1]["leadId"]
            assert record["followup"]["status"] == "contacted" and record["followup"]["note"] == "已电话"
            assert {"at", "by"} <= set(record["followup"])
        elif record["kind"] == "audit":
            entry = record["entry"]
            assert entry["employerId"] == EMP_HX, entry
            assert entry["action"] in ("view_lead", "export", "followup"), entry
            assert isinstance(entry["leadIds"], list) and isinstance(entry["at"], int)
    actions = {r["entry"]["action"] for r in lines if r["kind"] == "audit"}
    assert {"view_lead", "export"} <= actions, actions
    view = next(r["entry"] for r in lines if r["kind"] == "audit" and r["entry"]["action"] == "view_lead")
    assert view["leadIds"] == [store.viewed]


def test_verify_is_clean_after_a_normal_run(lead_server):
    store = populate(lead_server)
    before = files_snapshot(store.data_dir)
    result = verify(store.data_dir)
    assert result.returncode == 0, output_of(result)
    assert files_snapshot(store.data_dir) == before, "verify changed the store"


# --- Torn tails -----------------------------------------------------------------------------------


def append_half_line(path: Path) -> bytes:
    """Append the first half of the file's last record line (no newline); the original bytes."""
    original = path.read_bytes()
    _, last = split_lines(original)[-1]
    with open(path, "ab") as f:
        f.write(last[: len(last) // 2])
    return original


def test_torn_tail_is_reported_and_repaired(lead_server):
    store = populate(lead_server)
    journal = newest_journal(store.data_dir)
    original = append_half_line(journal)
    torn = journal.read_bytes()

    result = verify(store.data_dir)
    out = output_of(result)
    assert result.returncode == 1, f"verify on a torn tail: exit {result.returncode}\n{out}"
    assert re.search(r"torn", out, re.I), f"verify does not call it a torn tail:\n{out}"
    assert "repair" in out.lower(), f"verify does not say it is repairable:\n{out}"
    assert journal.read_bytes() == torn, "verify changed the journal"

    result = cli("store", "repair", "--data-dir", str(store.data_dir))
    assert result.returncode == 0, output_of(result)
    assert journal.read_bytes() == original, "repair should cut exactly the torn tail"
    result = verify(store.data_dir)
    assert result.returncode == 0, output_of(result)

    server = store.server.start()
    check_leads_intact(server, store)
    (new,) = apply_all(server, [apply_message(JOB_MID)])
    assert new["leadId"] not in store.phones, "a lead id was reused"


def test_last_line_with_a_bad_crc_is_a_torn_tail(lead_server):
    store = populate(lead_server)
    journal = newest_journal(store.data_dir)
    original = journal.read_bytes()
    line = make_record_line({"kind": "lead", "lead": {"id": "L999999", "name": "残"}})
    line = re.sub(rb'"crc":"[0-9a-f]{8}"', b'"crc":"00000000"', line)  # (this crc is not it)
    with open(journal, "ab") as f:
        f.write(line)

    result = verify(store.data_dir)
    assert result.returncode == 1, output_of(result)
    assert re.search(r"torn", output_of(result), re.I), output_of(result)
    result = cli("store", "repair", "--data-dir", str(store.data_dir))
    assert result.returncode == 0, output_of(result)
    assert journal.read_bytes() == original
    assert verify(store.data_dir).returncode == 0


def test_server_cuts_a_torn_tail_at_start(lead_server):
    store = populate(lead_server)
    journal = newest_journal(store.data_dir)
    append_half_line(journal)
    server = store.server.start()
    check_leads_intact(server, store)
    (new,) = apply_all(server, [apply_message(JOB_FULL)])  # appended after the cut, not after the tear
    assert server.stop() == 0
    result = verify(store.data_dir)
    assert result.returncode == 0, output_of(result)
    server.start()
    assert new["leadId"] in {lead["id"] for lead in list_leads(server, HR_HX)}


# --- Mid-file corruption ---------------------------------------------------------------------------


def corrupt_a_middle_line(path: Path) -> tuple[int, int]:
    """Change one digit inside the data of a line that is not the last; (line start, line end)."""
    raw = bytearray(path.read_bytes())
    lines = split_lines(bytes(raw))
    assert len(lines) >= 3, f"{path.name} has only {len(lines)} lines"
    start, line = lines[len(lines) // 2 - 1]
    data_at = line.index(b'"data":')
    digit = next(i for i in range(data_at, len(line)) if line[i : i + 1].isdigit())
    raw[start + digit] = ord("7") if raw[start + digit] != ord("7") else ord("3")
    path.write_bytes(bytes(raw))
    return start, start + len(line)


def test_mid_file_corruption_is_reported_with_file_and_offset(lead_server):
    store = populate(lead_server)
    journal = newest_journal(store.data_dir)
    start, end = corrupt_a_middle_line(journal)
    corrupted = journal.read_bytes()

    result = verify(store.data_dir)
    out = output_of(result)
    assert result.returncode == 1, f"exit {result.returncode}\n{out}"
    assert journal.name in out, f"verify does not name {journal.name}:\n{out}"
    offsets = [int(n) for n in re.findall(r"offset\D{0,12}?(\d+)", out, re.I)]
    assert any(start <= n <= end for n in offsets), f"no byte offset in [{start}, {end}] in:\n{out}"

    # repair never "fixes" a corruption by dropping good leads.
    result = cli("store", "repair", "--data-dir", str(store.data_dir))
    assert result.returncode != 0, f"repair accepted a mid-file corruption:\n{output_of(result)}"
    assert journal.read_bytes() == corrupted, "repair changed a corrupt journal"

    # Neither does the server.
    result = serve_expecting_failure(store.server)
    out = output_of(result)
    assert result.returncode != 0, out
    assert "listening" not in result.stdout, out
    assert journal.name in out, f"the server does not name {journal.name}:\n{out}"
    assert journal.read_bytes() == corrupted, "the server changed a corrupt journal"


# --- Compaction -----------------------------------------------------------------------------------


def test_compaction_writes_a_snapshot_and_keeps_every_lead(lead_server, tmp_path):
    server = lead_server(high_limits_config(tmp_path / "cfg", compact_after_bytes=4096))
    messages = [apply_message((JOB_FULL, JOB_MID, JOB_MIN)[i % 3], f"1370000{i:04d}", name=f"工人{i}") for i in range(40)]
    replies = apply_all(server, messages, per_connection=40)
    ids = {a["leadId"]: m for a, m in zip(replies, messages)}
    first = replies[0]["leadId"]
    assert post_followup(server, HR_HX, first, {"status": "hired"}).status == 201
    assert server.stop() == 0

    snaps = snapshots(server.data_dir)
    assert snaps, f"no snapshot after ~40 leads with compactAfterBytes 4096: {sorted(p.name for p in server.data_dir.iterdir())}"
    newest_snapshot = file_number(snaps[-1])
    assert len(snaps) == 1, f"replaced snapshots were not deleted: {[p.name for p in snaps]}"
    remaining = journals(server.data_dir)
    assert remaining and all(file_number(j) > newest_snapshot for j in remaining), (
        f"journals covered by snapshot-{newest_snapshot} were not deleted: {[p.name for p in remaining]}"
    )
    assert not list(server.data_dir.glob("*.tmp"))
    for _, line in split_lines(snaps[-1].read_bytes()):
        parse_record_line(line)
    assert stat.S_IMODE(snaps[-1].stat().st_mode) == 0o600
    result = verify(server.data_dir)
    assert result.returncode == 0, output_of(result)

    server.start()
    leads = all_leads(server)
    stored = {lead["id"]: lead for lead in leads[EMP_HX] + leads[EMP_SD]}
    assert set(stored) == set(ids)
    check_leads_unique(stored.values())
    for lead_id, message in ids.items():
        assert (stored[lead_id]["jobId"], stored[lead_id]["phone"]) == (message["jobId"], message["phone"])
    assert lead_detail(server, HR_HX, first)["status"] == "hired"
    # A new identity re-applying with a stored phone gets a lead of its own (issue 9: an application
    # belongs to the identity that made it; this used to return the stored lead as a duplicate).
    (again,) = apply_all(server, [messages[0]])
    assert again["duplicate"] is False and again["leadId"] not in ids, again


# --- leads export, audit ----------------------------------------------------------------------------


def test_leads_export_jsonl_prints_exactly_the_employers_leads(lead_server):
    store = populate(lead_server)
    result = cli("leads", "export", "--employer", EMP_HX, "--format", "jsonl", "--data-dir", str(store.data_dir))
    assert result.returncode == 0, output_of(result)
    lines = [line for line in result.stdout.split("\n") if line]
    leads = [json.loads(line) for line in lines]
    assert all(isinstance(lead, dict) for lead in leads)
    assert sorted(lead["id"] for lead in leads) == sorted(store.ids(EMP_HX))
    assert all(lead["employerId"] == EMP_HX for lead in leads)
    for lead in leads:
        assert lead["phone"] == store.phones[lead["id"]]
    assert "15012345678" not in result.stdout, "another employer's lead was exported"

    result = cli("leads", "export", "--employer", EMP_SD, "--format", "jsonl", "--data-dir", str(store.data_dir))
    assert result.returncode == 0, output_of(result)
    assert [json.loads(line)["id"] for line in result.stdout.split("\n") if line] == [store.sd[0]["leadId"]]


def test_leads_export_csv_has_a_bom_and_the_employers_rows(lead_server):
    store = populate(lead_server)
    result = cli_bytes("leads", "export", "--employer", EMP_HX, "--format", "csv", "--data-dir", str(store.data_dir))
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    body = result.stdout
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0][0].startswith("线索编号 Lead ID"), rows[0]
    assert sorted(row[0] for row in rows[1:]) == sorted(store.ids(EMP_HX))
    by_id = {row[0]: row for row in rows[1:]}
    assert "张三" in by_id[store.hx[0]["leadId"]]


def test_audit_lists_views_and_exports_per_employer(lead_server):
    store = populate(lead_server)
    result = cli("audit", "--employer", EMP_HX, "--data-dir", str(store.data_dir))
    out = result.stdout
    assert result.returncode == 0, output_of(result)
    assert re.search(rf"\b{re.escape(store.viewed)}\b", out), f"the viewed lead is not in the audit log:\n{out}"
    assert "view_lead" in out and "export" in out, out

    result = cli("audit", "--employer", EMP_SD, "--data-dir", str(store.data_dir))
    assert result.returncode == 0, output_of(result)
    for lead_id in store.ids(EMP_HX):
        assert not re.search(rf"\b{re.escape(lead_id)}\b", result.stdout), f"hx's audit entries under sd:\n{result.stdout}"
