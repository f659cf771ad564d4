"""Host commands, broadcasts, seq numbering and snapshots (PROTOCOL.md: Hello, Host commands,
Broadcasts)."""

from __future__ import annotations

import re
import time

import daigang_client as dc
from daigang_client import (
    HOST_TOKEN,
    JOB_FULL,
    JOB_MID,
    JOB_MIN,
    POLICY_FULL,
    POLICY_MIN,
    async_test,
    config_job,
    config_policy,
    expected_job,
    in_thread,
    snapshot_http,
)

SNAPSHOT_FIELDS = {
    "id", "title", "host", "description", "status", "jobs", "policies",
    "pinnedJobId", "shownPolicyId", "announcements", "counters", "seq",
}


def now_ms() -> int:
    return int(time.time() * 1000)


async def viewers(server, n):
    return [await dc.viewer(server) for _ in range(n)]


@async_test
async def test_pin_job_acks_host_and_broadcasts_job_to_every_viewer(daigang):
    host = await dc.host(daigang)
    crowd = await viewers(daigang, 3)

    ok = await host.request({"type": "pin_job", "jobId": JOB_MID, "ref": "pin-1"})
    assert ok["type"] == "ok" and ok["ref"] == "pin-1", ok

    for v in crowd:
        msg = await v.expect("job_pinned")
        assert msg["job"] == expected_job(config_job(JOB_MID))
        assert msg["seq"] == v.welcome["snapshot"]["seq"] + 1
    # The host is in the session too: `ok` first, then the broadcast.
    msg = await host.expect("job_pinned")
    assert msg["job"]["id"] == JOB_MID


@async_test
async def test_consecutive_broadcasts_have_consecutive_seq_for_every_viewer(daigang):
    host = await dc.host(daigang)
    crowd = await viewers(daigang, 3)
    start = crowd[0].welcome["snapshot"]["seq"]
    assert isinstance(start, int)
    for v in crowd:
        assert v.welcome["snapshot"]["seq"] == start, "no broadcast happened between the joins"

    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    await host.command({"type": "show_policy", "policyId": POLICY_FULL})
    await host.command({"type": "announce", "text": "欢迎来到直播间"})

    for v in crowd + [host]:
        got = [await v.next() for _ in range(3)]
        assert [m["type"] for m in got] == ["job_pinned", "policy_shown", "announcement"], got
        assert [m["seq"] for m in got] == [start + 1, start + 2, start + 3], got


@async_test
async def test_host_receives_ok_before_the_broadcast(daigang):
    host = await dc.host(daigang)
    await host.send({"type": "announce", "text": "hello", "ref": 77})
    first = await host.next()
    second = await host.next()
    assert first["type"] == "ok" and first["ref"] == 77, first
    assert second["type"] == "announcement" and second["text"] == "hello"


@async_test
async def test_ok_reply_echoes_numeric_and_string_refs_unchanged(daigang):
    host = await dc.host(daigang)
    for ref in (0, 42, 1.5, "abc", ""):
        await host.send({"type": "pin_job", "jobId": JOB_MIN, "ref": ref})
        reply = await host.next()
        assert reply["type"] == "ok"
        assert reply["ref"] == ref and type(reply["ref"]) is type(ref), reply
        await host.expect("job_pinned")


@async_test
async def test_unknown_fields_in_a_command_are_ignored(daigang):
    host = await dc.host(daigang)
    await host.command({"type": "pin_job", "jobId": JOB_FULL, "colour": "red", "extra": {"a": [1]}})
    msg = await host.expect("job_pinned")
    assert msg["job"]["id"] == JOB_FULL


@async_test
async def test_late_joiner_snapshot_has_the_pinned_job_and_current_seq(daigang):
    host = await dc.host(daigang)
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    pinned = await host.expect("job_pinned")

    late = await dc.viewer(daigang)
    snapshot = late.welcome["snapshot"]
    assert snapshot["pinnedJobId"] == JOB_FULL
    assert snapshot["seq"] == pinned["seq"]

    await host.command({"type": "announce", "text": "新消息"})
    msg = await late.expect("announcement")
    assert msg["seq"] == snapshot["seq"] + 1


