"""Frame size limit, rate limit, connection limit, pings and idle timeout
(PROTOCOL.md: Transport; CONFIG.md: limits.*, server.maxConnections, server.*Seconds)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake

import daigang_client as dc
from daigang_client import JOB_FULL, MAX_FRAME, RawWebSocket, async_test, in_thread, snapshot_http


def announce_frame(total_bytes: int, ref=1) -> str:
    """An `announce` JSON text frame of exactly `total_bytes` UTF-8 bytes (ASCII only)."""
    prefix = '{"type":"announce","ref":%s,"text":"' % json.dumps(ref)
    suffix = '"}'
    frame = prefix + "x" * (total_bytes - len(prefix) - len(suffix)) + suffix
    assert len(frame.encode()) == total_bytes
    return frame


async def send_expecting_close(client: dc.Client, message) -> int:
    try:
        await client.send(message)
    except ConnectionClosed:
        pass  # the server may close before the client has finished writing
    return await client.expect_close(timeout=5)


@async_test
async def test_frame_over_64_kib_closes_connection_with_1009(daigang):
    host = await dc.host(daigang)
    code = await send_expecting_close(host, announce_frame(70_000))
    assert code == 1009
    snapshot = await in_thread(snapshot_http, daigang)
    assert snapshot["announcements"] == []
    # The server itself is fine.
    again = await dc.host(daigang)
    await again.command({"type": "pin_job", "jobId": JOB_FULL})


@async_test
async def test_frame_one_byte_over_64_kib_closes_connection_with_1009(daigang):
    viewer = await dc.viewer(daigang)
    code = await send_expecting_close(viewer, announce_frame(MAX_FRAME + 1))
    assert code == 1009


@async_test
async def test_fragmented_message_over_64_kib_closes_connection_with_1009(daigang):
    host = await dc.host(daigang)
    frame = announce_frame(75_000)
    fragments = [frame[:25_000], frame[25_000:50_000], frame[50_000:]]  # each well under 64 KiB
    code = await send_expecting_close(host, fragments)
    assert code == 1009


@async_test
async def test_frame_of_exactly_64_kib_is_read_and_answered(daigang):
    host = await dc.host(daigang)
    await host.send(announce_frame(MAX_FRAME, ref="big"))
    reply = await host.reply_to("big")
    # Far over the 500-character limit of `text`: an error, but not a close.
    assert reply["type"] == "error" and reply["code"] in ("bad_request", "too_large"), reply
    assert host.close_code is None
    await host.command({"type": "pin_job", "jobId": JOB_FULL})


@async_test
async def test_frame_just_under_64_kib_gets_an_error_not_a_close(daigang):
    host = await dc.host(daigang)
    await host.send(announce_frame(60 * 1024, ref="under"))
    reply = await host.reply_to("under")
    assert reply["type"] == "error" and reply["code"] in ("bad_request", "too_large"), reply
    assert host.close_code is None
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    assert (await host.expect("job_pinned"))["job"]["id"] == JOB_FULL


@async_test
async def test_fragmented_message_under_64_kib_is_reassembled(daigang):
    host = await dc.host(daigang)
    text = "分片消息"
    frame = json.dumps({"type": "announce", "text": text, "ref": "frag"}, ensure_ascii=False)
    await host.send([frame[:10], frame[10:20], frame[20:]])
    reply = await host.reply_to("frag")
    assert reply["type"] == "ok", reply
    assert (await host.expect("announcement"))["text"] == text


async def burst(client: dc.Client, count: int) -> list[dict]:
    """Send `count` harmless failing commands (unknown job) at once; return one reply each."""
    for i in range(count):
        await client.send({"type": "pin_job", "jobId": "job-does-not-exist", "ref": i})
    replies = []
    while len(replies) < count:
        msg = await client.next(timeout=10)
        replies.append(msg)
    return replies


@async_test
async def test_burst_of_messages_gets_rate_limited_and_connection_stays_open(daigang):
    host = await dc.host(daigang)
    replies = await burst(host, 200)

    assert all(r["type"] == "error" for r in replies), [r for r in replies if r["type"] != "error"][:3]
    codes = [r["code"] for r in replies]
    assert set(codes) <= {"not_found", "rate_limited"}, set(codes)
    assert codes.count("rate_limited") >= 1
    assert codes.count("not_found") >= 1
    assert host.close_code is None

    # Once the bucket refills, a valid command goes through (poll, bounded).
    deadline = time.monotonic() + 5
    while True:
        reply = await host.request({"type": "pin_job", "jobId": JOB_FULL})
        if reply["type"] == "ok":
            break
        assert reply["code"] == "rate_limited", reply
        assert time.monotonic() < deadline, "still rate limited after 5 s"
        await asyncio.sleep(0.2)
    assert (await host.expect("job_pinned"))["job"]["id"] == JOB_FULL


@async_test
async def test_rate_limited_errors_echo_the_ref(daigang):
    host = await dc.host(daigang)
    replies = await burst(host, 100)
    limited = [r for r in replies if r["code"] == "rate_limited"]
    assert limited
    assert all("ref" in r for r in limited), f"rate_limited without ref: {limited[0]!r}"
    refs = [r["ref"] for r in replies]
    assert sorted(refs) == list(range(100)), "every message gets exactly one reply, with its ref"


@async_test
async def test_rate_limit_is_per_connection(daigang):
    noisy = await dc.host(daigang)
    quiet = await dc.host(daigang)
    replies = await burst(noisy, 120)
    assert any(r["code"] == "rate_limited" for r in replies)
    reply = await quiet.request({"type": "pin_job", "jobId": JOB_FULL})
    assert reply["type"] == "ok", reply


@async_test
async def test_messages_per_second_setting_sets_the_burst_size(start_daigang, config_factory):
    config = config_factory()
    config["limits"] = {"messagesPerSecond": 5}  # bursts of 10
    server = start_daigang(config)
    host = await dc.host(server)  # hello used one token
    replies = await burst(host, 30)
    accepted = sum(1 for r in replies if r["code"] == "not_found")
    limited = sum(1 for r in replies if r["code"] == "rate_limited")
    assert accepted + limited == 30
    assert 8 <= accepted <= 14, f"{accepted} accepted with a burst of 10"


@async_test
async def test_connections_beyond_max_connections_are_refused(start_daigang, config_factory):
    config = config_factory()
    config["server"]["maxConnections"] = 3
    server = start_daigang(config)
    clients = [await dc.host(server), await dc.viewer(server), await dc.viewer(server)]

    refused = False
    try:
        extra = await dc.connect(server.ws_url, open_timeout=3)
    except (InvalidHandshake, OSError, asyncio.TimeoutError):
        refused = True
    else:
        try:
            await extra.send({"type": "hello", "session": "s1", "role": "viewer", "ref": 1})
            reply = await extra.next(timeout=3)
            refused = reply["type"] != "welcome"
        except dc.Closed:
            refused = True
    assert refused, "a 4th connection was accepted with maxConnections=3"

    # Freeing a slot lets a new client in (poll, bounded).
    await clients.pop().close()
    deadline = time.monotonic() + 5
    while True:
        try:
            await dc.viewer(server)
            break
        except (InvalidHandshake, OSError, asyncio.TimeoutError, dc.Closed, AssertionError):
            assert time.monotonic() < deadline, "no slot freed after a client left"
            await asyncio.sleep(0.2)


# --- pings and idle timeout (raw socket: the websockets client always answers pings) ----


@pytest.fixture
def fast_idle_server(start_daigang, config_factory):
    config = config_factory()
    config["server"]["pingIntervalSeconds"] = 1
    config["server"]["idleTimeoutSeconds"] = 2
    return start_daigang(config)


def test_server_pings_a_silent_connection_and_then_closes_it(fast_idle_server):
    raw = RawWebSocket(fast_idle_server.port)
    try:
        start = time.monotonic()
        pinged_at = closed_at = None
        while closed_at is None:
            remaining = start + 8 - time.monotonic()
            assert remaining > 0, f"not closed 8 s after opening (pinged: {pinged_at is not None})"
            try:
                opcode, _ = raw.read_frame(timeout=remaining)
            except EOFError:
                closed_at = time.monotonic()
                break
            if opcode == RawWebSocket.OP_PING and pinged_at is None:
                pinged_at = time.monotonic()
            elif opcode == RawWebSocket.OP_CLOSE:
                closed_at = time.monotonic()
        assert pinged_at is not None, "the server never pinged the silent connection"
        assert pinged_at - start < 4
        assert 1.5 <= closed_at - start <= 8, f"closed after {closed_at - start:.2f} s (idle timeout 2 s)"
    finally:
        raw.close()


def test_connection_that_answers_pings_stays_open_past_idle_timeout(fast_idle_server):
    raw = RawWebSocket(fast_idle_server.port)
    try:
        start = time.monotonic()
        pings = 0
        while time.monotonic() < start + 4.5:  # more than twice the idle timeout
            try:
                opcode, payload = raw.read_frame(timeout=max(0.05, start + 4.5 - time.monotonic()))
            except TimeoutError:
                break
            except EOFError:
                raise AssertionError(f"closed after {time.monotonic() - start:.2f} s despite pongs")
            assert opcode != RawWebSocket.OP_CLOSE, "closed despite answering pings"
            if opcode == RawWebSocket.OP_PING:
                pings += 1
                raw.send_frame(RawWebSocket.OP_PONG, payload)
        assert pings >= 2
        raw.send_text(json.dumps({"type": "hello", "session": "s1", "role": "viewer", "ref": 1}))
        deadline = time.monotonic() + 5
        while True:
            opcode, payload = raw.read_frame(timeout=max(0.05, deadline - time.monotonic()))
            if opcode == RawWebSocket.OP_PING:
                raw.send_frame(RawWebSocket.OP_PONG, payload)
            elif opcode == RawWebSocket.OP_TEXT:
                assert json.loads(payload)["type"] == "welcome"
                break
    finally:
        raw.close()
