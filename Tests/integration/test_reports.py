"""The shortage board and the campaign report (PROTOCOL.md "# Reports", docs/REPORTS.md):
figures from a generated season checked against an independent computation, the colours,
the "<5" rule, and who may read them."""

from __future__ import annotations

import json

import pytest

from daigang_client import HOST_TOKEN
from leads_support import api, lead_server  # noqa: F401 - lead_server is a fixture
from season import EMPLOYERS, SESSIONS, TOKENS, expected_figures, play_season, season_config, season_jobs

SEED = 13


@pytest.fixture
def season(lead_server, tmp_path):  # noqa: F811
    jobs = season_jobs(SEED)
    server = lead_server(season_config(tmp_path / "cfg", jobs, thresholds={"redBelowPercent": 25, "greenFromPercent": 60}))
    played = play_season(server, jobs, leads_per_session=24, seed=SEED)
    return server, played


def get_json(server, path: str, token: str | None = HOST_TOKEN) -> dict:
    resp = api(server, "GET", path, token=token)
    assert resp.status == 200, (path, resp.status, resp.text())
    return json.loads(resp.body)


def test_report_figures_match_an_independent_count(season):
    server, played = season
    expected = expected_figures(played, red_below=25, green_from=60)
    report = get_json(server, "/api/report")
    # Viewers are counted from connections, not leads (test_audience.py); the campaign's peak is the highest session's, unique their sum.
    viewers = {key: report["headline"].pop(key) for key in ("peakViewers", "uniqueViewers")}
    assert viewers == {"peakViewers": max(s["peakViewers"] for s in report["sessions"]),
                       "uniqueViewers": sum(s["uniqueViewers"] for s in report["sessions"])}
    assert report["headline"] == expected["headline"]
    tally = report["campaign"]["tally"]
    for key, value in expected["funnel"].items():
        assert tally[key] == value, key
    by_id = {row["id"]: row for row in report["employers"]}
    assert set(by_id) == {e["id"] for e in EMPLOYERS}
    for employer, row in expected["employers"].items():
        got = by_id[employer]
        assert got["tally"]["openings"] == row["openings"], employer
        assert got["tally"]["filled"] == row["filled"], employer
        assert got["tally"]["inProgress"] == row["inProgress"], employer
        assert got["tally"]["applications"] == row["applications"], employer
        assert got.get("colour") == row["colour"], employer
    assert report["thresholds"] == {"redBelowPercent": 25, "greenFromPercent": 60}
    # The board: same figures, red first, and no hometowns at all.
    board = get_json(server, "/api/board")
    assert "origins" not in board and "sessionOrigins" not in board
    urgency = {"red": 0, "yellow": 1, "green": 2, None: 3}
    order = [urgency[row.get("colour")] for row in board["employers"]]
    assert order == sorted(order)
    # Industries roll employers up; the employer without one is "未填".
    industries = {row["name"]: row["tally"]["openings"] for row in board["industries"]}
    assert industries["制造业"] == expected["employers"]["emp-a"]["openings"] + expected["employers"]["emp-c"]["openings"]
    assert industries["未填"] == expected["employers"]["emp-d"]["openings"]


def test_origins_hide_cells_under_five(season):
    server, played = season
    counts = expected_figures(played)["origins"]
    origins = get_json(server, "/api/report")["origins"]
    shown = {cell["place"]: cell for cell in origins["cells"]}
    assert set(shown) == set(counts)
    for place, n in counts.items():
        if n < 5:
            assert shown[place]["shown"] == "<5" and "count" not in shown[place], place
        elif "count" in shown[place]:
            assert shown[place]["count"] == n
    hidden = [p for p, cell in shown.items() if "count" not in cell]
    if hidden:
        # The hidden cells are never one alone, and together they are 5 or more (or not shown).
        assert len(hidden) >= 2 or origins.get("other") is None
        assert origins.get("other") is None or origins["other"] >= 5
    text = json.dumps(origins, ensure_ascii=False)
    for _, _, _, phone, _, _ in played.leads:
        assert phone not in text


ORGANIZER = "organizer-reports-bootstrap-0123456789abcdef"


def test_who_may_read_the_figures(lead_server, tmp_path):  # noqa: F811
    config = season_config(tmp_path / "cfg", season_jobs(SEED))
    config["organizerToken"] = ORGANIZER
    server = lead_server(config)
    first, other = SESSIONS[0], SESSIONS[1]

    def account(body: dict) -> dict:
        resp = api(server, "POST", "/api/admin/accounts", token=ORGANIZER, body=body)
        assert resp.status == 201, resp.text()
        return resp.json()

    organizer = account({"name": "局里老张", "role": "organizer"})["token"]
    host_first = account({"name": "一场主播", "role": "host", "sessions": [first]})["token"]
    hr = account({"name": "HR 小李", "role": "hr", "employerId": "emp-a"})["token"]
    revoked = account({"name": "离职", "role": "organizer"})
    assert api(server, "DELETE", f"/api/admin/accounts/{revoked['account']['id']}", token=ORGANIZER).status == 200
    paths = ["/api/report", "/api/board", f"/api/board?session={first}", f"/api/board?session={other}"]
    expected = {
        None: (401, 401, 401, 401),
        "not-the-host-token-00": (401, 401, 401, 401),
        ORGANIZER: (200, 200, 200, 200),
        organizer: (200, 200, 200, 200),
        HOST_TOKEN: (200, 200, 200, 200),  # the bootstrap host runs every session
        host_first: (403, 403, 200, 403),
        TOKENS["emp-a"]: (403, 403, 403, 403),  # bootstrap HR
        hr: (403, 403, 403, 403),
        revoked["token"]: (401, 401, 401, 401),
    }
    for token, statuses in expected.items():
        got = tuple(api(server, "GET", path, token=token).status for path in paths)
        assert got == statuses, (token and token[:12], got)
    scoped = get_json(server, f"/api/board?session={first}", token=host_first)
    assert [row["id"] for row in scoped["sessions"]] == [first], "a host given one session sees that session only"
    assert all(point["session"] == first for employer in scoped["employers"] for point in employer["trend"])
    assert scoped["headline"]["fairs"] == 1
    assert api(server, "GET", "/api/board?session=no-such-fair", token=ORGANIZER).status == 404
    assert api(server, "POST", "/api/report", token=HOST_TOKEN, body={}).status == 405
    resp = api(server, "GET", "/api/report", token=HOST_TOKEN)
    assert resp.headers.get("cache-control") == "no-store"


def test_figures_survive_a_restart(season):
    server, _ = season
    before = get_json(server, "/api/report")
    server.restart()
    assert get_json(server, "/api/report") == before
