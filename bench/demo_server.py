"""A fresh release server for the standalone benches (import_bench.py, admin_bench.py): the demo
config with a scratch data dir, the repo's web root and a bootstrap organizer token, on a port the
kernel picks. Stopped (SIGTERM, waited for) when the block ends, also on failure."""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOKEN = "bench-organizer-token-0123456789abcdef"


@contextlib.contextmanager
def demo_server(bin_dir: str) -> Iterator[tuple[subprocess.Popen, int, dict]]:
    """Yields the process, its port and the config it was started with."""
    config = json.loads((REPO / "config/daigang.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        config["server"] = {**config.get("server", {}), "port": 0, "webRoot": str(REPO / "web-static")}
        config["dataDir"] = str(Path(tmp) / "data")
        config["organizerToken"] = TOKEN
        path = Path(tmp) / "config.json"
        path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.Popen([str(Path(bin_dir) / "daigang"), "serve", "--config", str(path), "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = None
            for line in proc.stdout:
                if "listening" in line and "port=" in line:
                    port = int(line.split("port=")[1].split()[0])
                    break
            assert port, "daigang did not start"
            yield proc, port, config
        finally:
            proc.terminate()
            proc.wait(timeout=30)
