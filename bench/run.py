#!/usr/bin/env python3
"""Runs Daigang's benchmarks with daigang-bench and writes docs/BENCHMARKS.md.

    bench/run.py                 # the default set for this machine (N up to 10,000), rewrites docs/BENCHMARKS.md
    bench/run.py --peers         # burst and fan-out against nginx+nchan and Daigang, alternating, with ratios
    bench/run.py --smoke         # every scenario with a handful of viewers (part of `make test`)
    bench/run.py --only abuse    # some scenarios: prints their rows (--update: also puts them in docs/BENCHMARKS.md)

Everything targets 127.0.0.1 only; every server it starts is stopped by its PID, also on failure.
Release binaries are expected in .build/release (`make bench` builds them); --bin-dir overrides.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO_CONFIG = REPO / "config" / "daigang.json"
NCHAN_TEMPLATE = REPO / "bench" / "nginx-nchan.conf.template"
OUTPUT = REPO / "docs" / "BENCHMARKS.md"

# What the load needs that the demo config does not allow (one client address, high rates).
BENCH_LIMITS = {
    "messagesPerSecond": 1000,
    "appliesPerMinute": 1000,
    "appliesPerMinutePerAddress": 1000000,
    "outboundQueueFrames": 4096,
    # The queue scenario's viewers all take tickets from 127.0.0.1 (the server's burst of 5 stays).
    "queueJoinsPerMinutePerAddress": 1000000,
    "ticketsPerAddress": 10000,
}
# Every viewer connects from 127.0.0.1, up to 10,000 of them: the per-address socket cap must
# let them all in. The other per-address caps and the deadlines keep their defaults, so the abuse
# scenario's attackers (from 127.0.0.2) meet the server's real defences.
BENCH_SERVER = {
    "connectionsPerAddress": 20000,
}
sys.path.insert(0, str(REPO / "Tests" / "fixtures"))
import fair_session  # noqa: E402  (the 3,500-job session of issue 12)

JOB = "job-xh-assembler"
HR_TOKEN = "demo-hr-xinghe-electronics"


class Server:
    """A server process started by us and stopped by its PID."""

    def __init__(self, kind: str, pid: int, port: int, proc: subprocess.Popen, workdir: Path):
        self.kind, self.pid, self.port, self.proc, self.workdir = kind, pid, port, proc, workdir

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def start_daigang(bin_dir: Path, workdir: Path, store: dict | None = None, jobs: int | None = None,
                  season: dict | None = None) -> Server:
    """The demo config (with `jobs`: the fair-sized session of that many jobs, 300 employers;
    with `season`: `season_config`'s sessions and employers beside the demo's)."""
    config = json.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    if jobs:
        config = fair_session.fair_config(config, jobs=jobs, employers=300)
    if season:
        config = season_config(config, **season)
    config.setdefault("server", {})
    config["server"]["webRoot"] = str(REPO / "web-static")
    config["server"]["port"] = 0
    config["server"].update(BENCH_SERVER)
    config["limits"] = dict(BENCH_LIMITS)
    config["queue"] = {"maxLength": 10000}
    config["dataDir"] = str(workdir / "data")
    if store:
        config["store"] = store
    path = workdir / "daigang-bench.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    out = open(workdir / "daigang.out", "w")
    proc = subprocess.Popen(
        [str(bin_dir / "daigang"), "serve", "--config", str(path), "--port", "0"],
        stdout=subprocess.PIPE, stderr=open(workdir / "daigang.err", "w"), text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        out.write(line)
        if "listening" in line and "port=" in line:
            port = int(line.split("port=")[1].split()[0])
            return Server("daigang", proc.pid, port, proc, workdir)
    proc.kill()
    raise RuntimeError(f"daigang did not start; see {workdir}/daigang.err")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_nchan() -> None:
    if shutil.which("nginx") and Path("/usr/lib/nginx/modules/ngx_nchan_module.so").exists():
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("bench: installing nginx and libnginx-mod-nchan", file=sys.stderr)
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "nginx", "libnginx-mod-nchan"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def start_nchan(workdir: Path) -> Server:
    port = free_port()
    conf = NCHAN_TEMPLATE.read_text().replace("@PORT@", str(port)).replace("@RUNDIR@", str(workdir))
    (workdir / "nginx.conf").write_text(conf)
    proc = subprocess.Popen(["nginx", "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
                            stdout=subprocess.DEVNULL, stderr=open(workdir / "nginx.err", "w"))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited; see {workdir}/nginx.err")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return Server("nchan", proc.pid, port, proc, workdir)
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("nginx did not start listening")


def bench(bin_dir: Path, server: Server, args: list[str], timeout: float) -> dict:
    command = [str(bin_dir / "daigang-bench")] + args + [
        "--port", str(server.port), "--server-pid", str(server.pid), "--target", server.kind,
        "--timeout", str(int(timeout)),
    ]
    print("$ " + " ".join(command[1:]), file=sys.stderr, flush=True)
    run = subprocess.run(command, capture_output=True, text=True, timeout=timeout + 30)
    sys.stderr.write(run.stdout)
    results = [json.loads(line[len("RESULT "):]) for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    if not results:
        raise RuntimeError(f"daigang-bench printed no RESULT (exit {run.returncode}): {run.stderr[-2000:]}")
    for result in results:
        result["command"] = "daigang-bench " + " ".join(args)
        result["exitCode"] = run.returncode
    return results[-1] if len(results) == 1 else {"scenario": "several", "all": results, "exitCode": run.returncode,
                                                  "ok": all(r.get("ok") for r in results)}


def with_server(kind: str, bin_dir: Path, action, jobs: int | None = None):
    workdir = Path(tempfile.mkdtemp(prefix=f"daigang-bench-{kind}-"))
    server = start_daigang(bin_dir, workdir, jobs=jobs) if kind == "daigang" else start_nchan(workdir)
    try:
        return action(server)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# --- scenarios ---------------------------------------------------------------------------------

def ms(us) -> str:
    return f"{us / 1000:.1f} ms"


DAIGANG_SET = [
    # (name, daigang-bench arguments, timeout s)
    ("idle", ["idle", "--viewers", "10000", "--settle-ms", "1500"], 120),
    # The join storm with the viewer page's hello (compact welcome, issue 12), with today's full
    # snapshot for comparison, and with the 3,500-job session (the welcome does not grow).
    ("join", ["join", "--viewers", "10000", "--catalog", "http"], 120),
    ("join-full", ["join", "--viewers", "10000"], 120),
    ("join-3500", ["join", "--viewers", "10000", "--catalog", "http"], 180),
    ("burst", ["burst", "--viewers", "10000", "--rounds", "5", "--gap-ms", "500"], 120),
    ("fanout", ["fanout", "--viewers", "2000", "--rate", "50", "--duration", "10"], 120),
    ("fanout-max", ["fanout", "--viewers", "1000", "--rate", "1000", "--duration", "5"], 120),
    # A host command a second to 2,000 viewers... ten: each is journaled and fsync'ed before its
    # broadcast (issue 10), so this is host command → durable ack → broadcast, end to end.
    ("fanout-commands", ["fanout", "--viewers", "2000", "--rate", "10", "--duration", "10"], 120),
    # The same with 20 viewers: the durable-ack floor, without the fan-out and the client's own
    # 2,000 sockets in the way.
    ("fanout-commands-20", ["fanout", "--viewers", "20", "--rate", "10", "--duration", "10"], 120),
    ("apply", ["apply", "--clients", "50", "--rate", "1000", "--duration", "10", "--job", JOB, "--hr-token", HR_TOKEN], 120),
    ("apply-max", ["apply", "--clients", "400", "--rate", "max", "--duration", "5", "--job", JOB, "--hr-token", HR_TOKEN], 120),
    ("queue", ["queue", "--viewers", "2000", "--calls", "20", "--rate", "10", "--job", JOB], 120),
    # The lead store with 200,000 leads: restart time and RSS, then apply at 1,000/s while the
    # first write starts a compaction (the snapshot of 200,000 leads is written as acks go on).
    ("store", ["store", "--leads", "200000", "apply", "--clients", "50", "--rate", "1000", "--duration", "5",
               "--job", JOB, "--hr-token", HR_TOKEN], 240),
    # Announcements at 20/s to 2,000 viewers on a server holding a season (200,000 leads, 50 sessions,
    # 300 employers, 10,000 jobs), quiet and while a client asks for /api/report in a loop (issue 13).
    ("report-fanout", ["report-fanout", "200000", "50", "300", "10000",
                       "fanout", "--viewers", "2000", "--rate", "20", "--duration", "10"], 300),
    # Like fanout at 2,000 × 20/s, once quiet and once while attackers from 127.0.0.2 misbehave.
    ("abuse", ["abuse", "--viewers", "2000", "--rate", "20", "--duration", "12",
               "--freeze-clients", "4", "--freeze-messages", "12000", "--freeze-seconds", "6", "--freeze-ref-bytes", "190",
               "--freeze-stagger-ms", "1000", "--no-hello", "3000", "--dribblers", "500", "--dribble-interval-ms", "2000"], 120),
]

# Scenarios run against the fair-sized session (jobs in it) instead of the demo's 8 jobs.
SESSION_JOBS = {"join-3500": 3500, "smoke-3500": 3500}

PEER_SET = [
    ("join", ["join", "--viewers", "10000", "--catalog", "http"], 120),
    ("burst", ["burst", "--viewers", "10000", "--rounds", "5", "--gap-ms", "500"], 120),
    ("fanout", ["fanout", "--viewers", "2000", "--rate", "50", "--duration", "10"], 120),
    ("fanout-max", ["fanout", "--viewers", "1000", "--rate", "1000", "--duration", "5"], 120),
]

SMOKE_SET = [
    ("smoke", ["smoke", "--viewers", "20"], 60),
    ("smoke-3500", ["join", "--viewers", "20", "--catalog", "http"], 60),
    ("store", ["store", "--leads", "3000", "apply", "--clients", "5", "--rate", "100", "--duration", "2",
               "--job", JOB, "--hr-token", HR_TOKEN], 60),
    ("report-fanout", ["report-fanout", "2000", "5", "30", "100", "fanout", "--viewers", "20", "--rate", "20", "--duration", "2"], 60),
    # Tiny attackers, no timing check: proves the abuse tool works, quickly, on any machine.
    ("abuse", ["abuse", "--viewers", "20", "--rate", "20", "--duration", "2", "--drain-ms", "3000",
               "--freeze-clients", "2", "--freeze-messages", "500", "--freeze-seconds", "1", "--freeze-hold-ms", "300", "--freeze-stagger-ms", "300",
               "--no-hello", "20", "--dribblers", "10", "--dribble-interval-ms", "500", "--max-p99-ratio", "0"], 60),
]


def figure(name: str, r: dict) -> tuple[str, float | None]:
    """The headline figure of a scenario result, as text and as a number (for ratios)."""
    if name == "store":
        return store_figure(r), r["latencyUs"]["p99"] / 1000
    if name == "report-fanout":
        return report_fanout_figure(r), r["reporting"]["latencyUs"]["p99"] / 1000
    if name == "idle":
        return f"{r['kibPerConnection']:.2f} KiB per idle viewer (RSS {r['rssKiBBefore']} → {r['rssKiBAfter']} KiB)", r["kibPerConnection"]
    if name.startswith("join"):
        text = f"{r['ready']}/{r['viewers']} welcomed in {r['allReadyMs']:.0f} ms ({r['connectionsPerSecond']:.0f}/s)"
        if "welcomeBytes" in r:
            text += f"; welcome {r['welcomeBytes']:,} B"
        if "serverCpuUsPerJoin" in r:
            text += f", server CPU {r['serverCpuUsPerJoin']:.0f} µs per join"
        return text, r["allReadyMs"]
    if name == "burst":
        return f"last of {r['viewers']} viewers has it after {ms(r['lastMedianUs'])} (median of {len(r['rounds'])} rounds)", r["lastMedianUs"] / 1000
    if name.startswith("fanout"):
        lat = r["latencyUs"]
        text = (f"{r['deliveriesPerSecond']:.0f} deliveries/s; p50 {ms(lat['p50'])}, p90 {ms(lat['p90'])}, "
                f"p99 {ms(lat['p99'])}, p99.9 {ms(lat['p999'])}, max {ms(lat['max'])}; lost {r['lost']}")
        ack = r.get("hostAckLatencyUs")
        if ack and ack.get("count"):
            text += f"; host command → durable ok p50 {ms(ack['p50'])}, p99 {ms(ack['p99'])}"
        # At a fixed rate the latency is the figure; flat out, the throughput.
        return text, (r["deliveriesPerSecond"] if name == "fanout-max" else lat["p99"] / 1000)
    if name.startswith("apply"):
        lat = r["latencyUs"]
        return (f"{r['leadsPerSecond']:.0f} leads/s; ack p50 {ms(lat['p50'])}, p99 {ms(lat['p99'])}, max {ms(lat['max'])}; "
                f"{r['acked']} acked, {r['missing']} missing"), r["leadsPerSecond"]
    if name == "queue":
        return f"positions settled {r['settleAfterLastDoneMs']:.0f} ms after the last call was done ({r['positionMessages']} updates)", r["settleAfterLastDoneMs"]
    if name == "abuse":
        quiet, attack, attackers = r["quiet"], r["attack"], r["attackers"]
        ratio = f" (×{r['p99Ratio']:.2f})" if r.get("p99Ratio") is not None else ""
        wait = attack["healthz"]["longestWaitMs"]
        # A stuck server delivers nothing more: then the p99 covers only what did arrive.
        delivered_only = " of what arrived" if attack["undelivered"] else ""
        return (f"p99{delivered_only} {p99(attack)} under attack vs {p99(quiet)} quiet{ratio}; "
                f"lost {attack['undelivered']} (quiet {quiet['undelivered']}); "
                f"attackers refused {attackers['refused']}, closed {attackers['closedByServer']}; "
                f"/healthz longest wait {wait:.0f} ms"), r.get("p99Ratio")
    return json.dumps(r)[:200], None


def p99(round_: dict) -> str:
    lat = round_.get("latencyUs", {})
    return ms(lat["p99"]) if "p99" in lat else "n/a"


def resources(r: dict) -> str:
    res = r.get("resources") or {}
    parts = []
    if "serverCpuPercent" in res:
        parts.append(f"server CPU {res['serverCpuPercent']:.0f}%")
    if "serverPeakRssKiB" in res:
        parts.append(f"peak RSS {res['serverPeakRssKiB'] / 1024:.0f} MiB")
    if "clientCpuPercent" in res:
        parts.append(f"client CPU {res['clientCpuPercent']:.0f}%")
    return ", ".join(parts)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} × {model}{mem}; Linux {platform.release()}; client and server on the same machine"


# --- the lead store (issue 10) ---------------------------------------------------------------------

PRELOAD_JOB, PRELOAD_EMPLOYER = "job-hc-operator", "hengchi-auto"  # not the job the apply scenario reads back


def record_line(data: dict) -> bytes:
    """A journal line as docs/STORE.md describes it."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return b'{"len":%d,"crc":"%08x","data":%s}\n' % (len(raw), zlib.crc32(raw) & 0xFFFFFFFF, raw)


