"""Running the real daigang binary: ``start_server`` / ``ServerHandle`` for ``daigang serve``
on 127.0.0.1:0 (the port parsed from its ``listening ... port=NNNN`` stdout line), and
``run_cli`` for one-shot commands.

Every wait is bounded; the timeouts come from ``tunables``.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import tunables
from config_builder import write_config
from repo_paths import REPO_ROOT, daigang_bin


def child_env(extra: Optional[dict] = None) -> dict:
    """The environment for a daigang process: ours minus DAIGANG_* overrides, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAIGANG_")}
    env.update(extra or {})
    return env


PORT_LINE = re.compile(r"\bport=(\d+)")


@dataclass
class ServerHandle:
    proc: subprocess.Popen
    port: int
    workdir: Path
    config_path: Path
    data_dir: Path
    stderr_path: Path
    tls: bool = False
    stdout_lines: list = field(default_factory=list)

    host = "127.0.0.1"

    @property
    def http_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.host}:{self.port}/ws"

    @property
    def origin(self) -> str:
        """The origin of the pages this server serves (what a browser would send)."""
        return self.http_url

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr_text(self) -> str:
        try:
            return self.stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def wait_exit(self, timeout: float) -> Optional[int]:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout: float = None) -> Optional[int]:
        """SIGTERM, wait (bounded), then SIGKILL. Returns the exit status."""
        timeout = tunables.STOP_TIMEOUT if timeout is None else timeout
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            if self.wait_exit(timeout) is None:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc.stdout:
            try:
                self.proc.stdout.close()
            except OSError:
                pass
        return self.proc.returncode


class ServerStartError(RuntimeError):
    pass


def server_command(config_path: Path, data_dir: Path, port: int = 0, args: Sequence[str] = ()) -> list[str]:
    return [
        str(daigang_bin()),
        "serve",
        "--config",
        str(config_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        *args,
    ]


def start_server(
    config: dict,
    workdir: Path,
    *,
    env: Optional[dict] = None,
    timeout: float = None,
    preexec_fn=None,
    args: Sequence[str] = (),
) -> ServerHandle:
    """Write ``config`` into ``workdir`` and start ``daigang serve`` on 127.0.0.1:0.

    Waits (bounded) for the stdout line containing ``listening`` and ``port=N``.
    ``preexec_fn`` runs in the child before exec (e.g. ``resource.setrlimit``).
    On any failure the process is killed before raising.
    """
    timeout = tunables.STARTUP_TIMEOUT if timeout is None else timeout
    workdir.mkdir(parents=True, exist_ok=True)
    config_path = write_config(config, workdir / "daigang-test.json")
    data_dir = workdir / "data"
    data_dir.mkdir(exist_ok=True)
    stderr_path = workdir / "daigang.stderr.log"
    tls = bool(config.get("server", {}).get("tls"))

    full_env = child_env(env)
    with open(stderr_path, "wb") as stderr_file:
        proc = subprocess.Popen(
            server_command(config_path, data_dir, args=args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            cwd=str(workdir),
            env=full_env,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            preexec_fn=preexec_fn,
        )

    lines: list[str] = []
    found: "queue.Queue[Optional[int]]" = queue.Queue()

    def pump_stdout() -> None:
        reported = False
        for line in proc.stdout:  # keeps draining so the pipe never fills up
            lines.append(line.rstrip("\n"))
            if not reported and "listening" in line:
                m = PORT_LINE.search(line)
                if m:
                    found.put(int(m.group(1)))
                    reported = True
        if not reported:
            found.put(None)

    threading.Thread(target=pump_stdout, name="daigang-stdout", daemon=True).start()

    handle = ServerHandle(
        proc=proc,
        port=0,
        workdir=workdir,
        config_path=config_path,
        data_dir=data_dir,
        stderr_path=stderr_path,
        tls=tls,
        stdout_lines=lines,
    )
    try:
        port = found.get(timeout=timeout)
    except queue.Empty:
        port = None
        why = f"no 'listening ... port=N' line on stdout within {timeout}s (is stdout flushed?)"
    else:
        why = "the server exited before printing 'listening ... port=N'"
    if port is None:
        handle.stop(timeout=2)
        raise ServerStartError(
            f"{why}\nexit status: {proc.returncode}\nstdout:\n"
            + "\n".join(lines[-20:])
            + "\nstderr:\n"
            + handle.stderr_text()[-4000:]
        )
    handle.port = port
    return handle


def run_cli(*args: str, timeout: float = 20, cwd: Path = REPO_ROOT, env: Optional[dict] = None):
    """Run ``daigang ARGS`` to completion (bounded). Returns CompletedProcess (text)."""
    full_env = child_env(env)
    return subprocess.run(
        [str(daigang_bin()), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        cwd=str(cwd),
        env=full_env,
    )
