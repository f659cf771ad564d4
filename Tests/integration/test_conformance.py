"""Issue 9, protocol conformance: what RFC 6455 and HTTP/1.1 say a server does with malformed or
unusual input, over raw sockets (no client library to smooth it over)."""

from __future__ import annotations

import struct

import daigang_client as dc
import raw_clients as rc


def quick_config(tmp_path):
    config = dc.make_config(tmp_path)
    config["server"].update({"closeTimeoutSeconds": 2, "helloTimeoutSeconds": 5})
    return config


def test_a_close_frame_with_a_one_byte_payload_is_a_protocol_error(start_daigang, tmp_path):
    """Autobahn 7.3.2: the close is not echoed; the server closes with 1002."""
    server = start_daigang(quick_config(tmp_path))
    peer = rc.RawPeer(server.port)
    peer.send(rc.frame(rc.OP_CLOSE, b"\x03"))
    assert peer.close_code() == 1002
    peer.wait_eof(timeout=4)
    peer.close()


def test_a_close_frame_with_an_invalid_code_is_a_protocol_error(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    peer = rc.RawPeer(server.port)
    peer.send(rc.frame(rc.OP_CLOSE, struct.pack("!H", 1005)))
    assert peer.close_code() == 1002
    peer.close()


def test_a_valid_close_is_echoed_and_the_tcp_connection_closed(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    peer = rc.RawPeer(server.port)
    peer.send(rc.frame(rc.OP_CLOSE, struct.pack("!H", 1000) + "再见".encode()))
    assert peer.close_code() == 1000
    peer.wait_eof(timeout=4)
    peer.close()


def test_reserved_bits_close_1002_and_then_the_tcp_connection(start_daigang, tmp_path):
    """Autobahn 3.1: after the 1002 close and the client's close reply, the server closes TCP."""
    server = start_daigang(quick_config(tmp_path))
    peer = rc.RawPeer(server.port)
    peer.send(rc.frame(rc.OP_TEXT, b"{}", rsv=1))
    assert peer.close_code() == 1002
    peer.send(rc.frame(rc.OP_CLOSE, struct.pack("!H", 1002)))
    peer.wait_eof(timeout=4)
    peer.close()


def test_oversize_message_in_one_byte_fragments_closes_1009(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    peer = rc.RawPeer(server.port)
    first = rc.frame(rc.OP_TEXT, b"x", fin=False)
    rest = rc.frame(rc.OP_CONT, b"x", fin=False)
    data = first + rest * (dc.MAX_FRAME + 10)
    peer.sock.settimeout(10)
    try:
        peer.send(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert peer.close_code(timeout=10) == 1009
    peer.close()


def test_a_refused_upgrade_gets_403(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    peer = rc.RawPeer(server.port, upgrade=False)
    assert peer.upgrade(origin="https://evil.example") == 403
    peer.close()
    peer = rc.RawPeer(server.port, upgrade=False)
    assert peer.upgrade(path="/elsewhere") == 404
    peer.close()


def test_h2c_upgrade_is_not_accepted(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    status, head, _ = rc.raw_http(
        server.port,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
    )
    assert status != 101 and status >= 400, head


def test_head_works_where_get_does(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    for path in (b"/healthz", b"/api/sessions/s1", b"/?session=s1"):
        get_status, get_head, get_body = rc.raw_http(server.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        head_status, head_head, head_body = rc.raw_http(server.port, b"HEAD " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert head_status == get_status == 200, (path, head_head)
        assert head_body == b"", (path, head_body[:100])
        assert f"content-length: {len(get_body)}".encode() in head_head.lower(), (path, head_head)


def test_transfer_encoding_with_content_length_is_400(start_daigang, tmp_path):
    server = start_daigang(quick_config(tmp_path))
    status, head, body = rc.raw_http(
        server.port,
        b"POST /api/leads/L000001/followups HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    )
    assert status == 400, head