def preload_leads(data_dir: Path, count: int) -> Path:
    """Appends `count` leads (L000001…, another employer's job) and their id reservation to the
    newest journal of a data dir the server has seeded; returns that journal."""
    journal = sorted(data_dir.glob("journal-*.log"))[-1]
    session = json.loads(DEMO_CONFIG.read_text(encoding="utf-8"))["sessions"][0]["id"]
    with open(journal, "ab") as out:
        for n in range(1, count + 1):
            out.write(record_line({"kind": "lead", "lead": {
                "id": f"L{n:06d}", "session": session, "jobId": PRELOAD_JOB, "jobTitle": "数控操作工",
                "employerId": PRELOAD_EMPLOYER, "name": f"预置{n}", "phone": f"186{n:08d}",
                "createdAt": 1_700_000_000_000 + n, "viewerId": f"preload-{n:08d}", "note": "压测预置",
            }}))
        out.write(record_line({"kind": "ids_reserved", "upTo": count}))
    return journal


def measure_restart(bin_dir: Path, workdir: Path, runs: int = 3) -> dict:
    """`daigang serve` until it listens, `runs` times: the median wall time, RSS once listening, peak RSS."""
    samples = []
    for _ in range(runs):
        started = time.monotonic()
        server = start_daigang(bin_dir, workdir)
        elapsed = time.monotonic() - started
        status = Path(f"/proc/{server.pid}/status").read_text()
        kib = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM"))}
        server.stop()
        samples.append((elapsed, kib["VmRSS"], kib["VmHWM"]))
    samples.sort()
    elapsed, rss, peak = samples[len(samples) // 2]
    return {"seconds": elapsed, "rssKiB": rss, "peakRssKiB": peak, "runs": runs}


def store_benchmark(bin_dir: Path, args: list[str], timeout: float) -> dict:
    """`store --leads N <apply arguments>`: seeds a data dir, adds N leads, measures a restart
    (replaying them from the journal), then runs `apply` on a server whose first write starts a
    compaction, and measures a restart again (snapshot + journal)."""
    leads, apply_args = int(args[2]), args[3:]
    workdir = Path(tempfile.mkdtemp(prefix="daigang-bench-store-"))
    try:
        start_daigang(bin_dir, workdir).stop()  # seeds the data dir from the config
        journal = preload_leads(workdir / "data", leads)
        from_journal = measure_restart(bin_dir, workdir)
        server = start_daigang(bin_dir, workdir, store={"compactAfterBytes": journal.stat().st_size})
        try:
            result = bench(bin_dir, server, apply_args, timeout)
        finally:
            server.stop()
        log = (workdir / "daigang.err").read_text(encoding="utf-8", errors="replace")
        compactions = [line.split("compacted into ", 1)[1].strip() for line in log.splitlines() if "compacted into " in line]
        from_snapshot = measure_restart(bin_dir, workdir)
        result.update({
            "scenario": "store", "command": "bench/run.py store " + " ".join(args[1:3]) + " + daigang-bench " + " ".join(apply_args),
            "preloadedLeads": leads, "compactions": compactions,
            "restartFromJournal": from_journal, "restartFromSnapshot": from_snapshot,
        })
        if not compactions:
            result["ok"] = False
            result.setdefault("problems", []).append("no compaction ran during the apply load")
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def store_figure(r: dict) -> str:
    lat = r["latencyUs"]
    journal, snapshot = r["restartFromJournal"], r["restartFromSnapshot"]
    compaction = r["compactions"][0] if r.get("compactions") else "none"
    return (f"{r['preloadedLeads']:,} leads: apply ack at {r['leadsPerSecond']:.0f}/s during compaction ({compaction}) "
            f"p50 {ms(lat['p50'])}, p99 {ms(lat['p99'])}, max {ms(lat['max'])}, {r['missing']} missing; "
            f"restart {journal['seconds']:.2f} s, RSS {journal['rssKiB'] / 1024:.0f} MiB (peak {journal['peakRssKiB'] / 1024:.0f}) from the journal, "
            f"{snapshot['seconds']:.2f} s, RSS {snapshot['rssKiB'] / 1024:.0f} MiB (peak {snapshot['peakRssKiB'] / 1024:.0f}) from the snapshot")


# --- broadcast while a report renders (issue 13) ------------------------------------------------

ORGANIZER_TOKEN = "demo-organizer-token-change-me-0001"
SEASON_STAGES = [[], ["contacted"], ["contacted", "interview_scheduled"], ["contacted", "hired"], ["rejected"]]
SEASON_PLACES = ["河南省", "四川省", "贵州省", "安徽省", "湖南省", "甘肃省", "江西省"]


def season_config(base: dict, sessions: int, employers: int, jobs: int) -> dict:
    """The demo config with `sessions - 1` ended sessions and `employers` employers beside the demo's,
    `jobs` jobs in all (headcount 1–20): the season `daigang-bench figures` builds in memory."""
    config = json.loads(json.dumps(base))
    config["employers"] = list(config["employers"]) + [
        {"id": f"e{i}", "name": f"企业{i}", "hrToken": f"season-hr-token-{i:03d}", "industry": f"行业{i % 12}", "district": f"区{i % 9}"}
        for i in range(employers)]
    per_session = max(1, jobs // sessions)
    for s in range(1, sessions):
        config["sessions"].append({"id": f"s{s}", "title": f"第{s + 1}场", "status": "ended", "policies": [], "jobs": [
            {"id": f"j{s}-{j}", "title": "岗位", "employerId": f"e{(s * 7 + j) % employers}", "headcount": 1 + j % 20,
             "pay": {"min": 5000, "max": 7000, "unit": "month"}, "location": {"city": "苏州"}} for j in range(per_session)]})
    return config


def preload_season(data_dir: Path, config: dict, leads: int) -> None:
    """Appends `leads` leads spread over every job of the season, a fifth each with no follow-up,
    contacted, interviewed, hired and rejected, and their id reservation, to the newest journal."""
    journal = sorted(data_dir.glob("journal-*.log"))[-1]
    jobs = [(session["id"], job["id"], job["employerId"]) for session in config["sessions"] for job in session["jobs"]]
    rng = random.Random(13)
    # Made in the last minutes: older leads would be past the demo's retention period and erased at start.
    start = int(time.time() * 1000) - leads - 60_000
    with open(journal, "ab") as out:
        for n in range(1, leads + 1):
            session, job, employer = jobs[rng.randrange(len(jobs))]
            lead_id = f"L{n:06d}"
            out.write(record_line({"kind": "lead", "lead": {
                "id": lead_id, "session": session, "jobId": job, "jobTitle": "岗位", "employerId": employer,
                "name": "某", "phone": f"138{n:08d}", "hometown": SEASON_PLACES[n % len(SEASON_PLACES)],
                "createdAt": start + n, "viewerId": f"preload-{n:08d}"}}))
            for k, status in enumerate(SEASON_STAGES[n % len(SEASON_STAGES)]):
                out.write(record_line({"kind": "followup", "leadId": lead_id, "followup": {
                    "status": status, "at": start + n + k, "by": "hr"}}))
        out.write(record_line({"kind": "ids_reserved", "upTo": leads}))


class ReportLoop:
    """A client that asks for `/api/report` again and again, on a thread of its own, until stopped."""

    def __init__(self, port: int):
        self.port, self.times, self.failures, self.bytes = port, [], [], 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def ask(self) -> float | None:
        """One request; its time in ms, or None (the failure noted)."""
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request("GET", "/api/report", headers={"Authorization": f"Bearer {ORGANIZER_TOKEN}"})
            response = connection.getresponse()
            body = response.read()
            connection.close()
        except OSError as error:
            self.failures.append(str(error))
            return None
        if response.status != 200:
            self.failures.append(f"HTTP {response.status}")
            return None
        self.bytes = len(body)
        return (time.monotonic() - started) * 1000

    def run(self) -> None:
        while not self.stopping.is_set():
            elapsed = self.ask()
            if elapsed is None:
                time.sleep(0.1)
            else:
                self.times.append(elapsed)

    def __enter__(self) -> ReportLoop:
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.stopping.set()
        self.thread.join(timeout=120)

    def summary(self) -> dict:
        times = sorted(self.times)
        return {"requests": len(times), "failures": len(self.failures), "bytes": self.bytes,
                "medianMs": times[len(times) // 2] if times else None, "maxMs": times[-1] if times else None}


def report_fanout_benchmark(bin_dir: Path, args: list[str], timeout: float) -> dict:
    """`report-fanout LEADS SESSIONS EMPLOYERS JOBS <fanout arguments>`: a data dir with a season of
    that size, then the fan-out twice on the same server: quiet, and while a client asks for
    `/api/report` in a loop (each answer a full computation and encoding on the report thread)."""
    leads, sessions, employers, jobs = (int(value) for value in args[1:5])
    fanout_args = args[5:]
    season = {"sessions": sessions, "employers": employers, "jobs": jobs}
    workdir = Path(tempfile.mkdtemp(prefix="daigang-bench-report-"))
    try:
        start_daigang(bin_dir, workdir, season=season).stop()  # seeds the data dir from the config
        config = season_config(json.loads(DEMO_CONFIG.read_text(encoding="utf-8")), **season)
        preload_season(workdir / "data", config, leads)
        server = start_daigang(bin_dir, workdir, season=season)
        try:
            # A report alone (no viewers, nothing else asked): what the request costs by itself.
            alone = sorted(t for t in (ReportLoop(server.port).ask() for _ in range(3)) if t is not None)
            quiet = bench(bin_dir, server, fanout_args, timeout)
            with ReportLoop(server.port) as loop:
                deadline = time.monotonic() + 120
                while not loop.times and not loop.failures and time.monotonic() < deadline:
                    time.sleep(0.05)  # the first answer: the report path works before the clock starts
                busy = bench(bin_dir, server, fanout_args, timeout)
            reports = loop.summary()
            reports["aloneMs"] = alone[len(alone) // 2] if alone else None
        finally:
            server.stop()
        problems = [f"report requests failed: {', '.join(loop.failures[:3])}"] if loop.failures else []
        if reports["requests"] < 2:
            problems.append(f"only {reports['requests']} reports answered during the fan-out")
        ok = quiet.get("ok", False) and busy.get("ok", False) and not problems
        return {"scenario": "report-fanout", "ok": ok, "exitCode": 0 if ok else 1, "problems": problems,
                "command": "bench/run.py report-fanout " + " ".join(args[1:5]) + " + daigang-bench " + " ".join(fanout_args),
                "leads": leads, "sessions": sessions, "employers": employers, "jobs": jobs,
                "quiet": quiet, "reporting": busy, "reports": reports,
                "resources": busy.get("resources")}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report_fanout_figure(r: dict) -> str:
    quiet, busy, reports = r["quiet"]["latencyUs"], r["reporting"]["latencyUs"], r["reports"]
    return (f"{r['leads']:,} leads, {r['sessions']} sessions, {r['employers']} employers: broadcast p50 {ms(quiet['p50'])}, "
            f"p99 {ms(quiet['p99'])} quiet; p50 {ms(busy['p50'])}, p99 {ms(busy['p99'])} while /api/report is asked in a loop "
            f"({reports['requests']} reports of {reports['bytes'] / 1024:.0f} KiB, median {reports['medianMs'] or 0:.0f} ms each, "
            f"{reports['aloneMs'] or 0:.0f} ms alone); "
            f"lost {r['quiet']['lost']} / {r['reporting']['lost']}")


def run_daigang_set(bin_dir: Path, scenarios) -> list[tuple[str, dict]]:
    results = []
    for name, args, timeout in scenarios:
        if args[0] == "store":
            results.append((name, store_benchmark(bin_dir, args, timeout)))
            continue
        if args[0] == "report-fanout":
            results.append((name, report_fanout_benchmark(bin_dir, args, timeout)))
            continue
        results.append((name, with_server("daigang", bin_dir, lambda server: bench(bin_dir, server, args, timeout), SESSION_JOBS.get(name))))
    return results


def run_peers(bin_dir: Path) -> list[tuple[str, dict, dict]]:
    ensure_nchan()
    rows = []
    for name, args, timeout in PEER_SET:
        # Alternating, same client: nchan, then Daigang, each on a fresh server.
        nchan = with_server("nchan", bin_dir, lambda server: bench(bin_dir, server, args, timeout))
        daigang = with_server("daigang", bin_dir, lambda server: bench(bin_dir, server, args, timeout))
        rows.append((name, daigang, nchan))
    return rows


def ratio_line(name: str, daigang: dict, nchan: dict) -> str:
    d_text, d_value = figure(name, daigang)
    n_text, n_value = figure(name, nchan)
    ratio = f"{d_value / n_value:.2f}" if d_value and n_value else "n/a"
    return f"| {name} | {d_text} | {n_text} | {ratio} |"


PEERS_HEADING = "## Side by side with nginx + nchan"
ABUSE_HEADING = "## Under attack"
NOTES_HEADING = "## What bounds the figures"


def sections(text: str) -> dict[str, str]:
    """The report split at its `## ` headings (key "" for what comes before the first)."""
    parts: dict[str, str] = {}
    key, body = "", []
    for line in text.splitlines():
        if line.startswith("## "):
            parts[key] = "\n".join(body).strip()
            key, body = line, []
        else:
            body.append(line)
    parts[key] = "\n".join(body).strip()
    return parts


def main_section(results) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        "# Benchmarks",
        "",
        f"Measured {today} on {machine()}.",
        "Rewritten by `make bench`; each figure lists the exact `daigang-bench` command. The server is the release build with the demo config plus the",
        f"benchmark limits ({', '.join(f'{k} {v}' for k, v in {**BENCH_LIMITS, **BENCH_SERVER}.items())}); each scenario runs",
        "on a fresh server. The load generator is `daigang-bench` (one thread, epoll, its own CPU reported",
        "beside the server's); it only targets 127.0.0.1.",
        "",
        "| scenario | figure | server and client | command | ok |",
        "|---|---|---|---|---|",
    ]
    lines += [table_row(name, r) for name, r in results]
    return "\n".join(lines)


def table_row(name: str, r: dict) -> str:
    text, _ = figure(name, r)
    ok = "yes" if r.get("ok") and r.get("exitCode") == 0 else "NO: " + "; ".join(map(str, r.get("problems", [])))[:200]
    return f"| {name} | {text} | {resources(r)} | `{r['command']}` | {ok} |"


def peers_section(peers) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        f"Measured {today} by `make bench-peers`: same client, alternating runs (nchan, then Daigang),",
        "fresh servers, nginx with one worker process. Ratio = Daigang / nchan of the headline figure:",
        "join — time until 10,000 viewers are welcomed (nchan: upgraded; lower is better);",
        "burst — time to the last viewer (lower is better); fanout — p99 latency at 2,000 viewers ×",
        "50 events/s (lower is better); fanout-max — deliveries/s flat out (higher is better).",
        "",
        "| scenario | Daigang | nginx + nchan | ratio |",
        "|---|---|---|---|",
    ]
    lines += [ratio_line(name, d, n) for name, d, n in peers]
    return "\n".join(lines)


def abuse_section(r: dict) -> str:
    """The quiet and attacked rounds of the abuse scenario side by side, and what became of the attackers."""
    today = datetime.date.today().isoformat()
    quiet, attack, attackers, server = r["quiet"], r["attack"], r["attackers"], r["server"]
    freeze, no_hello, dribble = attackers["freeze"], attackers["noHello"], attackers["dribble"]
    ok = "passed" if r.get("ok") and r.get("exitCode") == 0 else "failed: " + "; ".join(map(str, r.get("problems", [])))
    recovery = server["healthzAfterAttack"]
    lines = [
        f"Measured {today} with `{r['command']}` (a fresh server, the limits above):",
        f"{r['viewers']} welcomed viewers get {quiet['rate']:g} events/s for {quiet['durationS']:g} s, first quiet, then on the same",
        f"server while attackers connect from a second source address, {attackers['source']} (Linux routes all of 127/8",
        "to loopback). Targets: p99 within 2× of the quiet round, 0 lost, server RSS bounded. Attackers the",
        "server refuses or closes are its defences working, not failures of the run. The attackers start with",
        "the attacked round's first event; freeze client k connects at k × its stagger and closes ~7 s later.",
        "",
        "| | quiet | under attack |",
        "|---|---|---|",
        f"| viewers' delivery latency | {latency_text(quiet)} | {latency_text(attack)} |",
        f"| copies lost (events never acknowledged) / seq gaps | {quiet['undelivered']} ({quiet['unacknowledged']}) / {quiet['seqGaps']} "
        f"| {attack['undelivered']} ({attack['unacknowledged']}) / {attack['seqGaps']} |",
        f"| worst latency of each second's events, ms | {by_second(quiet)} | {by_second(attack)} |",
        f"| `/healthz` every 500 ms | {healthz_text(quiet['healthz'])} | {healthz_text(attack['healthz'])} |",
        f"| server and client | {resources({'resources': quiet['resources']})} | {resources(r)} |",
        "",
        f"Server RSS {kib(server['rssKiBBeforeAttack'])} before the attack, {kib(server['rssKiBUnderAttack'])} at its end,",
        f"{kib(server['rssKiBAfterAttackersLeft'])} after the attackers left (peak {kib(server['peakRssKiB'])}). Once they had left, `/healthz` "
        + (f"answered in {recovery['longestWaitMs']:.1f} ms." if server["recovered"] else f"did not answer (waited {recovery['longestWaitMs']:.0f} ms)."),
        "",
        "| attacker | recipe | sockets | let in | refused | closed by the server | held out to the end |",
        "|---|---|---|---|---|---|---|",
        attacker_row("freeze", f"SO_RCVBUF {freeze['receiveBufferBytes']} B, never reads; {freeze['messagesEach']} invalid messages each "
                     f"(a {freeze['refBytes']}-char ref the error echoes) over {freeze['seconds']:g} s, one client every {freeze['staggerMs']} ms ({freeze['messagesSent']} of {freeze['messagesQueued']} went out, "
                     f"{freeze['stalledAtHalfClose']} stalled), then half-close, then close", freeze),
        attacker_row("no hello", f"upgrades to /ws, never says hello, answers pings ({no_hello['messagesReceived']} messages received)", no_hello),
        attacker_row("dribble", f"POST {dribble['path']}, Content-Length 65536, one byte every {dribble['intervalMs']} ms "
                     f"({dribble['bytesDribbled']} bytes sent)", dribble),
    ]
    reasons = [f"{name}: " + "; ".join(f"{count}× {why.strip()}" for why, count in {**a["refusals"], **a["closures"]}.items())
               for name, a in (("freeze", freeze), ("no hello", no_hello), ("dribble", dribble)) if a["refusals"] or a["closures"]]
    if reasons:
        lines += ["", "Why they ended: " + " — ".join(reasons) + "."]
    lines += ["", f"Checks {ok}."]
    return "\n".join(lines)


def latency_text(round_: dict) -> str:
    lat = round_.get("latencyUs", {})
    if "p99" not in lat:
        return "no deliveries"
    return f"p50 {ms(lat['p50'])}, p90 {ms(lat['p90'])}, p99 {ms(lat['p99'])}, max {ms(lat['max'])}"


def by_second(round_: dict) -> str:
    return " ".join(f"{us / 1000:.0f}" for us in round_.get("worstLatencyBySecondUs", [])) or "n/a"


def healthz_text(probe: dict) -> str:
    lat = probe.get("latencyUs", {})
    text = f"{probe['answered']} answers, longest wait {probe['longestWaitMs']:.1f} ms"
    return text + (f", p99 {ms(lat['p99'])}" if "p99" in lat else "")


def kib(value) -> str:
    return f"{value / 1024:.0f} MiB" if value is not None else "n/a"


def attacker_row(name: str, recipe: str, a: dict) -> str:
    still = f"{a['heldOut']}" + (f" (+{a['pending']} handshaking)" if a.get("pending") else "")
    return f"| {name} | {recipe} | {a['attempted']} | {a['opened']} | {a['refused']} | {a['closedByServer']} | {still} |"


RE_MEASURED = "Re-measured alone (`bench/run.py --only … --update`): "


def merge_rows(top: str, new_rows: dict[str, str]) -> str:
    """The main section with `new_rows` (by scenario name) replacing or joining the table's rows;
    the other rows, and the date they were measured on, stay as they are."""
    lines = top.splitlines()
    dates: dict[str, str] = {}
    for line in [line for line in lines if line.startswith(RE_MEASURED)]:
        dates.update(part.rsplit(" ", 1) for part in line[len(RE_MEASURED):].rstrip(".").split(", "))
        lines.remove(line)
    header = next((i for i, line in enumerate(lines) if line.startswith("| scenario |")), None)
    if header is None:
        return top
    start = end = header + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    rows = {line.split("|")[1].strip(): line for line in lines[start:end]}
    rows.update(new_rows)
    order = [name for name, _, _ in DAIGANG_SET]
    lines[start:end] = [rows[name] for name in sorted(rows, key=lambda n: order.index(n) if n in order else len(order))]
    today = datetime.date.today().isoformat()
    dates.update({name: today for name in new_rows})
    # The intro's last line, just above the blank line before the table.
    at = header - 1 if header > 0 and not lines[header - 1].strip() else header
    lines.insert(at, RE_MEASURED + ", ".join(f"{name} {date}" for name, date in dates.items()) + ".")
    return "\n".join(lines)


def write_report(main_text: str | None, peers_text: str | None, abuse_text: str | None = None) -> None:
    """Replaces the main table, the abuse section and/or the peers section, keeping the rest of the file."""
    existing = sections(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    top = main_text if main_text is not None else existing.get("", "# Benchmarks")
    out = [top]
    abuse = abuse_text if abuse_text is not None else existing.get(ABUSE_HEADING)
    if abuse:
        out += ["", ABUSE_HEADING, "", abuse]
    peers = peers_text if peers_text is not None else existing.get(PEERS_HEADING)
    if peers:
        out += ["", PEERS_HEADING, "", peers]
    for heading, body in existing.items():
        if heading not in ("", PEERS_HEADING, ABUSE_HEADING):
            out += ["", heading, "", body]
    OUTPUT.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    print(f"bench: wrote {OUTPUT.relative_to(REPO)}", file=sys.stderr)


def raise_open_file_limit() -> None:
    """Soft RLIMIT_NOFILE up to the hard limit: the servers started here inherit it, and the abuse
    scenario alone holds ~5,500 sockets in the server (idle: 10,000)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError) as error:
            print(f"bench: could not raise RLIMIT_NOFILE from {soft}: {error}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", type=Path, default=REPO / ".build" / "release")
    parser.add_argument("--peers", action="store_true", help="burst and fan-out against nginx+nchan too")
    parser.add_argument("--smoke", action="store_true", help="every scenario with tiny N; writes nothing")
    parser.add_argument("--only", help="comma-separated scenario names; prints their rows, leaves docs/BENCHMARKS.md alone")
    parser.add_argument("--update", action="store_true",
                        help="with --only: also put those rows (and the abuse section) in docs/BENCHMARKS.md, keeping the rest")
    options = parser.parse_args()
    if options.update and not options.only:
        parser.error("--update goes with --only (a full run rewrites the report anyway)")
    raise_open_file_limit()

    if options.smoke:
        scenarios, failed = [], []
        for _, combined in run_daigang_set(options.bin_dir, SMOKE_SET):
            these = combined.get("all", [combined])
            scenarios += these
            if combined.get("exitCode") != 0 and all(r.get("ok", False) for r in these):
                failed.append(f"daigang-bench {these[0]['scenario']} exit status")
        failed = [r["scenario"] for r in scenarios if not r.get("ok", False)] + failed
        print(f"bench smoke: {', '.join(r['scenario'] for r in scenarios)}; failed: {', '.join(failed) or 'none'}")
        print(f"{len(scenarios) - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0

    if options.peers:
        rows = run_peers(options.bin_dir)
        print("| scenario | Daigang | nginx + nchan | ratio |")
        for name, d, n in rows:
            print(ratio_line(name, d, n))
        write_report(None, peers_section(rows))
        return 0

    chosen = [s for s in DAIGANG_SET if not options.only or s[0] in options.only.split(",")]
    if options.only and len(chosen) != len(set(options.only.split(","))):
        parser.error(f"--only: known scenarios are {', '.join(name for name, _, _ in DAIGANG_SET)}")
    results = run_daigang_set(options.bin_dir, chosen)
    abuse = next((abuse_section(r) for name, r in results if name == "abuse"), None)
    if options.only:
        # A subset: print the rows; with --update, put them in the report beside the others.
        print("\n".join(table_row(name, r) for name, r in results))
        if abuse:
            print("\n" + ABUSE_HEADING + "\n\n" + abuse)
        if options.update:
            existing = sections(OUTPUT.read_text(encoding="utf-8")).get("") if OUTPUT.exists() else None
            top = merge_rows(existing, {name: table_row(name, r) for name, r in results}) if existing else main_section(results)
            write_report(top, None, abuse)
    else:
        write_report(main_section(results), None, abuse)
    failed = [name for name, r in results if r.get("exitCode") != 0]
    if failed:
        print(f"bench: failed checks in {', '.join(failed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
