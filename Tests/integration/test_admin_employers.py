"""The employer directory over the admin API (PROTOCOL.md "Employers (added with issue 11)"):
organizer-only sign-in, creating and changing employers (field errors), verification by the
account, suspension hiding an employer's jobs from viewers and refusing applications (and
resuming), the config's employers and their HR tokens, and a restart (SIGTERM, kill -9) keeping it."""

from __future__ import annotations

import asyncio

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, SESSION_ID
from leads_support import apply, applied, apply_message, lead_server  # noqa: F401 - lead_server is a fixture
from test_admin_jobs import ORGANIZER, call, catalog_viewer, jobs_of

CODE = "91330100716105852F"
NEW = {"id": "ql-foods", "name": "齐鲁食品", "creditCode": CODE, "contact": {"name": "李经理", "phone": "13912345678"},
       "address": "澄州市工业园 8 号", "district": "澄州高新区", "industry": "食品加工"}
HX = "hx-electronics"  # the config employer of JOB_FULL


@pytest.fixture
def server(start_daigang, tmp_path):
    return start_daigang(dc.make_config(tmp_path, organizerToken=ORGANIZER))


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/admin/employers", None),
    ("POST", "/api/admin/employers", NEW),
    ("PATCH", f"/api/admin/employers/{HX}", {"verified": True}),
])
@pytest.mark.parametrize(("token", "expected"), [(ORGANIZER, "ok"), (HOST_TOKEN, 403), (None, 401), ("wrong-token-xyz", 401)])
def test_only_organizers_use_the_directory(server, method, path, body, token, expected):
    resp = call(server, method, path, body, token=token)
    if expected == "ok":
        assert resp.status in (200, 201), resp.body
    else:
        assert resp.status == expected, resp.body
        assert call(server, "GET", "/api/admin/employers").json()["employers"][-1]["id"] != "ql-foods"


def test_a_created_employer_is_listed_and_can_be_given_jobs(server):
    resp = call(server, "POST", "/api/admin/employers", NEW)
    assert resp.status == 201, resp.body
    made = resp.json()["employer"]
    assert made["creditCode"] == CODE and made["suspended"] is False and "verified" not in made
    listed = call(server, "GET", "/api/admin/employers").json()["employers"]
    assert [e["id"] for e in listed][:2] == [HX, "sd-logistics"] and listed[-1] == made
    job = {"id": "job-ql-1", "title": "包装工", "employerId": "ql-foods", "pay": {"min": 5000, "max": 6000, "unit": "month"},
           "location": {"city": "澄州"}}
    created = call(server, "POST", f"/api/admin/sessions/{SESSION_ID}/jobs", job)
    assert created.status == 201 and created.json()["job"]["employerName"] == "齐鲁食品"
    assert call(server, "POST", "/api/admin/employers", NEW).status == 409


@pytest.mark.parametrize(("change", "field"), [
    ({"creditCode": "91330100716105852A"}, "creditCode"),
    ({"contact": {"name": "李", "phone": "12345"}}, "contact.phone"),
    ({"name": ""}, "name"),
    ({"id": "bad id!"}, "id"),
    ({"surprise": 1}, "surprise"),
    ({"suspended": "yes"}, "suspended"),
])
def test_a_bad_employer_names_its_field_and_changes_nothing(server, change, field):
    before = call(server, "GET", "/api/admin/employers").json()
    resp = call(server, "POST", "/api/admin/employers", {**NEW, **change})
    assert resp.status == 400 and resp.json()["field"] == field, resp.body
    if field != "id":
        patched = call(server, "PATCH", f"/api/admin/employers/{HX}", change)
        assert patched.status == 400 and patched.json()["field"] == field, patched.body
    assert call(server, "GET", "/api/admin/employers").json() == before
    assert call(server, "PATCH", "/api/admin/employers/nobody", {"verified": True}).status == 404


