#!/usr/bin/env python3
"""The public list and /admin at a season's size: 50 sessions and 300 employers (issue 11).

    bench/admin_bench.py [--bin .build/release] [--sessions 50] [--employers 300] [--jobs 200]
                         [--requests 200] [--screenshot DIR] [--smoke]

Starts `daigang serve` with the demo config (plus an organizer token) on a fresh data dir and
builds the season over the admin API: EMPLOYERS employers (`POST /api/admin/employers`),
SESSIONS sessions (`POST /api/admin/sessions`, every fifth one then set live), each with JOBS jobs
from one CSV sheet (`POST …/jobs/import`, employers taken in turn). Then it measures, each over
REQUESTS requests on a fresh connection as a phone would make them:

* `GET /api/sessions` (the public front door): p50/p99 latency, bytes, gzip bytes;
* `GET /api/admin/sessions` and `GET /api/admin/employers`: p50/p99 latency, bytes, gzip bytes;
* /admin in headless Chromium (Tests/browser's driver): from `get` to the sessions list showing
  all SESSIONS rows, and to the employers table with all EMPLOYERS rows (median of 5 loads),
  plus screenshots of both tabs into DIR to look at.

Prints one JSON line per measurement and a summary. `--smoke` runs it with 3 employers, 2 sessions,
5 jobs and 5 requests against whatever binary it is given (a check that the script works; not
part of `make test`).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

from demo_server import REPO, TOKEN, demo_server
CSV_HEADER = "岗位名称,企业名称,工资下限,工资上限,计薪方式,城市,区县,招聘人数,包住宿"


def request(port: int, method: str, path: str, body: bytes | None = None, token: str | None = TOKEN,
            content_type: str = "application/json", gzip_ok: bool = False) -> tuple[int, bytes, dict, float]:
    """One request on a fresh connection: status, body as sent (gzip stays gzip), headers, seconds."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None:
        headers["Content-Type"] = content_type
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, data, {k.lower(): v for k, v in resp.getheaders()}, time.monotonic() - started
    finally:
        conn.close()


def send_json(port: int, method: str, path: str, value: dict, expect: int) -> dict:
    status, data, _, _ = request(port, method, path, json.dumps(value, ensure_ascii=False).encode())
    assert status == expect, f"{method} {path}: {status} {data[:300]!r}"
    return json.loads(data)


def employer_name(i: int) -> str:
    return f"澄州第{i + 1}号制造有限公司"


def build_season(port: int, sessions: int, employers: int, jobs: int) -> dict:
    started = time.monotonic()
    for i in range(employers):
        send_json(port, "POST", "/api/admin/employers",
                  {"id": f"emp-{i + 1:03d}", "name": employer_name(i), "address": f"澄州市开发区工业路 {i + 1} 号"}, 201)
    employers_s = time.monotonic() - started
    ids = []
    first_start = int(time.time() * 1000) + 86_400_000
    for n in range(sessions):
        created = send_json(port, "POST", "/api/admin/sessions",
                            {"title": f"春风行动·第{n + 1}场直播招聘会", "hostName": "区人社局 王科长",
                             "startsAt": first_start + n * 86_400_000}, 201)
        ids.append((created.get("session") or created)["id"])
    imported_started = time.monotonic()
    for n, sid in enumerate(ids):
        rows = [CSV_HEADER] + [
            f"普工{n + 1}-{k + 1},{employer_name((n * jobs + k) % employers)},{5000 + k % 7 * 100},{6500 + k % 5 * 200},月,澄州,开发区,{10 + k % 40},是"
            for k in range(jobs)]
        status, data, _, _ = request(port, "POST", f"/api/admin/sessions/{sid}/jobs/import", "\n".join(rows).encode(),
                                     content_type="text/csv")
        assert status == 200 and json.loads(data)["rows"] == jobs, data[:300]
        if n % 5 == 0:
            send_json(port, "PATCH", f"/api/admin/sessions/{sid}", {"status": "live"}, 200)
    return {"employersSeconds": round(employers_s, 2), "importSeconds": round(time.monotonic() - imported_started, 2),
            "buildSeconds": round(time.monotonic() - started, 2), "sessionIds": ids}


