"""The open-file limit (docs/DEPLOY.md, CONFIG.md `server.maxConnections`): the server raises its
soft RLIMIT_NOFILE to the hard limit at start, so a default soft limit of 1,024 does not cap it
near 1,000 viewers (it used to log `accept: errno 24` for every socket beyond), and it lowers
`maxConnections` with a warning when the limit leaves no room for it."""

from __future__ import annotations

import asyncio
import re
import resource

import daigang_client as dc
from async_viewers import open_viewer

VIEWERS = 2000


def soft_limit(soft: int, hard: int):
    """A preexec_fn giving the server these limits (what a login shell or an old unit gives it)."""
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def raise_own_limit(needed: int) -> None:
    """The test itself holds a socket per viewer too."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, needed), hard))


@dc.async_test(timeout=240)
async def test_two_thousand_viewers_are_welcomed_with_a_soft_limit_of_1024(start_daigang, config_factory):
    raise_own_limit(VIEWERS + 200)
    config = config_factory()
    config["server"].update({"connectionsPerAddress": 5000, "unwelcomedPerAddress": 5000})
    server = start_daigang(config, preexec_fn=soft_limit(1024, 20000))
    assert "files.previous=1024" in server.stderr_text() and "files.soft=20000" in server.stderr_text()

    gate = asyncio.Semaphore(100)
    viewers = []

    async def join(i: int):
        async with gate:
            viewer = await open_viewer(server.port, source=f"127.0.{1 + i // 250}.{1 + i % 250}")
            viewers.append(viewer)
            assert viewer.status == 101
            welcome = await viewer.hello()
            assert welcome["snapshot"]["id"] == "s1"

    try:
        await asyncio.gather(*(join(i) for i in range(VIEWERS)))
        assert len(viewers) == VIEWERS
        # All still open at once: a broadcast reaches every one of them.
        host = await dc.connect(server.ws_url)
        await host.hello("host", token=dc.HOST_TOKEN)
        await host.command({"type": "pin_job", "jobId": dc.JOB_MID})
        pinned = await asyncio.wait_for(asyncio.gather(*(viewer.expect("job_pinned") for viewer in viewers)), 120)
        assert all(message["job"]["id"] == dc.JOB_MID for message in pinned)
    finally:
        for viewer in viewers:
            viewer.close()
    assert "errno 24" not in server.stderr_text()


def test_a_low_hard_limit_lowers_max_connections_with_a_warning(start_daigang, config_factory):
    server = start_daigang(config_factory(), preexec_fn=soft_limit(512, 1024))
    log = server.stderr_text()
    ceiling = int(re.search(r"connections\.ceiling=(\d+)", log).group(1))
    assert 800 < ceiling < 1024 - 64
    assert "server.maxConnections is above what the open-file limit allows; lowered" in log
    assert "server.maxConnections=15000" in log
    resp = dc.http_get(server, "/healthz")
    assert resp.status == 200
