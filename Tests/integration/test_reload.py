"""SIGHUP (docs/DEPLOY.md "Certificate renewal", CONFIG.md "Reloading"): the server re-reads its TLS
certificate and key without dropping a connection, refuses a broken pair and keeps the one in use,
and re-reads the config's live keys; a key that needs a restart is named in the log."""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
from pathlib import Path

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, async_test, in_thread, wait_until
from raw_clients import RawPeer

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")


def served_certificate(port: int) -> bytes:
    """The certificate a new TLS client is shown, DER."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            return tls.getpeercert(binary_form=True)


def der(cert: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(cert.read_text())


def install(live: Path, cert: Path, key: Path) -> None:
    """Puts a pair where the server reads it, as a renewal does."""
    shutil.copyfile(cert, live / "cert.pem")
    shutil.copyfile(key, live / "key.pem")


@pytest.fixture
def pairs(tmp_path):
    """Two certificate/key pairs (both for 127.0.0.1) and the directory the server reads from."""
    made = []
    for name in ("old", "new"):
        (tmp_path / name).mkdir()
        made.append(dc.make_self_signed_cert(tmp_path / name))
    old, new = made
    live = tmp_path / "live"
    live.mkdir()
    install(live, *old)
    return old, new, live


@pytest.fixture
def tls_server(start_daigang, config_factory, pairs):
    _, _, live = pairs
    config = config_factory()
    config["server"]["tls"] = {"certificate": str(live / "cert.pem"), "privateKey": str(live / "key.pem")}
    return start_daigang(config)


def log_count(server, text: str) -> int:
    return server.stderr_text().count(text)


@needs_openssl
@async_test(timeout=90)
async def test_sighup_serves_the_new_certificate_and_open_connections_live_on(tls_server, pairs):
    old, new, live = pairs
    trust_both = dc.client_ssl_context(old[0])
    trust_both.load_verify_locations(cafile=str(new[0]))
    host = await dc.connect(tls_server.ws_url, ssl_context=trust_both)
    await host.hello("host", token=dc.HOST_TOKEN)
    viewer = await dc.connect(tls_server.ws_url, ssl_context=trust_both)
    await viewer.hello("viewer")
    assert await in_thread(served_certificate, tls_server.port) == der(old[0])

    install(live, *new)
    tls_server.proc.send_signal(signal.SIGHUP)
    await wait_until(lambda: log_count(tls_server, "TLS certificate reloaded"), 30, "the reload's log line")

    assert await in_thread(served_certificate, tls_server.port) == der(new[0])
    # A client that trusts only the new certificate gets in...
    late = await dc.connect(tls_server.ws_url, ssl_context=dc.client_ssl_context(new[0]))
    await late.hello("viewer")
    # ...and the connections opened before still work, both ways.
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    assert (await viewer.expect("job_pinned"))["job"]["id"] == JOB_FULL
    assert (await late.expect("job_pinned"))["job"]["id"] == JOB_FULL
    assert tls_server.proc.poll() is None


@needs_openssl
@async_test(timeout=120)
async def test_sighup_with_a_broken_pair_keeps_the_certificate_in_use(tls_server, pairs, tmp_path):
    old, new, live = pairs
    trust_old = dc.client_ssl_context(old[0])
    host = await dc.connect(tls_server.ws_url, ssl_context=trust_old)
    await host.hello("host", token=dc.HOST_TOKEN)
    viewer = await dc.connect(tls_server.ws_url, ssl_context=trust_old)
    await viewer.hello("viewer")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
    broken = [
        ("key of another certificate", new[0], old[1]),
        ("garbage certificate", garbage, old[1]),
        ("garbage key", old[0], garbage),
        ("missing certificate", None, old[1]),
    ]
    for attempt, (what, cert, key) in enumerate(broken, start=1):
        shutil.copyfile(key, live / "key.pem")
        if cert is None:
            (live / "cert.pem").unlink()
        else:
            shutil.copyfile(cert, live / "cert.pem")
        tls_server.proc.send_signal(signal.SIGHUP)
        await wait_until(lambda: log_count(tls_server, "TLS reload refused") >= attempt, 30, f"the refusal of a {what}")
        assert await in_thread(served_certificate, tls_server.port) == der(old[0]), what
        assert tls_server.proc.poll() is None, what
    assert log_count(tls_server, "TLS certificate reloaded") == 0
    # The connections from before are still served, and new clients still get the old certificate.
    await host.command({"type": "pin_job", "jobId": JOB_FULL})
    assert (await viewer.expect("job_pinned"))["job"]["id"] == JOB_FULL
    late = await dc.connect(tls_server.ws_url, ssl_context=trust_old)
    await late.hello("viewer")


@async_test(timeout=60)
async def test_sighup_without_tls_rereads_the_live_keys_and_names_the_rest(start_daigang, config_factory):
    config = config_factory()
    # Sockets that never say hello must outlive a slow machine's test.
    config["server"]["helloTimeoutSeconds"] = 300
    server = start_daigang(config)
    first = RawPeer(server.port, source="127.0.0.7")
    assert first.status == 101
    second = RawPeer(server.port, source="127.0.0.7")
    assert second.status == 101

    config["server"]["unwelcomedPerAddress"] = 2
    config["queue"] = {"maxLength": 50}
    dc.write_config(config, server.config_path)
    server.proc.send_signal(signal.SIGHUP)
    await wait_until(lambda: log_count(server, "config reloaded"), 30, "the config reload")
    log = server.stderr_text()
    assert "config.changed=server.unwelcomedPerAddress" in log
    assert "config.key=queue.maxLength" in log and "needs a restart" in log

    # Live: a third unwelcomed socket from the address is refused now; another address gets in.
    assert RawPeer(server.port, source="127.0.0.7").status == 429
    assert RawPeer(server.port, source="127.0.0.8").status == 101

    # A config that does not parse changes nothing and kills nothing.
    server.config_path.write_text("{ not json")
    server.proc.send_signal(signal.SIGHUP)
    await wait_until(lambda: log_count(server, "config reload refused"), 30, "the refused reload")
    assert "the config is not valid JSON" in server.stderr_text()
    assert RawPeer(server.port, source="127.0.0.7").status == 429
    viewer = await dc.connect(server.ws_url)
    await viewer.hello("viewer")
    assert server.proc.poll() is None
    assert server.stop() == 0


@needs_openssl
def test_a_key_of_another_certificate_is_refused_at_start_with_the_reason(config_factory, pairs, tmp_path):
    old, new, live = pairs
    shutil.copyfile(new[1], live / "key.pem")
    config = config_factory()
    config["server"]["tls"] = {"certificate": str(live / "cert.pem"), "privateKey": str(live / "key.pem")}
    with pytest.raises(dc.ServerStartError) as refused:
        dc.start_server(config, tmp_path / "server")
    assert "does not belong to the certificate" in str(refused.value)
