"""Peak concurrent and unique viewers per session (docs/REPORTS.md "Viewers", PROTOCOL.md
"# Reports"): counted as viewers are welcomed, journaled now and then (never once per join),
and the same after a clean restart."""

from __future__ import annotations

import asyncio
import json

import daigang_client as dc
from daigang_client import HOST_TOKEN, SESSION_ID
from leads_support import api, journals, lead_server  # noqa: F401 - lead_server is a fixture


def session_figures(server) -> tuple[int, int, dict]:
    resp = api(server, "GET", "/api/report", token=HOST_TOKEN)
    assert resp.status == 200, resp.text()
    report = json.loads(resp.body)
    row = next(r for r in report["sessions"] if r["id"] == SESSION_ID)
    return row["peakViewers"], row["uniqueViewers"], report


def online(server) -> int:
    return dc.snapshot_http(server)["counters"]["online"]


def audience_records(server) -> int:
    return sum(path.read_bytes().count(b'"event":"audience"') for path in journals(server.data_dir))


def test_peak_and_unique_viewers_through_leaving_rejoining_and_a_restart(lead_server):  # noqa: F811
    server = lead_server()

    async def first_run() -> None:
        viewers = [await dc.viewer(server) for _ in range(6)]
        host = await dc.host(server)  # hosts are not the audience
        try:
            await dc.wait_until(lambda: online(server) == 6, 10, "six viewers online")
            # Two leave; once the server has seen them go, they come back with their resume tokens
            # (the same viewer ids: not new viewers), and one new viewer joins.
            tokens = [v.welcome["resume"] for v in viewers[:2]]
            for v in viewers[:2]:
                await v.close()
            await dc.wait_until(lambda: online(server) == 4, 10, "two viewers gone")
            for token in tokens:
                client = await dc.connect(server.ws_url)
                await client.hello("viewer", resume=token)
                assert client.welcome["resumed"] is True
                viewers.append(client)
            viewers.append(await dc.viewer(server))
            await dc.wait_until(lambda: online(server) == 7, 10, "seven viewers online")
        finally:
            for v in viewers:
                await v.abort()
            await host.abort()

    asyncio.run(asyncio.wait_for(first_run(), 60))
    peak, unique, report = session_figures(server)
    assert (peak, unique) == (7, 7), "6 at once, 2 left and came back as themselves, 1 new: 7 at once, 7 people"
    assert report["headline"]["peakViewers"] == 7 and report["headline"]["uniqueViewers"] == 7

    server.restart()
    assert session_figures(server)[:2] == (7, 7), "a clean stop journals the figures"
    assert 1 <= audience_records(server) < 9, "a record now and then, not one per join"

    async def second_run() -> None:
        client = await dc.viewer(server)
        try:
            await dc.wait_until(lambda: session_figures(server)[1] == 8, 10, "the new viewer counted")
        finally:
            await client.abort()

    asyncio.run(asyncio.wait_for(second_run(), 30))
    assert session_figures(server)[:2] == (7, 8), "the peak stays; unique continues from the stored count"


def test_figures_are_not_split_by_employer_or_job(lead_server):  # noqa: F811
    server = lead_server()
    _, _, report = session_figures(server)
    for row in report["employers"] + report["industries"] + report["districts"]:
        assert "peakViewers" not in row and "uniqueViewers" not in row
