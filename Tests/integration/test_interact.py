"""Questions, withdrawals and the line's no-show over real sockets (PROTOCOL.md "# Questions,
withdrawals and the call window"): ask / upvote / hide / answering / answered across viewers and
a host, refusals with their reason codes, restarts that keep questions and withdrawals, the HR
API and CSV without a withdrawn applicant's contact data, and the ``line_no_show`` outcome."""

from __future__ import annotations

from typing import Any, Optional

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, async_test, in_thread
from leads_support import HR_HX, HR_SD, api, lead_detail, list_leads, snapshots
from queue_support import (  # noqa: F401 - lead_server is a fixture
    PUSH_TIMEOUT,
    REPLY_TIMEOUT,
    called,
    command,
    ended,
    host,
    join_in_order,
    joined,
    lead_server,
    new_applicant,
    notice,
    queue_config,
    wait_queue,
    wait_state,
)

ASK_REPLIES = ("asked", *dc.REPLY_TYPES)


async def send(client: dc.Client, message: dict) -> dict:
    """Send with a ref; the direct reply (asked / ok / error)."""
    message = dict(message, ref=client.next_ref())
    await client.send(message)
    return await client.wait_for(
        lambda m: m["type"] in ASK_REPLIES and m.get("ref") == message["ref"], REPLY_TIMEOUT, f"the reply to {message}"
    )


async def refused(client: dc.Client, message: dict, code: str, reason: Optional[str]) -> dict:
    answer = await send(client, message)
    assert answer["type"] == "error" and answer["code"] == code, f"{message} → {answer!r}"
    assert answer.get("reason") == reason, f"{message} → {answer!r}"
    return answer


def latest(client: dc.Client, type_: str) -> Optional[dict]:
    return next((m for m in reversed(client.received) if m["type"] == type_), None)


async def wait_view(client: dc.Client, type_: str, condition, what: str) -> dict:
    """Until the latest ``type_`` (questions / question_board) satisfies ``condition``."""

    def ok() -> bool:
        view = latest(client, type_)
        return view is not None and bool(condition(view))

    if not ok():
        await client.wait_for(lambda m: m["type"] == type_ and ok(), PUSH_TIMEOUT, what)
    return latest(client, type_)


def ids(view: dict) -> list[int]:
    return [q["id"] for q in view["questions"]]


