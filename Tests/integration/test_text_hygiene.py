"""Text hygiene over real sockets (PROTOCOL.md "Text rules"): lengths in Unicode scalars, no
control or invisible formatting characters, and CSV cells neutralised by their first scalar."""

from __future__ import annotations

import csv
import io
import unicodedata

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MIN, async_test, in_thread
from leads_support import (
    HR_HX,
    api,
    apply,
    applied,
    apply_message,
    applications_now,
    error_code,
    lead_count,
    lead_detail,
    list_leads,
    post_followup,
)

FORMULA_STARTS = "=+-@＝＋－＠"


def parse_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def csv_rows_by_id(server) -> dict[str, list[str]]:
    resp = api(server, "GET", "/api/leads.csv", token=HR_HX)
    assert resp.status == 200, f"{resp.status} {resp.body[:300]!r}"
    return {row[0]: row for row in parse_csv(resp.body)[1:]}


def reads_as_formula(cell: str) -> bool:
    """Whether a spreadsheet could take the cell for a formula: after leading white space and
    invisible characters comes = + - @ (or a full-width form), or a tab/CR/LF starts it."""
    for ch in cell:
        if ch in "\t\r\n" or ch in FORMULA_STARTS:
            return True
        if not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")):
            return False
    return False


async def refused_apply(client: dc.Client, field: str, **fields) -> str:
    """Apply with ``fields``; the refusal must be bad_request naming ``field``. Returns the message."""
    answer = await apply(client, apply_message(JOB_FULL, **fields))
    assert answer["type"] == "error" and answer["code"] == "bad_request", answer
    assert f"'{field}'" in answer["message"], answer
    return answer["message"]


@async_test
async def test_a_one_character_name_with_ten_thousand_combining_marks_is_refused(daigang):
    viewer = await dc.viewer(daigang)
    name = "张" + "\u0301" * 10_000
    message = await refused_apply(viewer, "name", name=name)
    assert "at most 40 characters" in message, message
    assert await in_thread(lead_count, daigang) == 0, "no lead was created"
    fresh = await dc.viewer(daigang)
    assert applications_now(fresh) == 0, fresh.welcome


@async_test
async def test_hidden_characters_in_a_name_are_refused_and_create_no_lead(daigang):
    viewer = await dc.viewer(daigang)
    for hidden, code_point in (("\u0000", "U+0000"), ("\u202e", "U+202E"), ("\u200b", "U+200B"), ("\ufeff", "U+FEFF")):
        message = await refused_apply(viewer, "name", name=f"张{hidden}三")
        assert "control or invisible formatting characters" in message and code_point in message, message
    message = await refused_apply(viewer, "hometown", hometown="河南\u2066周口")
    assert "U+2066" in message, message
    assert await in_thread(lead_count, daigang) == 0, "no lead was created"
    # The same person with a clean name gets through: the refusals recorded nothing.
    answer = await applied(viewer, apply_message(JOB_FULL, name="张三"))
    assert answer["duplicate"] is False


@async_test
async def test_formula_notes_are_neutralised_in_the_csv_by_their_first_scalar(daigang):
    viewer = await dc.viewer(daigang)
    joined = await applied(viewer, apply_message(JOB_FULL, name="张三", note="=\u200dcmd|' /C calc'!A0"))
    spaced = await applied(viewer, apply_message(JOB_FULL, name=" =1+1", hometown="＝SUM(1)", note="\u200d@SUM(A1)"))
    plain = await applied(viewer, apply_message(JOB_MIN, name="李四", note="第一行\r\n第二行"))
    # The JSON API keeps what was entered (trimmed), ZWJ and line break included.
    assert (await in_thread(lead_detail, daigang, HR_HX, joined["leadId"]))["note"] == "=\u200dcmd|' /C calc'!A0"
    assert (await in_thread(lead_detail, daigang, HR_HX, spaced["leadId"]))["name"] == "=1+1"

    rows = await in_thread(csv_rows_by_id, daigang)
    assert "'=\u200dcmd|' /C calc'!A0" in rows[joined["leadId"]], rows[joined["leadId"]]
    assert "'=1+1" in rows[spaced["leadId"]], rows[spaced["leadId"]]
    assert not any("SUM(1)" in cell for cell in rows[spaced["leadId"]])  # hometown: aggregates only, its column empty
    assert "'\u200d@SUM(A1)" in rows[spaced["leadId"]], rows[spaced["leadId"]]
    assert "第一行\r\n第二行" in rows[plain["leadId"]], "a CR LF note stays inside one quoted cell"
    assert all(len(row) == len(rows[joined["leadId"]]) for row in rows.values())
    for row in rows.values():
        for cell in row:
            assert not reads_as_formula(cell), f"unescaped formula cell {cell!r} in {row!r}"


@async_test
async def test_a_follow_up_note_with_a_bidi_override_or_nul_is_refused(daigang):
    viewer = await dc.viewer(daigang)
    lead_id = (await applied(viewer, apply_message(JOB_FULL)))["leadId"]
    for note in ("已联系\u202e", "已联系\u0000"):
        resp = await in_thread(post_followup, daigang, HR_HX, lead_id, {"status": "contacted", "note": note})
        assert resp.status == 400 and error_code(resp) == "bad_request", (resp.status, resp.body[:300])
        assert "'note'" in resp.json()["message"], resp.json()
    detail = await in_thread(lead_detail, daigang, HR_HX, lead_id)
    assert detail["status"] == "new" and detail["followups"] == [], detail
    resp = await in_thread(post_followup, daigang, HR_HX, lead_id, {"status": "contacted", "note": "已联系\n明天面试"})
    assert resp.status == 201, (resp.status, resp.body[:300])
    assert [lead["id"] for lead in await in_thread(list_leads, daigang, HR_HX)] == [lead_id]


@async_test
async def test_an_announcement_with_a_bidi_override_is_refused(daigang):
    host = await dc.host(daigang)
    reply = await host.request({"type": "announce", "text": "今晚八点\u202e开播"})
    assert reply["type"] == "error" and reply["code"] == "bad_request" and "'text'" in reply["message"], reply
    await host.command({"type": "announce", "text": "今晚八点\n准时开播"})
    fresh = await dc.viewer(daigang)
    assert [a["text"] for a in fresh.welcome["snapshot"]["announcements"]] == ["今晚八点\n准时开播"]
