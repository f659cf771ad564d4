"""TLS: https/wss with a self-signed certificate made at test time (CONFIG.md: server.tls)."""

from __future__ import annotations

import http.client
import shutil
import socket
import ssl

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, async_test

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return dc.make_self_signed_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_server(start_daigang, config_factory, certificate):
    cert, key = certificate
    config = config_factory()
    config["server"]["tls"] = {"certificate": str(cert), "privateKey": str(key)}
    server = start_daigang(config)
    assert server.tls
    return server


@pytest.fixture
def trust(certificate):
    return dc.client_ssl_context(certificate[0])


@async_test
async def test_wss_round_trip_hello_and_pin(tls_server, trust):
    host = await dc.connect(tls_server.ws_url, ssl_context=trust)
    await host.hello("host", token=dc.HOST_TOKEN)
    viewer = await dc.connect(tls_server.ws_url, ssl_context=trust)
    welcome = await viewer.hello("viewer")
    assert welcome["snapshot"]["id"] == "s1"

    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    msg = await viewer.expect("job_pinned")
    assert msg["job"]["id"] == JOB_FULL
    assert msg["seq"] == welcome["snapshot"]["seq"] + 1


@async_test
async def test_wss_same_origin_is_the_https_origin(tls_server, trust):
    client = await dc.connect(tls_server.ws_url, ssl_context=trust, origin=f"https://127.0.0.1:{tls_server.port}")
    await client.hello("viewer")


def test_https_healthz(tls_server, trust):
    resp = dc.http_get(tls_server, "/healthz", ssl_context=trust)
    assert resp.status == 200
    assert resp.json()["status"] == "ok"
    dc.check_security_headers(resp, "https /healthz")


def test_plain_http_is_not_served_on_the_tls_port(tls_server):
    plain = dc.ServerHandle(
        proc=tls_server.proc, port=tls_server.port, workdir=tls_server.workdir,
        config_path=tls_server.config_path, data_dir=tls_server.data_dir,
        stderr_path=tls_server.stderr_path, tls=False,
    )
    try:
        resp = dc.http_get(plain, "/healthz", timeout=3)
    except (OSError, ValueError, http.client.HTTPException):
        return  # refused / reset / not HTTP: fine
    assert resp.status != 200, "plain HTTP answered on the TLS listener"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # ssl.TLSVersion.TLSv1_1
def test_tls_1_1_is_refused(tls_server):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    except (ValueError, ssl.SSLError, AttributeError) as exc:
        pytest.skip(f"local OpenSSL cannot make a TLS 1.1 client context: {exc}")

    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as raw:
        try:
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                version = tls.version()
        except ssl.SSLError as exc:
            text = f"{exc.reason} {exc}".upper()
            if "NO_PROTOCOLS_AVAILABLE" in text or "NO PROTOCOLS AVAILABLE" in text:
                pytest.skip(f"local OpenSSL refuses to offer TLS 1.1: {exc}")
            return  # the server refused the handshake: good
        except (ConnectionError, OSError):
            return  # reset by the server: refused too
    pytest.fail(f"the server accepted a {version} handshake")


def test_tls_1_2_is_accepted(tls_server, certificate):
    ctx = dc.client_ssl_context(certificate[0])
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.version() == "TLSv1.2"
