"""A viewer that cannot keep up is closed with a reason; memory stays bounded; the others keep up.

DESIGN.md, "Fan-out": each connection has a bounded outbound queue; a viewer that stops reading
is disconnected with a close reason rather than growing server memory without bound.
"""

import asyncio
import json
import time

import daigang_client as dc
from daigang_client import RawWebSocket, async_test

UPDATES = 400


def big_job(index: int) -> dict:
    # ~20 KB per job_updated broadcast, so a few hundred overflow any socket buffers quickly.
    job = dc.new_job("job-flood")
    job["title"] = f"电焊工 {index}"
    job["requirements"] = ["要求" * 66 for _ in range(20)]
    job["benefits"] = ["福利" * 66 for _ in range(20)]
    return job


def vm_rss_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_viewer_that_stops_reading_is_closed_and_the_others_keep_up(start_daigang, config_factory):
    config = config_factory()
    config["limits"] = {"messagesPerSecond": 1000, "outboundQueueFrames": 16}
    server = start_daigang(config)

    slow = RawWebSocket(server.port)
    slow.send_text(json.dumps({"type": "hello", "session": dc.SESSION_ID, "role": "viewer", "ref": 1}))
    opcode, payload = slow.read_frame(timeout=5)
    assert opcode == RawWebSocket.OP_TEXT and json.loads(payload)["type"] == "welcome"
    # From here on the slow viewer reads nothing: its socket buffers fill, then the server's queue.

    delivered = []

    @async_test(timeout=60)
    async def flood():
        host = await dc.host(server)
        fast = await dc.viewer(server)
        seen = 0

        async def keep_reading():
            nonlocal seen
            while seen < UPDATES:
                message = await fast.recv(timeout=20)
                if message["type"] == "job_updated":
                    seen += 1

        reader = asyncio.create_task(keep_reading())
        for index in range(UPDATES):
            await host.command({"type": "upsert_job", "job": big_job(index)})
        await asyncio.wait_for(reader, 30)
        delivered.append(seen)

    flood()
    assert delivered == [UPDATES], "a viewer that keeps up gets every update"
    rss_after_flood = vm_rss_kib(server.proc.pid)

    # The slow viewer finds, after what fitted in the buffers, a close frame saying why.
    close = None
    deadline = time.monotonic() + 20
    frames = 0
    while close is None and time.monotonic() < deadline:
        try:
            opcode, payload = slow.read_frame(timeout=max(0.1, deadline - time.monotonic()))
        except EOFError:
            break
        frames += 1
        if opcode == RawWebSocket.OP_CLOSE:
            close = payload
    assert close is not None, f"no close frame after {frames} frames"
    code = int.from_bytes(close[:2], "big")
    assert code == 1008, f"close code {code}"
    assert b"too slow" in close[2:], close
    assert frames < UPDATES, "the slow viewer did not get everything: it was cut off, not buffered"
    # ~8 MB was broadcast; a server that buffered it for the slow viewer would show it here.
    assert rss_after_flood < 200 * 1024, f"server RSS {rss_after_flood} KiB"
