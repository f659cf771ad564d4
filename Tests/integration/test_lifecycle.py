"""Process lifecycle and command line: SIGTERM, `config check`, bad configs, port in use,
--version/--help, loopback-only binding, env overrides (PROTOCOL.md: Transport; CONFIG.md)."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess

import pytest

import daigang_client as dc
from daigang_client import HOST_TOKEN, async_test, in_thread, run_cli


# --- SIGTERM ----------------------------------------------------------------------------------


@async_test
async def test_sigterm_closes_every_connection_with_1001_and_exits_zero(daigang):
    viewers = [await dc.viewer(daigang), await dc.viewer(daigang)]
    host = await dc.host(daigang)

    daigang.proc.send_signal(signal.SIGTERM)
    codes = await asyncio.gather(*(c.expect_close(timeout=10) for c in viewers + [host]))
    assert codes == [1001, 1001, 1001]

    status = await in_thread(daigang.wait_exit, 10)
    assert status == 0, f"exit status {status} (None = still running 10 s after SIGTERM)"


def test_sigterm_with_no_connections_exits_zero(daigang):
    daigang.proc.send_signal(signal.SIGTERM)
    assert daigang.wait_exit(10) == 0


# --- config check -----------------------------------------------------------------------------


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_config_check_accepts_the_demo_config(daigang_binary):
    result = run_cli("config", "check", str(dc.DEMO_CONFIG))
    assert result.returncode == 0, result.stderr


def test_config_check_defaults_to_config_daigang_json(daigang_binary):
    result = run_cli("config", "check", cwd=dc.REPO_ROOT)
    assert result.returncode == 0, result.stderr


def test_config_check_accepts_the_test_config(daigang_binary, tmp_path):
    path = dc.write_config(dc.make_config(tmp_path), tmp_path / "ok.json")
    result = run_cli("config", "check", str(path))
    assert result.returncode == 0, result.stderr


def _set(path: str, value):
    """A config mutator: set (or, with `_DELETE`, remove) the key at a path like `a.b[0].c`."""

    def mutate(config):
        target = config
        parts = []
        for token in path.replace("]", "").split("."):
            name, *indexes = token.split("[")
            parts.append(name)
            parts.extend(int(i) for i in indexes)
        for key in parts[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value

    return mutate


_DELETE = object()


def _duplicate_job(config):
    jobs = config["sessions"][0]["jobs"]
    jobs.append(dict(jobs[0]))


INVALID_CONFIGS = [
    # (id, mutation, text the one-line reason must contain)
    ("unknown-top-level-key", _set("bogusKey", 1), "bogusKey"),
    ("unknown-server-key", _set("server.prot", 8080), "prot"),
    ("unknown-job-key", _set("sessions[0].jobs[0].salary", 5000), "salary"),
    ("port-wrong-type", _set("server.port", "8080"), "server.port"),
    ("port-out-of-range", _set("server.port", 70000), "server.port"),
    ("host-token-wrong-type", _set("hostToken", 12345678), "hostToken"),
    ("host-token-too-short", _set("hostToken", "short"), "hostToken"),
    ("host-token-missing", _set("hostToken", _DELETE), "hostToken"),
    ("pay-unit-week", _set("sessions[0].jobs[0].pay.unit", "week"), "sessions[0].jobs[0].pay.unit"),
    ("pay-min-over-max", _set("sessions[0].jobs[1].pay.min", 999), "sessions[0].jobs[1].pay"),
    ("status-invalid", _set("sessions[0].status", "paused"), "sessions[0].status"),
    ("idle-not-above-ping", lambda c: c["server"].update(pingIntervalSeconds=30, idleTimeoutSeconds=30),
     "idleTimeoutSeconds"),
    ("duplicate-job-id", _duplicate_job, "sessions[0].jobs"),
    ("unknown-employer", _set("sessions[0].jobs[2].employerId", "nobody"), "employerId"),
    ("employers-empty", _set("employers", []), "employers"),
    ("sessions-missing", _set("sessions", _DELETE), "sessions"),
    ("pinned-job-unknown", _set("sessions[0].pinnedJobId", "job-nope"), "pinnedJobId"),
    ("resume-grace-negative", _set("resumeGraceSeconds", -1), "resumeGraceSeconds"),
    ("messages-per-second-zero", _set("limits", {"messagesPerSecond": 0}), "messagesPerSecond"),
    ("allowed-origins-wrong-type", _set("server.allowedOrigins", "https://a.example"), "allowedOrigins"),
]


@pytest.mark.parametrize("mutate, expected", [c[1:] for c in INVALID_CONFIGS], ids=[c[0] for c in INVALID_CONFIGS])
def test_config_check_rejects_invalid_config_with_one_line_naming_the_key(daigang_binary, tmp_path, mutate, expected):
    config = dc.make_config(tmp_path)
    mutate(config)
    path = dc.write_config(config, tmp_path / "bad.json")
    result = run_cli("config", "check", str(path))
    assert result.returncode != 0, "an invalid config was accepted"
    lines = stderr_lines(result)
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert expected in lines[0], f"{lines[0]!r} should name {expected!r}"


def test_config_check_rejects_malformed_json(daigang_binary, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"server": {"port": 8080,}', encoding="utf-8")
    result = run_cli("config", "check", str(path))
    assert result.returncode != 0
    assert len(stderr_lines(result)) == 1, result.stderr


def test_config_check_on_a_missing_file_fails_naming_it(daigang_binary, tmp_path):
    result = run_cli("config", "check", str(tmp_path / "missing.json"))
    assert result.returncode != 0
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert "missing.json" in lines[0]


def test_serve_refuses_an_invalid_config_without_listening(daigang_binary, tmp_path):
    config = dc.make_config(tmp_path)
    config["sessions"][0]["jobs"][0]["pay"]["unit"] = "week"
    path = dc.write_config(config, tmp_path / "bad.json")
    result = subprocess.run(
        dc.server_command(path, tmp_path / "data"), capture_output=True, text=True, timeout=20,
        stdin=subprocess.DEVNULL, env=dc.child_env(),
    )
    assert result.returncode != 0
    assert "listening" not in result.stdout
    assert "pay.unit" in result.stderr


# --- port in use ------------------------------------------------------------------------------


def test_serve_on_a_port_in_use_fails_naming_the_port(daigang_binary, tmp_path):
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        path = dc.write_config(dc.make_config(tmp_path), tmp_path / "cfg.json")
        proc = subprocess.Popen(
            dc.server_command(path, tmp_path / "data", port=port),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=dc.child_env(),
        )
        try:
            out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("daigang kept running although its port was taken")
        assert proc.returncode != 0
        assert "listening" not in out
        assert str(port) in err + out, f"the error should mention port {port}: {err!r}"
    finally:
        blocker.close()


# --- flags ------------------------------------------------------------------------------------


def test_version_flag_prints_a_version(daigang_binary):
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert re.search(r"\d+\.\d+", result.stdout), result.stdout


def test_help_flag_exits_zero_and_mentions_serve(daigang_binary):
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert "serve" in result.stdout + result.stderr


def test_unknown_subcommand_fails(daigang_binary):
    result = run_cli("frobnicate")
    assert result.returncode != 0


# --- binding ----------------------------------------------------------------------------------


def test_listens_on_loopback_only(daigang):
    ours = dc.socket_inodes(daigang.pid)
    listening = dc.listening_sockets()
    mine = [(fam, ip, port) for fam, ip, port, inode in listening if inode in ours]
    assert mine, f"no listening socket found for pid {daigang.pid}"
    assert mine == [("ipv4", "127.0.0.1", daigang.port)], f"server listens on {mine}"
    on_port = [(fam, ip) for fam, ip, port, _ in listening if port == daigang.port]
    assert on_port == [("ipv4", "127.0.0.1")], f"port {daigang.port} is bound on {on_port}"


def test_listening_port_is_not_reachable_via_ipv6_loopback(daigang):
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        with socket.create_connection(("::1", daigang.port), timeout=2):
            pytest.fail("connected to [::1] although the server binds 127.0.0.1")
    except OSError:
        pass


# --- environment overrides --------------------------------------------------------------------


@async_test
async def test_host_token_from_environment_overrides_the_config(start_daigang):
    server = start_daigang(env={"DAIGANG_HOST_TOKEN": "env-host-token-456"})
    old = await dc.connect(server.ws_url)
    await old.send({"type": "hello", "session": "s1", "role": "host", "token": HOST_TOKEN, "ref": 1})
    reply = await old.next()
    assert reply["type"] == "error" and reply["code"] == "unauthorized", reply

    new = await dc.connect(server.ws_url)
    welcome = await new.hello("host", token="env-host-token-456")
    assert welcome["role"] == "host"

