#!/usr/bin/env python3
"""Runs Daigang's benchmarks with daigang-bench and writes docs/BENCHMARKS.md.

    bench/run.py                 # the default set for this machine (N up to 10,000), rewrites docs/BENCHMARKS.md
    bench/run.py --peers         # burst and fan-out against nginx+nchan and Daigang, alternating, with ratios
    bench/run.py --smoke         # every scenario with a handful of viewers (part of `make test`)

Everything targets 127.0.0.1 only; every server it starts is stopped by its PID, also on failure.
Release binaries are expected in .build/release (`make bench` builds them); --bin-dir overrides.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
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
}
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


def start_daigang(bin_dir: Path, workdir: Path) -> Server:
    config = json.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    config.setdefault("server", {})
    config["server"]["webRoot"] = str(REPO / "web-static")
    config["server"]["port"] = 0
    config["limits"] = dict(BENCH_LIMITS)
    config["queue"] = {"maxLength": 10000}
    config["dataDir"] = str(workdir / "data")
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


def with_server(kind: str, bin_dir: Path, action):
    workdir = Path(tempfile.mkdtemp(prefix=f"daigang-bench-{kind}-"))
    server = start_daigang(bin_dir, workdir) if kind == "daigang" else start_nchan(workdir)
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
    ("join", ["join", "--viewers", "10000"], 120),
    ("burst", ["burst", "--viewers", "10000", "--rounds", "5", "--gap-ms", "500"], 120),
    ("fanout", ["fanout", "--viewers", "2000", "--rate", "50", "--duration", "10"], 120),
    ("fanout-max", ["fanout", "--viewers", "1000", "--rate", "1000", "--duration", "5"], 120),
    ("apply", ["apply", "--clients", "50", "--rate", "1000", "--duration", "10", "--job", JOB, "--hr-token", HR_TOKEN], 120),
    ("apply-max", ["apply", "--clients", "400", "--rate", "max", "--duration", "5", "--job", JOB, "--hr-token", HR_TOKEN], 120),
    ("queue", ["queue", "--viewers", "2000", "--calls", "20", "--rate", "10", "--job", JOB], 120),
]

PEER_SET = [
    ("burst", ["burst", "--viewers", "10000", "--rounds", "5", "--gap-ms", "500"], 120),
    ("fanout", ["fanout", "--viewers", "2000", "--rate", "50", "--duration", "10"], 120),
    ("fanout-max", ["fanout", "--viewers", "1000", "--rate", "1000", "--duration", "5"], 120),
]

SMOKE_SET = [("smoke", ["smoke", "--viewers", "20"], 60)]


def figure(name: str, r: dict) -> tuple[str, float | None]:
    """The headline figure of a scenario result, as text and as a number (for ratios)."""
    if name == "idle":
        return f"{r['kibPerConnection']:.2f} KiB per idle viewer (RSS {r['rssKiBBefore']} → {r['rssKiBAfter']} KiB)", r["kibPerConnection"]
    if name == "join":
        return f"{r['ready']}/{r['viewers']} welcomed in {r['allReadyMs']:.0f} ms ({r['connectionsPerSecond']:.0f}/s)", r["allReadyMs"]
    if name == "burst":
        return f"last of {r['viewers']} viewers has it after {ms(r['lastMedianUs'])} (median of {len(r['rounds'])} rounds)", r["lastMedianUs"] / 1000
    if name.startswith("fanout"):
        lat = r["latencyUs"]
        text = (f"{r['deliveriesPerSecond']:.0f} deliveries/s; p50 {ms(lat['p50'])}, p90 {ms(lat['p90'])}, "
                f"p99 {ms(lat['p99'])}, p99.9 {ms(lat['p999'])}, max {ms(lat['max'])}; lost {r['lost']}")
        # At a fixed rate the latency is the figure; flat out, the throughput.
        return text, (r["deliveriesPerSecond"] if name == "fanout-max" else lat["p99"] / 1000)
    if name.startswith("apply"):
        lat = r["latencyUs"]
        return (f"{r['leadsPerSecond']:.0f} leads/s; ack p50 {ms(lat['p50'])}, p99 {ms(lat['p99'])}, max {ms(lat['max'])}; "
                f"{r['acked']} acked, {r['missing']} missing"), r["leadsPerSecond"]
    if name == "queue":
        return f"positions settled {r['settleAfterLastDoneMs']:.0f} ms after the last call was done ({r['positionMessages']} updates)", r["settleAfterLastDoneMs"]
    return json.dumps(r)[:200], None


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


def run_daigang_set(bin_dir: Path, scenarios) -> list[tuple[str, dict]]:
    results = []
    for name, args, timeout in scenarios:
        results.append((name, with_server("daigang", bin_dir, lambda server: bench(bin_dir, server, args, timeout))))
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
        f"benchmark limits ({', '.join(f'{k} {v}' for k, v in BENCH_LIMITS.items())}); each scenario runs",
        "on a fresh server. The load generator is `daigang-bench` (one thread, epoll, its own CPU reported",
        "beside the server's); it only targets 127.0.0.1.",
        "",
        "| scenario | figure | server and client | command | ok |",
        "|---|---|---|---|---|",
    ]
    for name, r in results:
        text, _ = figure(name, r)
        ok = "yes" if r.get("ok") and r.get("exitCode") == 0 else "NO: " + "; ".join(map(str, r.get("problems", [])))[:200]
        lines.append(f"| {name} | {text} | {resources(r)} | `{r['command']}` | {ok} |")
    return "\n".join(lines)


def peers_section(peers) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        f"Measured {today} by `make bench-peers`: same client, alternating runs (nchan, then Daigang),",
        "fresh servers, nginx with one worker process. Ratio = Daigang / nchan of the headline figure:",
        "burst — time to the last viewer (lower is better); fanout — p99 latency at 2,000 viewers ×",
        "50 events/s (lower is better); fanout-max — deliveries/s flat out (higher is better).",
        "",
        "| scenario | Daigang | nginx + nchan | ratio |",
        "|---|---|---|---|",
    ]
    lines += [ratio_line(name, d, n) for name, d, n in peers]
    return "\n".join(lines)


def write_report(main_text: str | None, peers_text: str | None) -> None:
    """Replaces the main table and/or the peers section, keeping the rest of the file."""
    existing = sections(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    top = main_text if main_text is not None else existing.get("", "# Benchmarks")
    out = [top]
    peers = peers_text if peers_text is not None else existing.get(PEERS_HEADING)
    if peers:
        out += ["", PEERS_HEADING, "", peers]
    for heading, body in existing.items():
        if heading not in ("", PEERS_HEADING):
            out += ["", heading, "", body]
    OUTPUT.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    print(f"bench: wrote {OUTPUT.relative_to(REPO)}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", type=Path, default=REPO / ".build" / "release")
    parser.add_argument("--peers", action="store_true", help="burst and fan-out against nginx+nchan too")
    parser.add_argument("--smoke", action="store_true", help="every scenario with tiny N; writes nothing")
    parser.add_argument("--only", help="comma-separated scenario names; prints their rows, leaves docs/BENCHMARKS.md alone")
    options = parser.parse_args()

    if options.smoke:
        (_, combined), = run_daigang_set(options.bin_dir, SMOKE_SET)
        scenarios = combined.get("all", [combined])
        failed = [r["scenario"] for r in scenarios if not r.get("ok", False)]
        if combined.get("exitCode") != 0 and not failed:
            failed = ["daigang-bench exit status"]
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
    results = run_daigang_set(options.bin_dir, chosen)
    if options.only:
        print("\n".join(main_section(results).splitlines()[-len(results):]))  # a subset: print, keep the report
    else:
        write_report(main_section(results), None)
    failed = [name for name, r in results if r.get("exitCode") != 0]
    if failed:
        print(f"bench: failed checks in {', '.join(failed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
