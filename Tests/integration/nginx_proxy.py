"""Debian's nginx in front of a test server, configured by the repository's own deploy/nginx.conf.

``start_nginx`` fills the site file's placeholders (ports, certificate, upstream) — each must be
found, so a changed site file fails here loudly instead of being tested half — wraps it in a
minimal main config in a temporary prefix and runs nginx as a foreground child (no daemon, no
master, nothing of the system's nginx touched). ``NginxHandle.stop`` always ends it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from repo_paths import REPO_ROOT

SITE = REPO_ROOT / "deploy/nginx.conf"


def nginx_binary() -> str | None:
    """Debian's nginx; /usr/sbin is not on every user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class NginxHandle:
    proc: subprocess.Popen
    port: int
    prefix: Path

    @property
    def origin(self) -> str:
        """The public origin of the pages behind it."""
        return f"https://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        try:
            return (self.prefix / "error.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def site_config(upstream_port: int, https_port: int, http_port: int, cert: Path, key: Path) -> str:
    text = SITE.read_text()
    replacements = {
        "server 127.0.0.1:8080;": f"server 127.0.0.1:{upstream_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen [::]:443 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "/etc/letsencrypt/live/live.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/live.example.org/privkey.pem": str(key),
    }
    for placeholder, value in replacements.items():
        assert placeholder in text, f"deploy/nginx.conf no longer has {placeholder!r}; update the test"
        text = text.replace(placeholder, value)
    return text


def start_nginx(prefix: Path, upstream_port: int, cert: Path, key: Path, timeout: float = 20) -> NginxHandle:
    """nginx serving https on a free 127.0.0.1 port, proxying to ``upstream_port``."""
    binary = nginx_binary()
    prefix.mkdir(parents=True, exist_ok=True)
    https_port, http_port = free_port(), free_port()
    (prefix / "site.conf").write_text(site_config(upstream_port, https_port, http_port, cert, key))
    temp_paths = "\n".join(
        f"    {name}_temp_path {prefix / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"""daemon off;
master_process off;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} info;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix / 'access.log'};
{temp_paths}
    include {prefix / 'site.conf'};
}}
"""
    )
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t refused the config:\n{check.stderr}"
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    handle = NginxHandle(proc, https_port, prefix)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited ({proc.returncode}):\n{handle.error_log()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            return handle
        except OSError:
            if time.monotonic() >= deadline:
                handle.stop()
                raise RuntimeError(f"nginx did not listen within {timeout}s:\n{handle.error_log()[-3000:]}")
            time.sleep(0.05)
