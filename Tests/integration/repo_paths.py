"""Where things are in the repository, and which daigang binary the tests run."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / ".build/debug/daigang"
WEB_ROOT = REPO_ROOT / "web-static"
DEMO_CONFIG = REPO_ROOT / "config/daigang.json"


def daigang_bin() -> Path:
    return Path(os.environ.get("DAIGANG_BIN", str(DEFAULT_BIN)))
