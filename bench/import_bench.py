#!/usr/bin/env python3
"""Importing a job sheet over HTTP: time and peak RSS of `POST /api/admin/sessions/{id}/jobs/import`.

    bench/import_bench.py [--bin .build/release] [--rows 3500] [--runs 3]

Starts `daigang serve` with the demo config (plus an organizer token) on a fresh data dir, builds a
ROWS-row .xlsx with openpyxl (every column of the template filled), and for each run posts it
(a dry run first, then the real import) and reports the wall time from the request to the answer,
and the server's extra peak RSS (VmHWM after minus VmRSS before), and a viewer's longest round
trip (a message and its reply, every 20 ms) while the dry run's sheet is read. Targets (issue 11): ≤ 3 s and
≤ 100 MiB extra for 3,500 rows. Prints one JSON line per run and a summary line.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import sys
import threading
import time
from pathlib import Path

import openpyxl

from demo_server import REPO, TOKEN, demo_server


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def sheet(rows: int, employer: str) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["岗位名称", "企业名称", "统一社会信用代码", "工种类别", "工资下限", "工资上限", "计薪方式", "工资说明", "班次", "城市", "区县",
               "详细地址", "招聘人数", "包住宿", "夫妻房", "住宿说明", "餐食", "社保", "最低年龄", "最高年龄", "岗位要求", "福利", "标签"])
    for i in range(1, rows + 1):
        ws.append([f"普工{i}", employer, None, "普工", 5000, 7000, "月", "含加班费，每月10号发", "两班倒", "东莞", "长安镇",
                   f"长安镇振安路 {i} 号", 50, "是", "否", "8人间，有空调热水", "包工作餐", "入职买五险", 18, 45,
                   "能站立工作；视力好", "全勤奖200元；包车接送", "包吃住、长白班"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post(port: int, path: str, body: bytes) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.monotonic()
    conn.request("POST", path, body=body, headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/octet-stream"})
    resp = conn.getresponse()
    data = resp.read()
    elapsed = time.monotonic() - started
    conn.close()
    return resp.status, data, elapsed


def viewer_round_trips(port: int, session: str, stop: threading.Event) -> list[float]:
    """A viewer sends a message (answered with an error reply) every 20 ms until `stop`; the round trips in ms."""
    from websockets.sync.client import connect

    trips = []
    with connect(f"ws://127.0.0.1:{port}/ws", subprotocols=["daigang.v1"], open_timeout=30) as ws:
        ws.send(json.dumps({"type": "hello", "ref": "h", "session": session, "role": "viewer", "catalog": "http"}))
        while json.loads(ws.recv(timeout=30)).get("type") != "welcome":
            pass
        n = 0
        while not stop.is_set():
            n += 1
            started = time.monotonic()
            ws.send(json.dumps({"type": "probe", "ref": n}))
            while json.loads(ws.recv(timeout=60)).get("ref") != n:
                pass
            trips.append((time.monotonic() - started) * 1000)
            stop.wait(0.02)
    return trips


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(REPO / ".build/release"))
    parser.add_argument("--rows", type=int, default=3500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    config = json.loads((REPO / "config/daigang.json").read_text(encoding="utf-8"))
    session, employer = config["sessions"][0]["id"], config["employers"][0]["name"]
    body = sheet(args.rows, employer)
    results = []
    for run in range(args.runs):
        with demo_server(args.bin) as (proc, port, _):
            rss_before = status_kib(proc.pid, "VmRSS")
            stop = threading.Event()
            trips: list[float] = []
            probe = threading.Thread(target=lambda: trips.extend(viewer_round_trips(port, session, stop)))
            probe.start()
            dry_status, _, dry_s = post(port, f"/api/admin/sessions/{session}/jobs/import?dryRun=1", body)
            stop.set()
            probe.join(timeout=60)
            status, answer, import_s = post(port, f"/api/admin/sessions/{session}/jobs/import", body)
            assert (dry_status, status) == (200, 200), answer[:300]
            assert json.loads(answer)["rows"] == args.rows
            peak = status_kib(proc.pid, "VmHWM")
            result = {"run": run + 1, "rows": args.rows, "bytes": len(body), "dryRunSeconds": round(dry_s, 3),
                      "importSeconds": round(import_s, 3), "rssBeforeMiB": round(rss_before / 1024, 1),
                      "peakExtraMiB": round((peak - rss_before) / 1024, 1),
                      # A viewer's longest wait for an answer while the sheet was read (dry run).
                      "viewerMaxRoundTripMs": round(max(trips, default=0), 1), "viewerRoundTrips": len(trips)}
            print(json.dumps(result))
            results.append(result)
    worst_time = max(r["importSeconds"] for r in results)
    worst_rss = max(r["peakExtraMiB"] for r in results)
    ok = worst_time <= 3 and worst_rss <= 100
    print(f"import of {args.rows} rows ({len(body)} bytes .xlsx): worst {worst_time:.2f} s, peak +{worst_rss:.0f} MiB RSS "
          f"(dry run {max(r['dryRunSeconds'] for r in results):.2f} s); targets ≤ 3 s, ≤ 100 MiB: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