@async_test
async def test_welcome_snapshot_has_all_protocol_fields(daigang):
    v = await dc.viewer(daigang)
    welcome = v.welcome
    assert welcome["role"] == "viewer"
    assert welcome["resumed"] is False
    snapshot = welcome["snapshot"]
    missing = SNAPSHOT_FIELDS - snapshot.keys()
    assert not missing, f"snapshot lacks {missing}"
    assert snapshot["id"] == "s1"
    assert snapshot["title"] == "春风行动 直播带岗（测试）"
    assert snapshot["host"] == "就业科 王科长"
    assert snapshot["description"] == "集成测试用的场次。"
    assert snapshot["status"] == "live"
    assert snapshot["pinnedJobId"] is None
    assert snapshot["shownPolicyId"] is None
    assert snapshot["announcements"] == []
    assert isinstance(snapshot["seq"], int) and snapshot["seq"] >= 0
    counters = snapshot["counters"]
    for key in ("online", "applications", "queue"):
        assert isinstance(counters[key], int), counters
    assert counters["applications"] == 0 and counters["queue"] == 0
    assert [j["id"] for j in snapshot["jobs"]] == [JOB_FULL, JOB_MID, JOB_MIN]
    assert [p["id"] for p in snapshot["policies"]] == [POLICY_FULL, POLICY_MIN]


@async_test
async def test_snapshot_jobs_carry_employer_name_and_omit_absent_optional_fields(daigang):
    v = await dc.viewer(daigang)
    jobs = {j["id"]: j for j in v.welcome["snapshot"]["jobs"]}
    assert jobs[JOB_FULL] == expected_job(config_job(JOB_FULL))
    assert jobs[JOB_MID] == expected_job(config_job(JOB_MID))
    minimal = dict(jobs[JOB_MIN])
    # `verified` defaults to false; it may be written out or omitted.
    assert minimal.pop("verified", False) is False
    assert minimal == expected_job(config_job(JOB_MIN)), "absent optional fields must be omitted, not null"
    policies = {p["id"]: p for p in v.welcome["snapshot"]["policies"]}
    assert policies[POLICY_FULL] == config_policy(POLICY_FULL)
    assert policies[POLICY_MIN] == config_policy(POLICY_MIN)


@async_test
async def test_show_policy_broadcasts_policy_shown_and_null_hides_it(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)

    await host.command({"type": "show_policy", "policyId": POLICY_FULL})
    msg = await v.expect("policy_shown")
    assert msg["policy"] == config_policy(POLICY_FULL)
    assert (await in_thread(snapshot_http, daigang))["shownPolicyId"] == POLICY_FULL

    await host.command({"type": "show_policy", "policyId": None})
    msg = await v.expect("policy_shown")
    assert "policy" in msg and msg["policy"] is None
    assert (await in_thread(snapshot_http, daigang))["shownPolicyId"] is None


