"""Helpers for the sharing tests: PNG facts, QR codes read back with zbarimg, and the Open Graph
tags of a page. ``zbarimg`` comes from Debian ``zbar-tools`` (scripts/ensure-deps.sh --test)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PROTOCOL.md "Sharing": every poster is this size.
POSTER_SIZE = (720, 960)


def png_size(body: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; fails unless ``body`` starts as a PNG does."""
    assert body[:8] == PNG_SIGNATURE, f"not a PNG: {body[:16]!r}"
    length, kind = struct.unpack(">I4s", body[8:16])
    assert kind == b"IHDR" and length == 13, f"first chunk is {kind!r}"
    return struct.unpack(">II", body[16:24])


def decode_qr(image: bytes, suffix: str = ".png") -> list[str]:
    """The texts of the QR codes in ``image``, as zbarimg reads them."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg not found: run scripts/ensure-deps.sh --test (Debian zbar-tools)"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"code{suffix}"
        path.write_bytes(image)
        done = subprocess.run([zbarimg, "--raw", "-q", str(path)], capture_output=True, text=True, timeout=60)
    return [line for line in done.stdout.splitlines() if line]


def svg_qr_as_pbm(svg: str, scale: int = 8) -> bytes:
    """The /qr.svg drawing (one ``M x y h1v1h-1z`` square per dark module) as a PBM image."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    dark = {(int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg)}
    assert dark, "no modules in the SVG"
    rows = []
    for y in range(size * scale):
        rows.append(" ".join("1" if (x // scale, y // scale) in dark else "0" for x in range(size * scale)))
    return f"P1\n{size * scale} {size * scale}\n".encode() + "\n".join(rows).encode() + b"\n"


class HeadTags(HTMLParser):
    """``<title>`` and the ``<meta>`` tags of a page, unescaped as a browser or crawler reads them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.meta: dict[str, str] = {}
        self.titles = 0
        self._in_title = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
            self.titles += 1
            self.title = ""
        elif tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta[key] = attributes.get("content") or ""

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
