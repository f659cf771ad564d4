"""Hostile workbooks for the sheet-reading tests: a valid .xlsx with one part swapped out."""

from __future__ import annotations

import io
import zipfile


def with_part_replaced(xlsx: bytes, part: str, content: bytes | None = None, *, zeros: int = 0) -> bytes:
    """``xlsx`` with ``part`` replaced by ``content``, or by ``zeros`` zero bytes streamed in (a zip bomb)."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item.filename))
            elif content is not None:
                dst.writestr(part, content)
            else:
                with dst.open(part, "w", force_zip64=True) as out:
                    chunk = bytes(1 << 20)
                    for _ in range(zeros >> 20):
                        out.write(chunk)
    return target.getvalue()