@async_test
async def test_questions_flow_between_viewers_and_the_host_and_survive_a_restart(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "qa"))
    boss = await host(server)
    alice, bob, carol = dc.viewer(server), dc.viewer(server), dc.viewer(server)
    alice, bob, carol = await alice, await bob, await carol
    assert alice.welcome["questions"] == {"answering": None, "questions": [], "open": 0, "asked": 0}, alice.welcome

    first = await send(alice, {"type": "ask", "text": "  有夫妻房吗？  ", "jobId": JOB_FULL})
    assert first["type"] == "asked" and first["questionId"] == 1, first
    second = await send(bob, {"type": "ask", "text": "包吃住吗"})
    third = await send(carol, {"type": "ask", "text": "广告：加微信"})
    assert (second["questionId"], third["questionId"]) == (2, 3)
    assert (await send(bob, {"type": "upvote", "questionId": 1}))["type"] == "ok"
    assert (await send(bob, {"type": "upvote", "questionId": 1}))["type"] == "ok", "voting again is ok"
    assert (await send(carol, {"type": "upvote", "questionId": 1}))["type"] == "ok"

    # Everyone sees the ranking (votes first), identities never.
    view = await wait_view(carol, "questions", lambda v: ids(v) == [1, 3, 2] and v["questions"][0]["votes"] == 2, "ranked questions")
    assert view["questions"][0]["text"] == "有夫妻房吗？" and view["questions"][0]["jobId"] == JOB_FULL, view
    assert "viewerId" not in str(view) and alice.welcome["viewerId"] not in str(view), view

    # The host hides the abusive one (it vanishes for viewers), answers the first, then marks it.
    await command(boss, {"type": "question_hide", "questionId": 3})
    await command(boss, {"type": "question_answering", "questionId": 1})
    view = await wait_view(bob, "questions", lambda v: (v["answering"] or {}).get("id") == 1 and 3 not in ids(v), "answering 1, 3 hidden")
    assert view["answering"]["text"] == "有夫妻房吗？", view
    board = await wait_view(boss, "question_board", lambda v: any(q["id"] == 3 and q["hidden"] for q in v["questions"]), "the board")
    assert board["asked"] == 3 and board["open"] == 2, board
    await command(boss, {"type": "question_answered", "questionId": 1})
    await wait_view(alice, "questions", lambda v: v["answering"] is None and v["questions"][-1]["id"] == 1 and v["questions"][-1]["answered"], "1 answered")

    # Refusals: each with a code and a reason, and nothing changes.
    await refused(alice, {"type": "ask", "text": "再问一个"}, "rate_limited", "ask_rate")
    await refused(bob, {"type": "ask", "text": "   "}, "bad_request", "bad_text")
    await refused(bob, {"type": "ask", "text": "长" * 121}, "bad_request", "bad_text")
    await refused(bob, {"type": "ask", "text": "这个岗位呢", "jobId": "no-such-job"}, "not_found", "unknown_job")
    await refused(bob, {"type": "upvote", "questionId": 3}, "not_found", "unknown_question")
    await refused(bob, {"type": "question_hide", "questionId": 2}, "forbidden", None)
    await refused(boss, {"type": "question_hide", "questionId": 3}, "conflict", "already_hidden")
    await refused(boss, {"type": "question_answering", "questionId": 1}, "conflict", "already_answered")
    await refused(boss, {"type": "question_answered", "questionId": 99}, "not_found", "unknown_question")

    # A restart brings back exactly what was answered ok.
    await in_thread(server.restart)
    late = await dc.viewer(server)
    restored = late.welcome["questions"]
    assert ids(restored) == [2, 1] and restored["answering"] is None, restored
    assert restored["questions"][1]["votes"] == 2 and restored["questions"][1]["answered"] is True, restored
    boss = await host(server)
    board = await wait_view(boss, "question_board", lambda v: len(v["questions"]) == 3, "the board after a restart")
    assert [q["id"] for q in board["questions"] if q["hidden"]] == [3], board
    # The board keeps working after the restart: ids continue, votes add up.
    assert (await send(late, {"type": "upvote", "questionId": 2}))["type"] == "ok"
    assert (await send(late, {"type": "ask", "text": "有班车吗"}))["questionId"] == 4
    view = await wait_view(late, "questions", lambda v: ids(v) == [2, 4, 1], "the new vote and question")
    assert [q["votes"] for q in view["questions"]] == [1, 0, 2], view


@async_test
async def test_a_withdrawn_application_leaves_the_line_and_hr_no_longer_sees_who(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "wd"))
    boss = await host(server)
    keep = await new_applicant(server, name="李四", job=JOB_FULL)
    gone = await new_applicant(server, name="王小二", job=JOB_FULL)
    await join_in_order([keep, gone])

    hr_page = await dc.connect(server.ws_url)
    await hr_page.hello("hr", session="s1", token=HR_HX)
    await refused(keep.client, {"type": "withdraw_application", "leadId": gone.lead_id}, "not_found", "unknown_application")
    assert (await send(gone.client, {"type": "withdraw_application", "leadId": gone.lead_id}))["type"] == "ok"
    # An open HR page is told at once, with the lead as it is now: no contact data.
    told = await hr_page.wait_for(lambda m: m.get("type") == "lead_withdrawn", what="lead_withdrawn to HR")
    assert told["lead"]["id"] == gone.lead_id and told["lead"]["status"] == "withdrawn", told
    assert not {"name", "phone", "phoneMasked", "hometown", "note"} & told["lead"].keys(), told
    await ended(gone, "withdrawn")
    await notice(boss, gone, "withdrawn")
    await wait_queue(boss, [(keep.ticket, "waiting")])
    assert (await send(gone.client, {"type": "withdraw_application", "leadId": gone.lead_id}))["type"] == "ok", "again: ok"

    def check_hr() -> None:
        detail = lead_detail(server, HR_HX, gone.lead_id)
        assert detail["status"] == "withdrawn" and isinstance(detail["withdrawnAt"], int), detail
        for field in ("name", "phone", "phoneMasked", "hometown", "note"):
            assert field not in detail, detail
        listed = {lead["id"]: lead for lead in list_leads(server, HR_HX)}
        assert "phone" not in listed[gone.lead_id] and listed[keep.lead_id]["phone"] == keep.phone, listed
        assert [lead["id"] for lead in list_leads(server, HR_HX, status="withdrawn")] == [gone.lead_id]
        csv = api(server, "GET", "/api/leads.csv", token=HR_HX)
        assert csv.status == 200
        text = csv.body.decode("utf-8-sig")
        assert gone.phone not in text and "王小二" not in text and keep.phone in text, text
        row = next(line for line in text.splitlines() if line.startswith(gone.lead_id))
        assert ",withdrawn," in row, row
        refusal = api(server, "POST", f"/api/leads/{gone.lead_id}/followups", token=HR_HX, body={"status": "withdrawn"})
        assert refusal.status == 400, refusal

    await in_thread(check_hr)
    await in_thread(server.restart)
    await in_thread(check_hr)
    boss = await host(server)
    await wait_queue(boss, [(keep.ticket, "waiting")])


