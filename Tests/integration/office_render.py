"""A workbook as a person sees it: LibreOffice headless converts it to PDF, pdftoppm the first
page to PNG (both installed by scripts/ensure-deps.sh --test). Shared by the leads and report
workbook tests; the PNG is for looking at, never compared pixel by pixel."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def render_first_page(workbook: Path, tmp_path: Path, save_env: str = "DAIGANG_SAVE_XLSX_PNG") -> Path:
    """Converts ``workbook`` to PDF and its first page to PNG; returns the PNG. When the
    environment variable ``save_env`` names a file, the PNG is copied there for a person."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (libreoffice-calc-nogui) is installed by scripts/ensure-deps.sh --test"
    out = tmp_path / "out"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(workbook)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = out / (workbook.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000, result.stdout + result.stderr
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is installed by scripts/ensure-deps.sh --test"
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(out / "page")], check=True, timeout=60)
    pngs = sorted(out.glob("page*.png"))
    assert pngs and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get(save_env):
        shutil.copy(pngs[0], os.environ[save_env])
    return pngs[0]
