"""Issue 9: one hostile or broken client must never stall the service thread or hold a slot
forever. Each test is an attack or a broken phone over real sockets, then a check that the
server still serves everybody else.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

import daigang_client as dc
import raw_clients as rc

ATTACKER = "127.0.0.2"  # another client address: any 127/8 source reaches the server on 127.0.0.1


def quick_config(tmp_path, **server):
    """The test config with short deadlines, so a test waits seconds, not the defaults."""
    config = dc.make_config(tmp_path)
    config["server"].update({
        "helloTimeoutSeconds": 2,
        "requestTimeoutSeconds": 2,
        "closeTimeoutSeconds": 2,
        **server,
    })
    return config


def hello_viewer(peer: rc.RawPeer) -> dict:
    peer.send_json({"type": "hello", "session": dc.SESSION_ID, "role": "viewer"})
    while True:
        message = peer.read_json()
        if message["type"] == "welcome":
            return message


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def seconds_until_closed(port: int, chunks: list, pause: float):
    """Sends ``chunks`` from the attacker's address, one every ``pause`` s (a slow client);
    returns the seconds until the server closed the socket, or None if it never did."""
    with socket.create_connection(("127.0.0.1", port), source_address=(ATTACKER, 0), timeout=10) as sock:
        started = time.monotonic()
        for chunk in chunks:
            try:
                sock.sendall(chunk)
                sock.settimeout(pause)
                if sock.recv(4096) == b"":
                    return time.monotonic() - started
            except socket.timeout:
                continue
            except OSError:
                return time.monotonic() - started
    return None


def test_freeze_recipe_leaves_the_server_responsive(start_daigang, tmp_path):
    """The recipe that froze main: a tiny receive window, never read, thousands of messages that
    each earn an error reply, then FIN and close. /healthz must answer within 1 s afterwards,
    a new viewer must be welcomed, and SIGTERM must still end the server with 0."""
    server = start_daigang(quick_config(tmp_path))
    attacker = rc.RawPeer(server.port, source=ATTACKER, rcvbuf=4096)
    hello_viewer(attacker)
    message = rc.text_frame({"type": "nope", "ref": "x" * 190})
    attacker.sock.setblocking(False)
    sent, started, last_progress = 0, time.monotonic(), time.monotonic()
    # Until the server stops reading from us (it should, once it holds replies we do not take),
    # or 30,000 messages; bounded in time either way.
    while sent < 30_000 and time.monotonic() - started < 12 and time.monotonic() - last_progress < 1.5:
        try:
            attacker.sock.send(message)
            sent += 1
            last_progress = time.monotonic()
        except BlockingIOError:
            time.sleep(0.005)
        except OSError:
            break
    try:
        attacker.sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    time.sleep(0.3)  # let the FIN arrive before the socket goes (the recipe's order)
    attacker.close()

    answered = [rc.healthz_seconds(server.port, timeout=1.0) for _ in range(3)]
    assert all(seconds is not None for seconds in answered), f"/healthz did not answer within 1 s after {sent} messages: {answered}"
    viewer = rc.RawPeer(server.port)
    assert hello_viewer(viewer)["type"] == "welcome"
    viewer.close()
    assert server.stop(timeout=10) == 0, "SIGTERM did not end the server cleanly"


def test_a_viewer_that_stops_reading_is_gone_within_the_close_deadline_and_its_commands_are_ignored(start_daigang, tmp_path):
    """A host console that stops reading is marked too slow; its later commands change nothing,
    and its socket is closed within the close deadline of being marked (not left open forever)."""
    config = quick_config(tmp_path)
    # Room for a batch of replies and broadcasts to the driver (they arrive together once durable).
    config["limits"] = {"messagesPerSecond": 1000, "outboundQueueFrames": 100}
    server = start_daigang(config)
    stalled = rc.RawPeer(server.port, source=ATTACKER, rcvbuf=4096)
    stalled.send_json({"type": "hello", "session": dc.SESSION_ID, "role": "host", "token": dc.HOST_TOKEN})
    stalled.read_json()  # the welcome; from here on it never reads

    driver = rc.RawPeer(server.port)
    driver.send_json({"type": "hello", "session": dc.SESSION_ID, "role": "host", "token": dc.HOST_TOKEN})
    driver.read_json()
    big = dc.new_job("job-big", requirements=["要求" * 90] * 20, benefits=["福利" * 90] * 20)
    started = time.monotonic()
    while "too slow" not in server.stderr_text():
        assert time.monotonic() - started < 20, "the stalled host was never marked too slow"
        for _ in range(10):
            driver.send_json({"type": "upsert_job", "job": big})
        for _ in range(10):
            while driver.read_json(timeout=5)["type"] != "ok":
                pass
    marked_at = time.monotonic()

    before = dc.snapshot_http(server)["pinnedJobId"] if "pinnedJobId" in dc.snapshot_http(server) else None
    target = next(job["id"] for job in dc.snapshot_http(server)["jobs"] if job["id"] != before)
    stalled.sock.setblocking(False)
    try:
        stalled.sock.send(rc.text_frame({"type": "pin_job", "jobId": target}))
    except OSError:
        pass

    # Two connections before: the stalled host and the driver.
    # The close deadline is 2 s; the margin is for a slow, busy machine (the old server never closed it).
    wait_for(lambda: rc.connection_count(server.port) == 1, 2 + 6, "the stalled host to be closed")
    closed_after = time.monotonic() - marked_at
    assert closed_after <= 2 + 6, f"closed {closed_after:.1f} s after being marked"
    assert dc.snapshot_http(server).get("pinnedJobId") != target, "a command from a too-slow connection was applied"
    stalled.close()
    driver.close()


def test_a_websocket_that_never_says_hello_is_closed_even_if_it_answers_pings(start_daigang, tmp_path):
    config = quick_config(tmp_path)
    config["server"].update({"pingIntervalSeconds": 1, "idleTimeoutSeconds": 30})
    server = start_daigang(config)
    peer = rc.RawPeer(server.port, source=ATTACKER)
    assert peer.status == 101
    seconds = peer.wait_eof(timeout=2 + 6)
    assert seconds >= 1, "closed before the hello deadline"
    peer.close()


def test_a_request_body_dribbled_byte_by_byte_is_cut_off_at_the_request_deadline(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    head = (b"POST /api/leads/L000001/followups HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n")
    closed_after = seconds_until_closed(server.port, [head] + [b" "] * 24, pause=0.5)
    assert closed_after is not None, "a dribbled body kept its socket for 12 s"
    assert closed_after <= 2 + 6, "the request deadline is 2 s (the margin is for a slow machine)"


def test_unfinished_bodies_are_capped_per_address(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path, bodiesPerAddress=3, requestTimeoutSeconds=20))
    held = []
    for _ in range(3):
        sock = socket.socket()
        sock.bind((ATTACKER, 0))
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(b"POST /api/leads/L1/followups HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n{")
        held.append(sock)
    status, head, body = rc.raw_http(
        server.port, b"POST /api/leads/L1/followups HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n", source=ATTACKER
    )
    assert status == 429, head
    assert b"retry-after" in head.lower()
    # Another address is not affected.
    status, head, body = rc.raw_http(
        server.port, b"POST /api/leads/L1/followups HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
    )
    assert status == 401, head
    for sock in held:
        sock.close()


def test_no_hello_sockets_from_one_address_do_not_lock_out_others(start_daigang, tmp_path):
    """198 idle sockets from one address locked out everyone at a cap of 200; now that address
    gets its share and no more, while others connect and /healthz and / keep answering."""
    config = quick_config(tmp_path, maxConnections=200, unwelcomedPerAddress=20, helloTimeoutSeconds=30)
    server = start_daigang(config)
    viewer = rc.RawPeer(server.port)
    hello_viewer(viewer)
    attackers, refused = [], 0
    for _ in range(198):
        peer = rc.RawPeer(server.port, source=ATTACKER, upgrade=False)
        status = peer.upgrade()
        if status == 101:
            attackers.append(peer)
        else:
            assert status == 429, status
            refused += 1
            peer.close()
    assert len(attackers) == 20 and refused == 178
    assert rc.healthz_seconds(server.port) is not None
    status, _, body = rc.raw_http(server.port, b"GET /?session=s1 HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 200 and b"<html" in body.lower()
    newcomer = rc.RawPeer(server.port, source="127.0.0.3")
    assert hello_viewer(newcomer)["type"] == "welcome"
    for peer in attackers:
        peer.close()
    viewer.close()
    newcomer.close()


def test_at_the_global_cap_healthz_pages_and_welcomed_viewers_keep_working(start_daigang, tmp_path):
    config = quick_config(tmp_path, maxConnections=16)
    server = start_daigang(config)
    sources = [f"127.0.1.{i}" for i in range(1, 17)]
    viewers = []
    for source in sources:
        peer = rc.RawPeer(server.port, source=source)
        hello_viewer(peer)
        viewers.append(peer)
    extra = rc.RawPeer(server.port, source="127.0.2.1", upgrade=False)
    assert extra.upgrade() == 503
    extra.close()
    assert rc.healthz_seconds(server.port) is not None
    status, _, _ = rc.raw_http(server.port, b"GET /host HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status in (200, 302)
    host = rc.RawPeer(server.port, source="127.0.2.2", upgrade=False)
    assert host.upgrade() == 503  # the cap holds for hosts too; the viewers already in keep working:
    host.close()
    # A pin from the config's default pin path: use HTTP-free check via a viewer's next broadcast.
    for peer in viewers[:1]:
        peer.close()
    wait_for(lambda: rc.connection_count(server.port) == 15, 5, "a slot to free up")
    host = rc.RawPeer(server.port, source="127.0.2.2")
    host.send_json({"type": "hello", "session": dc.SESSION_ID, "role": "host", "token": dc.HOST_TOKEN})
    host.read_json()
    job = dc.snapshot_http(server)["jobs"][1]["id"]
    host.send_json({"type": "pin_job", "jobId": job})
    for peer in viewers[1:]:
        while True:
            message = peer.read_json()
            if message["type"] == "job_pinned":
                assert message["job"]["id"] == job
                break
    for peer in viewers[1:]:
        peer.close()
    host.close()


def test_sockets_per_address_are_capped_and_other_addresses_still_connect(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path, connectionsPerAddress=10))
    held = []
    for _ in range(10):
        held.append(socket.create_connection(("127.0.0.1", server.port), source_address=(ATTACKER, 0)))
    refused = socket.create_connection(("127.0.0.1", server.port), source_address=(ATTACKER, 0), timeout=5)
    refused.settimeout(5)
    try:
        assert refused.recv(1) == b"", "the 11th socket from one address was kept"
    except ConnectionResetError:
        pass
    refused.close()
    assert rc.healthz_seconds(server.port) is not None
    for sock in held:
        sock.close()
    # The shares come back when the sockets go.
    def admitted_again():
        try:
            status, _, _ = rc.raw_http(server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", source=ATTACKER)
        except OSError:
            return False  # not yet: the server has not seen the old sockets close
        return status == 200
    wait_for(admitted_again, 5, "the address to be admitted again")


def test_headers_sent_slowly_are_cut_off_at_the_request_deadline(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    closed_after = seconds_until_closed(server.port, [b"GET /healthz HTTP/1.1\r\n"] + [b"X-Slow: 1\r\n"] * 40, pause=0.3)
    assert closed_after is not None, "headers dribbled for 12 s kept the socket"
    assert closed_after <= 2 + 6, "the request deadline is 2 s (the margin is for a slow machine)"
