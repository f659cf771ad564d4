"""Sockets of a process and the listening sockets of this network namespace, read from
/proc (for the loopback-only check)."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path


def socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.fullmatch(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(m.group(1))
    return inodes


def _decode_addr(hex_addr: str) -> str:
    ip_hex, port_hex = hex_addr.split(":")
    raw = bytes.fromhex(ip_hex)
    if len(raw) == 4:
        ip = socket.inet_ntop(socket.AF_INET, raw[::-1])
    else:  # /proc/net/tcp6: four little-endian 32-bit words
        words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
        ip = socket.inet_ntop(socket.AF_INET6, b"".join(words))
    return f"{ip}:{int(port_hex, 16)}"


def listening_sockets() -> list[tuple[str, str, int, str]]:
    """(family, ip, port, inode) of every TCP socket in LISTEN state in this namespace."""
    out = []
    for family, path in (("ipv4", "/proc/net/tcp"), ("ipv6", "/proc/net/tcp6")):
        try:
            lines = Path(path).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) < 10 or parts[3] != "0A":  # 0A = LISTEN
                continue
            addr = _decode_addr(parts[1])
            ip, port = addr.rsplit(":", 1)
            out.append((family, ip, int(port), parts[9]))
    return out
