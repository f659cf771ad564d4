#!/usr/bin/env python3
"""Time until a phone shows the pinned job, and the whole job list, for a 3,500-job session (issue 12).

    bench/pinned_time.py [--bin-dir .build-rel/release] [--runs 3] [--jobs 3500]

Headless Chromium (the browser tests' driver) at 390×844, a cold cache each run, once over
DevTools network throttling (400 kbps both ways, 800 ms round trips: a weak phone on a carrier
network) and once unthrottled. The page records, by polling every 5 ms from a script injected
before it loads, when #pinned-job gets its job and when the list's count is the whole catalog;
times are from navigation start. Prints a Markdown table row per condition (medians of --runs).
Needs what the browser tests need (scripts/ensure-deps.sh --test).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "browser"))
sys.path.insert(0, str(REPO / "Tests" / "fixtures"))

import daigang_browser as db  # noqa: E402
import fair_session  # noqa: E402

CONDITIONS = {
    "400 kbps / 800 ms RTT": {"offline": False, "latency": 800, "downloadThroughput": 400 * 1024 / 8, "uploadThroughput": 400 * 1024 / 8},
    "unthrottled": None,
}
PROBE = """
(() => {
  const timer = setInterval(() => {
    const pinned = document.getElementById('pinned-job');
    if (pinned && pinned.dataset.jobId && window.__pinnedAt === undefined) window.__pinnedAt = performance.now();
    const count = document.getElementById('job-finder-count');
    if (count && !count.hidden && count.dataset.count === String(%d)) {
      window.__listAt = performance.now();
      clearInterval(timer);
    }
  }, 5);
})();
"""


def measure(server, jobs: int, network: dict | None) -> dict:
    driver = db.make_driver(390, 844, mobile=True)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        if network:
            driver.execute_cdp_cmd("Network.emulateNetworkConditions", network)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE % jobs})
        driver.get(server.url(f"/?session={db.SESSION}"))
        db.wait_for(driver, lambda d: d.execute_script("return window.__listAt !== undefined"), 300, "the list never loaded")
        pinned, listed, transferred = driver.execute_script(
            "return [window.__pinnedAt, window.__listAt,"
            " performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            "   .reduce((sum, e) => sum + (e.transferSize || 0), 0)];")
        return {"pinnedMs": pinned, "listMs": listed, "httpBytes": transferred}
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin-dir", type=Path, default=REPO / ".build-rel" / "release")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=3500)
    options = parser.parse_args()
    os.environ["DAIGANG_BIN"] = str(options.bin_dir / "daigang")
    config = fair_session.fair_config(db.demo_config(), jobs=options.jobs, employers=300)
    with tempfile.TemporaryDirectory(prefix="daigang-pinned-") as workdir:
        server = db.DaigangServer(Path(workdir), config)
        server.start(port=0, startup_timeout=120)
        try:
            print("| network | pinned job visible | whole list usable | HTTP bytes (page + list) |")
            print("|---|---|---|---|")
            for name, network in CONDITIONS.items():
                runs = [measure(server, options.jobs, network) for _ in range(options.runs)]
                pinned = statistics.median(r["pinnedMs"] for r in runs)
                listed = statistics.median(r["listMs"] for r in runs)
                size = statistics.median(r["httpBytes"] for r in runs)
                print(f"| {name} | {pinned / 1000:.2f} s | {listed / 1000:.2f} s | {size / 1024:.0f} KiB |  "
                      f"<!-- runs: {[round(r['pinnedMs']) for r in runs]} -->")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
