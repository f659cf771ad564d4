"""Power cuts on a real file system (issue 10, STORE.md "Writing"): ext4 on a loop device, cut
with EXT4_IOC_SHUTDOWN and EXT4_GOING_FLAGS_NOLOGFLUSH (nothing more reaches the disk, as in a
power loss) while applicants write over the WebSocket protocol, and a few times with an ext4
error under ``errors=remount-ro``. After each cut: kill the server, unmount, mount again (ext4
replays its journal: the disk as the power cut left it), restart on the same data directory and
check that every acknowledged lead is there.

Needs root, loop devices, mkfs.ext4 and mount; skipped with the reason otherwise.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import random
import shutil
import struct
import subprocess
import time
from pathlib import Path
from typing import Optional

import pytest

import daigang_client as dc
from daigang_client import JOB_FULL, JOB_MID, JOB_MIN, async_test, in_thread
from leads_support import (  # noqa: F401 - lead_server is a fixture
    LeadServer,
    all_leads,
    apply_message,
    check_leads_unique,
    high_limits_config,
    reply,
)

EXT4_IOC_SHUTDOWN = 0x8004587D
EXT4_GOING_FLAGS_NOLOGFLUSH = 2
SHUTDOWN_CUTS = 20
ERROR_CUTS = 10  # errors=remount-ro, after an ext4 error
CLIENTS = 6
BUDGET_SECONDS = 80
JOBS = (JOB_FULL, JOB_MID, JOB_MIN)


def why_unavailable() -> Optional[str]:
    if os.geteuid() != 0:
        return "needs root (mount, loop devices)"
    for tool in ("mkfs.ext4", "mount", "umount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not Path("/dev/loop-control").exists():
        return "no loop devices (/dev/loop-control)"
    return None


def run(*command: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


class Ext4Image:
    """An ext4 image file mounted (loop) at ``mountpoint``."""

    def __init__(self, image: Path, mountpoint: Path):
        self.image, self.mountpoint = image, mountpoint
        self.options = ""

    def create(self, megabytes: int = 64) -> None:
        with open(self.image, "wb") as f:
            f.truncate(megabytes << 20)
        made = run("mkfs.ext4", "-q", "-F", str(self.image))
        if made.returncode != 0:
            pytest.skip(f"mkfs.ext4 failed: {made.stderr.strip()}")
        self.mountpoint.mkdir(parents=True, exist_ok=True)

    def mount(self, options: str = "") -> None:
        self.options = options
        opts = "loop" + (f",{options}" if options else "")
        mounted = run("mount", "-o", opts, str(self.image), str(self.mountpoint))
        if mounted.returncode != 0:
            pytest.skip(f"cannot loop-mount an ext4 image here: {mounted.stderr.strip()}")

    @property
    def is_mounted(self) -> bool:
        return os.path.ismount(self.mountpoint)

    def unmount(self) -> None:
        deadline = time.monotonic() + 10
        while self.is_mounted:
            done = run("umount", str(self.mountpoint))
            if done.returncode == 0:
                return
            assert time.monotonic() < deadline, f"umount failed: {done.stderr.strip()}"
            time.sleep(0.05)

    def device(self) -> str:
        for line in Path("/proc/mounts").read_text().splitlines():
            source, target = line.split()[:2]
            if target == str(self.mountpoint):
                return os.path.basename(os.path.realpath(source))
        raise AssertionError(f"{self.mountpoint} is not mounted")

    def shut_down(self) -> None:
        """EXT4_IOC_SHUTDOWN with NOLOGFLUSH: what a power cut leaves, on a running system."""
        fd = os.open(self.mountpoint, os.O_RDONLY)
        try:
            fcntl.ioctl(fd, EXT4_IOC_SHUTDOWN, struct.pack("I", EXT4_GOING_FLAGS_NOLOGFLUSH))
        finally:
            os.close(fd)

    def fail(self) -> None:
        """An ext4 error: with errors=remount-ro the journal is aborted and the fs goes read-only."""
        Path(f"/sys/fs/ext4/{self.device()}/trigger_fs_error").write_text("daigang power-cut test\n")


async def apply_until_refused(server, cycle: int, client_no: int, acked: list, state: dict) -> None:
    """Apply with fresh phones until the store refuses (the cut) or the connection dies; record
    every acknowledged lead. A refusal before the cut fails the test."""
    client = await dc.connect(server.ws_url)
    await client.hello("viewer")
    try:
        for i in range(100_000):
            phone = f"13{cycle:02d}{client_no}{i:06d}"  # unique per cycle, client and attempt
            job = JOBS[(client_no + i) % len(JOBS)]
            ref = f"c{client_no}-{i}"
            try:
                await client.send(apply_message(job, phone, name=f"断电{client_no}", ref=ref))
                answer = await reply(client, ref, timeout=15)
            except (dc.ConnectionClosed, dc.Closed):
                return
            if answer["type"] == "error":
                assert state["cut"], f"refused before the cut: {answer!r}"
                assert answer.get("code") == "unavailable", answer
                return
            assert answer["type"] == "applied" and answer["duplicate"] is False, answer
            acked.append({"id": answer["leadId"], "job": job, "phone": phone, "afterCut": state["cut"]})
    finally:
        await client.abort()


def check_every_acknowledged_lead(server, acked: list) -> int:
    leads = [lead for leads in all_leads(server).values() for lead in leads]
    check_leads_unique(leads)
    by_id = {lead["id"]: lead for lead in leads}
    lost = [a for a in acked if a["id"] not in by_id]
    assert not lost, f"{len(lost)} acknowledged leads lost, e.g. {lost[:3]}"
    for a in acked:
        lead = by_id[a["id"]]
        assert (lead["jobId"], lead["phone"]) == (a["job"], a["phone"]), f"lead {a['id']} changed: {lead!r} vs {a!r}"
    return len(by_id)


@pytest.fixture
def ext4(tmp_path):
    reason = why_unavailable()
    if reason:
        pytest.skip(f"power-cut test skipped: {reason}")
    workdir = tmp_path / "powercut"
    image = Ext4Image(tmp_path / "ext4.img", workdir / "data")  # the server's data dir is the fs root
    image.create()
    try:
        yield image
    finally:
        if image.is_mounted:
            run("umount", "-l", str(image.mountpoint))


@async_test(timeout=BUDGET_SECONDS + 30)
async def test_no_acknowledged_lead_is_lost_to_power_cuts(request, start_daigang, ext4, tmp_path):
    started = time.monotonic()
    rng = random.Random(os.environ.get("DAIGANG_POWERCUT_SEED", "10"))
    config = high_limits_config(tmp_path / "cfg")
    registry = request.node._daigang_servers  # conftest stops every server registered here
    server = LeadServer(config, ext4.mountpoint.parent, None, registry)
    acked: list[dict] = []
    refused_after_cut = 0
    cuts = [("shutdown", "")] * SHUTDOWN_CUTS + [("error", "errors=remount-ro")] * ERROR_CUTS
    if not Path("/sys/fs/ext4").exists():
        cuts = cuts[:SHUTDOWN_CUTS]
    for cycle, (how, options) in enumerate(cuts):
        assert time.monotonic() - started < BUDGET_SECONDS, f"over budget after {cycle} cuts"
        await in_thread(ext4.mount, options)
        await in_thread(server.start)
        if cycle:
            await in_thread(check_every_acknowledged_lead, server, acked)

        state = {"cut": False}
        cycle_acked: list[dict] = []
        tasks = [asyncio.create_task(apply_until_refused(server, cycle, c, cycle_acked, state)) for c in range(CLIENTS)]
        try:
            target = rng.randint(3, 60)
            await dc.wait_until(lambda: len(cycle_acked) >= target or any(t.done() for t in tasks),
                                timeout=20, what=f"{target} acknowledged applies in cycle {cycle}")
            for t in tasks:
                if t.done():
                    t.result()  # a loop that ended before the cut failed: surface its error
            state["cut"] = True
            await in_thread(ext4.shut_down if how == "shutdown" else ext4.fail)
            # Answers already on their way still count (their batch was durable before the cut);
            # every later batch is refused: each loop ends with `unavailable`.
            await asyncio.wait_for(asyncio.gather(*tasks), 20)
        finally:
            for t in tasks:
                t.cancel()
        acked.extend(cycle_acked)
        refused_after_cut += sum(1 for t in tasks if not t.cancelled())
        server.kill9()
        await in_thread(ext4.unmount)

    # The last cut's check.
    await in_thread(ext4.mount)
    await in_thread(server.start)
    stored = await in_thread(check_every_acknowledged_lead, server, acked)
    assert stored >= len(acked)
    assert len(acked) >= 3 * len(cuts)
    assert server.stop() == 0
    await in_thread(ext4.unmount)
    elapsed = time.monotonic() - started
    print(f"power cuts: {len(cuts)} ({SHUTDOWN_CUTS} shutdown, {len(cuts) - SHUTDOWN_CUTS} error), "
          f"{len(acked)} acknowledged, {sum(a['afterCut'] for a in acked)} answered after the cut, 0 lost, {elapsed:.1f} s")
    assert elapsed < BUDGET_SECONDS + 10


# --- A full disk ------------------------------------------------------------------------------------


def fill(image: Ext4Image, leave_bytes: int) -> Path:
    """A filler file that leaves about ``leave_bytes`` free for data on ``image``."""
    directory = image.mountpoint
    stat = os.statvfs(directory)
    # Root may use the blocks ext4 reserves for it, not the clusters it keeps for its metadata.
    reserved = int(Path(f"/sys/fs/ext4/{image.device()}/reserved_clusters").read_text())
    free = (stat.f_bfree - reserved) * stat.f_frsize
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        size = free - leave_bytes
        while size > 0:  # the extent tree needs blocks too: back off until it fits
            try:
                os.posix_fallocate(fd, 0, size)
                break
            except OSError:
                size -= 16 * 1024
    finally:
        os.close(fd)
    return filler


@async_test(timeout=90)
async def test_a_full_disk_refuses_applies_without_multiplying_files_and_recovers(request, start_daigang, ext4, tmp_path):
    await in_thread(ext4.mount)
    config = high_limits_config(tmp_path / "cfg", compact_after_bytes=16 * 1024)
    server = LeadServer(config, ext4.mountpoint.parent, None, request.node._daigang_servers)
    await in_thread(server.start)
    client = await dc.viewer(server)
    acked: list[dict] = []
    refused = 0

    async def apply_once(i: int) -> None:
        nonlocal refused, client
        if i and i % 500 == 0:  # a connection may apply 1,000 times a minute
            await client.abort()
            client = await dc.viewer(server)
        phone = f"15{i:09d}"
        message = apply_message(JOBS[i % 3], phone, ref=f"full-{i}")
        await client.send(message)
        answer = await reply(client, message["ref"], timeout=15)
        if answer["type"] == "applied":
            acked.append({"id": answer["leadId"], "job": message["jobId"], "phone": phone, "afterCut": False})
        else:
            assert answer["code"] == "unavailable", answer
            refused += 1

    i = 0
    for _ in range(400):  # a few compactions while there is room; snapshots grow to ~120 KB
        await apply_once(i)
        i += 1
    assert refused == 0
    # Room for a few more batches: the journal passes the threshold once more, and the snapshot
    # that follows (larger than what is left) fails; then the journal fills the disk.
    filler = await in_thread(fill, ext4, 96 * 1024)
    # The disk is full: applies refused, snapshots failing. Keep applying for at least 4 s and until
    # a few applies were refused (a loaded machine may need longer to fill the last bytes).
    started = time.monotonic()
    while time.monotonic() - started < 4 or (refused < 5 and time.monotonic() - started < 90):
        await apply_once(i)
        i += 1
    assert refused > 0, "the disk never filled up"
    assert "could not write snapshot-" in server.stderr_text(), "no snapshot attempt failed on the full disk"
    names = sorted(p.name for p in ext4.mountpoint.iterdir())
    assert len([n for n in names if n.startswith("journal-")]) <= 2, f"failed attempts multiplied journals: {names}"
    assert len([n for n in names if n.startswith("snapshot-") and not n.endswith(".tmp")]) <= 1, names
    assert len([n for n in names if n.endswith(".tmp")]) <= 1, names

    filler.unlink()
    refused_while_full = refused
    recovered = False
    for _ in range(300):  # room again: applies go through at once
        await apply_once(i)
        i += 1
        if refused == refused_while_full:
            recovered = True
            break
    assert recovered, "applies still refused after the disk had room again"
    for _ in range(50):
        await apply_once(i)
        i += 1
    assert refused == refused_while_full
    await client.abort()
    assert server.stop() == 0
    await in_thread(server.start)
    await in_thread(check_every_acknowledged_lead, server, acked)
    assert server.stop() == 0
    await in_thread(ext4.unmount)