def test_verifying_records_the_account_and_a_rename_reaches_the_jobs(server):
    resp = call(server, "PATCH", f"/api/admin/employers/{HX}", {"verified": True, "name": "华星电子（澄州）"})
    assert resp.status == 200, resp.body
    verified = resp.json()["employer"]["verified"]
    assert verified["by"] == "bootstrap-organizer" and isinstance(verified["at"], int) and verified["at"] > 0
    assert {j["employerName"] for j in jobs_of(server) if j["employerId"] == HX} == {"华星电子（澄州）"}
    # The config employer's HR token still signs in.
    assert dc.http_get(server, "/api/leads", headers={"Authorization": "Bearer hr-token-hx-0001"}).status == 200


def test_a_suspended_employers_pinned_job_is_unpinned_for_viewers_and_comes_back(server):
    async def run():
        host = await dc.host(server)
        viewer = await catalog_viewer(server)
        try:
            await host.command({"type": "pin_job", "jobId": JOB_FULL})
            await viewer.wait_for(lambda m: m["type"] == "job_pinned" and m["job"], 30, "the pin")
            assert (await asyncio.to_thread(call, server, "PATCH", f"/api/admin/employers/{HX}", {"suspended": True})).status == 200
            gone = await viewer.wait_for(lambda m: m["type"] == "job_pinned", 30, "job_pinned null")
            assert gone["job"] is None
            assert dc.http_get(server, f"/api/sessions/{SESSION_ID}").json()["pinnedJobId"] is None
            assert (await asyncio.to_thread(call, server, "PATCH", f"/api/admin/employers/{HX}", {"suspended": False})).status == 200
            back = await viewer.wait_for(lambda m: m["type"] == "job_pinned", 30, "the pin again")
            assert back["job"]["id"] == JOB_FULL
        finally:
            await viewer.abort()
            await host.abort()

    asyncio.run(asyncio.wait_for(run(), 120))


def test_a_suspended_employers_jobs_are_hidden_and_refuse_applications_until_resumed(server):
    async def run():
        viewer = await catalog_viewer(server)
        try:
            resp = await asyncio.to_thread(call, server, "PATCH", f"/api/admin/employers/{HX}", {"suspended": True})
            assert resp.status == 200 and resp.json()["employer"]["suspended"] is True
            changed = await viewer.wait_for(lambda m: m["type"] == "catalog_changed", 30, "catalog_changed")
            catalog = dc.http_get(server, changed["catalogURL"]).json()
            assert catalog["jobs"] and all(j["employerId"] != HX for j in catalog["jobs"])
            assert changed["jobCount"] == len(catalog["jobs"])
            assert all(j["employerId"] != HX for j in jobs_of(server))
            refused = await apply(viewer, apply_message(JOB_FULL))
            assert refused["type"] == "error" and refused["reason"] == "employer_suspended", refused
            other = await dc.viewer(server)  # a full welcome hides them too
            assert all(j["employerId"] != HX for j in other.welcome["snapshot"]["jobs"])
            await other.abort()
            resp = await asyncio.to_thread(call, server, "PATCH", f"/api/admin/employers/{HX}", {"suspended": False})
            assert resp.status == 200
            await viewer.wait_for(lambda m: m["type"] == "catalog_changed", 30, "catalog_changed")
            assert any(j["id"] == JOB_FULL for j in jobs_of(server))
            await applied(viewer, apply_message(JOB_FULL))
        finally:
            await viewer.abort()

    asyncio.run(asyncio.wait_for(run(), 120))


@pytest.mark.parametrize("how", ["sigterm", "kill9"])
def test_a_restart_keeps_the_directory(lead_server, tmp_path, how):
    server = lead_server(dc.make_config(tmp_path, organizerToken=ORGANIZER))
    assert call(server, "POST", "/api/admin/employers", NEW).status == 201
    assert call(server, "PATCH", f"/api/admin/employers/{HX}", {"suspended": True, "verified": True}).status == 200
    before = call(server, "GET", "/api/admin/employers").json()
    if how == "sigterm":
        server.restart()
    else:
        server.kill9()
        server.start()
    assert call(server, "GET", "/api/admin/employers").json() == before
    assert all(j["employerId"] != HX for j in jobs_of(server))