@async_test
async def test_announce_broadcasts_text_and_timestamp(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    before = now_ms()
    await host.command({"type": "announce", "text": "  下午两点开始面试  "})
    msg = await v.expect("announcement")
    after = now_ms()
    assert msg["text"] in ("下午两点开始面试", "  下午两点开始面试  ")
    assert isinstance(msg["at"], int)
    assert before - 2000 <= msg["at"] <= after + 2000, (before, msg["at"], after)

    late = await dc.viewer(daigang)
    assert late.welcome["snapshot"]["announcements"] == [{"text": msg["text"], "at": msg["at"]}]


@async_test
async def test_snapshot_keeps_the_last_20_announcements_oldest_first(daigang):
    host = await dc.host(daigang)
    for i in range(22):
        await host.command({"type": "announce", "text": f"公告 {i}"})
    snapshot = await in_thread(snapshot_http, daigang)
    texts = [a["text"] for a in snapshot["announcements"]]
    assert texts == [f"公告 {i}" for i in range(2, 22)]
    ats = [a["at"] for a in snapshot["announcements"]]
    assert ats == sorted(ats)


@async_test
async def test_session_status_is_broadcast_and_reflected_in_snapshot(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    # scheduled → live → ended → closed; an ended stream may go live again (issue 10).
    for status in ("ended", "live", "ended", "closed"):
        await host.command({"type": "session_status", "status": status})
        msg = await v.expect("session_status")
        assert msg["status"] == status
        assert (await in_thread(snapshot_http, daigang))["status"] == status


@async_test
async def test_upsert_new_job_is_broadcast_and_added_to_snapshot(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    job = dc.new_job()
    await host.command({"type": "upsert_job", "job": job})
    msg = await v.expect("job_updated")
    assert msg["job"] == expected_job(job)
    assert msg["seq"] == v.welcome["snapshot"]["seq"] + 1

    late = await dc.viewer(daigang)
    jobs = late.welcome["snapshot"]["jobs"]
    assert [j["id"] for j in jobs].count(job["id"]) == 1
    assert next(j for j in jobs if j["id"] == job["id"]) == expected_job(job)
    assert len(jobs) == 4


@async_test
async def test_upsert_existing_job_replaces_it(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    job = config_job(JOB_MID)
    job["title"] = "快递分拣员（急招）"
    job["pay"] = {"min": 200, "max": 300, "unit": "day", "note": "日结"}
    del job["shift"]
    await host.command({"type": "upsert_job", "job": job})
    msg = await v.expect("job_updated")
    assert msg["job"] == expected_job(job)

    snapshot = await in_thread(snapshot_http, daigang)
    assert [j["id"] for j in snapshot["jobs"]] == [JOB_FULL, JOB_MID, JOB_MIN]
    updated = next(j for j in snapshot["jobs"] if j["id"] == JOB_MID)
    assert updated == expected_job(job)
    assert "shift" not in updated


@async_test
async def test_updating_the_pinned_job_sends_only_job_updated(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    pinned = await v.expect("job_pinned")

    job = config_job(JOB_FULL)
    job["headcount"] = 80
    await host.command({"type": "upsert_job", "job": job})
    await host.command({"type": "announce", "text": "marker"})
    updated = await v.next()
    marker = await v.next()
    assert updated["type"] == "job_updated" and updated["job"]["headcount"] == 80
    assert updated["seq"] == pinned["seq"] + 1
    assert marker["type"] == "announcement" and marker["seq"] == pinned["seq"] + 2, marker

    snapshot = await in_thread(snapshot_http, daigang)
    assert snapshot["pinnedJobId"] == JOB_FULL


@async_test
async def test_upsert_policy_new_and_existing_is_broadcast(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    policy = dc.new_policy()
    await host.command({"type": "upsert_policy", "policy": policy})
    msg = await v.expect("policy_updated")
    assert msg["policy"] == policy

    changed = config_policy(POLICY_MIN)
    changed["summary"] = "培训补贴标准上调。"
    await host.command({"type": "upsert_policy", "policy": changed})
    msg = await v.expect("policy_updated")
    assert msg["policy"] == changed

    snapshot = await in_thread(snapshot_http, daigang)
    policies = {p["id"]: p for p in snapshot["policies"]}
    assert list(policies) == [POLICY_FULL, POLICY_MIN, policy["id"]]
    assert policies[POLICY_MIN]["summary"] == "培训补贴标准上调。"
    assert policies[policy["id"]] == policy


@async_test
async def test_pin_null_unpins(daigang):
    host = await dc.host(daigang)
    v = await dc.viewer(daigang)
    await host.command({"type": "pin_job", "jobId": JOB_MIN})
    assert (await v.expect("job_pinned"))["job"]["id"] == JOB_MIN

    await host.command({"type": "pin_job", "jobId": None})
    msg = await v.expect("job_pinned")
    assert "job" in msg and msg["job"] is None
    assert (await in_thread(snapshot_http, daigang))["pinnedJobId"] is None
    late = await dc.viewer(daigang)
    assert late.welcome["snapshot"]["pinnedJobId"] is None


@async_test
async def test_host_welcome_reports_host_role(daigang):
    client = await dc.connect(daigang.ws_url)
    assert client.ws.subprotocol == dc.SUBPROTOCOL
    welcome = await client.hello("host", token=HOST_TOKEN, ref=1)
    assert welcome["role"] == "host"
    assert welcome["snapshot"]["id"] == "s1"


@async_test
async def test_broadcasts_stay_within_their_session(start_daigang, config_factory):
    config = config_factory()
    config["sessions"].append(dc.make_session("s2", title="第二场", status="scheduled"))
    server = start_daigang(config)
    host1 = await dc.host(server, "s1")
    host2 = await dc.host(server, "s2")
    v2 = await dc.viewer(server, "s2")
    assert v2.welcome["snapshot"]["id"] == "s2"
    assert v2.welcome["snapshot"]["status"] == "scheduled"

    await host1.command({"type": "announce", "text": "只发给 s1"})
    await host1.expect("announcement")
    await host2.command({"type": "announce", "text": "只发给 s2"})
    msg = await v2.expect("announcement")  # the s1 announcement must not come first
    assert msg["text"] == "只发给 s2"
    assert msg["seq"] == v2.welcome["snapshot"]["seq"] + 1
    s1 = await in_thread(snapshot_http, server, "s1")
    assert [a["text"] for a in s1["announcements"]] == ["只发给 s1"]


@async_test
async def test_viewers_get_distinct_viewer_ids(daigang):
    crowd = await viewers(daigang, 3)
    ids = [v.welcome["viewerId"] for v in crowd]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == 3
    for v in crowd:
        assert re.fullmatch(r"[0-9a-f]{32}", v.welcome["resume"]), v.welcome["resume"]
