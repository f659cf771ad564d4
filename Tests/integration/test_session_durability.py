"""Issue 10: a session is durable data. Every host change is journaled before it is acknowledged
or broadcast, a restart (SIGTERM or kill -9) restores exactly what was acknowledged, the config
seeds an empty data dir and is then only compared, and the lifecycle scheduled → live → ended →
closed means what it says."""

from __future__ import annotations

import copy
import json
import signal

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, async_test, in_thread
from leads_support import (  # noqa: F401 - lead_server is a fixture
    apply,
    applied,
    fresh_phone,
    high_limits_config,
    lead_server,
)


def without_counters(snapshot: dict) -> dict:
    snapshot = copy.deepcopy(snapshot)
    snapshot.pop("counters", None)
    snapshot.pop("seq", None)
    return snapshot


async def make_every_kind_of_change(server) -> dict:
    """Edits a job (title and pay), adds one, pins it, shows a policy, announces, withdraws a
    job and ends the stream; returns the snapshot the host's acknowledgements promise."""
    host = await dc.host(server)
    changed = dc.config_job(JOB_MID)
    changed = {**changed, "title": "改过的岗位名称", "pay": {**changed["pay"], "min": 6100, "max": 7300}}
    changed.pop("employerName", None)
    added = dc.new_job("job-live-added")
    for message in (
        {"type": "upsert_job", "job": changed},
        {"type": "upsert_job", "job": added},
        {"type": "pin_job", "jobId": "job-live-added"},
        {"type": "show_policy", "policyId": dc.snapshot_http(server)["policies"][0]["id"]},
        {"type": "announce", "text": "下午两点开始第二轮面试"},
        {"type": "withdraw_job", "jobId": JOB_MIN},
        {"type": "session_status", "status": "ended"},
    ):
        await host.command(message)
    await host.close()
    return await in_thread(dc.snapshot_http, server)


@pytest.mark.parametrize("stop", ["sigterm", "kill9"])
@async_test(timeout=60)
async def test_a_restart_restores_every_acknowledged_session_change(lead_server, tmp_path, stop):
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    promised = await make_every_kind_of_change(server)
    assert promised["status"] == "ended"
    assert promised["pinnedJobId"] == "job-live-added"
    assert [a["text"] for a in promised["announcements"]] == ["下午两点开始第二轮面试"]
    assert JOB_MIN not in [job["id"] for job in promised["jobs"]]

    if stop == "sigterm":
        await in_thread(server.restart)
    else:
        await in_thread(server.kill9)
        await in_thread(server.start)
    restored = await in_thread(dc.snapshot_http, server)
    assert without_counters(restored) == without_counters(promised)
    assert restored["seq"] >= promised["seq"], "seq went backwards across a restart"

    # A job added live takes applications after the restart (it used to be `not_found`).
    viewer = await dc.viewer(server)
    answer = await applied(viewer, job="job-live-added", phone=fresh_phone())
    assert answer["duplicate"] is False


@async_test(timeout=45)
async def test_an_ended_session_closes_the_line_but_takes_applications(lead_server, tmp_path):
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    host = await dc.host(server)
    viewer = await dc.viewer(server)
    await host.command({"type": "session_status", "status": "ended"})
    answer = await applied(viewer, job=JOB_FULL, phone=fresh_phone())
    refused = await viewer.request({"type": "queue_join", "leadId": answer["leadId"]})
    assert refused["type"] == "error" and refused["code"] == "conflict" and refused["reason"] == "session_ended", refused
    # Going back is refused where the order forbids it.
    wrong = await host.request({"type": "session_status", "status": "scheduled"})
    assert wrong["type"] == "error" and wrong.get("reason") == "status_order", wrong


@async_test(timeout=45)
async def test_a_closed_session_is_read_only(lead_server, tmp_path):
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    host = await dc.host(server)
    viewer = await dc.viewer(server)
    await host.command({"type": "session_status", "status": "closed"})
    refused = await apply(viewer, job=JOB_FULL, phone=fresh_phone())
    assert refused["type"] == "error" and refused["code"] == "conflict" and refused["reason"] == "session_closed", refused
    for message in (
        {"type": "pin_job", "jobId": JOB_FULL},
        {"type": "announce", "text": "还在吗"},
        {"type": "session_status", "status": "live"},
        {"type": "session_status", "status": "closed"},
        {"type": "queue_pause"},
        {"type": "queue_call"},
    ):
        answer = await host.request(message)
        assert answer["type"] == "error" and answer.get("reason") == "session_closed", (message, answer)
    await in_thread(server.restart)
    assert (await in_thread(dc.snapshot_http, server))["status"] == "closed"


@async_test(timeout=45)
async def test_the_config_seeds_an_empty_data_dir_and_is_then_only_compared(lead_server, tmp_path):
    config = high_limits_config(tmp_path / "cfg")
    server = lead_server(config)
    first = await in_thread(dc.snapshot_http, server)
    assert "imported the config's sessions" in server.stderr_text()
    await in_thread(server.stop)

    # The operator edits the config after the first run: the data dir stays the truth, and the
    # difference is reported at start rather than silently applied or ignored.
    job = next(j for j in config["sessions"][0]["jobs"] if j["id"] == JOB_FULL)
    job["title"] = "配置文件里改的标题"
    config["sessions"][0]["title"] = "配置文件里改的场次"
    server.config = config
    await in_thread(server.start)
    after = await in_thread(dc.snapshot_http, server)
    assert after["title"] == first["title"]
    assert next(j for j in after["jobs"] if j["id"] == JOB_FULL)["title"] == next(j for j in first["jobs"] if j["id"] == JOB_FULL)["title"]
    log = server.stderr_text()
    assert "the config differs from the data directory" in log
    assert "jobs differ from the data in" in log and "title, host, description or status differ" in log


@async_test(timeout=45)
async def test_a_host_command_is_answered_only_once_durable_and_broadcast_after(lead_server, tmp_path):
    """The journal holds the change by the time the host hears `ok`."""
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    host = await dc.host(server)
    await host.command({"type": "announce", "text": "落盘之后才确认"})
    journal_text = "".join(p.read_text(encoding="utf-8") for p in sorted(server.data_dir.glob("journal-*.log")))
    records = [json.loads(line)["data"] for line in journal_text.splitlines() if line.strip()]
    events = [r for r in records if r.get("kind") == "session"]
    assert any(e["change"]["event"] == "announced" and e["change"]["announcement"]["text"] == "落盘之后才确认" for e in events)


@async_test(timeout=45)
async def test_sigterm_answers_every_change_already_on_its_way_to_the_disk(lead_server, tmp_path):
    """A host must not have to retry a change that was saved: on SIGTERM the server answers what it
    took in before it says goodbye, and what it did not answer it did not save."""
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    host = await dc.host(server)
    texts = [f"第{i}条" for i in range(15)]  # fewer than the 20 a snapshot keeps
    for text in texts:
        await host.send({"type": "announce", "text": text, "ref": text})
    server.handle.proc.send_signal(signal.SIGTERM)
    acknowledged = set()
    try:
        while True:
            message = await host.recv(timeout=10)
            if message.get("type") == "ok":
                acknowledged.add(message["ref"])
    except dc.Closed:
        pass
    assert server.handle.proc.wait(timeout=15) == 0
    await in_thread(server.start)
    saved = {a["text"] for a in (await in_thread(dc.snapshot_http, server))["announcements"]}
    assert saved == acknowledged, f"saved but not answered: {sorted(saved - acknowledged)}; answered but not saved: {sorted(acknowledged - saved)}"
