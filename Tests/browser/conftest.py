"""Fixtures for the Daigang browser tests (real headless Chromium against the real server).

``server``   a running ``daigang serve`` with the demo config on a free port and a fresh data
             dir; always stopped afterwards (SIGTERM, then SIGKILL), also when the test fails.
``browser``  ``browser(width, height, mobile=False, allow_console=())`` opens a Chromium; every
             browser a test opened is closed afterwards, and its console must hold no SEVERE
             entry (``allow_console`` lists texts of entries the test expects, e.g. the failed
             WebSocket attempts while the server is down).
The run ends with the line "N passed, N failed" (a test with an error counts as failed).
"""

from __future__ import annotations

import pytest

import daigang_browser as db


@pytest.fixture
def server(request, tmp_path):
    handle = db.DaigangServer(tmp_path / "server")
    request.node._daigang_server = handle
    handle.start(port=0)
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def browser(request):
    opened: list[tuple] = []

    def open_browser(width: int = 1280, height: int = 900, *, mobile: bool = False, allow_console=()):
        driver = db.make_driver(width, height, mobile=mobile)
        opened.append((driver, tuple(allow_console)))
        return driver

    yield open_browser

    problems = []
    for driver, allow in opened:
        try:
            severe = db.severe_entries(driver.get_log("browser"), allow)
            if severe:
                problems.append(f"{driver.current_url}: " + "; ".join(entry["message"] for entry in severe))
        except Exception as error:  # a crashed browser: report it, still close the others
            problems.append(f"cannot read the console: {error}")
        finally:
            try:
                driver.quit()
            except Exception:
                pass
    if problems:
        pytest.fail("SEVERE entries in the browser console:\n" + "\n".join(problems), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the server's output to the report of a failed test."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "_daigang_server", None)
    if report.failed and server is not None:
        report.sections.append(("daigang stdout", "\n".join(server.stdout_lines[-30:])))
        report.sections.append(("daigang stderr (tail)", server.stderr_tail()))


def pytest_unconfigure(config):
    """The closing line, after pytest's own summary: "N passed, N failed"."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    stats = reporter.stats
    # A test that passed but whose teardown failed (e.g. console errors) counts once, as failed.
    failed = {report.nodeid for key in ("failed", "error") for report in stats.get(key, [])}
    passed = {report.nodeid for report in stats.get("passed", [])} - failed
    reporter.write_line(f"{len(passed)} passed, {len(failed)} failed")