def measure(port: int, name: str, path: str, token: str | None, runs: int) -> dict:
    times = []
    body = b""
    for _ in range(runs):
        status, body, _, elapsed = request(port, "GET", path, token=token)
        assert status == 200, (path, status, body[:200])
        times.append(elapsed * 1000)
    _, packed, headers, _ = request(port, "GET", path, token=token, gzip_ok=True)
    times.sort()
    return {"measure": name, "path": path, "requests": runs, "p50ms": round(statistics.median(times), 2),
            "p99ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2), "maxms": round(times[-1], 2),
            "bytes": len(body),
            # What the server sends to a client that accepts gzip; if it does not compress, what gzip would make of it.
            "gzipBytes": len(packed) if headers.get("content-encoding") == "gzip" else None,
            "gzipWouldBe": len(gzip.compress(body))}


def plain_body(port: int, path: str, token: str | None) -> bytes:
    return request(port, "GET", path, token=token)[1]


def browser(port: int, sessions: int, employers: int, screenshots: Path | None, loads: int) -> dict:
    sys.path.insert(0, str(REPO / "Tests/browser"))
    from daigang_browser import make_driver  # noqa: PLC0415 - the browser tests' own driver set-up
    from selenium.webdriver.common.by import By  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    base = f"http://127.0.0.1:{port}"
    driver = make_driver(1366, 900)
    try:
        driver.get(f"{base}/admin")
        driver.find_element(By.ID, "signin-token").send_keys(TOKEN)
        driver.find_element(By.CSS_SELECTOR, "#signin-form button[type=submit], #signin-form button").click()

        def rows(selector: str, count: int):
            return lambda d: len(d.find_elements(By.CSS_SELECTOR, selector)) >= count

        WebDriverWait(driver, 60, poll_frequency=0.02).until(rows("#sessions-list li", sessions))
        session_ms, employer_ms = [], []
        for _ in range(loads):
            started = time.monotonic()
            driver.get(f"{base}/admin")  # the token stays in sessionStorage: the console shows at once
            WebDriverWait(driver, 60, poll_frequency=0.02).until(rows("#sessions-list li", sessions))
            session_ms.append((time.monotonic() - started) * 1000)
            started = time.monotonic()
            driver.find_element(By.CSS_SELECTOR, ".admin-tab[data-tab=employers]").click()
            WebDriverWait(driver, 60, poll_frequency=0.02).until(rows("#employers-table tbody tr", employers))
            employer_ms.append((time.monotonic() - started) * 1000)
        if screenshots:
            screenshots.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(screenshots / "admin-employers.png"))
            driver.find_element(By.CSS_SELECTOR, ".admin-tab[data-tab=sessions]").click()
            driver.save_screenshot(str(screenshots / "admin-sessions.png"))
        height = driver.execute_script("return document.documentElement.scrollHeight")
        return {"measure": "admin page (Chromium)", "loads": loads,
                "sessionsListMs": round(statistics.median(session_ms), 1),
                "employersTableMs": round(statistics.median(employer_ms), 1), "sessionsTabHeightPx": height}
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(REPO / ".build/release"))
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--employers", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, help="directory for the /admin screenshots")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks that the script works")
    args = parser.parse_args()
    if args.smoke:
        args.sessions, args.employers, args.jobs, args.requests, args.loads = 2, 3, 5, 5, 1
    with demo_server(args.bin) as (_, port, config):
        season = build_season(port, args.sessions, args.employers, args.jobs)
        print(json.dumps({"measure": "build", "sessions": args.sessions, "employers": args.employers, "jobsPerSession": args.jobs,
                          **{k: v for k, v in season.items() if k != "sessionIds"}}))
        results = [
            measure(port, "public list", "/api/sessions", None, args.requests),
            measure(port, "admin sessions", "/api/admin/sessions", TOKEN, args.requests),
            measure(port, "admin employers", "/api/admin/employers", TOKEN, args.requests),
        ]
        listed = json.loads(plain_body(port, "/api/sessions", None))
        for result in results:
            print(json.dumps(result, ensure_ascii=False))
        page = browser(port, args.sessions + len(config["sessions"]), args.employers + len(config["employers"]),
                       args.screenshot, args.loads)
        print(json.dumps(page, ensure_ascii=False))
    public = results[0]
    print(f"{args.sessions} sessions × {args.jobs} jobs, {args.employers} employers: GET /api/sessions p50 {public['p50ms']} ms, "
          f"p99 {public['p99ms']} ms, {public['bytes']} B ({public['gzipBytes']} gzip), "
          f"{len(listed.get('sessions', listed) if isinstance(listed, dict) else listed)} listed; "
          f"/admin sessions list {page['sessionsListMs']} ms, employers table {page['employersTableMs']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
