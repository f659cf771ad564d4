"""Fixtures for the daigang integration tests.

``start_daigang(config=None, env=None)`` starts ``daigang serve`` on 127.0.0.1:0 with a
config built by ``daigang_client.make_config`` (tweak it and pass it in) and returns a
``ServerHandle``; every server a test started is stopped afterwards (SIGTERM, then SIGKILL),
also when the test fails. ``daigang`` is a server with the default test config.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import daigang_client as dc


def pytest_addoption(parser):
    parser.addini("daigang_test_timeout", "seconds an async test body may run", default="30")
    parser.addini("daigang_startup_timeout", "seconds to wait for the 'listening' line", default="15")
    parser.addini("daigang_stop_timeout", "seconds from SIGTERM to SIGKILL", default="10")


def pytest_configure(config):
    dc.TEST_TIMEOUT = float(os.environ.get("DAIGANG_TEST_TIMEOUT", config.getini("daigang_test_timeout")))
    dc.STARTUP_TIMEOUT = float(config.getini("daigang_startup_timeout"))
    dc.STOP_TIMEOUT = float(config.getini("daigang_stop_timeout"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the server's stdout/stderr to the report of a failed test."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for i, server in enumerate(getattr(item, "_daigang_servers", [])):
            report.sections.append((f"daigang[{i}] stdout", "\n".join(server.stdout_lines[-50:])))
            report.sections.append((f"daigang[{i}] stderr (tail)", server.stderr_text()[-6000:]))


@pytest.fixture
def daigang_binary() -> Path:
    path = dc.daigang_bin()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"daigang binary not found at {path}: run `swift build` or set DAIGANG_BIN")
    return path


@pytest.fixture
def start_daigang(request, tmp_path, daigang_binary):
    servers: list[dc.ServerHandle] = []
    request.node._daigang_servers = servers

    def start(config: dict | None = None, *, env: dict | None = None, preexec_fn=None, timeout: float | None = None, args: tuple = ()) -> dc.ServerHandle:
        workdir = tmp_path / f"server{len(servers)}"
        workdir.mkdir()
        if config is None:
            config = dc.make_config(workdir)
        handle = dc.start_server(config, workdir, env=env, preexec_fn=preexec_fn, timeout=timeout, args=args)
        servers.append(handle)
        return handle

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def daigang(start_daigang) -> dc.ServerHandle:
    """A running server with the default test config (session s1, live, 3 jobs, 2 policies)."""
    return start_daigang()


@pytest.fixture
def config_factory(tmp_path):
    """Build a default test config to tweak before ``start_daigang(config)``."""

    def build(**changes):
        return dc.make_config(tmp_path / "cfg", **changes)

    return build
