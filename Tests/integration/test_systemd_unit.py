"""deploy/daigang.service (docs/DEPLOY.md): systemd accepts it as written, and it says what the
deployment relies on: its own user, a high open-file limit, restart on failure, reload by SIGHUP,
a read-only system with the data directory writable. `systemd-analyze verify` and
`systemd-analyze security --offline` work without systemd running as PID 1."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from repo_paths import REPO_ROOT, daigang_bin

UNIT = REPO_ROOT / "deploy/daigang.service"
INSTALLED_BINARY = "/usr/local/bin/daigang"

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="needs systemd-analyze (Debian's systemd package; scripts/ensure-deps.sh --test installs it)",
)


def directives() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.fixture
def unit_here(tmp_path):
    """The unit with ExecStart pointing at the binary under test (verify checks that it exists)."""
    binary = daigang_bin()
    if not binary.is_file():
        pytest.fail(f"daigang binary not found at {binary}: run `swift build` or set DAIGANG_BIN")
    text = UNIT.read_text()
    assert INSTALLED_BINARY in text
    path = tmp_path / "daigang.service"
    path.write_text(text.replace(INSTALLED_BINARY, str(binary)))
    return path


def test_systemd_analyze_verify_accepts_the_unit_without_a_word(unit_here):
    result = subprocess.run(["systemd-analyze", "verify", str(unit_here)], capture_output=True, text=True, timeout=60)
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "daigang.service" in line]
    # Unknown or misspelt keys are only warnings (exit 0): any line about the unit fails the test.
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr


def test_the_sandbox_is_rated_ok_by_systemd(unit_here):
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(unit_here)],
        capture_output=True, text=True, timeout=60,
    )
    match = re.search(r"Overall exposure level for daigang\.service: ([0-9.]+)", result.stdout + result.stderr)
    if match is None:
        pytest.skip(f"this systemd-analyze cannot rate a unit offline: {result.stderr.strip()[:200]}")
    assert float(match.group(1)) <= 2.0, result.stdout[-3000:]


def test_the_unit_says_what_the_deployment_relies_on():
    found = directives()
    assert found["User"] == ["daigang"] and found["Group"] == ["daigang"]
    assert int(found["LimitNOFILE"][0]) >= 20_000, "15,000 viewers need ~16,000 descriptors"
    assert found["Restart"] == ["on-failure"]
    assert found["ExecReload"] == ["/bin/kill -HUP $MAINPID"]
    assert found["KillSignal"] == ["SIGTERM"]
    for key in ("NoNewPrivileges", "PrivateTmp", "ProtectHome", "PrivateDevices"):
        assert found[key] == ["yes"], key
    assert found["ProtectSystem"] == ["strict"]
    data_dir = re.search(r"--data-dir (\S+)", found["ExecStart"][0]).group(1)
    assert found["ReadWritePaths"] == [data_dir], "the data directory must be writable under ProtectSystem=strict"
    assert found["StateDirectory"] == [data_dir.removeprefix("/var/lib/")]
