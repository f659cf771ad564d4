"""Behind nginx (deploy/nginx.conf, docs/DEPLOY.md): TLS ends at nginx, Daigang sees plain HTTP
from 127.0.0.1, a trusted proxy. wss through nginx reaches a welcome; per-address limits count
the phone's own address (X-Forwarded-For); the Origin check accepts the public https origin
(X-Forwarded-Proto) and still refuses foreign ones."""

from __future__ import annotations

import shutil

import pytest

import daigang_client as dc
from async_viewers import open_viewer
from daigang_client import async_test
from nginx_proxy import nginx_binary, start_nginx

pytestmark = [
    pytest.mark.skipif(nginx_binary() is None, reason="needs Debian's nginx (scripts/ensure-deps.sh --test installs it)"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI"),
]


@pytest.fixture
def proxied(start_daigang, config_factory, tmp_path):
    """(daigang, nginx, client TLS context): two unwelcomed WebSockets per client address at most."""
    config = config_factory()
    config["server"].update({"trustedProxies": ["127.0.0.1"], "unwelcomedPerAddress": 2, "helloTimeoutSeconds": 300})
    server = start_daigang(config)
    (tmp_path / "tls").mkdir()
    cert, key = dc.make_self_signed_cert(tmp_path / "tls")
    nginx = start_nginx(tmp_path / "nginx", server.port, cert, key)
    try:
        yield server, nginx, dc.client_ssl_context(cert)
    finally:
        nginx.stop()


def through(nginx, trust, **kwargs):
    return open_viewer(nginx.port, ssl_context=trust, server_hostname="127.0.0.1", host_header=f"127.0.0.1:{nginx.port}", **kwargs)


@async_test(timeout=60)
async def test_wss_through_nginx_is_welcomed_and_receives_broadcasts(proxied):
    server, nginx, trust = proxied
    url = f"wss://127.0.0.1:{nginx.port}/ws"
    host = await dc.connect(url, ssl_context=trust, origin=nginx.origin)
    await host.hello("host", token=dc.HOST_TOKEN)
    viewer = await dc.connect(url, ssl_context=trust, origin=nginx.origin)
    welcome = await viewer.hello("viewer")
    assert welcome["snapshot"]["id"] == "s1"
    await host.command({"type": "pin_job", "jobId": dc.JOB_FULL})
    assert (await viewer.expect("job_pinned"))["job"]["id"] == dc.JOB_FULL


@async_test(timeout=60)
async def test_per_address_limits_count_the_client_behind_nginx(proxied):
    _, nginx, trust = proxied
    viewers = [await through(nginx, trust, source="127.0.0.2", origin=nginx.origin) for _ in range(2)]
    assert [v.status for v in viewers] == [101, 101]
    refused = await through(nginx, trust, source="127.0.0.2", origin=nginx.origin)
    assert refused.status == 429, "the third unwelcomed socket from 127.0.0.2 should be refused"
    other = await through(nginx, trust, source="127.0.0.3", origin=nginx.origin)
    assert other.status == 101, "127.0.0.3 has its own budget, although nginx connects from 127.0.0.1 for both"
    assert (await other.hello())["snapshot"]["id"] == "s1"
    for v in (*viewers, refused, other):
        v.close()


@async_test(timeout=60)
@pytest.mark.parametrize("origin, status", [
    ("https://127.0.0.1:{port}", 101),  # the public origin: https, although Daigang itself is http
    ("http://127.0.0.1:{port}", 403),   # same host, but not the scheme the client used
    ("https://evil.example", 403),
    (None, 101),                        # not a browser
])
async def test_the_origin_check_judges_the_public_origin(proxied, origin, status):
    _, nginx, trust = proxied
    viewer = await through(nginx, trust, source="127.0.0.4", origin=origin and origin.format(port=nginx.port))
    assert viewer.status == status
    viewer.close()


@async_test(timeout=60)
async def test_a_client_cannot_name_its_own_forwarded_host(proxied):
    """nginx overwrites X-Forwarded-Host: a client claiming a foreign host is judged by the real one."""
    _, nginx, trust = proxied
    forged = await through(nginx, trust, source="127.0.0.5", origin="https://evil.example",
                           extra_headers=("X-Forwarded-Host: evil.example",))
    assert forged.status == 403
    forged.close()

