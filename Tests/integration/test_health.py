"""Health, readiness and version (issue 14): ``/healthz`` says the process answers; ``/readyz``
says whether it should get traffic (503 with a reason while the store refuses writes, e.g. a
full disk, and 200 again once it takes them); ``/version`` and ``daigang --version`` name the
git commit the binary was built from (PROTOCOL.md: Health, readiness and version)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, async_test, in_thread
from leads_support import LeadServer, apply, applied, cli, fresh_phone, high_limits_config
from repo_paths import REPO_ROOT


def get_json(server, path: str) -> tuple[int, dict]:
    resp = dc.http_get(server, path)
    assert resp.content_type.startswith("application/json"), f"{path}: {resp.content_type}"
    return resp.status, json.loads(resp.body)


def wait_for(condition, timeout: float = 30, what: str = "condition"):
    """Polls ``condition()`` until it returns something truthy (no timed assertion: a generous bound)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_readyz_is_200_for_a_server_that_takes_writes(daigang):
    assert get_json(daigang, "/readyz") == (200, {"ready": True})
    assert get_json(daigang, "/healthz")[0] == 200


def built_commit() -> str:
    """The commit of the checkout the binary was built from (the tests run against this checkout's build)."""
    try:
        result = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("git is not installed: cannot tell which commit this checkout is")
    if result.returncode != 0:
        pytest.skip(f"not a git checkout ({result.stderr.strip()}): the binary says `unknown`")
    return result.stdout.strip()


def test_version_names_the_git_commit_it_was_built_from(daigang):
    status, body = get_json(daigang, "/version")
    assert status == 200
    assert set(body) == {"version", "commit"}, body
    assert body["version"] == "0.1.0"
    assert body["commit"] == built_commit(), "rebuild (`swift build`) after committing: the binary embeds HEAD at build time"


def test_version_flag_prints_what_the_server_answers(daigang):
    result = cli("--version")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == get_json(daigang, "/version")[1]
    assert printed["commit"] == built_commit()


# --- Readiness on a full disk ------------------------------------------------------------------


def mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill up (needs root and CAP_SYS_ADMIN): {result.stderr.strip()}")


def fill(directory: Path) -> Path:
    """Writes a file until the file system is full (ENOSPC); returns it."""
    filler = directory / "filler"
    chunk = b"\0" * 65536
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError:
            pass
        try:
            while True:
                out.write(b"\0" * 512)
        except OSError:
            pass
    return filler


@async_test(timeout=90)
async def test_readyz_is_503_while_the_disk_is_full_and_200_once_space_is_freed(request, start_daigang, tmp_path):
    workdir = tmp_path / "full-disk"
    workdir.mkdir()
    data = workdir / "data"  # LeadServer's data directory, on a small tmpfs of its own
    mount_tmpfs(data, "2m")
    server = None
    try:
        server = LeadServer(high_limits_config(tmp_path / "cfg"), workdir, None, request.node._daigang_servers).start()
        assert (await in_thread(get_json, server, "/readyz"))[0] == 200
        viewer = await dc.viewer(server)
        first = await applied(viewer, job=JOB_FULL, phone=fresh_phone())
        # The hub journals the viewer figures at its next tick (docs/REPORTS.md "Viewers"): let that
        # small write land first, so that only this test's applies write while the disk is full.
        await dc.wait_until(lambda: any(b'"event":"audience"' in p.read_bytes() for p in data.glob("journal-*.log")),
                            10, "the viewer figures journaled")
        filler = await in_thread(fill, data)

        # Appends that still fit in the journal's last allocated page may succeed: apply until refused.
        refused = None
        for _ in range(200):
            answer = await apply(viewer, job=JOB_FULL, phone=fresh_phone())
            if answer["type"] == "error":
                refused = answer
                break
        assert refused is not None and refused["code"] == "unavailable", refused
        status, body = await in_thread(get_json, server, "/readyz")
        assert status == 503, body
        assert body["ready"] is False and "No space left on device" in body["reason"], body
        assert str(data) not in body["reason"], "the reason names no paths"
        assert (await in_thread(get_json, server, "/healthz"))[0] == 200, "the process is alive all along"
        # Still refusing while nothing changes (the store's recovery probe fails too).
        await in_thread(time.sleep, 2.5)
        assert (await in_thread(get_json, server, "/readyz"))[0] == 503

        # Space comes back: the store notices by itself (its probe), without any apply.
        filler.unlink()
        await in_thread(wait_for, lambda: get_json(server, "/readyz")[0] == 200, 30, "/readyz 200 after freeing space")
        assert (await in_thread(get_json, server, "/readyz"))[1] == {"ready": True}
        again = await applied(viewer, job=JOB_FULL, phone=fresh_phone())
        assert again["leadId"] != first["leadId"]
        await viewer.close()
        assert await in_thread(server.stop) == 0
    finally:
        if server is not None and server.handle is not None and server.proc.poll() is None:
            server.stop()
        subprocess.run(["umount", "-l", str(data)], capture_output=True)
