"""HR across sessions: one employer's leads from every session, the `session` filter, search by
name or phone digits (`q=`), the sessions with leads (PROTOCOL.md "HR across sessions")."""

from __future__ import annotations

import csv
import io

import pytest

from daigang_client import JOB_FULL, JOB_MID, SESSION_ID
from leads_support import (  # noqa: F401 - lead_server is a fixture
    EMP_HX,
    HR_HX,
    HR_SD,
    JOB_S2,
    SESSION_2,
    api,
    apply_all,
    apply_message,
    error_code,
    lead_server,
    leads_config,
    list_leads,
    query,
)


@pytest.fixture
def two_sessions(lead_server, tmp_path):
    """hx: 张三 in s1, 李雷 in s2; sd: 王五 in s1 (its phone shares digits with 张三's)."""
    server = lead_server(leads_config(tmp_path / "cfg", second_session=True))
    (zhang,) = apply_all(server, [apply_message(JOB_FULL, "13812345678", name="张三")])
    (wang,) = apply_all(server, [apply_message(JOB_MID, "15012345679", name="王五")])
    (li,) = apply_all(server, [apply_message(JOB_S2, "13698765432", name="Li Lei")], session=SESSION_2)
    server.ids = {"zhang": zhang["leadId"], "wang": wang["leadId"], "li": li["leadId"]}
    return server


def ids(leads) -> set:
    return {lead["id"] for lead in leads}


def test_without_session_the_employer_sees_every_session(two_sessions):
    s = two_sessions
    leads = list_leads(s, HR_HX)
    assert ids(leads) == {s.ids["zhang"], s.ids["li"]}
    assert {lead["session"] for lead in leads} == {SESSION_ID, SESSION_2}
    assert all(lead["employerId"] == EMP_HX for lead in leads)
    assert ids(list_leads(s, HR_SD)) == {s.ids["wang"]}


@pytest.mark.parametrize("session, who", [(SESSION_ID, "zhang"), (SESSION_2, "li")])
def test_the_session_filter(two_sessions, session, who):
    assert ids(list_leads(two_sessions, HR_HX, session=session)) == {two_sessions.ids[who]}


@pytest.mark.parametrize(
    "q, who",
    [
        ("张", {"zhang"}),
        ("li lei", {"li"}),  # names match case-insensitively
        ("LEI", {"li"}),
        ("5678", {"zhang"}),  # digits anywhere in the phone
        ("138-1234", {"zhang"}),  # written as phones are
        ("1", {"zhang", "li"}),
        ("王五", set()),  # another employer's lead is never found
        ("1501234", set()),  # not by its phone either
        ("赵", set()),
    ],
)
def test_search_by_name_or_phone_digits(two_sessions, q, who):
    s = two_sessions
    assert ids(list_leads(s, HR_HX, q=q)) == {s.ids[name] for name in who}


def test_search_combines_with_the_session_filter(two_sessions):
    s = two_sessions
    assert ids(list_leads(s, HR_HX, q="1", session=SESSION_2)) == {s.ids["li"]}
    assert list_leads(s, HR_HX, q="张三", session=SESSION_2) == []


def test_results_keep_their_masking(two_sessions):
    (lead,) = list_leads(two_sessions, HR_HX, q="张三")
    assert lead["phone"] == "13812345678" and lead["phoneMasked"] == "138****5678"


def test_csv_export_takes_the_same_filters(two_sessions):
    resp = api(two_sessions, "GET", query("/api/leads.csv", q="Li", session=SESSION_2), token=HR_HX)
    assert resp.status == 200, resp.body[:200]
    rows = list(csv.reader(io.StringIO(resp.body.decode("utf-8-sig"))))
    assert len(rows) == 2 and two_sessions.ids["li"] in rows[1], rows
    everything = api(two_sessions, "GET", "/api/leads.csv", token=HR_HX)
    assert len(list(csv.reader(io.StringIO(everything.body.decode("utf-8-sig"))))) == 3


@pytest.mark.parametrize(
    "params, named",
    [
        ({"q": "张" * 41}, "q"),
        ({"q": "张\x01三"}, "q"),
        ({"status": "lost"}, "status"),
        ({"since": "yesterday"}, "since"),
        ({"limit": "0"}, "limit"),
        ({"cursor": "nope"}, "cursor"),
    ],
)
def test_bad_parameters_are_refused_naming_them(two_sessions, params, named):
    resp = api(two_sessions, "GET", query("/api/leads", **params), token=HR_HX)
    assert resp.status == 400 and error_code(resp) == "bad_request", resp.body[:200]
    assert resp.json()["message"].startswith(named), resp.json()
    if named in ("q", "status", "since"):
        csv_resp = api(two_sessions, "GET", query("/api/leads.csv", **params), token=HR_HX)
        assert csv_resp.status == 400 and csv_resp.json()["message"].startswith(named)


def test_the_sessions_with_the_employers_leads(two_sessions):
    resp = api(two_sessions, "GET", "/api/leads/sessions", token=HR_HX)
    assert resp.status == 200, resp.body[:200]
    assert resp.json() == {"sessions": [
        {"id": SESSION_ID, "title": "春风行动 直播带岗（测试）", "status": "live", "leads": 1},
        {"id": SESSION_2, "title": "第二场（测试）", "status": "live", "leads": 1},
    ]}
    sd = api(two_sessions, "GET", "/api/leads/sessions", token=HR_SD).json()
    assert [s["id"] for s in sd["sessions"]] == [SESSION_ID]
    assert api(two_sessions, "GET", "/api/leads/sessions").status == 401
    assert api(two_sessions, "POST", "/api/leads/sessions", token=HR_HX).status == 405