@async_test
async def test_a_call_nobody_answers_is_a_line_no_show_and_the_viewer_is_told_the_window(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "ns", call_timeout=2))
    boss = await host(server)
    person = await new_applicant(server, name="赵六", job=JOB_MID)
    await joined(person, position=1)
    await command(boss, {"type": "queue_call", "ticket": person.ticket})
    call = await called(person)
    assert call["windowSeconds"] == 2, call
    end = await ended(person, "no_show")
    assert end["windowSeconds"] == 2, end
    detail = await in_thread(lead_detail, server, HR_SD, person.lead_id)
    assert detail["status"] == "line_no_show", detail
    assert [f["status"] for f in detail["followups"]] == ["line_no_show"], detail

    # The host sets the session's window; it is durable.
    await command(boss, {"type": "set_call_window", "seconds": 90})
    await wait_state(boss, lambda: (latest(boss, "queue") or {}).get("callWindowSeconds") == 90, "the window in the host's view")
    await refused(boss, {"type": "set_call_window", "seconds": 5}, "bad_request", None)
    await in_thread(server.restart)
    boss = await host(server)
    await wait_state(boss, lambda: (latest(boss, "queue") or {}).get("callWindowSeconds") == 90, "the window after a restart")


@async_test
async def test_hosts_see_per_job_counts(lead_server, tmp_path):
    server = lead_server(queue_config(tmp_path / "jc"))
    boss = await host(server)
    one = await new_applicant(server, name="甲", job=JOB_FULL)
    two = await new_applicant(server, name="乙", job=JOB_FULL)
    await joined(one, position=1)
    assert (await send(two.client, {"type": "ask", "text": "几点上班", "jobId": JOB_FULL}))["type"] == "asked"
    assert (await send(two.client, {"type": "withdraw_application", "leadId": two.lead_id}))["type"] == "ok"

    def counts() -> dict[str, Any]:
        message = latest(boss, "job_counts")
        return {c["jobId"]: c for c in message["jobs"]} if message else {}

    await boss.wait_for(lambda m: m["type"] == "job_counts" and counts().get(JOB_FULL, {}).get("questions") == 1
                        and counts()[JOB_FULL]["applied"] == 1, PUSH_TIMEOUT, "job counts")
    assert counts()[JOB_FULL] == {"jobId": JOB_FULL, "applied": 1, "inLine": 1, "questions": 1}, counts()


@async_test
async def test_a_snapshot_keeps_questions_and_holds_no_contact_data_of_a_withdrawn_lead(lead_server, tmp_path):
    config = queue_config(tmp_path / "snap")
    config["store"] = {"compactAfterBytes": 4096}
    server = lead_server(config)
    boss = await host(server)
    gone = await new_applicant(server, name="钱小七", job=JOB_FULL)
    assert (await send(gone.client, {"type": "ask", "text": "宿舍几人间"}))["type"] == "asked"
    await command(boss, {"type": "question_answering", "questionId": 1})
    assert (await send(gone.client, {"type": "withdraw_application", "leadId": gone.lead_id}))["type"] == "ok"
    # More applications until the journal passes 4 KiB and is compacted into a snapshot.
    for index in range(40):
        await new_applicant(server, name=f"填充{index}", job=JOB_MID)
        if snapshots(server.data_dir):
            break
    await dc.wait_until(lambda: snapshots(server.data_dir), 20, "a snapshot")
    text = snapshots(server.data_dir)[-1].read_text(encoding="utf-8")
    assert gone.phone not in text and "钱小七" not in text, "a withdrawn applicant's contact data is not in the snapshot"
    assert "宿舍几人间" in text

    await in_thread(server.restart)
    late = await dc.viewer(server)
    board = late.welcome["questions"]
    assert board["answering"]["id"] == 1 and ids(board) == [1], board
    detail = await in_thread(lead_detail, server, HR_HX, gone.lead_id)
    assert detail["status"] == "withdrawn" and "phone" not in detail, detail
