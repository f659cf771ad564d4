#!/usr/bin/env python3
"""Screenshots of the pages in a representative live state, saved into docs/screenshots/.

Starts the real server (demo config, temporary data dir, free port), then:
  * two applicants (plain WebSocket clients) apply and take tickets 1 and 2;
  * a phone (Chromium, 360×640) applies for the pinned job and takes ticket 3;
  * the host console (1280×900) calls ticket 1, who confirms  → host.png
  * the phone's page, full length                                 → viewer.png
  * the host calls ticket 3 with a message                        → viewer-turn.png
  * the employer's HR page (1280×800) with the leads              → hr.png

Run from the repository root:  python3 Tests/browser/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import daigang_browser as db  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


class Applicant:
    """A viewer without a browser: applies and takes a ticket over the WebSocket."""

    def __init__(self, server: db.DaigangServer):
        from websockets.sync.client import connect

        self._connection = connect(f"ws://127.0.0.1:{server.port}/ws", subprotocols=[db.SUBPROTOCOL], open_timeout=5)
        self.ws = self._connection.__enter__()
        self.ref = 0
        self.request({"type": "hello", "session": db.SESSION, "role": "viewer"})

    def request(self, message: dict) -> dict:
        self.ref += 1
        self.ws.send(json.dumps({**message, "ref": self.ref}, ensure_ascii=False))
        while True:
            reply = json.loads(self.ws.recv(timeout=5))
            if reply.get("ref") == self.ref:
                if reply["type"] == "error":
                    raise RuntimeError(f"{message['type']} refused: {reply}")
                return reply

    def apply_and_join(self, job_id: str, name: str, phone: str, hometown: str) -> int:
        applied = self.request({"type": "apply", "jobId": job_id, "name": name, "phone": phone,
                                "hometown": hometown, "consent": True})
        return self.request({"type": "queue_join", "leadId": applied["leadId"]})["ticket"]

    def wait_called(self) -> int:
        while True:
            message = json.loads(self.ws.recv(timeout=10))
            if message["type"] == "queue_called":
                return message["ticket"]

    def close(self) -> None:
        self._connection.__exit__(None, None, None)


def full_page(driver, path: Path, width: int, height: int) -> None:
    """The whole page, laid out at width × height: the viewport is stretched to the page's
    length for the capture (so sticky and fixed parts sit where a reader meets them), then
    restored."""
    page = driver.execute_script("return document.documentElement.scrollHeight")
    metrics = {"width": width, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": page})
    try:
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
    finally:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=db.REPO_ROOT / "docs/screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="daigang-shots-") as tmp:
        server = db.DaigangServer(Path(tmp))
        server.start(port=0)
        stack.callback(server.stop)

        with db.HostSocket(server) as host:
            host.command({"type": "pin_job", "jobId": "job-xh-assembler"})
            host.command({"type": "show_policy", "policyId": "policy-bus"})
            host.command({"type": "announce", "text": "欢迎来到春风行动直播间！看中岗位可以直接报名。"})
            host.command({"type": "announce", "text": "14:30 开始连麦面试，报名后请点“加入连麦排队”。"})

        first = Applicant(server)
        stack.callback(first.close)
        second = Applicant(server)
        stack.callback(second.close)
        first.apply_and_join("job-xh-assembler", "陈建国", "13800001111", "河南周口")
        second.apply_and_join("job-xh-assembler", "刘小梅", "13900002222", "四川南充")

        phone = db.make_driver(360, 640, mobile=True)
        stack.callback(phone.quit)
        db.open_viewer(phone, server)
        db.viewer_apply_with_form(phone, "job-xh-assembler", "王强", "137 0000 3333", pinned=True)
        db.click_id(phone, "apply-done-close")
        db.click_id(phone, "queue-join")
        db.attr_is(phone, "queue-ticket", "data-ticket", "3")

        console = db.make_driver(1280, 900)
        stack.callback(console.quit)
        db.host_login(console, server)
        db.css(console, '#queue-list li[data-ticket="3"]')
        db.type_into(console, "queue-call-message", "请打开视频，准备连麦面试")
        db.click(console, db.css(console, '#queue-list button[data-queue-action="call"][data-ticket="1"]'))
        first.wait_called()
        first.request({"type": "queue_here", "ticket": 1})
        db.css(console, '#queue-list li[data-ticket="1"][data-state="here"]')
        db.visible(console, "queue-toast")
        console.execute_script("window.scrollTo(0, 0)")
        console.save_screenshot(str(args.out / "host.png"))

        db.wait_for(phone, lambda d: d.find_element(By.ID, "queue-position").text.startswith("2"))
        phone.execute_script("window.scrollTo(0, 0)")
        full_page(phone, args.out / "viewer.png", 360, 640)

        db.click(console, db.css(console, '#queue-list button[data-queue-action="interviewed"][data-ticket="1"]'))
        db.click(console, db.css(console, '#queue-list button[data-queue-action="call"][data-ticket="3"]'))
        db.visible(phone, "queue-turn")
        # Once the sheet has slid in (its entry animation ends with no transform).
        db.wait_for(phone, lambda d: d.execute_script(
            "return getComputedStyle(document.getElementById('queue-turn')).transform === 'none'"))
        phone.save_screenshot(str(args.out / "viewer-turn.png"))

        hr = db.make_driver(1280, 800)
        stack.callback(hr.quit)
        db.hr_login(hr, server, "xinghe-electronics")
        db.wait_for(hr, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#leads-body tr[data-lead-id]")) >= 3)
        hr.save_screenshot(str(args.out / "hr.png"))

        for name in ("viewer.png", "viewer-turn.png", "host.png", "hr.png"):
            print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
