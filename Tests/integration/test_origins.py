"""Where applicants come from (issue 13; docs/REPORTS.md, docs/PRIVACY.md): the division list as a
static file, the picker's `hometownCode` counted by province and prefecture in /api/report with
the "<5" rule, old free-text hometowns still counted, and no hometown per person for HR or hosts."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import daigang_client as dc
from daigang_client import HOST_TOKEN, JOB_FULL, JOB_MIN, async_test, in_thread
from leads_support import (  # noqa: F401 - lead_server is a fixture
    HR_HX,
    api,
    apply_all,
    apply_message,
    high_limits_config,
    hr,
    lead_server,
    list_leads,
    reply,
)
from queue_support import request
from repo_paths import WEB_ROOT

ZHOUKOU, NANCHONG, BIJIE, HENAN, BEIJING = "411600", "511300", "520500", "410000", "110000"


def messages() -> list[dict]:
    """6 from 周口 by code and 2 by old text, 5 from 南充, 2 from 毕节, 1 河南 only, 1 北京,
    3 unrecognised texts, 2 unstated: 22 applications with 22 phones."""
    places = [{"hometownCode": ZHOUKOU}] * 6 + [{"hometown": "河南周口"}, {"hometown": "河南省周口市"}]
    places += [{"hometownCode": NANCHONG}] * 5 + [{"hometownCode": BIJIE}] * 2
    places += [{"hometownCode": HENAN}, {"hometownCode": BEIJING}]
    places += [{"hometown": "老家"}, {"hometown": "山里"}, {"hometown": "山里"}, {}, {}]
    return [apply_message(JOB_FULL if n % 2 else JOB_MIN, f"138{n:08d}", **place) for n, place in enumerate(places)]


def report(server) -> dict:
    resp = api(server, "GET", "/api/report", token=HOST_TOKEN)
    assert resp.status == 200, (resp.status, resp.text())
    return json.loads(resp.body)


def by_place(table: dict) -> dict:
    return {(cell.get("province"), cell["place"]): cell for cell in table["cells"]}


def test_the_division_list_is_served_gzipped_with_an_etag(lead_server):
    server = lead_server()
    plain = dc.http_get(server, "/data/divisions.json")
    assert plain.status == 200 and plain.headers["Content-Type"].startswith("application/json")
    assert plain.body == (WEB_ROOT / "data" / "divisions.json").read_bytes()
    packed = dc.http_get(server, "/data/divisions.json", headers={"Accept-Encoding": "gzip"})
    assert packed.headers.get("Content-Encoding") == "gzip" and gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < 8_000, len(packed.body)  # what a weak phone downloads once
    etag = plain.headers["ETag"]
    again = dc.http_get(server, "/data/divisions.json", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    provinces = json.loads(plain.body)["provinces"]
    assert len(provinces) == 34
    # The viewer's page does not carry the list: it is fetched when the apply form opens.
    page = dc.http_get(server, "/index.html").body.decode()
    assert "divisions.json" not in page and "周口" not in page


def test_codes_and_old_texts_count_by_province_and_prefecture_with_the_small_cell_rule(lead_server, tmp_path):
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    apply_all(server, messages())
    figures = report(server)

    provinces = by_place(figures["originProvinces"])
    assert provinces[(None, "河南省")]["count"] == 9 and provinces[(None, "河南省")]["code"] == HENAN
    assert provinces[(None, "四川省")]["count"] == 5
    for small in ["贵州省", "北京市", "未能识别"]:
        cell = provinces[(None, small)]
        assert cell["shown"] == "<5" and "count" not in cell, cell
    assert figures["originProvinces"]["total"] == 20 and figures["originProvinces"]["unstated"] == 2

    prefectures = by_place(figures["originPrefectures"])
    # 周口 is 8 (6 by code + 2 old texts matched), but 河南 9 − 周口 8 would name the one 未选地市: "*".
    zhoukou = prefectures[("河南省", "周口市")]
    assert zhoukou["shown"] == "*" and "count" not in zhoukou and zhoukou["code"] == ZHOUKOU
    assert prefectures[("四川省", "南充市")]["count"] == 5
    for key in [("贵州省", "毕节市"), ("河南省", "未选地市"), ("北京市", "北京市"), (None, "未能识别")]:
        cell = prefectures[key]
        assert cell["shown"] == "<5" and "count" not in cell, key
    assert figures["originPrefectures"]["other"] == 15  # 8 + 2 + 1 + 1 + 3: no one hidden cell can be backed out
    assert figures["originPrefectures"]["total"] == 20

    # The same per session (all applications were in s1); `origins` names divisions only, in full.
    s1 = next(s for s in figures["sessionOrigins"] if s["session"] == "s1")
    assert s1["prefectures"] == figures["originPrefectures"] and s1["provinces"] == figures["originProvinces"]
    written = by_place(figures["origins"])
    assert set(written) == {(None, p) for p in ["河南省周口市", "四川省南充市", "贵州省毕节市", "河南省", "北京市", "未能识别"]}
    assert written[(None, "河南省周口市")]["shown"] == "*"
    # The board shows none of it.
    board = json.loads(api(server, "GET", "/api/board", token=HOST_TOKEN).body)
    assert not {"origins", "sessionOrigins", "originProvinces", "originPrefectures"} & set(board)


def test_a_free_text_never_goes_out_and_an_applicant_counts_once(lead_server, tmp_path):
    """The hostile review's case: one person wrote a name and number as hometown and applied five
    times (a new identity each time, so five leads); 5 others from 南充 make the total shown."""
    server = lead_server(high_limits_config(tmp_path / "cfg"))
    secret = "王庄村张三 13833334444"
    apply_all(server, [apply_message(JOB_FULL, "13833334444", hometown=secret)] * 5, per_connection=1)
    apply_all(server, [apply_message(JOB_MIN, f"1390000000{n}", hometownCode=NANCHONG) for n in range(5)])
    figures = report(server)
    text = json.dumps(figures, ensure_ascii=False)
    assert "王庄村" not in text and "13833334444" not in text
    for table in [figures["origins"], figures["originPrefectures"], figures["sessionOrigins"][0]["origins"]]:
        cells = by_place(table)
        unrecognised = next(cell for key, cell in cells.items() if key[1] == "未能识别")
        assert unrecognised["shown"] == "<5" and "count" not in unrecognised, "five applications of one person are one applicant"
        assert table["total"] == 6, table
    book = zipfile.ZipFile(io.BytesIO(api(server, "GET", "/api/report.xlsx", token=HOST_TOKEN).body))
    for name in book.namelist():
        assert "王庄村" not in book.read(name).decode("utf-8", "replace"), name


@async_test
async def test_hr_and_the_host_never_see_a_hometown(lead_server):
    server = lead_server()
    host = await dc.host(server)
    hr_live = await hr(server)
    viewer = await dc.viewer(server)
    await viewer.send(apply_message(JOB_FULL, "13812345678", hometownCode=ZHOUKOU, hometown="河南周口", ref="a"))
    answer = await reply(viewer, "a")
    assert answer["type"] == "applied", answer
    # In the interview line the host sees the applicant's name and masked number, no hometown.
    ticket = await request(viewer, {"type": "queue_join", "leadId": answer["leadId"]})
    assert ticket["type"] == "queue_ticket", ticket
    await host.wait_for(lambda m: "138****5678" in json.dumps(m), 10, "the host's line with the applicant")
    # A barrier: once both have this announcement they have everything sent to them before.
    await host.command({"type": "announce", "text": "barrier"})
    for client in (host, hr_live):
        await client.wait_for(lambda m: m["type"] == "announcement" and m.get("text") == "barrier", 10, "the barrier")

    def shows_hometown(text: str) -> bool:
        return any(word in text for word in ("河南", "周口", ZHOUKOU, "hometown"))

    for who, client in (("host", host), ("hr live", hr_live)):
        seen = json.dumps(client.received, ensure_ascii=False)
        assert not shows_hometown(seen), f"{who} saw a hometown: {seen[:400]}"
    leads = await in_thread(list_leads, server, HR_HX)
    assert len(leads) == 1 and "hometown" not in leads[0] and "hometownCode" not in leads[0]
    for path in (f"/api/leads/{leads[0]['id']}", "/api/leads", "/api/leads.csv", "/api/leads.xlsx"):
        resp = await in_thread(api, server, "GET", path, token=HR_HX)
        assert resp.status == 200, (path, resp.status)
        body = gzip.decompress(resp.body) if resp.body[:2] == b"\x1f\x8b" else resp.body
        text = body.decode("utf-8-sig", "replace")
        # The CSV keeps its 家乡 Hometown column for tools, always empty.
        assert not shows_hometown(text.replace("家乡 Hometown", "")), (path, text[:400])
    # The .xlsx is a zip: look inside its sheets too.
    xlsx = await in_thread(api, server, "GET", "/api/leads.xlsx", token=HR_HX)
    with zipfile.ZipFile(io.BytesIO(xlsx.body)) as book:
        for name in book.namelist():
            assert not shows_hometown(book.read(name).decode("utf-8", "replace")), name
